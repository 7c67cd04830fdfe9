"""Word lists shipped as data files in ``tagger/lexicons/``, loaded once.

Each file holds one entry per line; ``#`` starts a comment line. Entries are
casefolded so lookups are case-insensitive.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def load(name: str) -> frozenset[str]:
    """Return the casefolded entries of ``lexicons/<name>.txt``."""
    path = resources.files("tagger") / "lexicons" / f"{name}.txt"
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.add(line.casefold())
    return frozenset(entries)
