"""A record (:func:`tagger.normalize.record`) as an RIS record: ``TY`` first, ``ER`` last."""

from __future__ import annotations

from typing import Any

from tagger.output.bibtex import name_text

# CSL types -> RIS reference types.
RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CONF",
             "thesis": "THES", "report": "RPRT", "webpage": "ELEC"}


def to_ris(item: dict[str, Any]) -> str:
    """The record as one RIS record: ``TY`` first, ``ER`` last, one ``XX  - value`` line per field."""
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    for role, tag in (("author", "AU"), ("editor", "ED")):
        lines += [(tag, name_text(name)) for name in item.get(role, [])]
    container_tag = "JO" if item["type"] == "article-journal" else "T2"
    simple = [("title", "TI"), ("container_title", container_tag), ("volume", "VL"), ("issue", "IS"),
              ("publisher", "PB"), ("place", "CY"), ("edition", "ET"), ("series", "T3"), ("doi", "DO"),
              ("url", "UR"), ("note", "N1")]
    lines += [(tag, item[name]) for name, tag in simple if name in item]
    if "issued" in item and "year" in item["issued"]:
        parts = item["issued"]["date-parts"] + [None, None]
        lines.append(("PY", str(item["issued"]["year"])))
        lines.append(("DA", "/".join(f"{part:02d}" if part and part < 100 else str(part or "")
                                     for part in parts[:3]) + "/"))
    if "pages" in item and "page" in item["pages"]:
        lines.append(("SP", item["pages"].get("first", item["pages"]["page"])))
        if "last" in item["pages"]:
            lines.append(("EP", item["pages"]["last"]))
    if "pages" in item and "count" in item["pages"]:
        lines.append(("SP", item["pages"]["count"] + " pp."))
    lines += [("SN", value) for value in item.get("identifiers", [])]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines)
