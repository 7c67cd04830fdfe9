"""The learned line splitter: a linear-chain CRF over the lines of a reference section.

Each line is labelled ``start`` (a reference begins at it), ``continue`` (it
goes on with the reference above) or ``other`` (furniture: a heading, a page
number, a running head, a footnote). The features say how a line starts and
ends (:func:`tagger.blocks.shapes.line_start`, :func:`~tagger.blocks.shapes.line_end`),
how long it is against the section's full lines, whether the line above left
room for this line's first word (greedy wrapping puts a word on the next line
only when it did not fit), whether its leading number continues the list's
numbering, what the reference so far already holds (a year, a closing page
range), how the line above a page number or running head ended, where the
line's first letters stand in the list's alphabetical order (and how sorted the
list is), and, when the section comes from a PDF, the line's geometry: how much
of the column it fills, its indentation and the space above it.

The model is trained by ``python -m training.train_splitter`` on GROBID's
reference-segmenter sections and synthetic sections wrapped with real font
metrics; it ships as package data beside this module and is decoded with
:class:`tagger.crf.LinearChainCRF`, like the reference tagger.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

from tagger.blocks.headings import PAGE_NUMBER, ends_section, is_heading
from tagger.blocks.layout import SectionLine
from tagger.blocks.shapes import (
    AUTHOR_STARTS,
    LABEL_ROLES,
    STARTS,
    TERMINAL_ENDS,
    YEAR_OR_STATUS,
    Tagged,
    _probability,
    join_lines,
    known_words,
    line_end,
    line_start,
    tag_texts,
)
from tagger.errors import ModelCorruptError, ModelIncompatibleError, ModelNotFoundError
from tagger.patterns import YEAR

if TYPE_CHECKING:
    from tagger.crf import LinearChainCRF
    from tagger.model import Tagger

LABELS = ("start", "continue", "other")
MODEL_FILE, META_FILE = "splitter.crfsuite", "splitter.json"
# Times-Roman's character widths (``python -m training.char_widths``), to measure pasted lines.
WIDTHS_FILE = "char_widths.json"
# Bumped whenever a feature changes: a model trained with other features is refused.
FEATURE_VERSION = 5

MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?=\s|$))")
YEAR_NUMBER = re.compile(rf"^{YEAR}$")
PAGES_END = re.compile(r"\d+\s*[-–]+\s*\d+\s*\.?\)?\.?$|\bpp?\.\s*\d+\S*$")
LABEL_ONLY = re.compile(r"^\s*(?:\[[^\]]{1,12}\]|\(\d{1,4}\)|\d{1,4}[.)]?)\s*$")
# "[Smi98]", "[AKb]": an alphanumeric key in brackets, the label of a reference in some styles.
KEY_LABEL = re.compile(r"^\s*\[[A-Za-z][\w+.-]{0,12}\]")


@functools.cache
def _char_widths() -> dict[str, float]:
    return json.loads((resources.files("tagger.blocks") / WIDTHS_FILE).read_text(encoding="utf-8"))


def text_width(text: str) -> float:
    """How wide ``text`` is set in Times-Roman, in ems: a character the table lacks counts 1 em when East Asian
    wide, else half an em (an average letter)."""
    widths = _char_widths()
    return sum(widths.get(char) or (1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5) for char in text)


class Section:
    """A section's lines with what every feature needs of the whole: widths, numbering, repeats."""

    def __init__(self, lines: Sequence[SectionLine]):
        self.lines = list(lines)
        self.texts = [line.text.strip() for line in self.lines]
        # Each line's width as set in a proportional font; the wrap width a high percentile of them, not the
        # widest (one line may run into the margin).
        self.widths = [text_width(text) for text in self.texts]
        spaced = sorted(width for width, text in zip(self.widths, self.texts) if " " in text) or [1.0]
        self.width = max(1.0, spaced[int(0.9 * (len(spaced) - 1))])
        indents = [len(line.text) - len(line.text.lstrip()) for line, text in zip(self.lines, self.texts) if text]
        self.min_indent = min(indents, default=0)
        self.numbers = [leading_number(text) for text in self.texts]
        self.continues = continuing_numbers(self.texts, self.numbers)
        self.numbered = numbering(self.numbers)
        self.repeats = Counter(_skeleton(text) for text in self.texts)
        gaps = [line.gap for line in self.lines if line.gap is not None]
        self.gap = median(gaps) if gaps else None
        indented = [line.indent for line in self.lines if line.indent is not None]
        self.indent = min(indented) if indented else None
        # How each line starts and ends (:func:`line_start`, :func:`line_end`; "blank" for an empty line).
        self.starts = [line_start(text) if text else "blank" for text in self.texts]
        self.ends = [line_end(text) if text else "blank" for text in self.texts]
        # Per line: does the text since the last line that looks like a reference's start hold a year?
        self.year_before = _year_before(self.texts, self.starts)
        # Lines holding only a label or number: a list's labels set on lines of their own when common, page
        # numbers when rare.
        label_only = sum(bool(LABEL_ONLY.match(text)) for text in self.texts)
        shown = sum(bool(text) for text in self.texts) or 1
        self.label_only_lines = "none" if not label_only else "rare" if label_only < 0.1 * shown else "common"
        # Where each line's first letter, and its first three, stand in the list's alphabetical order.
        words = ["" if start == "repeated_author" else _sort_word(text) for text, start in zip(self.texts, self.starts)]
        starts = _likely_starts(self.starts, self.ends, words)
        self.order = _alphabetical_order([word[:1] for word in words], starts)
        self.order_close = _alphabetical_order([word[:3] for word in words], starts)
        self.sorted = _sortedness([words[index][:3] for index in starts])


