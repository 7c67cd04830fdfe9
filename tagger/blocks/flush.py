"""Where references begin in a flush list: no numbers, no indentation, lines simply follow one another.

Text is wrapped greedily, so a line that left room for the next line's first
word ended its reference: that break is certain. Some line ends never end a
reference: a word broken at its hyphen, a dangling ``and``, ``of`` or ``In``,
a colon, or a next line that starts in lower case, with a piece of a URL or
with ``In``. Otherwise a bracketed label (``[12]``, ``[Smi98]``, ``(3)``)
starts one (``Proc. of`` / ``[ARPA] Image ...`` does not). What is left (the
reference's last line happened to fill the line, about one reference in ten)
is decided from left to right by a logistic score: features of the reference
so far (the *head*) and of the lines from the candidate start up to the next
certain break (the *tail*) — how the head's last line ends, how the tail's
first line starts, whether the head still has a bracket open or lacks a
year, and what the tagger makes of the head, of the tail and of the two
joined (does the tail start with an author, does the head end the way
references end).

The weights were fitted by ``python -m training.split_blocks --fit`` on
blocks built from the training files, each featurised with a model trained
without that file: the tagger sees those references as it sees unseen text
at use, so the weights do not trust it more than it deserves.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from collections.abc import Callable, Container, Sequence
from importlib import resources
from typing import TYPE_CHECKING

from tagger import lexicon
from tagger.patterns import YEAR

if TYPE_CHECKING:
    from tagger.model import Tagger

_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞА-ЯЁ", "a-zß-öø-ÿа-яё"
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
# Line ends and starts that never meet at a reference's end: a reference does not end in a broken word, a
# dangling connective or a colon, nor does one begin in lower case, with "In", or inside a URL.
NEVER_ENDS = frozenset({"broken_word", "connective", ":"})
NEVER_STARTS = frozenset({"lower", "link_piece", "in"})
# The tagger's labels grouped by where in a reference they usually stand.
LABEL_ROLES = {"author": "name", "editor": "name", "marker": "marker", "title": "title", "venue": "venue",
               "year": "end", "pages": "end", "doi": "end", "url": "end", "identifier": "end", "publisher": "end",
               "location": "end", "note": "end", "volume": "end", "issue": "end"}
# How many lines of the head and the tail the tagger reads: a reference rarely runs longer, and the cost
# stays linear in the block.
HEAD_LINES, TAIL_LINES = 8, 4


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


def first_word_kind(line: str) -> str:
    """Which word list the line's first word is in: a month, a place, a publisher, a given or family name."""
    word = re.split(r"[\s,.;:()]+", line)[0].casefold()
    for name, kind in (("months", "month"), ("location_words", "place"), ("publisher_words", "publisher"),
                       ("journal_words", "journal"), ("given_names", "given_name"), ("family_names", "family_name")):
        if word in lexicon.load(name):
            return kind
    return "none"


def unclosed(text: str) -> bool:
    """Whether ``text`` leaves a bracket or a quotation open: a reference ends with them closed."""
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
    return depth > 0 or text.count("“") > text.count("”") or text.count("«") > text.count("»")


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


@dataclasses.dataclass(frozen=True)
class Boundary:
    """A line end that may end a reference: the reference so far, the lines that follow up to the next
    certain break, and the tagger's view of the two alone and joined."""

    head: tuple[str, ...]
    tail: tuple[str, ...]
    head_tagged: Tagged
    tail_tagged: Tagged
    joined_tagged: Tagged

    @property
    def joined_at(self) -> int:
        """Where the tail starts in the joined text."""
        return len(join_lines(self.head[-HEAD_LINES:])) + 1


def previous_end(boundary: Boundary) -> str:
    return line_end(boundary.head[-1])


def next_start(boundary: Boundary) -> str:
    return line_start(boundary.tail[0])


def ended_then_author(boundary: Boundary) -> str:
    return f"{previous_end(boundary) in TERMINAL_ENDS}/{next_start(boundary) in AUTHOR_STARTS}"


def head_open(boundary: Boundary) -> str:
    return str(unclosed(join_lines(boundary.head)))


def head_year(boundary: Boundary) -> str:
    return str(bool(YEAR_OR_STATUS.search(join_lines(boundary.head))))


def tail_year(boundary: Boundary) -> str:
    return str(bool(YEAR_OR_STATUS.search(join_lines(boundary.tail))))


def next_first_word(boundary: Boundary) -> str:
    return first_word_kind(boundary.tail[0])


def _role(labels: Sequence[str], index: int) -> str:
    return LABEL_ROLES.get(labels[index], "other") if labels else "none"


def _probability(value: float) -> str:
    return "low" if value < 0.2 else "middle" if value < 0.8 else "high"


def tail_starts_as(boundary: Boundary) -> str:
    return _role(boundary.tail_tagged.labels, 0)


def tail_author(boundary: Boundary) -> str:
    return _probability(boundary.tail_tagged.author[0]) if boundary.tail_tagged.author else "none"


def head_ends_as(boundary: Boundary) -> str:
    return _role(boundary.head_tagged.labels, -1)


def head_tagged_year(boundary: Boundary) -> str:
    return str("year" in boundary.head_tagged.labels)


def _junction(boundary: Boundary) -> tuple[int, int] | None:
    """The joined text's last word of the head and first word of the tail."""
    starts = boundary.joined_tagged.starts
    after = next((index for index, start in enumerate(starts) if start >= boundary.joined_at), None)
    return None if not after else (after - 1, after)


def junction(boundary: Boundary) -> str:
    """Read as one reference, whether the tail goes on with the head's label or starts an author list."""
    found = _junction(boundary)
    if found is None:
        return "none"
    before, after = (boundary.joined_tagged.labels[index] for index in found)
    return "same" if before == after else "author" if after == "author" else "other"


