"""Citation keys: ``smith2019parsing`` from a record, kept unique across a list (``smith2019parsinga``, ...)."""

from __future__ import annotations

import collections
import re
import unicodedata
from typing import Any


def citation_key(item: dict[str, Any]) -> str:
    """``smith2019parsing``: the first author's family name, the year and the title's first long word, in ASCII."""
    names = item.get("author") or item.get("editor") or []
    family = names[0].get("family", "") if names else ""
    year = str(item["issued"].get("year", "")) if "issued" in item else ""
    words = [word for word in re.findall(r"\w+", item.get("title", "")) if len(word) > 3]
    key = _ascii(family).lower() + year + (_ascii(words[0]).lower() if words else "")
    return key or "ref"


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


class UniqueKeys:
    """Hands out citation keys that are unique within one output: a key given before gets a letter suffix.

    >>> keys = UniqueKeys()
    >>> [keys.unique("smith2019") for _ in range(3)]
    ['smith2019', 'smith2019a', 'smith2019b']
    """

    def __init__(self) -> None:
        self._given: collections.Counter[str] = collections.Counter()

    def unique(self, key: str) -> str:
        """``key``, or the first of key+a, key+b, ..., key+z, key+aa, ... not given yet."""
        candidate, count = key, 0
        while self._given[candidate]:
            count += 1
            suffix, letters = count, ""
            while suffix:
                suffix, digit = divmod(suffix - 1, 26)
                letters = chr(ord("a") + digit) + letters
            candidate = key + letters
        self._given[candidate] += 1
        return candidate
