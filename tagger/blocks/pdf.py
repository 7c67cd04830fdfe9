"""Reading the text lines of a PDF, or of a whole paper as plain text, and finding its reference section.

:func:`read_pdf_lines` reads every line of a PDF in reading order with pdfium: the words of pdfium's page text,
measured at their ends, make fragments (words close together on one line), and a page whose fragments leave a
vertical gutter free is read column by column, left to right; lines that cross a gutter (a title, a running
head, a page number centred below two columns) cut the page into bands that are read in turn. Fragments of a
column that stand on one line make a line, joined with a space.

:func:`reference_section` takes those lines, drops the page furniture (running heads and feet that recur
on several pages, page numbers, all in the page's top or bottom margin band), finds the last reference
heading and returns the lines up to the heading that ends the list (an appendix, acknowledgements) as
:class:`~tagger.blocks.layout.SectionLine`, measured against the line's column. :func:`text_reference_section`
does the same for a paper as plain text, which has no geometry.
"""

from __future__ import annotations

import ctypes
import dataclasses
import itertools
import math
import os
import re
from collections import Counter, defaultdict
from statistics import median
from typing import NamedTuple

import numpy
import pypdfium2
import pypdfium2.raw as pdfium_c

from tagger.blocks.headings import PAGE_NUMBER, ends_section, is_heading
from tagger.blocks.layout import SectionLine
from tagger.errors import PdfError

# A word ends at whitespace, or just after the mark pdfium puts for a hyphen at a line end (U+0002 in 4.x,
# U+FFFE in 5.x): pdfium runs the word's next-line half on in its text, but it stands on the next line.
LINE_END_HYPHENS = "\x02\ufffe"
WORD = re.compile(r"[^\s\x02\ufffe]*[\x02\ufffe]|[^\s\x02\ufffe]+")
# Words further apart than this share of their height (about a font size) are different fragments: a gutter,
# a number label's tab.
FRAGMENT_GAP = 0.9
# A reference heading with fewer lines of text after it (before the next end heading) heads no reference list.
MIN_SECTION_LINES = 2
# A line in the top or bottom share of the page this large may be page furniture.
MARGIN_BAND = 0.1
# ... and keeps at least this many font sizes away from the text.
FURNITURE_GAP = 0.6
# A running head recurs on at least this share of the pages (and on two at least).
RUNNING_HEAD_SHARE = 0.3
# Page furniture in a plain-text paper without form feeds: a line that recurs at least this often.
RECURRING_LINES = 3


@dataclasses.dataclass(frozen=True)
class PdfLine:
    """One text line of a PDF page; coordinates in points, measured from the page's top-left corner.

    ``font_size`` is the size of the line's main font (the one most of its characters use).
    ``column`` is the line's column on its page counted from the left (0 for a page of one column), -1 for a
    line that crosses the gutter of a page of several columns; ``column_left`` and ``column_right`` bound that
    column (for a crossing line, all the page's text).
    """

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    font_size: float
    column: int
    column_left: float
    column_right: float
    page_width: float
    page_height: float


@dataclasses.dataclass(frozen=True)
class _Fragment:
    """A run of text in one font on one line (a pdfium text rectangle), top-down coordinates."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclasses.dataclass(frozen=True)
class _Column:
    """A column's text edges, and the stretch of the page it owns: out to the middle of the gutters beside it."""

    left: float
    right: float
    start: float = -numpy.inf
    end: float = numpy.inf


# A page as read: its fragments, its width and its height.
_Page = tuple[list[_Fragment], float, float]


