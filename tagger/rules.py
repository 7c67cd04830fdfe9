"""Rules applied after decoding: five patterns labelled whatever the model said.

A leading list marker (``1.``, ``[12]``, ``- **4.**``) is always ``marker``; a DOI or URL token the model
left unlabelled is ``doi`` or ``url``; and the Vancouver locator ``2020;395(10223):497-506``, once the model
has taken its year for a year, is year, volume, issue and pages; names between slashes after a part the model
labelled (the title, in GOST's statement of responsibility: ``/ Ivanov I. I., Petrov P. P. //``) are authors;
and a year in brackets ends at its closing bracket: numbers the model ran into it (``41 (2014) 112e129``) are the
pages after a volume when the reference has none, else no field.
Where a rule overrides the model, the token's label is certain (its probability is 1 when confidence is asked
for).
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from tagger.features import YEAR_PATTERN
from tagger.labels import OUTSIDE
from tagger.patterns import YEAR
from tagger.tokenizer import IDENTIFIER_PATTERN, Token

MARKER = "marker"
DOI_LINK = re.compile(r"(?:^|doi\.org/|^doi:)10\.\d{4,9}/", re.IGNORECASE)
# Vancouver's locator, YEAR;VOLUME(ISSUE):PAGES, one of the commonest forms there are; the issue is optional.
# PubMed's form puts the date there: 2020 Feb 15;395(10223):497-506, 2011 Nov-Dec;31(6):653-60, 2011 Winter;5:1-9.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Fall|Autumn|Winter)\.?(?![a-z])")
# "Feb 15", "Nov-Dec", "Jun 30-Jul 5", "Jun 1-15", "Winter"
_DATE = rf"\s{_MONTH}(?:\s\d{{1,2}})?(?:\s?[-–/]\s?(?:{_MONTH}(?:\s\d{{1,2}})?|\d{{1,2}}))?"
LOCATOR = re.compile(r"(?<![\w.])(?P<year>(?:1[6-9]|20)\d\d)[a-z]?"
                     rf"(?P<date>{_DATE})?"
                     r"\s?;\s?(?P<volume>\d{1,5}[A-Z]?)"
                     r"\s?(?P<issue>\([\w /–-]{1,15}\))?\s?:\s?"
                     r"(?P<pages>[A-Za-z]?\d{1,6}(?:\s?[-–]\s?[A-Za-z]?\d{1,6})?)(?![\w(])")
LOCATOR_LABELS = ("year", "volume", "issue", "pages")
CLOSING = {")", "]"}
# What may follow a bracketed year in its field to be taken for pages: numbers that are not years, a range glued
# by an extraction's lost dash (112e129), punctuation. A second year or a date is the field's own ("1972 [1916]").
PAGE_LIKE = re.compile(rf"(?!{YEAR}\b)\d{{1,6}}(?:[e?]\d{{1,6}})?|[^\w\s]+")
# GOST's statement of responsibility: the authors again after the title, between slashes ("Title / Ivanov I. I.,
# Petrov P. P. // Journal", "Title. /Ivanov, I. I., Petrov P. P./ Collection"). A name is a surname with its
# initials on either side, or with them glued on ("Shiryaevm.Yu"); nothing else may stand between the slashes.
_SURNAME = r"[A-ZА-ЯЁ][a-zа-яёA-ZА-ЯЁ'’-]+"
_INITIALS = r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,3}"
_NAME = (rf"(?:{_SURNAME},?\s?{_INITIALS}|{_INITIALS}\s?{_SURNAME}|{_SURNAME}(?:\.[A-ZА-ЯЁ][a-zа-яё]?){{1,2}}\.?)")
RESPONSIBILITY = re.compile(rf"(?:^|(?<=[\s.]))/(?!/)\s?(?P<names>{_NAME}(?:\s?(?:,|;|&|and|и)?\s?{_NAME}){{0,5}})"
                            r"\s?,?\s?/")
# A list marker at the start of a line of extracted text: "1.", "[12]", "(3)", "12)", "- **4.**", "• 5.", with the
# sub-label of an entry that cites several works ("[25] a) R. Krishnan ...; b) A. D. McLean ..."; a work cut out
# of such an entry starts with its sub-label, "b )Y . Wang" as PDF extraction may space it).
SUB_LABEL = r"\(?[a-h] ?\)(?=\s|[^\W\d_])"
NUMBER_MARKER = r"(?:[-–•*]\s*)?(?:\*\*|__)?(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}[.)])(?:\*\*|__)?"
# A number's period glued to a capitalised name is a marker too ("12.Ferreira-Lima", "1.Kirchner HJ"), as the
# tokenizer splits it; not a year ("2013.Resources") or a decimal ("2.5").
GLUED_MARKER = r"\d{1,3}\.(?=[A-ZА-ЯЁ][a-zа-яё])"
LIST_MARKER = re.compile(rf"\s*(?:{NUMBER_MARKER}(?:\s+{SUB_LABEL}|(?=\s))|{GLUED_MARKER}|{SUB_LABEL})")


def apply_rules(text: str, tokens: Sequence[Token], labels: list[str], known: Container[str]) -> list[str]:
    """``labels`` with the rules of this module applied: the tokens of a leading list marker are ``marker``
    (the corpora label such markers so), a DOI or URL the model left unlabelled is ``doi`` or ``url`` (the
    corpora hold few ``https://doi.org/`` links, so the model learnt to leave them out), and the Vancouver
    locator, GOST's names between slashes and a bracketed year's end as the module says. Only labels the model
    has (``known``) are given: a model trained on the core labels alone gets none of them."""
    found = LIST_MARKER.match(text) if MARKER in known else None
    end = found.end() if found else -1
    result = []
    for token, label in zip(tokens, labels):
        if token.start < end:
            label = MARKER
        elif label == OUTSIDE and IDENTIFIER_PATTERN.fullmatch(token.text):
            ruled = "doi" if DOI_LINK.search(token.text) else "url"
            label = ruled if ruled in known else label
        result.append(label)
    if ";" in text and all(label in known for label in LOCATOR_LABELS):
        _label_locators(text, tokens, result)
    if "/" in text and "author" in known:
        _label_responsibility(text, tokens, result)
    if "year" in known:
        _end_bracketed_years(tokens, result, "pages" in known)
    return result


def _end_bracketed_years(tokens: Sequence[Token], labels: list[str], pages_known: bool) -> None:
    """A year field that holds a year and the bracket closing it ends there, when what follows in the field is
    numbers that are not years. From the first of them to the field's end, its tokens are the pages when a
    volume comes before and the reference has no pages field (``41 (2014) 112e129``: ``Vol (Year) Pages``, the
    numbered Elsevier and physics form), else no field (``(1970) 45 Tulane Law Rev.``, where the number is a
    volume); punctuation between the bracket and them is no field."""
    index = 0
    while index < len(labels):
        end = index
        while end < len(labels) and labels[end] == "year":
            end += 1
        if end == index:
            index += 1
            continue
        closing = next((position for position in range(index + 1, end - 1) if tokens[position].text in CLOSING
                        and YEAR_PATTERN.fullmatch(tokens[position - 1].text)), None)
        first = None if closing is None else next(
            (position for position in range(closing + 1, end) if any(char.isdigit() for char in tokens[position].text)),
            None)
        if first is not None and all(PAGE_LIKE.fullmatch(tokens[position].text) for position in range(first, end)):
            volume_before = "volume" in labels[:index]
            label = "pages" if pages_known and volume_before and "pages" not in labels else OUTSIDE
            for position in range(closing + 1, end):
                labels[position] = label if position >= first else OUTSIDE
        index = end


def _label_responsibility(text: str, tokens: Sequence[Token], labels: list[str]) -> None:
    """Label ``author`` the names of a statement of responsibility between slashes that follows something the
    model labelled (the title, in GOST): the slashes themselves are left unlabelled."""
    for found in RESPONSIBILITY.finditer(text):
        inside = _tokens_within(tokens, found.start(), found.end())
        if not inside or inside[0] == 0 or labels[inside[0] - 1] == OUTSIDE or any(
                labels[index] == "editor" for index in inside):
            continue  # nothing labelled before it, or names the model took for editors ("in: Mayer, U./Roth, K.")
        for index in inside:
            named = found.start("names") <= tokens[index].start < found.end("names")
            labels[index] = "author" if named else OUTSIDE


def _label_locators(text: str, tokens: Sequence[Token], labels: list[str]) -> None:
    """Label each Vancouver locator whose year the model labelled ``year``: the year (with a month and day
    after it), volume, issue (with its brackets and the colon after) and pages; the semicolon stays unlabelled,
    as in the corpora."""
    for found in LOCATOR.finditer(text):
        inside = _tokens_within(tokens, found.start(), found.end())
        year = [index for index in inside if tokens[index].start < found.end("year")]
        if not year or any(labels[index] != "year" for index in year):
            continue
        for index in inside:
            start = tokens[index].start
            group = next((name for name in LOCATOR_LABELS if found.group(name) is not None
                          and found.start(name) <= start < found.end(name)), None)
            if group is None and found.group("date") is not None and found.start("date") <= start < found.end(
                    "date"):
                group = "year"  # the date is the year's field, as the corpora label it
            if group is None and found.group("issue") is not None and found.end("issue") <= start < found.start(
                    "pages"):
                group = "issue"  # the colon after the issue
            labels[index] = group or OUTSIDE


def _tokens_within(tokens: Sequence[Token], start: int, end: int) -> list[int]:
    """The indices of the tokens that start between ``start`` and ``end``."""
    return [index for index, token in enumerate(tokens) if start <= token.start < end]