def junction_author(boundary: Boundary) -> str:
    found = _junction(boundary)
    return "none" if found is None else _probability(boundary.joined_tagged.author[found[1]])


FEATURES: tuple[Callable[[Boundary], str], ...] = (
    previous_end, next_start, ended_then_author, head_open, head_year, tail_year, next_first_word,
    tail_starts_as, tail_author, head_ends_as, head_tagged_year, junction, junction_author)


def boundary_features(boundary: Boundary) -> list[str]:
    """The boundary's features as ``name=value`` strings, the keys of :func:`break_weights`."""
    return [f"{feature.__name__}={feature(boundary)}" for feature in FEATURES]


# The logistic score's weights, fitted by `python -m training.split_blocks --fit` (see there); "bias" is the
# intercept.
WEIGHTS_FILE = "flush_weights.json"


@functools.cache
def break_weights() -> dict[str, float]:
    """The fitted weights of :func:`break_probability`, keyed by :func:`boundary_features`' strings."""
    return json.loads((resources.files("tagger.blocks") / WEIGHTS_FILE).read_text(encoding="utf-8"))


def break_probability(features: Sequence[str], weights: dict[str, float] | None = None) -> float:
    """The probability that a reference starts at the boundary with these features."""
    weights = break_weights() if weights is None else weights
    score = weights["bias"] + sum(weights.get(feature, 0.0) for feature in features)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


def join_lines(lines: Sequence[str], known_words: Container[str] = frozenset()) -> str:
    """Lines of one reference joined with a space. A word broken at its hyphen is joined without one
    (``Springer-`` ``Verlag``), unless the two halves make a word of ``known_words`` without the hyphen:
    then the hyphen only split a word at the end of a line (``develop-`` ``ment``), and the space stays,
    as text extracted from a PDF has it and as the clean-up before tagging expects it."""
    text = ""
    for line in (line.strip() for line in lines):
        if not text:
            text = line
        elif (re.search(r"[^\W_]-+$", text) and line[:1].isalnum() and not _hyphenated(text, line, known_words)
              or re.match(r"--+\d", line)):
            text += line  # a word or a page range broken at its hyphen
        else:
            text += " " + line
    return text


def _hyphenated(text: str, line: str, known_words: Container[str]) -> bool:
    """Whether ``text`` ends in the first half of a word hyphenated at the line end and ``line`` starts
    with the rest."""
    before, after = re.search(r"(\w+)-$", text), re.match(r"[^\W\d_]+", line)
    return bool(before and after and line[0].islower() and (before[1] + after[0]).casefold() in known_words)


@functools.lru_cache(maxsize=4)
def known_words(tagger: Tagger) -> frozenset[str]:
    """The words the tagger has weights of its own for: a vocabulary of reference text."""
    return frozenset(attribute[2:].decode() for attribute in tagger._crf.attribute_ids if attribute.startswith(b"w="))


def wrap_width(lines: Sequence[str]) -> int:
    """The width the lines were wrapped at: the longest line that has a space (a URL longer than the width
    stands alone on its line, beyond the margin)."""
    spaced = [len(line) for line in lines if " " in line]
    return max(spaced) if spaced else max(len(line) for line in lines)


def _first_piece(line: str) -> str:
    """What of ``line`` would have had to fit at the end of the line before: its first word, or the part
    of it up to a hyphen, where wrapping may break a word."""
    word = line.split()[0]
    found = re.match(r"^.*?[^\W\d_]{2}-(?=[^\W\d_])", word)
    return found.group() if found else word


def certain_break(previous: str, line: str, width: int) -> bool | None:
    """True where a reference certainly starts at ``line``, False where it certainly does not, None where
    the score must say."""
    if len(previous) + 1 + len(_first_piece(line)) <= width:
        return True
    if line_end(previous) in NEVER_ENDS or line_start(line) in NEVER_STARTS:
        return False
    return True if STARTS["bracket_label"].match(line) else None


def boundaries(lines: Sequence[str], width: int) -> list[bool | None]:
    """For each line, whether a reference certainly starts there (the first line: yes) or not, or None."""
    return [True] + [certain_break(previous, line, width) for previous, line in zip(lines, lines[1:])]


def tail_of(lines: Sequence[str], decided: Sequence[bool | None], index: int) -> tuple[str, ...]:
    """The lines from ``index`` up to the next certain break (at most ``TAIL_LINES``)."""
    end = index + 1
    while end < len(lines) and end - index < TAIL_LINES and decided[end] is not True:
        end += 1
    return tuple(lines[index:end])


def make_boundary(tagger: Tagger, head: Sequence[str], tail: Sequence[str]) -> Boundary:
    head_text, tail_text = join_lines(head[-HEAD_LINES:]), join_lines(tail)
    head_tagged, tail_tagged, joined_tagged = tag_texts(tagger, [head_text, tail_text, f"{head_text} {tail_text}"])
    return Boundary(tuple(head), tuple(tail), head_tagged, tail_tagged, joined_tagged)


def split_flush(lines: Sequence[str], tagger: Tagger) -> list[list[str]]:
    """The references of a flush list of non-empty lines, each as its lines."""
    lines = [line.strip() for line in lines]
    if not lines:
        return []
    decided = boundaries(lines, wrap_width(lines))
    references: list[list[str]] = []
    for index, line in enumerate(lines):
        starts = decided[index]
        if starts is None:
            boundary = make_boundary(tagger, references[-1], tail_of(lines, decided, index))
            starts = break_probability(boundary_features(boundary)) > 0.5
        if starts:
            references.append([line])
        else:
            references[-1].append(line)
    return references
