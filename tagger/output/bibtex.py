"""A record (:func:`tagger.normalize.record`) as a BibTeX entry (UTF-8; LaTeX specials escaped)."""

from __future__ import annotations

import re
from typing import Any

from tagger.normalize import date_parts

# CSL types -> BibTeX entry types.
BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection",
                "paper-conference": "inproceedings", "thesis": "phdthesis", "report": "techreport",
                "webpage": "misc"}


# Braces are written as commands, never as braces: BibTeX counts every brace, escaped or not, so one
# unbalanced brace in a title would swallow the rest of the file.
LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%",
                  "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


def _latex(value: str) -> str:
    return "".join(LATEX_SPECIALS.get(char, char) for char in value)


def name_text(name: dict[str, str]) -> str:
    """``Berg, Jr., Klaas`` (family with its particle, suffix, given), or an organisation's name."""
    if "literal" in name:
        return name["literal"]
    family = " ".join(part for part in (name.get("non-dropping-particle"), name.get("family")) if part)
    parts = [family, name["suffix"], name["given"]] if "suffix" in name and "given" in name else [
        family, name.get("given", "")]
    return ", ".join(part for part in parts if part)


def _bibtex_name(name: dict[str, str]) -> str:
    """A name in a BibTeX name list; an organisation braced, so that it is not read as a family and given
    names (``{World Health Organization}``)."""
    return "{" + _latex(name["literal"]) + "}" if "literal" in name else _latex(name_text(name))


# The fields each entry type takes in biblatex's data model (biber's default one, checked by ``biber --tool
# --validate-datamodel``), by the BibTeX names written here (journal is journaltitle, address location, school
# and institution the same); doi, url and the date's year, month and day go with every type. A record's value
# for any other field is kept in ``addendum`` ("Publisher: Springer"), so that nothing is lost and every entry
# validates.
ALLOWED = {
    "article": {"author", "editor", "title", "journal", "volume", "number", "series", "pages", "note"},
    "book": {"author", "editor", "title", "volume", "volumes", "edition", "series", "number", "publisher", "address",
             "pages", "pagetotal", "note"},
    "incollection": {"author", "editor", "title", "booktitle", "volume", "volumes", "edition", "series", "number",
                     "publisher", "address", "pages", "note"},
    "inproceedings": {"author", "editor", "title", "booktitle", "volume", "volumes", "series", "number", "publisher",
                      "address", "pages", "note"},
    "phdthesis": {"author", "title", "school", "address", "pages", "pagetotal", "note"},
    "techreport": {"author", "title", "institution", "number", "address", "pages", "pagetotal", "note"},
    "misc": {"author", "editor", "title", "howpublished", "address", "note"},
}
EVERY_TYPE = {"doi", "url", "year", "month", "day", "addendum"}
ADDENDUM_LABELS = {"editor": "Edited by", "journal": "In", "booktitle": "In", "howpublished": "In",
                   "volume": "Vol.", "volumes": "Volumes", "number": "No.", "edition": "Edition", "series": "Series",
                   "publisher": "Publisher", "school": "Publisher", "institution": "Publisher", "address": "Place",
                   "pages": "Pages", "pagetotal": "Pages"}
ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


def _integer(value: str) -> str | None:
    """A volume as biblatex wants it, a whole number (``12``, ``VII`` -> ``7``), or None."""
    value = value.strip()
    if value.isdigit():
        return str(int(value))
    if ROMAN.fullmatch(value):
        numbers = [ROMAN_VALUES[letter] for letter in value]
        return str(sum(-number if number < following else number
                       for number, following in zip(numbers, [*numbers[1:], 0])))
    return None


def to_bibtex(item: dict[str, Any], key: str) -> str:
    """The record as one BibTeX entry with key ``key`` (UTF-8; LaTeX specials escaped), with only the fields
    biblatex's data model allows for its type; the record's other values go to ``addendum``."""
    entry_type = BIBTEX_TYPES.get(item["type"], "misc")
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        if role in item:
            names = [_bibtex_name(name) for name in item[role]] + (["others"] if item.get(f"{role}_et_al") else [])
            fields.append((role, " and ".join(names)))
    container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}.get(entry_type)
    publisher = {"phdthesis": "school", "techreport": "institution"}.get(entry_type, "publisher")
    simple = [("title", "title"), ("container-title", container or "howpublished"), ("volume", "volume"),
              ("number-of-volumes", "volumes"), ("issue", "number"), ("publisher", publisher),
              ("publisher-place", "address"), ("edition", "edition"), ("collection-title", "series"), ("DOI", "doi")]
    fields += [(bibtex, _latex(item[name])) for name, bibtex in simple if name in item]
    if "URL" in item:
        fields.append(("url", item["URL"]))
    parts = date_parts(item)
    fields += [(name, str(part)) for name, part in zip(("year", "month", "day"), parts)]
    if "page" in item:
        fields.append(("pages", _latex(item["page"].replace("–", "--"))))
    if "number-of-pages" in item:
        fields.append(("pagetotal", _latex(item["number-of-pages"])))
    allowed = ALLOWED[entry_type] | EVERY_TYPE
    kept, addendum = [], []
    for name, value in fields:
        whole = _integer(value) if name in ("volume", "volumes") else value
        if name in allowed and whole is not None:
            kept.append((name, whole))
        else:
            addendum.append(f"{ADDENDUM_LABELS.get(name, name.capitalize())}: {value}")
    if "note" in item:
        kept.append(("note", _latex(item["note"])))
    if addendum:
        kept.append(("addendum", "; ".join(addendum)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in kept)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"
