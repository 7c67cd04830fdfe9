"""A record (:func:`tagger.normalize.record`) as a CSL-JSON item, with the types and variables of the CSL 1.0
schema."""

from __future__ import annotations

import re
from typing import Any


def _csl_name(name: dict[str, str]) -> dict[str, str]:
    renamed = {"particle": "non-dropping-particle"}
    return {renamed.get(key, key): value for key, value in name.items()}


def to_csl(item: dict[str, Any], key: str) -> dict[str, Any]:
    """The record as a CSL-JSON item with id ``key`` (variables as the CSL 1.0 schema names them)."""
    csl: dict[str, Any] = {"id": key, "type": item["type"]}
    for role in ("author", "editor"):
        if role in item:
            csl[role] = [_csl_name(name) for name in item[role]]
    simple = {"title": "title", "container_title": "container-title", "volume": "volume", "issue": "issue",
              "publisher": "publisher", "place": "publisher-place", "edition": "edition", "doi": "DOI",
              "url": "URL", "series": "collection-title", "note": "note"}
    csl.update({variable: item[name] for name, variable in simple.items() if name in item})
    if "issued" in item:
        issued = item["issued"]
        csl["issued"] = {"date-parts": [issued["date-parts"]]} if "date-parts" in issued else {
            "literal": issued["literal"]}
    if "pages" in item and "page" in item["pages"]:
        csl["page"] = item["pages"]["page"]
    if "pages" in item and "count" in item["pages"]:
        csl["number-of-pages"] = item["pages"]["count"]
    isbn = [value for value in item.get("identifiers", []) if "isbn" in value.lower() or _is_isbn(value)]
    if isbn:
        csl["ISBN"] = re.sub(r"^\s*isbn:?\s*", "", isbn[0], flags=re.IGNORECASE)
    return csl


def _is_isbn(value: str) -> bool:
    return bool(re.fullmatch(r"(?:97[89][-\s]?)?\d[\d\s-]{7,15}[\dXx]", value.strip()))