def leading_number(line: str) -> int | None:
    """The list number a line starts with, if any. A year is not one: wrapped text puts "1990." or
    "(1990)" at a line start often."""
    found = MARKER.match(line)
    if not found:
        return None
    number = int(next(group for group in found.groups() if group))
    return None if YEAR_NUMBER.match(str(number)) and not found.group().lstrip().startswith("[") else number


def numbering(numbers: Sequence[int | None]) -> str:
    """How much of a list its lines' leading numbers (:func:`leading_number` of each) cover: ``many`` (a numbered
    list), ``some`` or ``none``."""
    marked = sum(number is not None for number in numbers)
    return "many" if marked >= 0.3 * max(1, len(numbers)) else "some" if marked >= 3 else "none"


def _skeleton(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def continuing_numbers(texts: Sequence[str], numbers: Sequence[int | None]) -> list[str]:
    """For each line with a leading number: ``next`` where it is the one after the list's last number,
    ``near`` where it is a little ahead or repeats the last (lists have gaps and repeats), ``other_form`` where
    it is written in another form than the list's (``[12]`` among ``3.``), else ``other``."""
    expected, kind, result = None, "", []
    for text, number in zip(texts, numbers):
        if number is None:
            result.append("none")
            continue
        form = _form(text)
        if expected is None or number == expected:
            result.append("next")
        elif kind and form != kind:
            result.append("other_form")
        elif expected - 1 <= number <= expected + 3:
            result.append("near")
        else:
            result.append("other")
        if result[-1] in ("next", "near"):
            expected, kind = number + 1, kind or form
    return result


def _form(text: str) -> str:
    """How a line's leading number is written, digits taken out: ``[]``, ``()``, ``.`` or ``)``."""
    found = MARKER.match(text)
    return re.sub(r"[\s\d]", "", found.group()) if found else ""


def _year_before(texts: Sequence[str], starts: Sequence[str]) -> list[bool]:
    seen, result = False, []
    for text, start in zip(texts, starts):
        result.append(seen)
        if start in AUTHOR_STARTS:
            seen = False
        seen = seen or bool(YEAR_OR_STATUS.search(text))
    return result


# Letters that Unicode does not decompose, as an alphabetical list sorts them.
UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "þ": "th", "ð": "d"})


