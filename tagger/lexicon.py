"""Word lists shipped as data files in ``tagger/lexicons/``, loaded once.

Each file holds one entry per line; ``#`` starts a comment line. An entry may carry a value after a tab (the
month files give each name its number). Entries are casefolded so lookups are case-insensitive.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _entries(name: str) -> tuple[tuple[str, str], ...]:
    """``(entry, value)`` for each line of ``lexicons/<name>.txt``; the value is ``""`` where there is none."""
    path = resources.files("tagger") / "lexicons" / f"{name}.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry, _, value = line.partition("\t")
        entry = entry.strip()
        if entry and not entry.startswith("#"):
            entries.append((entry.casefold(), value.strip()))
    return tuple(entries)


@functools.cache
def load(name: str) -> frozenset[str]:
    """Return the casefolded entries of ``lexicons/<name>.txt``."""
    return frozenset(entry for entry, _ in _entries(name))


@functools.cache
def values(name: str) -> dict[str, str]:
    """The entries of ``lexicons/<name>.txt`` that carry a value, mapped to it."""
    return {entry: value for entry, value in _entries(name) if value}
