"""How the lines of a reference section start and end, how a reference's lines are joined, and the reference
tagger's view of a text: what the line splitter's features (:mod:`tagger.blocks.lines`) read.

A line may start like an author list of some form (``Smith, J.``, ``J. Smith``, ``SMITH J``, ``[12]``,
``———.`` for the author above), with ``In``, in lower case, inside a URL, ...; it may end with pages, a year,
a link, an initial, a connective, a broken word, a period. Lines of one reference are joined with a space; a
word broken at its hyphen without one, unless the halves make a word the tagger knows.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING

from tagger import lexicon
from tagger.patterns import YEAR

if TYPE_CHECKING:
    from tagger.model import Tagger

# Letters of the Latin (with Latin Extended-A and -B: Łukasz, Šmíd, Ţiţeica) and Cyrillic (with Ukrainian's)
# alphabets, by case.
_EXTENDED = [chr(code) for code in range(0x100, 0x250)]
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ" + "".join(char for char in _EXTENDED if char.isupper())
_LOWER = "a-zß-öø-ÿа-яёіїєґ" + "".join(char for char in _EXTENDED if char.islower())
_PARTICLE = r"(?:(?:van|von|de|der|den|du|la|le|di|da|del|dos|De|Van|Von|Di|Da|Le|La|Du)\s+)*"
_SURNAME = rf"{_PARTICLE}[{_UPPER}][{_LOWER}'’´`¨]*(?:[-‐][{_UPPER}]?[{_LOWER}'’´`¨]+)*"  # Smith, O'Neil, Rib´arik
_CAPITALS = rf"[{_UPPER}][{_UPPER}'’-]+"  # SMITH, COLLECTIF
_GIVEN = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_INITIALS = rf"(?:[{_UPPER}]\.\s?-?\s?)+"
# How a line may start a reference, tried in order; the first match names the start.
STARTS = {
    "bracket_label": re.compile(rf"^(?:\[\d{{1,4}}\]\s?[^\s\d(a-z]"  # "[12]", "[12]房平"
                                rf"|\[(?=[^\]]*[{_UPPER}\d])[^\]\s]{{1,12}}\]\s+[^\s\d(a-z]"  # "[Smi98]"
                                rf"|\[[^\]]{{1,30}}\d\d[a-z]?\s?\]\s|\(\d{{1,3}}\)\s+[{_UPPER}“\"«])"),
    "number_then_name": re.compile(rf"^\d{{1,3}}(?:\s?[.)]?\s+|\.)(?:{_SURNAME}\s?,?\s+{_INITIALS}"
                                   rf"|{_INITIALS}\s*{_SURNAME}|{_SURNAME}\s+[{_UPPER}]{{1,3}}(?:[,.;:]|\s|$))"),
    "number": re.compile(rf"^\d{{1,3}}\s?[.)]\s+[{_UPPER}“\"«]"),
    "repeated_author": re.compile(r"^(?:[-–—_]\s?){2,}\s?[.,:]?(?:\s|$)"),  # "———." for the author above
    "surname_initials": re.compile(rf"^{_SURNAME}\s?,?\s+{_INITIALS}"),  # "Smith, J." "Smith J."
    "surname_capitals": re.compile(rf"^{_SURNAME}\s+[{_UPPER}]{{1,3}}[,.;:]?(?:\s|$)"),  # "Smith JA,"
    "initials_surname": re.compile(rf"^{_INITIALS}\s*{_SURNAME}\b"),  # "J. A. Smith"
}
NAME_THEN_WORD = re.compile(rf"^({_SURNAME}|{_CAPITALS})\s?(,?)\s+([{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)")
GIVEN_FIRST = re.compile(rf"^([{_UPPER}][{_LOWER}]+)(?:-[{_UPPER}][{_LOWER}]+)?(?:\s+{_INITIALS}|\s+{_GIVEN})?"
                         rf"\s+{_SURNAME}\s?(?:,|\s+and\s|\s+&\s|\.)")
CAPITALS_NAME = re.compile(rf"^{_CAPITALS}(?:\s?,\s|\.\s|\s+{_INITIALS})")
ORGANISATION = re.compile(rf"^(?:{_CAPITALS}|[{_UPPER}][{_LOWER}]+)(?:\s+(?:of|for|and|&|the|on)?\s*[{_UPPER}]\w*)*"
                          r"\s?[.,(]\s*\(?\d{4}")
AUTHOR_STARTS = frozenset({"bracket_label", "number_then_name", "number", "repeated_author", "surname_initials",
                           "surname_capitals", "initials_surname", "surname_given", "given_surname",
                           "capitals_name", "organisation"})
# How a line may end, tried in order.
ENDS = {
    "broken_word": re.compile(r"[^\W\d_]-$"),
    "pages": re.compile(r"\d+\s*[-–]+\s*\d+\s*\.?\)?\.?$"),
    "year": re.compile(rf"{YEAR}[a-z]?\s*[).\]]*\.?$"),
    "link": re.compile(r"(?:https?:|www\.|doi|\.pdf|\.html?|/)\S*$", re.IGNORECASE),
    "initial": re.compile(rf"(?:^|[\s.(‐-])[{_UPPER}]\.$"),
}
TERMINAL_ENDS = frozenset({"pages", "year", "link", ".", ")", "digit"})
# A year, or what stands for one in a reference not yet published.
YEAR_OR_STATUS = re.compile(rf"(?<!\d){YEAR}(?!\d)|\b(?:to appear|in press|to be published|submitted|"
                  r"forthcoming|in preparation|preprint|n\.\s?d\.|s\.\s?d\.|im druck|sous presse|en prensa)",
                  re.IGNORECASE)
LINK_PIECE = re.compile(r"^\S*[&=%#?/]")
# The tagger's labels grouped by where in a reference they usually stand.
LABEL_ROLES = {"author": "name", "editor": "name", "marker": "marker", "title": "title", "venue": "venue",
               "year": "end", "pages": "end", "doi": "end", "url": "end", "identifier": "end", "publisher": "end",
               "location": "end", "note": "end", "volume": "end", "issue": "end"}


def line_start(line: str) -> str:
    """How ``line`` starts: like an author list of some form, a number, ``In``, lower case, ..."""
    for name, pattern in STARTS.items():
        if pattern.match(line):
            return name
    named = NAME_THEN_WORD.match(line)
    if named and named.group(3).casefold() in lexicon.load("given_names"):
        return "surname_given" if named.group(2) else "surname_given_without_comma"
    given = GIVEN_FIRST.match(line)
    if given and given.group(1).casefold() in lexicon.load("given_names"):
        return "given_surname"
    if CAPITALS_NAME.match(line):
        return "capitals_name"
    if given:
        return "capitalised_pair"
    if named and named.group(2):
        return "word_comma_word"
    if ORGANISATION.match(line):
        return "organisation"
    if LINK_PIECE.match(line):
        return "link_piece"
    first = line[0]
    if line.split()[0].strip(",.;:()").casefold() in {"in", "en", "dans", "im"}:
        return "in"
    if first.islower():
        return "lower"
    if first.isdigit():
        return "year" if YEAR_OR_STATUS.match(line) else "digit"
    return ("open" if first in "([" else "quote" if first in "\"“«'‘„" else "capital" if first.isupper()
            else "other")


def line_end(line: str) -> str:
    """How ``line`` ends: with pages, a year, a link, an initial, a connective, a period, a comma, ..."""
    for name, pattern in ENDS.items():
        if pattern.search(line):
            return name
    last = line.split()[-1]
    bare = last.strip(".,;:()").casefold()
    if not last.endswith(".") and bare in lexicon.load("connectives"):
        return "connective"
    if last.endswith((".", ":")) and any(bare in lexicon.load(name) for name in (
            "editor_markers", "page_markers", "volume_markers", "issue_markers")):
        return "abbreviation"  # "eds." "pp." "Vol." "Trans."
    char = line[-1]
    if char in ".,;:":
        return char
    return (")" if char in ")]" else "-" if char in "-–—" else "digit" if char.isdigit() else
            "letter" if char.isalpha() else "quote" if char in "\"'”’»" else "other")


@dataclasses.dataclass(frozen=True)
class Tagged:
    """The tagger's view of a text: for each word (punctuation left out), its label, the probability
    that it is an author, and where it starts."""

    labels: tuple[str, ...]
    author: tuple[float, ...]
    starts: tuple[int, ...]


def tag_texts(tagger: Tagger, texts: Sequence[str]) -> list[Tagged]:
    """The tagger's view of each text, from one batch (the tagger's own batch call, as ``parse_many`` uses,
    with each word's label probabilities)."""
    author = tagger._crf.label_index["author"]
    tagged = []
    for tokens, labels, probabilities in tagger._tag_batch(texts, marginals=True):
        words = [index for index, token in enumerate(tokens) if any(char.isalnum() for char in token.text)]
        tagged.append(Tagged(tuple(labels[index] for index in words),
                             tuple(float(probabilities[index, author]) for index in words),
                             tuple(tokens[index].start for index in words)))
    return tagged