def read_pdf_lines(path: str | os.PathLike[str]) -> list[PdfLine]:
    """Every text line of the PDF at ``path``, in reading order (page by page, column by column).

    Raises :class:`~tagger.errors.PdfError` when the file is missing, damaged or not a PDF, needs a password,
    or has no text on any page (a scan without a text layer).
    """
    pages, drawn = _read_fragments(path)
    if not any(fragments for fragments, _, _ in pages):
        if not drawn:
            raise PdfError(f"{path}: has nothing on any page ({len(pages)} empty page{'s' * (len(pages) != 1)}): "
                           "no text to find references in")
        raise PdfError(f"{path}: has no text layer (a scanned PDF?); run OCR on it first (e.g. ocrmypdf) or "
                       "paste its reference section as text")
    layouts = [_page_columns(fragments, width) for fragments, width, _ in pages]
    typical = _typical_layout(layouts, pages)
    lines = []
    for number, ((fragments, width, height), columns) in enumerate(zip(pages, layouts), start=1):
        if typical and _fits(fragments, typical) and (len(columns) != len(typical) or _few_lines(fragments, columns)):
            columns = typical
        lines.extend(_page_lines(fragments, columns, number, width, height))
    return lines


def _read_fragments(path: str | os.PathLike[str]) -> tuple[list[_Page], bool]:
    """Each page's text fragments, width and height, and whether any page holds anything at all (text, an
    image, a path); pdfium's failures become :class:`PdfError`."""
    if not os.path.isfile(path):
        raise PdfError(f"{path}: no such file")
    try:
        document = pypdfium2.PdfDocument(os.fspath(path))
    except pypdfium2.PdfiumError as error:
        raise PdfError(f"{path}: {_load_failure(error)}") from None
    try:
        pages, drawn = [], False
        for index in range(len(document)):
            page = document[index]
            try:
                left, bottom, right, top = page.get_bbox()
                textpage = page.get_textpage()
                pages.append((_fragments(textpage, left, top), right - left, top - bottom))
                textpage.close()
                drawn = drawn or pdfium_c.FPDFPage_CountObjects(page.raw) > 0
            finally:
                page.close()
        return pages, drawn
    except pypdfium2.PdfiumError as error:
        raise PdfError(f"{path}: is damaged ({error}); repair it (e.g. qpdf or print it to a new PDF) or paste "
                       "its reference section as text") from None
    finally:
        document.close()


def _load_failure(error: pypdfium2.PdfiumError) -> str:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "is encrypted with a password; save an unprotected copy (e.g. qpdf --decrypt) and read that"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "uses an encryption pdfium cannot open; save an unprotected copy (e.g. qpdf --decrypt) and read that"
    return ("is damaged or not a PDF; check that the file is complete (a download may have stopped early) or "
            "paste its reference section as text")