def _sort_word(text: str) -> str:
    """A line's first word after its list marker as an alphabetical list sorts it: casefolded, without accents
    ("" if it has none; a line starting with a dash standing for the author above has none to sort by)."""
    found = re.search(r"[^\W\d_]+", MARKER.sub("", text, count=1))
    if not found:
        return ""
    word = unicodedata.normalize("NFKD", found.group().casefold().translate(UNDECOMPOSED))
    return "".join(char for char in word if not unicodedata.combining(char))


def _likely_starts(starts: Sequence[str], ends: Sequence[str], words: Sequence[str]) -> list[int]:
    """The lines that look like a reference's start (an author-like start after a line that ended one, or a
    blank line) and have a word to sort by; ``starts`` and ``ends`` say how each line starts and ends."""
    return [index for index, start in enumerate(starts)
            if words[index] and start in AUTHOR_STARTS
            and (index == 0 or ends[index - 1] == "blank" or ends[index - 1] in TERMINAL_ENDS)]


def _alphabetical_order(initials: Sequence[str], starts: Sequence[int]) -> list[str]:
    """For each line, where its first letters (``initials``, "" for none) stand against those of the nearest
    of the ``starts`` above and below it: ``same``, ``later`` or ``earlier`` above, then below. Author–year
    lists are alphabetical, so a reference's start keeps the order and a wrapped line that happens to look like
    a start often breaks it."""
    result = []
    for index, initial in enumerate(initials):
        position = bisect.bisect_left(starts, index)
        above = initials[starts[position - 1]] if position else ""
        later = position + (position < len(starts) and starts[position] == index)
        below = initials[starts[later]] if later < len(starts) else ""
        result.append(f"{_order(above, initial)}|{_order(initial, below)}" if initial else "none")
    return result


def _sortedness(initials: Sequence[str]) -> str:
    """Whether the list is alphabetical at all: how many of its likely starts (their ``initials``, in order)
    come after the one before. Lists ordered by citation are not."""
    if len(initials) < 5:
        return "few"
    share = sum(first <= second for first, second in zip(initials, initials[1:])) / (len(initials) - 1)
    return "sorted" if share >= 0.85 else "mostly" if share >= 0.7 else "unsorted"


def _ordered(section: Section, order: str) -> str:
    """A line's place in the alphabetical order, with whether the list is numbered, where the list is sorted;
    only that it is not (or has too few starts to say) elsewhere, where the order says nothing."""
    if section.sorted in ("sorted", "mostly"):
        return f"{order}|{section.numbered}|{section.sorted}"
    return section.sorted


def _order(first: str, second: str) -> str:
    if not first or not second:
        return "none"
    return "same" if first == second else "later" if first < second else "earlier"


def _year_place(text: str) -> str:
    """Where the line's first year stands: in its first half (as an author–year reference's), later, or
    nowhere."""
    found = YEAR_OR_STATUS.search(text)
    return "none" if not found else "early" if found.start() < len(text) / 2 else "late"


def _bucket(value: float, edges: Sequence[float], names: Sequence[str]) -> str:
    for edge, name in zip(edges, names):
        if value < edge:
            return name
    return names[-1]


def _length(section: Section, index: int) -> str:
    return _bucket(section.widths[index] / section.width, (0.4, 0.6, 0.75, 0.85, 0.93),
                   ("tiny", "short", "part", "most", "near", "full"))


def _fill(section: Section, index: int) -> str:
    fill = section.lines[index].fill
    if fill is None:
        return "unknown"
    return _bucket(fill, (0.4, 0.6, 0.75, 0.85, 0.93, 0.98), ("tiny", "short", "part", "most", "near", "close",
                                                              "full"))


def _first_piece(text: str) -> str:
    word = text.split()[0]
    found = re.match(r"^.*?[^\W\d_]{2}-(?=[^\W\d_])", word)
    return found.group() if found else word


