"""Citation keys: ``smith2019parsing`` from a record, kept unique across a list (``smith2019parsinga``, ...)."""

from __future__ import annotations

import collections
import re
from typing import Any

from anyascii import anyascii

from tagger.names import HAN_CHARACTER
from tagger.normalize import date_parts


def citation_key(item: dict[str, Any]) -> str:
    """``smith2019parsing``: the first author's family name, the year (with its letter, ``2019a``: BibTeX's year
    field holds a number only) and the title's first long word, transliterated to ASCII (``ivanov2014ekonomika``;
    ``wang2019cankao`` for 王伟's 参考文献…, a title in Han characters giving its first two)."""
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names else {}
    family = first.get("family") or (first.get("literal") or "").split(" ")[0]
    parts = date_parts(item)
    year = f"{parts[0]}{item.get('year-suffix', '')}" if parts else ""
    title = item.get("title", "")
    han = HAN_START.match(title)
    words = [han.group()] if han else [word for word in re.findall(r"\w+", title) if len(word) > 3]
    key = _ascii(family).lower() + year + (_ascii(words[0]).lower() if words else "")
    return key or "ref"


HAN_START = re.compile(HAN_CHARACTER + "{1,2}")


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", anyascii(text))


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