class _Word(NamedTuple):
    """A word as pdfium's page text has it, with its loose box (top-down) and its first character's index."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    index: int
    line_start: bool


def _fragments(textpage: pypdfium2.PdfTextPage, page_left: float, page_top: float) -> list[_Fragment]:
    """The page's text as fragments: runs of words that pdfium put on one line and that stand close together
    (further apart than about a font size, they are a column's end and the next column's start, or a number
    label and its reference)."""
    fragments = []
    group: list[_Word] = []
    right = 0.0
    for word in _words(textpage, page_left, page_top):
        if group and not word.line_start and _beside(group[-1], right, word):
            group.append(word)
            right = max(right, word.x1)
            continue
        if group:
            fragments.append(_fragment(textpage, group))
        group, right = [word], word.x1
    if group:
        fragments.append(_fragment(textpage, group))
    return [fragment for fragment in fragments if not _vertical(fragment)]


def _words(textpage: pypdfium2.PdfTextPage, page_left: float, page_top: float) -> list[_Word]:
    """The page's words, measured by their first and last characters from the page's top-left corner.

    Asking pdfium for text by rectangle or for the character at a point searches the whole page each time, so
    the page's text is read in one call and only the ends of each word are measured; their loose boxes span the
    font's height, the same for every word of a font whatever its letters. (pdfium puts a space in its text
    wherever letters stand a fifth of a font size apart or more.)
    """
    raw, text = textpage.raw, _page_text(textpage)
    box = pdfium_c.FS_RECTF()
    box_reference, loose_box = ctypes.byref(box), pdfium_c.FPDFText_GetLooseCharBox  # bound once: ~1 µs a word
    words = []
    previous_end = 0
    for word in WORD.finditer(text):
        first, last = word.span()
        if not loose_box(raw, first, box_reference):
            continue
        x0, top, bottom = box.left - page_left, page_top - box.top, page_top - box.bottom
        if last - first > 1:
            loose_box(raw, last - 1, box_reference)
        x1 = max(box.right - page_left, x0)
        line_start = "\n" in text[previous_end:first] or (first > 0 and text[first - 1] in LINE_END_HYPHENS)
        previous_end = last
        words.append(_Word(word.group(), x0, x1, top, bottom, first, line_start))
    return words


def _beside(before: _Word, x1: float, word: _Word) -> bool:
    """Whether ``word`` continues the fragment that ends at ``x1`` with ``before``: next to it on its line."""
    height = before.bottom - before.top
    if not -height < word.x0 - x1 <= FRAGMENT_GAP * height:
        return False
    overlap = min(before.bottom, word.bottom) - max(before.top, word.top)
    return overlap >= 0.5 * min(height, word.bottom - word.top)


def _fragment(textpage: pypdfium2.PdfTextPage, words: list[_Word]) -> _Fragment:
    """Words as one fragment; its height and font size are those of its middle word (not of a bullet or a
    number label in a smaller font before it)."""
    middle = words[len(words) // 2]
    size = _font_size(textpage.raw, middle.index, middle.bottom - middle.top)
    return _Fragment(_clean(" ".join(word.text for word in words)), words[0].x0, max(word.x1 for word in words),
                     middle.top, middle.bottom, size)


def _page_text(textpage: pypdfium2.PdfTextPage) -> str:
    """The page's characters, one string character per pdfium character (so that indices agree)."""
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    text = textpage.get_text_range()
    if len(text) != count:  # pdfium expanded or merged some characters: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index) or 0xFFFD) for index in range(count))
    return text


def _font_size(raw: object, index: int, height: float) -> float:
    """The font size of a character, or its box's height where pdfium's size is not in points (a size of 1
    that the text matrix scales)."""
    size = pdfium_c.FPDFText_GetFontSize(raw, index)
    return size if 0.5 * height <= size <= 2 * height else height


def _vertical(fragment: _Fragment) -> bool:
    """Rotated text: an arXiv stamp in the margin, a table turned sideways."""
    height = fragment.bottom - fragment.top
    return len(fragment.text) > 2 and height > 2.5 * fragment.size and height > fragment.x1 - fragment.x0


def _clean(text: str) -> str:
    # pdfium marks a hyphen it found at a line end with U+0002 (4.x) or U+FFFE (5.x): the hyphen as printed;
    # whether it splits a word is decided where the lines are joined.
    return text.replace("\x02", "-").replace("\ufffe", "-")


def _page_columns(fragments: list[_Fragment], width: float) -> list[_Column]:
    """The page's columns, from the vertical gutters that (almost) no text crosses: bins of one point across
    the page hold the height of the text over them, and a run of nearly empty bins at least a font size wide,
    with a column of at least a sixth of the text's width and three lines on either side, is a gutter."""
    if not fragments:
        return [_Column(0.0, width)]
    left = min(fragment.x0 for fragment in fragments)
    right = max(fragment.x1 for fragment in fragments)
    bins = int(right - left) + 2
    cover = numpy.zeros(bins + 1)
    for fragment in fragments:
        cover[int(fragment.x0 - left)] += fragment.bottom - fragment.top
        cover[int(fragment.x1 - left) + 1] -= fragment.bottom - fragment.top
    cover = numpy.cumsum(cover)[:bins]
    font_size = median(fragment.size for fragment in fragments)
    empty = cover <= 0.1 * cover.max()
    gutters, start = [], 0
    for gutter_start, gutter_end in _runs(empty):
        if gutter_end - gutter_start < font_size or min(gutter_start - start, bins - gutter_end) < (right - left) / 6:
            continue
        left_rows = {round(f.top) for f in fragments if f.x1 <= left + gutter_start + 1 and f.x0 >= left + start - 1}
        right_rows = {round(f.top) for f in fragments if f.x0 >= left + gutter_end - 1}
        if min(len(left_rows), len(right_rows)) < 3:
            continue  # a gap in a line or two (a label and its text, a table's cells) is no gutter
        gutters.append((left + gutter_start, left + gutter_end))
        start = gutter_end
    edges = [left, *(edge for gutter in gutters for edge in gutter), right]
    middles = [-numpy.inf, *((gutter_start + gutter_end) / 2 for gutter_start, gutter_end in gutters), numpy.inf]
    return [_Column(edges[2 * index], edges[2 * index + 1], middles[index], middles[index + 1])
            for index in range(len(gutters) + 1)]