def _room(section: Section, index: int) -> str:
    """Whether the line above had room for this line's first word, in characters and, given the PDF's
    geometry, in the column's width (estimated from the line above's characters per unit of fill)."""
    if index == 0 or not section.texts[index] or not section.texts[index - 1]:
        return "none"
    previous = section.widths[index - 1]
    needed = previous + text_width(" " + _first_piece(section.texts[index]))
    fill = section.lines[index - 1].fill
    if fill is not None and fill > 0.05:
        return _bucket(fill * needed / max(previous, 0.1), (0.9, 0.97, 1.0, 1.04),
                       ("ample", "some", "tight", "over", "none_left"))
    return _bucket(needed / section.width, (0.85, 0.97, 1.0, 1.08), ("ample", "some", "tight", "over", "none_left"))


def _marker(section: Section, index: int) -> str:
    number = section.numbers[index]
    if number is None:
        return "label" if KEY_LABEL.match(section.texts[index]) else "none"
    return section.continues[index]


def _indent(section: Section, index: int) -> str:
    line = section.lines[index]
    if line.indent is not None and section.indent is not None:
        return _bucket(line.indent - section.indent, (0.4, 1.2, 3.0), ("flush", "small", "hanging", "deep"))
    spaces = len(line.text) - len(line.text.lstrip()) - section.min_indent
    return _bucket(spaces, (1, 3, 6), ("flush", "small", "hanging", "deep"))


def _gap(section: Section, index: int) -> str:
    gap = section.lines[index].gap
    if gap is None or section.gap is None:
        return "unknown"
    return _bucket(gap - section.gap, (-0.15, 0.15, 0.5), ("less", "same", "more", "much"))


def _furniture(section: Section, index: int) -> str:
    text = section.texts[index]
    if not text:
        return "blank"
    if is_heading(text):
        return "heading"
    if ends_section(text):
        return "end_heading"
    if PAGE_NUMBER.match(text):
        return "page_number"
    if section.repeats[_skeleton(text)] > 1 and len(text) < 80:
        return "repeats"
    return "none"


def _after_furniture(section: Section, index: int) -> str:
    """For a line below one that looks like furniture (a page number, a running head, a heading, a number alone
    where few lines hold one), how the line above that ended and whether this one starts like an author list:
    a page break between references puts the furniture between them."""
    if index < 2 or not section.texts[index - 2] or not section.texts[index]:
        return "no"
    kind = _furniture(section, index - 1)
    if kind not in ("page_number", "repeats", "heading") and not (
            section.label_only_lines == "rare" and LABEL_ONLY.match(section.texts[index - 1])):
        return "no"
    return f"{section.ends[index - 2]}|{section.starts[index] in AUTHOR_STARTS}"


def _shape(text: str) -> str:
    word = text.split()[0] if text else ""
    shape = re.sub(r"[A-ZÀ-ÖØ-ÞА-ЯЁ]+", "X", re.sub(r"[a-zß-öø-ÿа-яё]+", "x", re.sub(r"\d+", "d", word)))
    return shape[:6]


def _first_word(text: str) -> str:
    word = text.split()[0].casefold() if text else ""
    return word if len(word) <= 4 and not any(char.isdigit() for char in word) else "long"


def _last_word(text: str) -> str:
    word = text.split()[-1].casefold() if text else ""
    return word if len(word) <= 4 and not any(char.isdigit() for char in word) else "long"


