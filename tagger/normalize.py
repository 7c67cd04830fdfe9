"""Normalizers: from the cleaned text of a field to structured values (names, dates, page ranges, ...), and
:func:`record`, which runs them over a reference's fields to give its bibliographic record.

Each is a small pure function over one field's text. None raises on odd
input: what it cannot read it returns as found (a name it cannot split stays
whole, pages it cannot read keep their text), so no value is lost on the way
to a record.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tagger import lexicon
from tagger.names import names, same_person
from tagger.patterns import YEAR, strip_unbalanced

__all__ = ["date", "date_parts", "doi", "names", "pages", "record", "reference_type", "url", "volume_issue"]

YEAR_IN_TEXT = re.compile(rf"(?<!\d)({YEAR})([a-z])?(?![\d])")
ISO_DATE = re.compile(rf"(?<!\d)({YEAR})-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12]\d|3[01]))?(?!\d)")
DOTTED_DATE = re.compile(rf"(?<!\d)([12]\d|3[01]|0?[1-9])[./](0?[1-9]|1[0-2])[./]({YEAR})(?!\d)")
WORD = re.compile(r"[^\W\d_]+")
DAY = re.compile(r"(?<![\d])([1-9]|[12]\d|3[01])(?:st|nd|rd|th|\.)?(?![\d])")


def date(value: str) -> dict[str, Any]:
    """``{"year": 2019, "suffix": "a", "date-parts": [2019, 5, 12]}``: as much of the date as ``value`` says.

    >>> date("(12 May 2019a).")
    {'year': 2019, 'suffix': 'a', 'date-parts': [2019, 5, 12]}
    """
    iso = ISO_DATE.search(value)
    if iso:
        parts = [int(part) for part in iso.groups() if part]
        return {"year": parts[0], "date-parts": parts}
    dotted = DOTTED_DATE.search(value)  # 1.12.2019, 01/12/2019: day first, as in the European styles
    if dotted:
        day, month, year = (int(part) for part in dotted.groups())
        return {"year": year, "date-parts": [year, month, day]}
    year = YEAR_IN_TEXT.search(value)
    if not year:
        return {"literal": value} if value else {}
    result: dict[str, Any] = {"year": int(year.group(1))}
    if year.group(2):
        result["suffix"] = year.group(2)
    months = lexicon.values("months")
    month = next((int(months[word.casefold().rstrip(".")]) for word in WORD.findall(value)
                  if word.casefold().rstrip(".") in months), None)
    parts = [result["year"]]
    if month:
        parts.append(month)
        day = DAY.search(YEAR_IN_TEXT.sub(" ", value))
        if day:
            parts.append(int(day.group(1)))
    result["date-parts"] = parts
    return result


PAGE_MARKER = re.compile(r"^\s*(?:pp?|pages?|s|с|стр|seiten|str|págs?|pgs?)(?:\.\s*|\s+)", re.IGNORECASE)
PAGE_COUNT = re.compile(r"(\d+)\s*(?:p|pp|pages|s|seiten|с|стр|págs?)\.?", re.IGNORECASE)
PAGE_RANGE = re.compile(r"^([A-Za-z]{0,2})(\d+)\s*(?:-+|–|—|‐|−|to|bis)\s*([A-Za-z]{0,2})(\d+)$")


def pages(value: str) -> dict[str, str]:
    """``{"first": "387", "last": "389", "page": "387–389"}``; a short last page is expanded (``387-9``).

    >>> pages("pp. 387-9.")
    {'first': '387', 'last': '389', 'page': '387–389'}
    """
    text = PAGE_MARKER.sub("", value).strip(" .,;:")
    count = PAGE_COUNT.fullmatch(text)
    if count:  # "702 p.", "350 с.": the length of a book, not the pages cited
        return {"count": count.group(1)}
    found = PAGE_RANGE.match(text)
    if found:
        prefix, first, last_prefix, last = found.groups()
        if len(last) < len(first) and not last_prefix:
            last = first[: len(first) - len(last)] + last
        if int(last) < int(first):  # "083105-3": an article number and its page count, not a range
            return {"first": prefix + first, "page": prefix + first}
        return {"first": prefix + first, "last": (last_prefix or prefix) + last,
                "page": f"{prefix}{first}–{last_prefix or prefix}{last}"}
    if re.fullmatch(r"[A-Za-z]{0,2}\d+", text):  # one page, or an article number such as e0123456
        return {"first": text, "page": text}
    return {"page": text} if text else {}


VOLUME_ISSUE = re.compile(r"(\d+[A-Za-z]?)\s*\(\s*([\w/–-]+)\s*\)")
VOLUME_MARKER = re.compile(r"^\s*(?:volume|vols?|v|bd|т|том|tome|t|jg|jahrgang|vyp)(?:\.\s*|\s+|(?=\d))", re.IGNORECASE)
ISSUE_MARKER = re.compile(r"^\s*(?:no|nos|nr|n[°º]|n\.º|n|num|number|issue|iss|h|heft|№|вып|fasc)\.?\s*",
                          re.IGNORECASE)
ISSUE_ONLY = re.compile(r"^\s*(?:no|nr|n[°º]|n\.º|n|num|number|issue|heft|№)(?:\.\s*|\s+|(?=\d))\d", re.IGNORECASE)
VOLUME_COUNT = re.compile(r"^\s*(\d+)\s*(?:vols?|volumes|bde?|тт?|tomes)\.?\s*$", re.IGNORECASE)


def volume_issue(volume: str = "", issue: str = "") -> dict[str, str]:
    """``{"volume": "9", "issue": "12"}`` from a volume field (``9(12)``, ``Vol.9. No. 12``, ``Т. 9, № 12``, ``v.
    24``) and an issue field (``No. 12``, ``№ 12``, ``n°59``); a volume field that only says how many volumes
    there are (``3 vols.``) gives ``number-of-volumes``, and one that holds only an issue (``n°59``) the issue.

    >>> volume_issue("Vol.9. No. 12")
    {'volume': '9', 'issue': '12'}
    """
    result = {}
    both = VOLUME_ISSUE.search(volume)
    count = VOLUME_COUNT.match(volume)
    if both:
        result = {"volume": both.group(1), "issue": both.group(2)}
    elif count:
        result["number-of-volumes"] = count.group(1)
    elif ISSUE_ONLY.match(volume) and not issue:
        result["issue"] = ISSUE_MARKER.sub("", volume).strip(" .,;:")
    elif volume:
        pieces = re.split(r"[.,;]\s+(?=(?:no|nr|n|№|issue|heft|h|вып)\b\.?)|,\s*(?=№)", volume, flags=re.IGNORECASE)
        result["volume"] = VOLUME_MARKER.sub("", pieces[0]).strip(" .,;:")
        if len(pieces) > 1:
            result["issue"] = ISSUE_MARKER.sub("", pieces[1]).strip(" .,;:")
    if issue:
        # brackets that close nothing go, a pair stays: GOST's "№ 12(3)" (with the journal's running number)
        result["issue"] = strip_unbalanced(ISSUE_MARKER.sub("", issue).strip(" .,;:")).strip(" .,;:")
    return {key: value for key, value in result.items() if value}


DOI = re.compile(r"10\.\d{4,9}/\S+")


def doi(value: str) -> str:
    """The bare DOI (``10.1016/j.cell.2009.01.042``) without ``doi:``, a resolver URL or trailing punctuation."""
    found = DOI.search(value)
    if not found:
        value = re.sub(r"^\s*(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)", "", value.strip(), flags=re.IGNORECASE)
        return value.rstrip(".,;:)]}>\"'")
    return found.group().rstrip(".,;:)]}>\"'")


def url(value: str) -> str:
    """The URL without a leading ``URL:``/``Available at`` or angle brackets, or trailing punctuation."""
    value = re.sub(r"^\s*(?:url|available\s+(?:at|from)|режим\s+доступа)\s*:?\s*", "", value, flags=re.IGNORECASE)
    return value.strip().strip("<>").rstrip(".,;:)]}>\"'")


TYPE_WORDS = (
    ("thesis", re.compile(r"\b(?:thesis|dissertation|diss\.|dissertação|tesis|thèse|диссертац\w*|автореферат\w*)",
                          re.IGNORECASE)),
    ("report", re.compile(r"\b(?:technical\s+report|tech\.?\s*rep\w*|report|working\s+paper|preprint)\b",
                          re.IGNORECASE)),
    ("paper-conference", re.compile(r"\b(?:proc\.|proceedings|conference|symposium|workshop|congress|conf\.|"
                                    r"тезис\w*|конференц\w*|tagung|actes|congreso)", re.IGNORECASE)),
)


def reference_type(fields: dict[str, list[str]]) -> str:
    """A CSL type guessed from which fields are present and a few words in them.

    article-journal, book, chapter, paper-conference, thesis, report or webpage.
    """
    words = " ".join(fields.get("note", []) + fields.get("title", []) + fields.get("venue", [])
                     + fields.get("publisher", []))
    for kind, pattern in TYPE_WORDS:
        if kind == "paper-conference":
            if any(pattern.search(venue) for venue in fields.get("venue", [])):
                return kind
        elif pattern.search(words):
            return kind
    if "venue" in fields:
        if "editor" in fields or ("publisher" in fields and "volume" not in fields):
            return "chapter"
        return "article-journal"
    if "url" in fields and "publisher" not in fields:
        return "webpage"
    return "book"


# Tags of HTML, JATS and MathML that publishers' text carries (<italic>, </sup>, <br/>, <jats:italic>, <mml:mi>);
# other text between angle brackets stays (Vector<int>, a<b and c>d).
MARKUP_TAG = re.compile(
    r"</?(?:(?:jats|mml|m|xhtml|tei):[\w.-]+|i|b|u|s|em|strong|sup|sub|sc|small|big|span|font|a|p|br|tt|code|"
    r"italic|bold|underline|monospace|roman|sans-serif|overline|strike|inline-formula|disp-formula|tex-math|"
    r"named-content|styled-content|ext-link|uri|math|mi|mo|mn|msub|msup|mrow)"
    r"(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>]+))*\s*/?>",
    re.IGNORECASE)
LATEX_COMMAND = re.compile(r"\\(?:textit|textbf|textsc|textrm|texttt|emph|mathrm|mathit|mathbf|textsuperscript"
                           r"|textsubscript|mbox)\s*\{([^{}]*)\}")
LATEX_GROUP = re.compile(r"\{\\(?:em|it|bf|sc|rm|tt)\s+([^{}]*)\}")


def plain(value: str) -> str:
    r"""``value`` without markup: HTML and JATS tags, HTML entities, and LaTeX font commands, which text from
    publishers' XML and BibTeX files carries (``Norway spruce <italic>Picea abies</italic>`` -> ``Norway spruce
    Picea abies``; ``\\emph{Picea}`` -> ``Picea``; ``&amp;`` -> ``&``).

    >>> plain("H<sub>2</sub>O &amp; \\textit{Picea}")
    'H2O & Picea'
    """
    value = html.unescape(value)  # first, so that escaped tags (&lt;i&gt;) go too
    value = MARKUP_TAG.sub("", value)
    value = LATEX_COMMAND.sub(r"\1", value)
    value = LATEX_GROUP.sub(r"\1", value)
    return " ".join(value.split())


def record(fields: dict[str, list[str]]) -> dict[str, Any]:
    """The bibliographic record of a reference's fields (``Reference.fields``): a CSL-JSON item without its
    ``id``, with CSL's type and variable names: names split (``family``, ``given``, ``non-dropping-particle``,
    ``suffix``, or ``literal`` for an organisation), ``issued`` as ``{"date-parts": [[2019, 5, 12]]}`` (or
    ``{"literal": ...}``) with ``year-suffix``, ``page``, ``page-first`` and ``number-of-pages``,
    ``container-title``, ``publisher-place``, ``collection-title``, ``DOI``, ``URL``. Two keys are reftagger's
    own, where CSL has none: ``identifiers`` (the identifier field's values) and ``author_et_al`` /
    ``editor_et_al`` (the list ended with *et al.*). Markup is removed from the values (:func:`plain`);
    empty parts are left out."""
    fields = {label: [plain(value) if label not in ("url", "doi") else value for value in values]
              for label, values in fields.items()}
    result: dict[str, Any] = {"type": reference_type(fields)}
    for role in ("author", "editor"):
        if role in fields:
            parsed = [names(value) for value in fields[role]]
            found_names: list[dict[str, str]] = []
            for found in parsed:  # GOST repeats the authors after "/": each person once
                known = list(found_names)
                found_names += [name for name in found["names"]
                                if not any(same_person(name, other) for other in known)]
            result[role] = [_csl_name(name) for name in found_names]
            if any(found["et_al"] for found in parsed):
                result[f"{role}_et_al"] = True
    first = {label: values[0] for label, values in fields.items()}
    result["title"] = first.get("title")
    result["container-title"] = re.sub(r"^(?:in|в|im|dans|en)\s*:?\s+", "", first["venue"], flags=re.IGNORECASE) if (
        "venue" in first) else None
    if "year" in first:
        issued = date(first["year"])
        result["issued"] = {"date-parts": [issued["date-parts"]]} if "date-parts" in issued else issued or None
        result["year-suffix"] = issued.get("suffix")
    found_pages = pages(first["pages"]) if "pages" in first else {}
    result["page"] = found_pages.get("page")
    result["page-first"] = found_pages.get("first")
    result["number-of-pages"] = found_pages.get("count")
    result.update(volume_issue(first.get("volume", ""), first.get("issue", "")))
    result["publisher"] = first.get("publisher")
    result["publisher-place"] = first.get("location")
    result["edition"] = first.get("edition")
    result["DOI"] = doi(first["doi"]) if "doi" in first else None
    result["URL"] = url(first["url"]) if "url" in first else None
    result["identifiers"] = fields.get("identifier")
    result["collection-title"] = first.get("series")
    result["note"] = "; ".join(fields["note"]) if "note" in fields else None
    return {key: value for key, value in result.items() if value}


def date_parts(item: dict[str, Any]) -> list[int]:
    """A record's ``[year, month, day]`` (as many as it has; ``[]`` for no date or a literal one)."""
    return item.get("issued", {}).get("date-parts", [[]])[0]


def _csl_name(name: dict[str, str]) -> dict[str, str]:
    return {("non-dropping-particle" if key == "particle" else key): value for key, value in name.items()}