def _runs(flags: numpy.ndarray) -> list[tuple[int, int]]:
    """The [start, end) index ranges of the runs of True in ``flags``."""
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], flags.astype(int), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _typical_layout(layouts: list[list[_Column]], pages: list[_Page]) -> list[_Column] | None:
    """The columns most full pages share, for pages with too few lines to show theirs (a last page with a few
    references in its left column would otherwise measure them against themselves)."""
    full = [columns for columns, (fragments, _, _) in zip(layouts, pages) if not _few_lines(fragments, columns)]
    if not full:
        return None
    counts = Counter(tuple((round(c.left / 5), round(c.right / 5)) for c in columns) for columns in full)
    key = counts.most_common(1)[0][0]
    return next(columns for columns in full
                if tuple((round(c.left / 5), round(c.right / 5)) for c in columns) == key)


def _few_lines(fragments: list[_Fragment], columns: list[_Column]) -> bool:
    """Whether some column of the page holds fewer than ten lines' worth of text."""
    rows = [set() for _ in columns]
    for fragment in fragments:
        index = _column_of(fragment, columns)
        if index >= 0:
            rows[index].add(round(fragment.bottom))
    return min(len(row) for row in rows) < 10


def _fits(fragments: list[_Fragment], columns: list[_Column]) -> bool:
    return all(_column_of(fragment, columns) >= 0 for fragment in fragments)


def _column_of(fragment: _Fragment, columns: list[_Column]) -> int:
    """The index of the column holding the fragment, -1 if it crosses the middle of a gutter."""
    for index, column in enumerate(columns):
        if fragment.x0 >= column.start and fragment.x1 <= column.end:
            return index
    return -1


def _page_lines(fragments: list[_Fragment], columns: list[_Column], page: int, width: float,
                height: float) -> list[PdfLine]:
    """The page's lines in reading order: the lines that cross gutters cut the page into bands, and each band
    is read column by column."""
    by_column: dict[int, list[_Fragment]] = defaultdict(list)
    for fragment in fragments:
        by_column[_column_of(fragment, columns)].append(fragment)
    crossing = _group_lines(by_column.pop(-1, []))
    cut_tops = [line[0].top for line in crossing]
    bands: dict[tuple[int, int], list[_Fragment]] = defaultdict(list)
    for index, column_fragments in by_column.items():
        for fragment in column_fragments:
            bands[sum(top <= fragment.top for top in cut_tops), index].append(fragment)
    bounds = {index: (column.left, column.right) for index, column in enumerate(columns)}
    bounds[-1] = (columns[0].left, columns[-1].right)
    lines = []
    for band in range(len(crossing) + 1):
        for index in range(len(columns)):
            for line in _group_lines(bands.get((band, index), [])):
                lines.append(_line(line, page, index, bounds[index], width, height))
        if band < len(crossing):
            lines.append(_line(crossing[band], page, -1, bounds[-1], width, height))
    return lines


