"""Normalizers: from the cleaned text of a field to structured values (names, dates, page ranges, ...), and
:func:`record`, which runs them over a reference's fields to give its bibliographic record.

Each is a small pure function over one field's text. None raises on odd
input: what it cannot read it returns as found (a name it cannot split stays
whole, pages it cannot read keep their text), so no value is lost on the way
to a record.
"""

from __future__ import annotations

import re
from typing import Any

from tagger import lexicon
from tagger.patterns import YEAR, is_initials

# Words that join the names of a list, in the languages of the lexicons.
# Case matters: a capital И is an initial, a lowercase и joins names.
CONJUNCTION = re.compile(r"\s*[;&]\s*|\s+(?:and|And|AND|und|et(?!\s*al)|и|і|та)\s+")
ET_AL = re.compile(r",?\s*\[?(?:\bet\s*al\b\.?|\bu\.\s*a\.|\bи\s*др\.?|\bet\s*alii\b|…|\.\.\.)\]?\s*$",
                   re.IGNORECASE)
EDITOR_MARK = re.compile(r"[,(\s]*\(?\b(?:eds?|hrsg|dir|coord|editors?|ред)\b\.?\)?\.?\s*$"
                         r"|^\s*(?:под\s+ред\.?|(?:eds?|hrsg|edited\s+by)\.?(?:\s+v\.)?)\s+", re.IGNORECASE)
PARTICLES = frozenset("van von der den de del della di da dos das do du la le ten ter zu".split())
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _is_suffix(piece: str) -> bool:
    return piece.lower().rstrip(".") in SUFFIXES


def _tidy(word: str) -> str:
    """A name part in ALL CAPITALS written the usual way (``SMITH`` -> ``Smith``); others unchanged."""
    # O'NEIL -> O'Neil, MÜLLER-LÜDE -> Müller-Lüde
    if len(word) > 2 and word.isupper() and not is_initials(word, loose=True):
        return re.sub(r"[^\W\d_]+", lambda part: part.group()[:1] + part.group()[1:].lower(), word)
    return word


def _name(family: list[str], given: list[str], suffix: str = "") -> dict[str, str]:
    particles = []
    while len(family) > 1 and family[0].lower() in PARTICLES:
        particles.append(family.pop(0))
    name = {"family": " ".join(_tidy(word) for word in family)}
    if given:
        name["given"] = " ".join(_tidy(word) for word in given)
    if particles:
        name["particle"] = " ".join(particles)
    if suffix:
        name["suffix"] = suffix
    return name


def _name_of_words(words: list[str]) -> dict[str, str]:
    """One name written without a comma: ``Smith J``, ``Ivanov I.I.``, ``J. Smith``, ``John van Smith``."""
    suffix = words.pop() if len(words) > 1 and _is_suffix(words[-1]) else ""
    initial = [is_initials(word, loose=True) for word in words]
    if len(words) > 1 and initial[-1] and not initial[0]:  # family name first, initials after
        split = initial.index(True)
        return _name(words[:split], words[split:], suffix)
    if len(words) == 1:
        return _name(words, [], suffix)
    start = len(words) - 1  # the family name: the last word, with the particles before it
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return _name(words[start:], words[:start], suffix)