def _probability(value: float) -> str:
    return "low" if value < 0.2 else "middle" if value < 0.8 else "high"


def join_lines(lines: Sequence[str], known_words: Container[str] = frozenset()) -> str:
    """Lines of one reference joined with a space. A word broken at its hyphen is joined without one
    (``Springer-`` ``Verlag``), unless the two halves make a word of ``known_words`` without the hyphen:
    then the hyphen only split a word at the end of a line (``develop-`` ``ment``), and the space stays,
    as text extracted from a PDF has it and as the clean-up before tagging expects it."""
    return joined_with_starts(lines, known_words)[0]


def joined_with_starts(lines: Sequence[str], known_words: Container[str] = frozenset()) -> tuple[str, list[int]]:
    """:func:`join_lines`, and where each line's text starts in the joined text."""
    text, starts = "", []
    for line in (line.strip() for line in lines):
        if not text:
            text = line
        elif (re.search(r"[^\W_]-+$", text) and line[:1].isalnum() and not _hyphenated(text, line, known_words)
              or re.match(r"--+\d", line)):
            text += line  # a word or a page range broken at its hyphen
        else:
            text += " " + line
        starts.append(len(text) - len(line))
    return text, starts


def _hyphenated(text: str, line: str, known_words: Container[str]) -> bool:
    """Whether ``text`` ends in the first half of a word hyphenated at the line end and ``line`` starts
    with the rest."""
    before, after = re.search(r"(\w+)-$", text), re.match(r"[^\W\d_]+", line)
    return bool(before and after and line[0].islower() and (before[1] + after[0]).casefold() in known_words)


@functools.lru_cache(maxsize=4)
def known_words(tagger: Tagger) -> frozenset[str]:
    """The words the tagger has weights of its own for: a vocabulary of reference text."""
    return frozenset(attribute[2:].decode() for attribute in tagger._crf.attribute_ids if attribute.startswith(b"w="))
