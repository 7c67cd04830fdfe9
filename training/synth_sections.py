r"""Synthetic reference sections wrapped as a PDF wraps them, for training and checking a line splitter.

    python -m training.synth_sections FILE [FILE ...] --out OUT.jsonl [--seed 0] [--sections-per-file N]
        [--layout numbered|flush|hanging|mixed] [--furniture-after-references] [--unsorted SHARE]

Each FILE holds one reference per line (JSON with a ``text`` field); tokenised text (``Smith , J. ( 2001 ) .``,
as UMass has it) is detokenised first, since no PDF looks like that. Its references are drawn into sections of
15 to 45 and each section is typeset: a font (Times, Helvetica, Palatino, Century Schoolbook, Utopia, Computer
Modern, STIX, DejaVu; widths from the font files matplotlib ships), a size of 8 to 11 pt, a leading of 1.1 to
1.3 font sizes, sometimes extra space between references, and a column of 230 to 260 pt (two columns a page)
or 400 to 480 pt (one), lines filled greedily by measured width, justified or ragged. The layout is drawn per
section: numbered (``[1]``, ``1.``, ``(1)``, ``1)``, inline or in a hanging label column), hanging indent,
flush, or (rarely) first-line indent; unnumbered sections are sorted alphabetically (but a share
``unsorted``, if asked for). Then what a PDF does to
text: long words hyphenated at line ends (``Ge-`` / ``netic``), URLs and DOIs broken, indentation mostly lost
from the text, columns of 45 to 60 lines and page furniture (running heads, page numbers, footers) at every
page break, sometimes a heading ("References") on the first line.

Records are written in the format of ``blocks/grobid-segmenter.jsonl`` (``id``, ``block``, ``references``,
``spans``; see the data README) plus five lists with one entry per line of ``block``: ``labels`` (``start``
for a reference's first line, ``continue`` for its other lines, ``other`` for furniture and headings),
``fill`` (the line's width over the column's width), ``indent`` (its start right of the column's left edge, in
font sizes), ``gap`` (the white space between the line's top and the bottom of the line before it, in font
sizes; ``None`` for the first line of the block, of a page and of a column) and ``page`` (1-based). A
reference's text is its lines joined by spaces (so a hyphenated word is ``Ge- netic`` in it, as in the real
sections).

A page break may fall inside a reference, and its furniture is set there, inside the reference, as a PDF's
text has it. Such a reference's span still runs from its first character to its last, so it covers the
furniture lines too: only there do these records differ from the grobid-segmenter ones, whose spans hold
nothing but the reference. Its ``references`` entry leaves the furniture out, and its ``labels`` tell the
furniture lines (``other``) from its own. With ``furniture_inside=False`` (``--furniture-after-references``)
the furniture of such a break is set after the reference ends instead, and every span holds exactly its
reference.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import json
import logging
import random
import re
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

from tagger.errors import InputError, require
from training import run

LAYOUTS = ("numbered", "hanging", "flush", "first-line")
# Shares of the layouts in "mixed" sections; first-line indent is rare in reference lists.
MIXED_WEIGHTS = (0.45, 0.3, 0.17, 0.08)
NUMBER_FORMATS = ("[{}]", "{}.", "({})", "{})")

# Font name -> (file under matplotlib's mpl-data/fonts, font measuring the characters it lacks, share of sections).
FONTS = {
    "Times-Roman": ("pdfcorefonts/Times-Roman.afm", "DejaVu Serif", 0.3),
    "Helvetica": ("pdfcorefonts/Helvetica.afm", "DejaVu Sans", 0.1),
    "Palatino": ("afm/pplr8a.afm", "DejaVu Serif", 0.08),
    "Century Schoolbook": ("afm/pncr8a.afm", "DejaVu Serif", 0.05),
    "Utopia": ("afm/putr8a.afm", "DejaVu Serif", 0.05),
    "Computer Modern": ("ttf/cmr10.ttf", "DejaVu Serif", 0.15),
    "STIX": ("ttf/STIXGeneral.ttf", "DejaVu Serif", 0.12),
    "DejaVu Serif": ("ttf/DejaVuSerif.ttf", None, 0.08),
    "DejaVu Sans": ("ttf/DejaVuSans.ttf", None, 0.07),
}

HEADINGS = ("References", "REFERENCES", "References", "Literatur", "Bibliography", "BIBLIOGRAPHY",
            "Literature Cited", "R E F E R E N C E S", "References and Notes")
JOURNALS = ("J. Appl. Phys.", "Phys. Rev. B", "Nucleic Acids Research", "The Journal of Biological Chemistry",
            "Ann. Rev. Ecol. Syst.", "Computational Linguistics", "Astronomy & Astrophysics", "PLoS ONE",
            "Zeitschrift für Soziologie", "Journal of Documentation", "Neuron", "Mon. Not. R. Astron. Soc.")
JOURNAL_HEADS = ("{journal} {volume} ({year}) {first}–{last}", "{journal}, Vol. {volume}, No. {issue}, {year}",
                 "{upper} {volume}", "{journal} {year}; {volume}: {first}–{last}", "{journal} ({year})")
AUTHOR_HEADS = ("{name} et al.", "{name} and {other}", "{upper} ET AL.", "{name}, {other}")
FOOTERS = ("© {year} Elsevier B.V. All rights reserved.", "Downloaded from http://www.{host}.org/ on May 3, {year}",
           "Author manuscript; available in PMC {year} January 01.", "Preprint submitted to {journal}",
           "Page {page} of {total}", "This article is protected by copyright. All rights reserved.",
           "doi:10.{issue}{volume}/{host}.{year}.{first}")
HOSTS = ("jbc", "pnas", "academic.oup", "journals.sagepub", "science")

LEADING_MARKER = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}[.)]|\d{1,3}(?=\s+\D))\s+")
URL = re.compile(r"://|^www\.|^doi:|^10\.\d{3,}/|doi\.org", re.IGNORECASE)
URL_BREAKS = "/.-_?&=#:"
VOWELS = set("aeiouyäöüéèêëáàâíìîïóòôúùûœæåø")
# Letter pairs a syllable break does not split: digraphs, and a consonant before r or l ("mi-cro", "ta-ble").
INSEPARABLE = {"ch", "sh", "th", "ph", "ck", "gh", "wh", "qu"} | {a + b for a in "bcdfgkpt" for b in "rl"}
SURNAME = re.compile(r"^([A-Z][a-z]{2,})[,.]?$")
# Tokenised text: a comma or full stop set off by spaces as a token of its own ("Smith , J." / "1979 .").
TOKENISED = re.compile(r"\S [,.](?: |$)")
SPACE_BEFORE_CLOSING = re.compile(r" +(?=[,.;:)\]])")
SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[]) +")
QUOTED = re.compile(r'" *([^"]*?) *"')
LABELS = ("start", "continue", "other")

logging.getLogger("fontTools").setLevel(logging.ERROR)  # the DejaVu files have "timestamp seems very low" notes


class Font:
    """Advance widths of one font's characters, in thousandths of an em, as its font file gives them."""

    def __init__(self, name: str, widths: dict[str, float], fallback: Font | None) -> None:
        self.name = name
        self.widths = widths
        self.fallback = fallback
        self.cache: dict[str, float] = {}

    def character_width(self, character: str) -> float:
        if character in self.widths:
            return self.widths[character]
        base = unicodedata.normalize("NFD", character)[0]  # an accented letter missing: its base letter
        if base in self.widths:
            return self.widths[base]
        if self.fallback is not None:
            return self.fallback.character_width(character)
        return 1000.0 if unicodedata.east_asian_width(character) in "WF" else 500.0

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` in points at ``size`` points."""
        if text not in self.cache:
            self.cache[text] = sum(map(self.character_width, text))
        return self.cache[text] * size / 1000


@functools.cache
def load_font(name: str) -> Font:
    """The font ``name`` of :data:`FONTS`, measured from its file in matplotlib's data."""
    matplotlib = require("matplotlib", "research", "Rendering reference sections")
    relative, fallback, _ = FONTS[name]
    path = Path(matplotlib.get_data_path()) / "fonts" / relative
    widths = _afm_widths(path) if path.suffix == ".afm" else _truetype_widths(path)
    return Font(name, widths, load_font(fallback) if fallback else None)


def _afm_widths(path: Path) -> dict[str, float]:
    from fontTools.agl import UV2AGL
    from matplotlib import _afm

    with path.open("rb") as handle:
        metrics = _afm.AFM(handle)
    widths = {}
    for codepoint, glyph in UV2AGL.items():
        try:
            widths[chr(codepoint)] = float(metrics.get_width_from_char_name(glyph))
        except KeyError:
            continue
    return widths


def _truetype_widths(path: Path) -> dict[str, float]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    advances, units = font["hmtx"].metrics, font["head"].unitsPerEm
    return {chr(codepoint): advances[glyph][0] * 1000 / units for codepoint, glyph in font.getBestCmap().items()}


@dataclasses.dataclass(frozen=True)
class Style:
    """How one section is typeset; drawn per section by :func:`draw_style`. Lengths in points."""

    font: str
    size: float
    column: float
    justified: bool
    layout: str  # one of LAYOUTS
    number_format: str = "[{}]"
    label_column: bool = False  # numbers in a hanging column of their own, the text aligned right of it
    label_right: bool = False  # numbers right-aligned in that column, as LaTeX sets them
    indent: float = 0.0  # hanging or first-line indent, in font sizes
    indent_in_text: bool = False  # indent kept as leading spaces in the text (PDF extraction mostly loses it)
    hyphenation: float = 0.0  # chance that a word not fitting at a line end is hyphenated
    url_breaks: float = 0.0  # chance that a URL or DOI not fitting at a line end is broken there
    page_lines: int = 50  # lines a column holds
    first_page_lines: int = 50  # the section starts low in its first column
    first_page: int = 1  # the PDF's page the section starts on
    columns: int = 1  # columns a page holds; furniture comes after the last
    first_column: int = 1  # the column of its first page the section starts in
    page_offset: int = 0  # printed page numbers (furniture) run this far ahead of the PDF's pages
    heading: str | None = None
    running_head: str = "none"  # "journal", "authors", "alternate" (authors on even pages) or "none"
    page_number: str = "none"  # "top", "bottom", "glued" (into the running head) or "none"
    footer: str | None = None
    leading: float = 1.2  # baseline to baseline, in font sizes
    reference_space: float = 0.0  # extra space between references, in font sizes
    heading_space: float = 1.0  # space below the heading, in font sizes
    head_space: float = 1.5  # space below the running head, in font sizes
    foot_space: float = 2.0  # space above the foot of a page, in font sizes


def draw_style(generator: random.Random, layout: str = "mixed") -> Style:
    """A section's typesetting, drawn; ``layout`` is one of :data:`LAYOUTS` or ``"mixed"`` (drawn too)."""
    if layout == "mixed":
        layout = generator.choices(LAYOUTS, MIXED_WEIGHTS)[0]
    elif layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)} or mixed")
    two_columns = generator.random() < 0.6
    label_column = layout == "numbered" and generator.random() < 0.5
    indented = layout in ("hanging", "first-line") or label_column
    page_lines = generator.randint(45, 60)
    return Style(
        font=generator.choices(list(FONTS), [share for _, _, share in FONTS.values()])[0],
        size=generator.choice([8, 8.5, 9, 9.5, 10, 10.5, 11]),
        column=generator.uniform(230, 260) if two_columns else generator.uniform(400, 480),
        justified=generator.random() < 0.6,
        layout=layout,
        number_format=generator.choice(NUMBER_FORMATS),
        label_column=label_column,
        label_right=label_column and generator.random() < 0.5,
        indent=round(generator.uniform(1, 2), 2) if layout in ("hanging", "first-line") else 0.0,
        indent_in_text=indented and generator.random() < 0.2,
        hyphenation=generator.choice([0.0, 0.3, 0.7, 1.0]),
        url_breaks=generator.choice([0.0, 0.5, 1.0]),
        page_lines=page_lines,
        first_page_lines=generator.randint(3, page_lines),
        first_page=generator.randint(2, 25),
        page_offset=0 if generator.random() < 0.6 else generator.randint(100, 900),
        heading=generator.choice(HEADINGS) if generator.random() < 0.4 else None,
        running_head=generator.choices(["journal", "authors", "alternate", "none"], [0.35, 0.25, 0.2, 0.2])[0],
        page_number=generator.choices(["top", "bottom", "glued", "none"], [0.3, 0.25, 0.3, 0.15])[0],
        footer=generator.choice(FOOTERS) if generator.random() < 0.3 else None,
        columns=2 if two_columns else 1,
        first_column=generator.randint(1, 2) if two_columns else 1,
        leading=round(generator.uniform(1.1, 1.3), 3),
        reference_space=round(generator.uniform(0.2, 0.8), 3) if generator.random() < 0.33 else 0.0,
        heading_space=round(generator.uniform(0.5, 1.5), 3),
        head_space=round(generator.uniform(1, 2), 3),
        foot_space=round(generator.uniform(1, 3), 3),
    )


@dataclasses.dataclass
class Line:
    """A typeset line: its text, where it starts and how wide it is (points), and which reference it belongs to
    (``None``: furniture)."""

    text: str
    start: float
    width: float
    reference: int | None = None
    stretch: bool = False  # justified: stretched to the column's right edge
    page: int = 0
    column: int = 1
    kind: str = "text"  # furniture: "heading", "head" (running head), "number" (page number alone) or "foot"


def prepare(text: str) -> str:
    """A corpus reference without the number it may carry (the layout numbers it anew), whitespace folded,
    detokenised."""
    return LEADING_MARKER.sub("", detokenise(" ".join(text.split())))


def detokenise(text: str) -> str:
    """``text`` without the spaces a tokeniser set around punctuation (``Smith , J. ( 2001 ) .`` becomes
    ``Smith, J. (2001).``), if it looks tokenised; other text as it is."""
    if not TOKENISED.search(text):
        return text
    text = SPACE_AFTER_OPENING.sub("", SPACE_BEFORE_CLOSING.sub("", text))
    return QUOTED.sub(r'"\1"', text) if text.count('"') % 2 == 0 else text


def hyphenation_points(word: str) -> list[tuple[int, bool]]:
    """Where ``word`` may be broken at a line end, as (offset, whether a hyphen is added): after a hyphen it
    already has, or between syllables of a run of letters (a vowel, then a consonant before a vowel or between
    two consonants); two letters at least before the break and three after, as TeX does."""
    points = [(index + 1, False) for index in range(1, len(word) - 2)
              if word[index] == "-" and word[index - 1].isalpha() and word[index + 1].isalpha()]
    for match in re.finditer(r"[^\W\d_]{5,}", word):
        letters, offset = match.group(), match.start()
        if sum(character.isupper() for character in letters) > 1:  # acronyms and names like McDonald
            continue
        lower = letters.lower()
        for index in range(2, len(letters) - 2):  # a break before letters[index]
            onset = 2 if lower[index:index + 2] in INSEPARABLE else 1  # "mi-cro", not "mic-ro"
            if lower[index] in VOWELS or index + onset >= len(lower) or lower[index + onset] not in VOWELS:
                continue
            between_consonants = lower[index - 2] in VOWELS and lower[index - 1:index + 1] not in INSEPARABLE
            if lower[index - 1] in VOWELS or between_consonants:
                points.append((offset + index, True))  # ge-netic, pol-len
    return sorted(points)


def url_points(word: str) -> list[tuple[int, bool]]:
    """Where a URL or DOI may be broken at a line end: after a slash, dot, hyphen or the like, no hyphen added."""
    return [(index + 1, False) for index in range(len(word) - 1) if word[index] in URL_BREAKS]


def split_word(word: str, room: float, measure: Callable[[str], float], style: Style,
               generator: random.Random, alone: bool) -> tuple[str, str] | None:
    """``word`` cut into what still fits ``room`` and the rest, or ``None`` to move it to the next line whole.
    ``alone``: the word would begin its line, so a URL that does not fit is broken whatever happens."""
    url = bool(URL.search(word))
    if url:
        if not alone and generator.random() >= style.url_breaks:
            return None
        points = url_points(word)
    else:
        if generator.random() >= style.hyphenation:
            return None
        points = hyphenation_points(word)
    fitting = [(index, hyphen) for index, hyphen in points if measure(word[:index] + "-" * hyphen) <= room]
    if fitting:
        index, hyphen = fitting[-1]
        return word[:index] + "-" * hyphen, word[index:]
    if url and alone:  # no break point early enough: break between characters, as a URL package would
        index = max(1, max((length for length in range(1, len(word)) if measure(word[:length]) <= room), default=1))
        return word[:index], word[index:]
    return None


def wrap(words: list[str], first_start: float, other_start: float, style: Style,
         generator: random.Random) -> list[Line]:
    """``words`` filled greedily into lines of the column by their measured widths."""
    font = load_font(style.font)

    def measure(text: str) -> float:
        return font.width(text, style.size)

    space = measure(" ")
    lines: list[Line] = []
    current: list[str] = []
    width, start = 0.0, first_start
    queue = deque(words)
    while queue:
        word = queue.popleft()
        room = style.column - start - (width + space if current else 0.0)
        if measure(word) <= room:
            width += (space if current else 0.0) + measure(word)
            current.append(word)
            continue
        pieces = split_word(word, room, measure, style, generator, alone=not current)
        if pieces:
            head, tail = pieces
            width += (space if current else 0.0) + measure(head)
            current.append(head)
            queue.appendleft(tail)
        elif current:
            queue.appendleft(word)
        else:  # a word longer than the line that cannot be broken runs into the margin
            current, width = [word], measure(word)
        lines.append(Line(" ".join(current), start, width, stretch=style.justified))
        current, width, start = [], 0.0, other_start
    if current:
        lines.append(Line(" ".join(current), start, width))
    return lines


def typeset_reference(text: str, number: int, widest: str, style: Style, generator: random.Random) -> list[Line]:
    """The lines of one reference (``number``: its place in the section; ``widest``: the section's widest label)."""
    font, em = load_font(style.font), style.size
    words = text.split(" ")
    if style.layout != "numbered":
        first = style.indent * em if style.layout == "first-line" else 0.0
        other = style.indent * em if style.layout == "hanging" else 0.0
        return wrap(words, first, other, style, generator)
    label = style.number_format.format(number)
    if not style.label_column:
        return wrap([label, *words], 0.0, 0.0, style, generator)
    label_width = font.width(label, em)
    text_start = font.width(widest, em) + 0.6 * em
    label_start = text_start - 0.6 * em - label_width if style.label_right else 0.0
    lines = wrap(words, text_start, text_start, style, generator)
    first = lines[0]
    lines[0] = Line(f"{label} {first.text}", label_start, first.width + text_start - label_start, stretch=first.stretch)
    return lines


def furniture(style: Style, page: int, surnames: list[str], generator: random.Random) -> tuple[list[Line], list[Line]]:
    """The furniture of a page break before ``page``: the lines at the foot of the page before, and at the head
    of ``page``."""
    font, em, column = load_font(style.font), style.size, style.column

    def placed(text: str, where: str, kind: str) -> Line:
        width = font.width(text, em)
        start = {"left": 0.0, "centre": (column - width) / 2, "right": column - width}[where]
        return Line(text, max(0.0, start), width, page=page, kind=kind)

    printed = page + style.page_offset
    fields = {"journal": generator.choice(JOURNALS), "volume": generator.randint(1, 120),
              "issue": generator.randint(1, 12), "year": generator.randint(1960, 2024), "page": printed,
              "first": 1 + style.page_offset, "last": printed + generator.randint(1, 20),
              "total": page + generator.randint(1, 20), "host": generator.choice(HOSTS)}
    name, other = generator.choice(surnames), generator.choice(surnames)
    kind = style.running_head
    if kind == "alternate":
        kind = "authors" if printed % 2 == 0 else "journal"
    head = None
    if kind == "journal":
        head = generator.choice(JOURNAL_HEADS).format(upper=fields["journal"].upper(), **fields)
    elif kind == "authors":
        head = generator.choice(AUTHOR_HEADS).format(name=name, other=other, upper=name.upper())
    foot, top = [], []
    if style.footer:
        foot.append(placed(style.footer.format(**fields), generator.choice(["left", "centre"]), "foot"))
    if style.page_number == "bottom":
        foot.append(placed(str(printed - 1), "centre", "foot"))
    if head and style.page_number == "glued":
        even = printed % 2 == 0
        top.append(placed(f"{printed} {head}" if even else f"{head} {printed}", "left" if even else "right",
                          "head"))
    elif head:
        top.append(placed(head, "centre", "head"))
    if style.page_number == "top" or style.page_number == "glued" and not head:
        top.append(placed(str(printed), "left" if printed % 2 == 0 else "right", "number"))
    for line in foot:
        line.page, line.column = page - 1, style.columns
    return foot, top


def paginate(lines: list[Line], style: Style, surnames: list[str], generator: random.Random,
             furniture_inside: bool = True) -> list[Line]:
    """``lines`` with their pages and columns, and the furniture of each page break set at the break
    (``furniture_inside``) or else at the first break between references after it."""
    page, column, room = style.first_page, style.first_column, style.first_page_lines
    placed: list[Line] = []
    pending: list[Line] = []
    previous_reference = None
    for line in lines:
        starts_reference = line.reference is not None and line.reference != previous_reference
        new_page = False
        if room == 0 and column < style.columns:
            column, room = column + 1, style.page_lines
        elif room == 0:
            foot, top = furniture(style, page + 1, surnames, generator)
            pending += foot + top
            page, column, room, new_page = page + 1, 1, style.page_lines - len(top), True
        if pending and (furniture_inside or starts_reference or line.reference is None):
            if not new_page:  # set late, after the reference the break fell in: where that reference ends
                for extra in pending:
                    extra.page, extra.column = page, column
            placed += pending
            pending = []
        line.page, line.column = page, column
        placed.append(line)
        room = max(0, room - 1)
        previous_reference = line.reference
    for extra in pending:
        extra.page, extra.column = page, column
    return placed + pending


def gap_above(line: Line, previous: Line | None, style: Style) -> float | None:
    """The white space between the bottom of ``previous`` and the top of ``line``, in font sizes; ``None`` when
    ``line`` is the first of its page or column (or of the block)."""
    if previous is None or (previous.page, previous.column) != (line.page, line.column):
        return None
    between_lines = style.leading - 1
    if line.kind == "foot":
        return between_lines if previous.kind == "foot" else style.foot_space
    if previous.kind == "heading":
        return style.heading_space
    if previous.kind in ("head", "number"):
        return between_lines if line.kind == "number" else style.head_space
    if line.reference is not None and line.reference != previous.reference:
        return between_lines + style.reference_space
    return between_lines


def line_labels(lines: list[Line]) -> list[str]:
    """``start``, ``continue`` or ``other`` (furniture) for each line."""
    labels, seen = [], set()
    for line in lines:
        if line.reference is None:
            labels.append("other")
        else:
            labels.append("continue" if line.reference in seen else "start")
            seen.add(line.reference)
    return labels


def assemble(identifier: str, lines: list[Line], style: Style) -> dict:
    """The record of typeset lines: block, references, spans, labels and the geometry of each line."""
    em, column = style.size, style.column
    texts, fill, indent, gap, page = [], [], [], [], []
    previous = None
    for line in lines:
        leading = ""
        if style.indent_in_text and line.reference is not None and line.start > 0:
            leading = " " * max(1, round(line.start / em / 0.5))
        texts.append(leading + line.text)
        width = max(line.width, column - line.start) if line.stretch else line.width
        fill.append(round(width / column, 4))
        indent.append(round(line.start / em, 3))
        space = gap_above(line, previous, style)
        gap.append(None if space is None else round(space, 3))
        page.append(line.page)
        previous = line
    block = "\n".join(texts)
    bounds: dict[int, list[int]] = {}
    own_lines: dict[int, list[str]] = {}
    offset = 0
    for text, line in zip(texts, lines):
        if line.reference is not None:
            start = offset + len(text) - len(text.lstrip(" "))
            bounds.setdefault(line.reference, [start, offset + len(text)])[1] = offset + len(text)
            own_lines.setdefault(line.reference, []).append(text)
        offset += len(text) + 1
    spans = [{"start": start, "end": end} for start, end in bounds.values()]
    references = [" ".join(" ".join(pieces).split()) for pieces in own_lines.values()]
    return {"id": identifier, "block": block, "references": references, "spans": spans,
            "labels": line_labels(lines), "fill": fill, "indent": indent, "gap": gap, "page": page}


def render_section(texts: list[str], style: Style, generator: random.Random, identifier: str,
                   furniture_inside: bool = True, alphabetical: bool = True) -> dict:
    """One section of ``texts`` (prepared by :func:`prepare`) typeset in ``style``; ``furniture_inside``: the
    furniture of a page break that falls inside a reference is set there (else after that reference);
    ``alphabetical``: an unnumbered list is sorted (else it keeps the order of ``texts``)."""
    if style.layout != "numbered" and alphabetical:
        texts = sorted(texts, key=str.casefold)  # author-year lists are alphabetical
    widest = style.number_format.format(len(texts))
    lines: list[Line] = []
    if style.heading:
        width = load_font(style.font).width(style.heading, style.size)
        start = 0.0 if generator.random() < 0.7 else (style.column - width) / 2
        lines.append(Line(style.heading, start, width, kind="heading"))
    printed = 0
    for number, text in enumerate(texts, start=1):
        printed = _next_number(printed, generator)
        for line in typeset_reference(text, printed, widest, style, generator):
            line.reference = number
            lines.append(line)
    surnames = [match.group(1) for text in texts for word in text.split(" ")[:4]
                if (match := SURNAME.match(word))] or ["Smith"]
    return assemble(identifier, paginate(lines, style, surnames, generator, furniture_inside), style)


def _next_number(last: int, generator: random.Random) -> int:
    """The number printed before the next reference: lists have gaps (a reference dropped in revision) and
    repeats now and then."""
    draw = generator.random()
    return last + 2 + (draw < 0.005) if draw < 0.02 else last if draw < 0.03 and last else last + 1


def render_sections(texts: list[str], *, seed: int, source: str, layout: str = "mixed",
                    size: tuple[int, int] = (15, 45), furniture_inside: bool = True,
                    unsorted: float = 0.0) -> Iterator[dict]:
    """Sections typeset from ``texts`` (one reference each), without end: take as many as needed
    (``itertools.islice``). Each holds ``size`` references (a range, drawn), taken in a seeded shuffled order
    that uses every text once before any is used again. Ids are ``synth-{source}-{seed}-{index}``.
    ``furniture_inside``: as for :func:`render_section`; ``unsorted``: the share of unnumbered sections left
    in the drawn order, as lists ordered by citation are (drawn apart, so that the sections are otherwise the
    same whatever the share)."""
    prepared = [text for text in map(prepare, texts) if text]
    if not prepared:
        raise ValueError(f"{source}: no references to typeset")
    if layout != "mixed" and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)} or mixed")
    generator = random.Random(f"{source}:{seed}")
    order: list[str] = []
    for index in itertools.count():
        count = generator.randint(*size)
        while len(order) < count:
            shuffled = prepared[:]
            generator.shuffle(shuffled)
            order += shuffled
        chosen, order = order[:count], order[count:]
        section_generator = random.Random(f"{source}:{seed}:{index}")
        style = draw_style(section_generator, layout)
        alphabetical = random.Random(f"{source}:{seed}:{index}:order").random() >= unsorted
        yield render_section(chosen, style, section_generator, f"synth-{source}-{seed}-{index}", furniture_inside,
                             alphabetical)


def source_name(path: Path) -> str:
    """``anystyle-train`` for ``.../anystyle/train.jsonl``, ``seed-styles`` for ``data/seed-styles.jsonl``."""
    return f"{path.parent.name}-{path.stem}" if path.stem in ("train", "dev", "test") else path.stem


def read_texts(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    texts = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                texts.append(json.loads(line)["text"])
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{path}, line {number}: not a JSON object with a \"text\" field") from None
    return texts


def share(text: str) -> float:
    """A command-line share, from 0 to 1."""
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text}: give a share from 0 to 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.synth_sections", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sections-per-file", type=int, metavar="N",
                        help="sections from each file (default: as many as use each reference about once)")
    parser.add_argument("--layout", choices=["numbered", "flush", "hanging", "mixed"], default="mixed")
    parser.add_argument("--furniture-after-references", dest="furniture_inside", action="store_false",
                        help="set the furniture of a page break inside a reference after that reference ends")
    parser.add_argument("--unsorted", type=share, default=0.0, metavar="SHARE",
                        help="the share of unnumbered sections left in citation order instead of alphabetical")
    args = parser.parse_args(argv)
    sections = lines = references = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for path in args.files:
            texts = read_texts(path)
            count = args.sections_per_file or max(1, round(len(texts) / 30))
            sections_of_file = render_sections(texts, seed=args.seed, source=source_name(path), layout=args.layout,
                                               furniture_inside=args.furniture_inside, unsorted=args.unsorted)
            for record in itertools.islice(sections_of_file, count):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                sections += 1
                lines += len(record["page"])
                references += len(record["spans"])
    print(f"{args.out}: {sections:,} sections, {references:,} references, {lines:,} lines")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.synth_sections"))
