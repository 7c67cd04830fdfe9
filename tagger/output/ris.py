"""A record (:func:`tagger.normalize.record`) as an RIS record: ``TY`` first, ``ER`` last."""

from __future__ import annotations

from typing import Any

from tagger.normalize import date_parts
from tagger.output.bibtex import name_text

# CSL types -> RIS reference types.
RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CONF",
             "thesis": "THES", "report": "RPRT", "webpage": "ELEC"}


def to_ris(item: dict[str, Any]) -> str:
    """The record as one RIS record: ``TY`` first, ``ER`` last, one ``XX  - value`` line per field."""
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    for role, tag in (("author", "AU"), ("editor", "A2")):  # A2: the secondary authors, as RIS readers take editors
        lines += [(tag, name_text(name)) for name in item.get(role, [])]
    container_tag = "JO" if item["type"] == "article-journal" else "T2"
    simple = [("title", "TI"), ("container-title", container_tag), ("volume", "VL"), ("issue", "IS"),
              ("publisher", "PB"), ("publisher-place", "CY"), ("edition", "ET"), ("collection-title", "T3"),
              ("DOI", "DO"), ("URL", "UR"), ("note", "N1")]
    lines += [(tag, item[name]) for name, tag in simple if name in item]
    parts = date_parts(item)
    if parts:
        # RIS dates are YYYY/MM/DD/other: the year's letter (2019a) is the other part
        date = [str(parts[0]), *(f"{part:02d}" for part in parts[1:3])]
        date += [""] * (3 - len(date))
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join([*date, item.get("year-suffix", "")])))
    # One line for each tag that readers take once (SP, SN); what more there is goes to the notes (N1).
    notes = []
    if "page" in item:
        first, _, last = item["page"].partition("–")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if "number-of-pages" in item:
        count = item["number-of-pages"] + " pp."
        if "page" in item:
            notes.append(("N1", count))
        else:
            lines.append(("SP", count))
    identifiers = item.get("identifiers", [])
    lines += [("SN", value) for value in identifiers[:1]]
    notes += [("N1", value) for value in identifiers[1:]]
    lines += notes
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines)
