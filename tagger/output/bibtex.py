"""A record (:func:`tagger.normalize.record`) as a BibTeX entry (UTF-8; LaTeX specials escaped)."""

from __future__ import annotations

from typing import Any

# CSL types -> BibTeX entry types.
BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection",
                "paper-conference": "inproceedings", "thesis": "phdthesis", "report": "techreport",
                "webpage": "misc"}


LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                  "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(value: str) -> str:
    return "".join(LATEX_SPECIALS.get(char, char) for char in value)


def name_text(name: dict[str, str]) -> str:
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
            names = [name_text(name) for name in item[role]] + (["others"] if item.get(f"{role}_et_al") else [])
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