def _group_lines(fragments: list[_Fragment]) -> list[list[_Fragment]]:
    """Fragments grouped into lines, top to bottom, each line's fragments left to right: a fragment joins a
    line whose box overlaps at least half of the smaller of the two heights (a superscript joins its line)."""
    lines: list[list[_Fragment]] = []
    boxes: list[tuple[float, float]] = []
    for fragment in sorted(fragments, key=lambda fragment: (fragment.top + fragment.bottom) / 2):
        for index in range(len(lines) - 1, max(len(lines) - 3, -1), -1):
            top, bottom = boxes[index]
            overlap = min(bottom, fragment.bottom) - max(top, fragment.top)
            if overlap >= 0.5 * min(bottom - top, fragment.bottom - fragment.top):
                lines[index].append(fragment)
                break
        else:
            lines.append([fragment])
            boxes.append((fragment.top, fragment.bottom))
    return [sorted(line, key=lambda fragment: fragment.x0) for line in lines]


def _line(fragments: list[_Fragment], page: int, column: int, bounds: tuple[float, float], width: float,
          height: float) -> PdfLine:
    """One line from its fragments, left to right: joined with a space where they stand apart."""
    text = fragments[0].text
    for before, fragment in zip(fragments, fragments[1:]):
        apart = fragment.x0 - before.x1 > 0.15 * min(before.size, fragment.size)
        text += " " + fragment.text if apart else fragment.text
    main = Counter()
    for fragment in fragments:
        main[fragment.size] += len(fragment.text)
    size = main.most_common(1)[0][0]
    body = [fragment for fragment in fragments if fragment.size == size]
    return PdfLine(text=text, page=page, x0=fragments[0].x0, x1=max(fragment.x1 for fragment in fragments),
                   top=min(fragment.top for fragment in body), bottom=max(fragment.bottom for fragment in body),
                   font_size=size, column=column, column_left=bounds[0], column_right=bounds[1], page_width=width,
                   page_height=height)


def reference_section(lines: list[PdfLine]) -> list[SectionLine] | None:
    """The lines of the reference section among a PDF's ``lines`` (from :func:`read_pdf_lines`), in order.

    The section starts after the last line that is a reference heading (References, Bibliography,
    Literaturverzeichnis, Список литературы, 参考文献, ..., numbered or in spaced capitals) and ends before the
    next heading that ends a reference list (Appendix, Supplementary ..., Acknowledgements, ...) or at the end of
    the document. Running heads, running feet and page numbers are left out. ``fill`` and ``indent`` are
    measured against the line's column, ``gap`` from the section's previous line in the same page and column
    (``None`` for the first one there).

    Returns ``None`` when no reference heading is found: whether the whole text is then one reference list,
    or none, is for the caller to decide.
    """
    body = [line for line, furniture in zip(lines, _furniture(lines)) if not furniture]
    bounds = _section_bounds([line.text for line in body])
    return None if bounds is None else _section_lines(body[bounds[0]:bounds[1]])


def whole_document(lines: list[PdfLine]) -> list[SectionLine]:
    """All of a PDF's ``lines`` but the page furniture, measured as :func:`reference_section` measures a
    section's: for a caller that found no heading and looks for references everywhere."""
    return _section_lines([line for line, furniture in zip(lines, _furniture(lines)) if not furniture])


def _furniture(lines: list[PdfLine]) -> list[bool]:
    """Whether each line is a running head or foot or a page number: it stands in the page's top or bottom
    margin band, above or below all the page's other text, and is a page number or, digits aside, recurs in
    the band of another page."""
    in_band = [line.top < MARGIN_BAND * line.page_height or line.bottom > (1 - MARGIN_BAND) * line.page_height
               for line in lines]
    pages: dict[str, set[int]] = defaultdict(set)
    for line, band in zip(lines, in_band):
        if band:
            pages[_without_digits(line.text)].add(line.page)
    least = _least_recurrence(len({line.page for line in lines}))
    candidate = [band and (bool(PAGE_NUMBER.match(line.text))
                           or _recurs(line.text, len(pages[_without_digits(line.text)]), least))
                 for line, band in zip(lines, in_band)]
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        by_page[line.page].append(index)
    furniture = [False] * len(lines)
    for indices in by_page.values():
        from_top = sorted(indices, key=lambda index: lines[index].top)
        from_bottom = sorted(indices, key=lambda index: -lines[index].bottom)
        for index in _edge_run(from_top, lines, candidate, lambda line: line.top, lambda line: line.bottom):
            furniture[index] = True
        for index in _edge_run(from_bottom, lines, candidate, lambda line: -line.bottom, lambda line: -line.top):
            furniture[index] = True
    return furniture