def line_features(section: Section, index: int) -> list[str]:
    """The features of one line, as ``name=value`` strings."""
    text = section.texts[index]
    previous = section.texts[index - 1] if index else ""
    following = section.texts[index + 1] if index + 1 < len(section.texts) else ""
    start, end = section.starts[index], section.ends[index]
    previous_end = section.ends[index - 1] if previous else "none"
    next_start = section.starts[index + 1] if following else "none"
    hyphen_lower = str(previous_end == "broken_word" and text[:1].islower())
    room, year = _room(section, index), _year_place(text)
    features = [
        "bias",
        f"start={start}",
        f"end={end}",
        f"previous_end={previous_end}",
        f"next_start={next_start}",
        f"junction={previous_end}|{start}",
        f"ended_then_author={previous_end in TERMINAL_ENDS}|{start in AUTHOR_STARTS}",
        f"length={_length(section, index)}",
        f"previous_length={_length(section, index - 1) if index else 'none'}",
        f"fill={_fill(section, index)}",
        f"previous_fill={_fill(section, index - 1) if index else 'none'}",
        f"room={room}",
        f"room_start={room}|{start in AUTHOR_STARTS}",
        f"marker={_marker(section, index)}|{section.numbered}",
        f"bracket={bool(STARTS['bracket_label'].match(text))}",
        f"indent={_indent(section, index)}",
        f"previous_indent={_indent(section, index - 1) if index else 'none'}",
        f"gap={_gap(section, index)}",
        f"furniture={_furniture(section, index)}",
        f"year={year}",
        f"author_year={start in AUTHOR_STARTS}|{year}|{section.year_before[index]}",
        f"year_before={section.year_before[index]}",
        f"pages_before={bool(PAGES_END.search(previous))}",
        f"hyphen_lower={hyphen_lower}",
        f"shape={_shape(text)}",
        f"label_only={bool(LABEL_ONLY.match(text))}|{section.label_only_lines}",
        f"after_furniture={_after_furniture(section, index)}",
        f"order={_ordered(section, section.order[index])}",
        f"order_close={_ordered(section, section.order_close[index])}",
        f"previous_label_only={bool(LABEL_ONLY.match(previous))}",
        f"first={_first_word(text)}",
        f"previous_last={_last_word(previous)}",
    ]
    if not index:
        features.append("first_line")
    return features


def tagger_features(texts: Sequence[str], tagger: Tagger) -> list[list[str]]:
    """The reference tagger's view of each line: read alone, what its first word is (and how likely an
    author) and what its last word is; read joined to the line above, whether its first word goes on with
    the label the line above ended in or starts an author list."""
    pairs = [f"{texts[index - 1]} {text}" if index and texts[index - 1] else "" for index, text in enumerate(texts)]
    wanted = [text for text in [*texts, *pairs] if text]
    views = iter(tag_texts(tagger, wanted))
    alone = [next(views) if text else None for text in texts]
    joined = [next(views) if pair else None for pair in pairs]
    roles = []
    for view in alone:
        if view is None or not view.labels:
            roles.append(("none", "none", "none"))
        else:
            roles.append((LABEL_ROLES.get(view.labels[0], "other"), _probability(view.author[0]),
                          LABEL_ROLES.get(view.labels[-1], "other")))
    features = []
    for index, (first, author, last) in enumerate(roles):
        previous_last = roles[index - 1][2] if index else "none"
        following = roles[index + 1][0] if index + 1 < len(roles) else "none"
        junction = _junction(joined[index], len(texts[index - 1]) + 1 if index else 0)
        features.append([f"tag_first={first}", f"tag_author={author}", f"tag_last={last}",
                         f"tag_previous_last={previous_last}", f"tag_junction={previous_last}|{first}|{author}",
                         f"tag_next_first={following}", f"tag_joined={junction}"])
    return features


def _junction(view: Tagged | None, at: int) -> str:
    """In the two lines read as one, whether the second's first word has the label of the first's last word
    (``same``), starts an author list (``author``, with how sure), or something else."""
    if view is None:
        return "none"
    after = next((index for index, start in enumerate(view.starts) if start >= at), None)
    if not after:
        return "none"
    before, label = view.labels[after - 1], view.labels[after]
    if before == label:
        return "same"
    return f"author_{_probability(view.author[after])}" if label == "author" else "other"