def names(value: str) -> dict[str, Any]:
    """``{"names": [{family, given, particle, suffix}, ...], "et_al": bool}`` from an author or editor list.

    >>> names("Smith, J., & van der Berg, K. et al.")
    {'names': [{'family': 'Smith', 'given': 'J.'}, {'family': 'Berg', 'given': 'K.', 'particle': 'van der'}], \
'et_al': True}
    """
    value = re.sub(r"^\s*in:?\s+", "", value.strip(" ,;:"), flags=re.IGNORECASE)
    value = EDITOR_MARK.sub("", value).strip(" ,;:")
    et_al = bool(ET_AL.search(value))
    value = ET_AL.sub("", value).strip(" ,;:")
    found: list[dict[str, str]] = []
    for group in CONJUNCTION.split(value):
        pieces = [piece.strip(" .") if _is_suffix(piece.strip()) else piece.strip() for piece in group.split(",")]
        pieces = [piece for piece in pieces if piece]
        index = 0
        while index < len(pieces):
            words = pieces[index].split()
            if _is_suffix(pieces[index]) and found:
                found[-1]["suffix"] = pieces[index] + ("." if pieces[index].lower() in {"jr", "sr"} else "")
                index += 1
                continue
            after = pieces[index + 1].split() if index + 1 < len(pieces) else []
            # "Smith, J." or "SMITH, John": a family name alone, then its given names after the comma.
            if after and not _is_suffix(pieces[index + 1]) and not any(
                    is_initials(word, loose=True) for word in words) and (
                    all(is_initials(word, loose=True) for word in after) or len(after) == 1
            ):
                found.append(_name(words, after))
                index += 2
                continue
            found.append(_name_of_words(words))
            index += 1
    return {"names": found, "et_al": et_al}


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
VOLUME_MARKER = re.compile(r"^\s*(?:vols?|volume|bd|т|том|tome|t|jg|jahrgang|vyp)\.?\s*", re.IGNORECASE)
ISSUE_MARKER = re.compile(r"^\s*(?:no|nos|nr|n|num|number|issue|iss|h|heft|№|вып|fasc)\.?\s*", re.IGNORECASE)


def volume_issue(volume: str = "", issue: str = "") -> dict[str, str]:
    """``{"volume": "9", "issue": "12"}`` from a volume field (``9(12)``, ``Vol.9. No. 12``, ``Т. 9, № 12``)
    and an issue field (``No. 12``, ``№ 12``).

    >>> volume_issue("Vol.9. No. 12")
    {'volume': '9', 'issue': '12'}
    """
    result = {}
    both = VOLUME_ISSUE.search(volume)
    if both:
        result = {"volume": both.group(1), "issue": both.group(2)}
    elif volume:
        pieces = re.split(r"[.,;]\s+(?=(?:no|nr|n|№|issue|heft|h|вып)\b\.?)|,\s*(?=№)", volume, flags=re.IGNORECASE)
        result["volume"] = VOLUME_MARKER.sub("", pieces[0]).strip(" .,;:")
        if len(pieces) > 1:
            result["issue"] = ISSUE_MARKER.sub("", pieces[1]).strip(" .,;:")
    if issue:
        result["issue"] = ISSUE_MARKER.sub("", issue).strip(" .,;:()")
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


def record(fields: dict[str, list[str]]) -> dict[str, Any]:
    """The normalised record of a reference's fields (``Reference.fields``): names split, date, pages,
    volume and issue read, identifiers cleaned, and a type guessed. Empty parts are left out."""
    result: dict[str, Any] = {"type": reference_type(fields)}
    for role in ("author", "editor"):
        if role in fields:
            parsed = [names(value) for value in fields[role]]
            result[role] = [name for found in parsed for name in found["names"]]
            if any(found["et_al"] for found in parsed):
                result[f"{role}_et_al"] = True
    first = {label: values[0] for label, values in fields.items()}
    result["title"] = first.get("title")
    result["container_title"] = re.sub(r"^(?:in|в|im|dans|en)\s*:?\s+", "", first["venue"], flags=re.IGNORECASE) if (
        "venue" in first) else None
    result["issued"] = date(first["year"]) if "year" in first else None
    result["pages"] = pages(first["pages"]) if "pages" in first else None
    result.update(volume_issue(first.get("volume", ""), first.get("issue", "")))
    result["publisher"] = first.get("publisher")
    result["place"] = first.get("location")
    result["edition"] = first.get("edition")
    result["doi"] = doi(first["doi"]) if "doi" in first else None
    result["url"] = url(first["url"]) if "url" in first else None
    result["identifiers"] = fields.get("identifier")
    result["series"] = first.get("series")
    result["note"] = "; ".join(fields["note"]) if "note" in fields else None
    return {key: value for key, value in result.items() if value}