def _edge_run(order: list[int], lines: list[PdfLine], candidate: list[bool], near, far) -> list[int]:
    """The candidates at the page's edge (``order`` walks in from it) up to the last one that stands apart
    from the line after it: page furniture keeps its distance from the text, a recurring line of text
    does not."""
    run: list[int] = []
    reach = -numpy.inf
    for position, index in enumerate(order):
        if not candidate[index]:
            break
        reach = max(reach, far(lines[index]))
        following = order[position + 1] if position + 1 < len(order) else None
        if following is None or near(lines[following]) - reach >= FURNITURE_GAP * lines[index].font_size:
            run = order[:position + 1]
    return run


def _without_digits(text: str) -> str:
    return " ".join(re.sub(r"\d+", " ", text).casefold().split())


def _least_recurrence(pages: int) -> int:
    """On how many pages a running head recurs at least: on two, and on nearly a third of them (a head may
    alternate between two texts); a line of a reference that happens to start or end two pages does not."""
    return max(2, math.ceil(RUNNING_HEAD_SHARE * pages))


def _recurs(text: str, count: int, least: int) -> bool:
    """Whether a line that comes ``count`` times is a running head: a wrapped "2001." or "pp. 1-10." that
    starts two pages is not, so it needs three letters besides."""
    return count >= least and sum(char.isalpha() for char in text) >= 3


def _section_bounds(texts: list[str]) -> tuple[int, int] | None:
    """Where the reference section's lines start and end: after the last reference heading whose section holds
    some text (a "References" line in an appendix's table heads nothing), up to the heading that ends it."""
    for start in range(len(texts) - 1, -1, -1):
        if is_heading(texts[start]):
            end = next((index for index in range(start + 1, len(texts)) if ends_section(texts[index])), len(texts))
            if sum(bool(text.strip()) for text in texts[start + 1:end]) >= MIN_SECTION_LINES:
                return start + 1, end
    return None


def _section_lines(lines: list[PdfLine]) -> list[SectionLine]:
    section = []
    previous: dict[tuple[int, int], PdfLine] = {}
    for line in lines:
        width = line.column_right - line.column_left
        above = previous.get((line.page, line.column))
        section.append(SectionLine(
            text=line.text,
            fill=round((line.x1 - line.x0) / width, 3) if width > 0 else 1.0,
            indent=round((line.x0 - line.column_left) / line.font_size, 3),
            gap=round((line.top - above.bottom) / line.font_size, 3) if above else None,
            page=line.page))
        previous[line.page, line.column] = line
    return section


def text_reference_section(text: str) -> list[SectionLine] | None:
    """The lines of the reference section of a whole paper given as plain text (e.g. ``pdftotext`` output).

    Headings as for :func:`reference_section`. Page numbers and running heads are left out where they look
    like page furniture: with form feeds (``\\f``) between pages, a page number, a line that recurs (digits
    aside) on a third of the pages, or a reference heading atop one of the two pages after one (a running
    head), among the first or last two lines of a page with only such lines between it and the page's edge;
    without form feeds, a page number between blank lines and a line that recurs at least three times, each
    time between blank lines. Blank lines stay inside the section (they may separate references) except those beside
    furniture; the section's first and last blank lines go.
    Lines carry no geometry; ``page`` counts form feeds from 1, ``None`` when the text has none.

    Returns ``None`` when no reference heading is found.
    """
    paged = "\f" in text
    numbered = text_lines(text)
    if paged:
        furniture = _paged_furniture(text.split("\f"))
    else:
        furniture = _unpaged_furniture([line for line, _ in numbered])
    kept = _drop_furniture(numbered, furniture)
    bounds = _section_bounds([line.strip() for line, _ in kept])
    if bounds is None:
        return None
    section = kept[bounds[0]:bounds[1]]
    while section and not section[0][0].strip():
        section.pop(0)
    while section and not section[-1][0].strip():
        section.pop()
    return [SectionLine(text=line, page=page) for line, page in section]