def section_features(lines: Sequence[SectionLine], tagger: Tagger | None = None) -> list[list[str]]:
    """Every line's features; with ``tagger``, its view of the lines too."""
    section = Section(lines)
    features = [line_features(section, index) for index in range(len(section.lines))]
    if tagger is not None:
        for own, viewed in zip(features, tagger_features(section.texts, tagger)):
            own += viewed
    return features


def references_from_labels(lines: Sequence[SectionLine], labels: Sequence[str]) -> list[list[int]]:
    """The references the labels make, each as the indices of its lines (furniture left out; a line that
    continues before any reference started starts one)."""
    references: list[list[int]] = []
    for index, label in enumerate(labels):
        if label == "other" or not lines[index].text.strip():
            continue
        if label == "start" or not references:
            references.append([index])
        else:
            references[-1].append(index)
    return references


@dataclasses.dataclass(frozen=True)
class SplitReference:
    """A reference cut out of a section: its lines joined, the page its first line stands on (``None`` when
    unknown) and the indices of its lines in the section."""

    text: str
    page: int | None
    lines: tuple[int, ...]


@functools.cache
def shipped_splitter() -> LinearChainCRF:
    """The shipped line model (package data beside this module), read once."""
    with resources.as_file(resources.files("tagger.blocks")) as directory:
        return read_splitter(directory)


def read_splitter(directory: Path) -> LinearChainCRF:
    """The line model in ``directory`` (``splitter.crfsuite`` and ``splitter.json``), refused if it was
    trained with other features than this version computes."""
    from tagger.crf import LinearChainCRF

    model, meta = Path(directory) / MODEL_FILE, Path(directory) / META_FILE
    if not model.exists() or not meta.exists():
        raise ModelNotFoundError(f"{directory}: the line splitter's {MODEL_FILE} or {META_FILE} is missing; "
                                 "reinstall reftagger, or train it with "
                                 "`python -m training.train_splitter --out tagger/blocks`")
    try:
        version = json.loads(meta.read_text(encoding="utf-8"))["feature_version"]
    except (ValueError, KeyError, TypeError) as error:
        raise ModelCorruptError(f"{meta}: not the line splitter's metadata ({error!r})") from None
    if version != FEATURE_VERSION:
        raise ModelIncompatibleError(f"{model}: trained with line features version {version}, this reftagger "
                                     f"computes version {FEATURE_VERSION}; retrain it with "
                                     "`python -m training.train_splitter --out tagger/blocks`")
    return LinearChainCRF.read(model)


def label_lines(lines: Sequence[SectionLine], tagger: Tagger, model: LinearChainCRF | None = None) -> list[str]:
    """Each line's label, ``start``, ``continue`` or ``other``, with ``tagger``'s view of the lines among
    the features (``model``: the line model, by default the shipped one)."""
    if not lines:
        return []
    return decode(model or shipped_splitter(), section_features(lines, tagger))


def decode(crf: LinearChainCRF, features: Sequence[Iterable[str]]) -> list[str]:
    """The best labels of one section's lines, given each line's feature names."""
    return crf.viterbi([crf.scores([[name.encode() for name in group] for group in features])])[0]


def split_lines(lines: Sequence[SectionLine], tagger: Tagger, model: LinearChainCRF | None = None,
                labels: Sequence[str] | None = None) -> list[SplitReference]:
    """The references in a section's lines, in order, furniture left out; ``labels`` if the lines'
    labels are already known."""
    labels = label_lines(lines, tagger, model) if labels is None else labels
    words = None
    found = []
    for group in references_from_labels(lines, labels):
        texts = [lines[index].text for index in group]
        if words is None and any(re.search(r"[^\W_]-$", text.strip()) for text in texts[:-1]):
            words = known_words(tagger)  # read only when some line ends in a hyphen
        found.append(SplitReference(join_lines(texts, words or frozenset()), lines[group[0]].page, tuple(group)))
    return found


__all__ = ["LABELS", "SectionLine", "SplitReference", "decode", "label_lines", "section_features", "split_lines"]
