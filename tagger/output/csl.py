"""A record (:func:`tagger.normalize.record`) as a CSL-JSON item: the record is one already, so this adds the
``id``, an ``ISBN`` read from the identifiers, and leaves out reftagger's own keys."""

from __future__ import annotations

import re
from typing import Any

OWN_KEYS = ("identifiers", "author_et_al", "editor_et_al")


def to_csl(item: dict[str, Any], key: str) -> dict[str, Any]:
    """The record as a CSL-JSON item with id ``key``."""
    csl = {"id": key} | {name: value for name, value in item.items() if name not in OWN_KEYS}
    isbn = [value for value in item.get("identifiers", []) if "isbn" in value.lower() or _is_isbn(value)]
    if isbn:
        csl["ISBN"] = re.sub(r"^\s*isbn:?\s*", "", isbn[0], flags=re.IGNORECASE)
    return csl


def _is_isbn(value: str) -> bool:
    return bool(re.fullmatch(r"(?:97[89][-\s]?)?\d[\d\s-]{7,15}[\dXx]", value.strip()))