def text_lines(text: str) -> list[tuple[str, int | None]]:
    """The lines of a paper's plain text, each with its page: form feeds counted from 1, ``None`` when the text
    has none."""
    paged = "\f" in text
    return [(line.rstrip("\r"), number if paged else None)
            for number, page in enumerate(text.split("\f"), start=1) for line in _text_page_lines(page)]


def _text_page_lines(page: str) -> list[str]:
    """A page's lines. The line break that ends the page's last line (``pdftotext`` writes ``line\\n\\f``) makes
    no blank line: a blank line may end a reference, and a page break inside one must not."""
    lines = page.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _drop_furniture(numbered: list[tuple[str, int | None]], furniture: list[bool]) -> list[tuple[str, int | None]]:
    """The lines that are not furniture nor blank lines beside furniture."""
    blank = [not line.strip() for line, _ in numbered]
    dropped = list(furniture)
    for index, is_furniture in enumerate(furniture):
        if not is_furniture:
            continue
        for step in (-1, 1):
            beside = index + step
            while 0 <= beside < len(numbered) and (blank[beside] or furniture[beside]):
                dropped[beside] = True
                beside += step
    return [entry for entry, drop in zip(numbered, dropped) if not drop]


def _paged_furniture(pages: list[str]) -> list[bool]:
    """Per line of all pages: the page numbers and running heads that open or close a page (among its first or
    last two lines, with nothing but furniture between them and the page's edge)."""
    edges = []
    for page in pages:
        lines = _text_page_lines(page)
        filled = [index for index, line in enumerate(lines) if line.strip()]
        top, edge = set(filled[:2]), set(filled[:2] + filled[-2:])
        edges.append([(line, index in edge, index in top, is_heading(line)) for index, line in enumerate(lines)])
    recurring = Counter(key for page in edges for key in {_without_digits(line) for line, edge, *_ in page if edge})
    least = _least_recurrence(len(pages))
    furniture = []
    heading_page = -10  # the last page a reference heading stood on
    for number, page in enumerate(edges):
        # A reference heading atop a page one or two pages after another is a running head ("Bibliography" over
        # the pages of the references, on every page or every other), and only there: recurring, it may be a
        # table of contents' line and the section's heading.
        candidate = [edge and (bool(PAGE_NUMBER.match(line))
                               or (top and 1 <= number - heading_page <= 2 if heading
                                   else _recurs(line, recurring[_without_digits(line)], least)))
                     for line, edge, top, heading in page]
        if any(heading for *_, heading in page):
            heading_page = number
        filled = [index for index, (line, *_) in enumerate(page) if line.strip()]
        kept = set(itertools.takewhile(candidate.__getitem__, filled))
        kept |= set(itertools.takewhile(candidate.__getitem__, reversed(filled)))
        furniture.extend(index in kept for index in range(len(page)))
    return furniture


def _unpaged_furniture(lines: list[str]) -> list[bool]:
    """Per line: a page number between blank lines, or a line that recurs (digits aside) at least
    :data:`RECURRING_LINES` times, between blank lines every time."""
    def blank(index: int) -> bool:
        return not 0 <= index < len(lines) or not lines[index].strip()

    between_blanks = [bool(line.strip()) and blank(index - 1) and blank(index + 1) for index, line in enumerate(lines)]
    counts = Counter(_without_digits(line) for line in lines if line.strip())
    isolated = Counter(_without_digits(line) for line, alone in zip(lines, between_blanks) if alone)
    return [(alone and bool(PAGE_NUMBER.match(line)))
            or (alone and _recurs(line, counts[_without_digits(line)], RECURRING_LINES)
                and isolated[_without_digits(line)] == counts[_without_digits(line)])
            for line, alone in zip(lines, between_blanks)]
