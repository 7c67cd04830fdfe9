"""From a parsed reference to a bibliographic record, and the record as CSL-JSON, BibTeX and RIS.

``record(fields)`` runs the normalizers of :mod:`tagger.normalize` over the
cleaned field values of a :class:`tagger.Reference`; ``to_csl``,
``to_bibtex`` and ``to_ris`` write that record in each format's own terms.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from tagger import normalize

# CSL types -> BibTeX entry types and RIS reference types.
BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection",
                "paper-conference": "inproceedings", "thesis": "phdthesis", "report": "techreport",
                "webpage": "misc"}
RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "paper-conference": "CONF",
             "thesis": "THES", "report": "RPRT", "webpage": "ELEC"}


def record(fields: dict[str, list[str]]) -> dict[str, Any]:
    """The normalised record of a reference's fields (``Reference.fields``): names split, date, pages,
    volume and issue read, identifiers cleaned, and a type guessed. Empty parts are left out."""
    result: dict[str, Any] = {"type": normalize.reference_type(fields)}
    for role in ("author", "editor"):
        if role in fields:
            parsed = [normalize.names(value) for value in fields[role]]
            result[role] = [name for found in parsed for name in found["names"]]
            if any(found["et_al"] for found in parsed):
                result[f"{role}_et_al"] = True
    first = {label: values[0] for label, values in fields.items()}
    result["title"] = first.get("title")
    result["container_title"] = re.sub(r"^(?:in|в|im|dans|en)\s*:?\s+", "", first["venue"], flags=re.IGNORECASE) if (
        "venue" in first) else None
    result["issued"] = normalize.date(first["year"]) if "year" in first else None
    result["pages"] = normalize.pages(first["pages"]) if "pages" in first else None
    result.update(normalize.volume_issue(first.get("volume", ""), first.get("issue", "")))
    result["publisher"] = first.get("publisher")
    result["place"] = first.get("location")
    result["edition"] = first.get("edition")
    result["doi"] = normalize.doi(first["doi"]) if "doi" in first else None
    result["url"] = normalize.url(first["url"]) if "url" in first else None
    result["identifiers"] = fields.get("identifier")
    result["series"] = first.get("series")
    result["note"] = "; ".join(fields["note"]) if "note" in fields else None
    return {key: value for key, value in result.items() if value}


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


LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                  "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(value: str) -> str:
    return "".join(LATEX_SPECIALS.get(char, char) for char in value)


def _bibtex_name(name: dict[str, str]) -> str:
    family = " ".join(part for part in (name.get("particle"), name.get("family")) if part)
    parts = [family, name["suffix"], name["given"]] if "suffix" in name and "given" in name else [
        family, name.get("given", "")]
    return ", ".join(part for part in parts if part)


def to_bibtex(item: dict[str, Any], key: str) -> str:
    """The record as one BibTeX entry with key ``key`` (UTF-8; LaTeX specials escaped)."""
    entry_type = BIBTEX_TYPES.get(item["type"], "misc")
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        if role in item:
            names = [_bibtex_name(name) for name in item[role]] + (["others"] if item.get(f"{role}_et_al") else [])
            fields.append((role, " and ".join(names)))
    container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}.get(entry_type)
    simple = [("title", "title"), ("container_title", container or "howpublished"), ("volume", "volume"),
              ("issue", "number"), ("publisher", "school" if entry_type == "phdthesis" else "publisher"),
              ("place", "address"), ("edition", "edition"), ("series", "series"), ("doi", "doi"), ("url", "url"),
              ("note", "note")]
    fields += [(bibtex, item[name]) for name, bibtex in simple if name in item]
    if "issued" in item and "year" in item["issued"]:
        fields.append(("year", str(item["issued"]["year"])))
    if "pages" in item and "page" in item["pages"]:
        fields.append(("pages", item["pages"]["page"].replace("–", "--")))
    if "pages" in item and "count" in item["pages"]:
        fields.append(("pagetotal", item["pages"]["count"]))
    body = ",\n".join(f"  {name} = {{{value if name == 'url' else _latex(value)}}}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def to_ris(item: dict[str, Any]) -> str:
    """The record as one RIS record: ``TY`` first, ``ER`` last, one ``XX  - value`` line per field."""
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    for role, tag in (("author", "AU"), ("editor", "ED")):
        lines += [(tag, _bibtex_name(name)) for name in item.get(role, [])]
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
