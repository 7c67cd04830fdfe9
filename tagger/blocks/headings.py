"""Headings of a paper's reference section, of what follows it, and page numbers: what ``find`` looks for and
what the line splitter calls furniture."""

from __future__ import annotations

import re

# Heading names as they are compared: casefolded, with every space removed, so that spaced capitals
# ("R E F E R E N C E S") and small capitals that PDFs split ("R EFERENCES") match too.
SECTION_NAMES = frozenset(name.replace(" ", "") for name in (
    "references", "reference list", "list of references", "references and notes", "notes and references",
    "bibliography", "selected bibliography", "literature", "literature cited", "cited literature", "works cited",
    "literatur", "literaturverzeichnis", "bibliographie", "références", "références bibliographiques",
    "referencias", "referencias bibliográficas", "bibliografía", "bibliografia", "referências",
    "referências bibliográficas", "riferimenti bibliografici", "список литературы", "литература", "література",
    "список використаних джерел", "参考文献",
))
# Headings that end a reference list: the section names alone, or (for appendices) followed by a label and
# a title.
END_NAMES = frozenset(name.replace(" ", "") for name in (
    "acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment", "supporting information",
    "author contributions", "competing interests", "conflict of interest", "conflicts of interest",
    "declaration of competing interest", "data availability", "funding", "about the author", "about the authors",
    "author biographies", "biographies", "figure legends", "figure captions", "tables", "danksagung", "remerciements",
    "agradecimientos", "благодарности", "致谢", "notes", "endnotes", "footnotes", "anmerkungen", "fußnoten",
    "примечания", "примітки", "declarations", "ethics statement", "additional information", "author information",
    "publisher's note", "abbreviations", "glossary", "index",
))
# "Appendix", "APPENDIX B", "Appendix A. Proofs", "Appendix: Data"; not "Annex to the treaty" (a reference).
APPENDIX = re.compile(r"(?i:appendix|appendices|anhang|annexe?|anexo|apéndice|приложение|附录)"
                      r"(?:\s+[A-Z0-9]{1,4}\b(?:\s*[:.—–-]?\s+\S.*|[:.])?|\s*[:.—–-]\s*\S.*|[:.])?$")
SUPPLEMENT = re.compile(r"(?i:supplementary|supplemental)(?:\s+\w+){1,3}$")
# Section numbering before a heading: "7", "7.", "7.1", "VII.", "A.".
NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|[IVXLC]{1,6}(?=\s)|[A-Z]\.)\s*")
# "12", "- 12 -", "Page 12", "S. 12", "12 of 20", "xii": a page number alone on its line.
PAGE_NUMBER = re.compile(r"^\s*(?:(?:page|p\.|s\.|seite|стр\.)\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?"
                         r"\s*(?:(?:/|of|von)\s*\d{1,4})?\s*$", re.IGNORECASE)
HEADING_WORDS = 12


def squeezed(text: str) -> str:
    """A heading's words as :data:`SECTION_NAMES` holds them: numbering, spaces and an end colon gone."""
    return "".join(NUMBERING.sub("", text, count=1).split()).rstrip(":.").casefold()


def is_heading(text: str) -> bool:
    """Whether ``text`` names a reference section ("References", "7 Literatur", "R E F E R E N C E S")."""
    # Without the numbering step too: "L I T E R A T U R" starts with a Roman fifty.
    return squeezed(text) in SECTION_NAMES or "".join(text.split()).rstrip(":.").casefold() in SECTION_NAMES


def ends_section(text: str) -> bool:
    """Whether ``text`` is a heading that ends a reference list (an appendix, acknowledgements, ...)."""
    if len(text.split()) > HEADING_WORDS:
        return False
    unnumbered = NUMBERING.sub("", text, count=1).strip()
    return (squeezed(text) in END_NAMES or bool(APPENDIX.match(unnumbered))
            or bool(SUPPLEMENT.match(unnumbered.rstrip(":."))))
