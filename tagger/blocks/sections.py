"""Splitting a pasted reference section into references.

A reference list copied from a PDF or a web page arrives as lines: each
reference wrapped over one or more of them, perhaps numbered (``1.``,
``[1]``, ``(1)``, ``1)``), perhaps separated by blank lines, perhaps with a
heading, page numbers or running heads mixed in. When blank lines separate
the references, a reference starts after each blank line. Otherwise the
learned line splitter (:mod:`tagger.blocks.lines`, a CRF over the lines)
labels each line as starting a reference, continuing one, or furniture: it
weighs the list's numbering, indentation, how full the line above was, how
lines end and start, and what the reference tagger makes of them.

Lines of one reference are joined with a space; a word broken at a hyphen
(``Socio-`` / ``Economic``) is joined without one, unless the halves make a
word the tagger knows (``develop-`` / ``ment``): a word hyphenated at the end
of a line keeps the space, as text from a PDF has it (the clean-up before
tagging joins it). An entry that cites several works (``[8] a) ...; b) ...``)
gives one reference per work (:mod:`tagger.blocks.compound`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tagger.blocks.compound import work_starts
from tagger.blocks.headings import PAGE_NUMBER, is_heading
from tagger.blocks.layout import SectionLine
from tagger.blocks.lines import (
    SplitReference,
    continuing_numbers,
    label_lines,
    leading_number,
    numbering,
    split_lines,
)
from tagger.blocks.shapes import AUTHOR_STARTS, join_lines, joined_with_starts, known_words, line_start

if TYPE_CHECKING:
    from tagger.crf import LinearChainCRF
    from tagger.model import Tagger

def _noise(lines: list[str]) -> set[int]:
    """Headings, and page numbers standing beside a blank line (beside other lines a bare number may end a
    wrapped reference): left out before the references are looked for."""
    stripped = [line.strip() for line in lines]

    def beside_blank(index: int) -> bool:  # at the block's edges the line splitter decides
        return (index > 0 and not stripped[index - 1]) or (index + 1 < len(stripped) and not stripped[index + 1])

    return {index for index, text in enumerate(stripped)
            if is_heading(text) or (PAGE_NUMBER.match(text) and any(char.isdigit() for char in text)
                                    and beside_blank(index))}


def split_references(block: str) -> list[str]:
    """The references of a pasted reference section, in order, each on one line. A flush list (no numbers,
    no indentation) is read with the shipped model's help.

    >>> split_references("[1] Smith, J. A title.\\n    J. Biol. 3, 1-10.\\n[2] Doe, K. Another. 2001.")
    ['[1] Smith, J. A title. J. Biol. 3, 1-10.', '[2] Doe, K. Another. 2001.']
    """
    return split_references_with(block)


def split_references_with(block: str, tagger: Tagger | None = None) -> list[str]:
    """``split_references`` with ``tagger`` (``None``: the shipped model, loaded only when needed) reading
    the lines for the line splitter and judging which line-end hyphens split a word."""
    if not isinstance(block, str):
        raise TypeError(f"a reference section must be a str, not {type(block).__name__}: decode bytes first")
    lines = block.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [found.text for found in split_section([SectionLine(line) for line in lines], tagger)]


def split_section(lines: Sequence[SectionLine], tagger: Tagger | None = None,
                  model: LinearChainCRF | None = None) -> list[SplitReference]:
    """The references of a section's lines (blank ones included), each with the page it starts on: after each
    blank line when blank lines separate the references, else where the line splitter (``model``, by default
    the shipped one) finds them; an entry citing several works gives one reference per work."""
    if not any(line.text.strip() for line in lines):
        return []
    tagger = _tagger(tagger)
    return [work for reference in _entries(lines, tagger, model) for work in _works(reference, lines, tagger)]


def _entries(lines: Sequence[SectionLine], tagger: Tagger, model: LinearChainCRF | None) -> list[SplitReference]:
    """The section's entries, before compound ones are cut into works."""
    noise = _noise([line.text for line in lines])
    kept = [(index, line.text) for index, line in enumerate(lines) if index not in noise]
    nonblank = [index for index, text in kept if text.strip()]
    texts = [lines[index].text.strip() for index in nonblank]
    numbers = [leading_number(text) for text in texts]
    groups = _blank_groups(kept)
    if (groups >= max(3, len(texts) // 8) and any(not text.strip() for _, text in kept[1:-1])
            and _numbered_starts(texts, numbers) <= groups and _starts_within_groups(kept) <= groups // 2):
        words = known_words(tagger)
        return [SplitReference(join_lines([lines[index].text for index in group], words), lines[group[0]].page,
                               tuple(group)) for group in _blank_separated(kept)]
    section = [lines[index] for index in nonblank]
    labels = label_lines(section, tagger, model)
    numbered = numbering(numbers) == "many"
    indented = _indented_starts(section, numbered)
    if indented is not None:  # pasted text with a consistent indentation: it says where references start
        labels = [label if label == "other" else "start" if starts else "continue"
                  for label, starts in zip(labels, indented)]
    # Too few blank lines to separate every reference still end one, unless they only surround a page number
    # or heading left out (furniture between the lines of one reference), or the list is numbered and the line
    # after them neither has a number nor starts like an author list (a page break's blank lines around a
    # running head, in pasted text).
    for position, index in enumerate(nonblank):
        between = range(nonblank[position - 1] + 1, index) if position else range(0)
        unnumbered_go_on = (numbered and numbers[position] is None
                            and line_start(texts[position]) not in AUTHOR_STARTS)
        if (labels[position] == "continue" and any(not lines[gap].text.strip() for gap in between)
                and not any(gap in noise for gap in between) and not unnumbered_go_on):
            labels[position] = "start"
    found = split_lines(section, tagger, labels=labels)
    return [dataclasses.replace(reference, lines=tuple(nonblank[index] for index in reference.lines))
            for reference in found]


def _works(reference: SplitReference, lines: Sequence[SectionLine], tagger: Tagger) -> list[SplitReference]:
    """The works of one entry, each with the lines it stands on and the page it starts on."""
    starts = work_starts(reference.text)
    if not starts:
        return [reference]
    text, line_starts = joined_with_starts([lines[index].text for index in reference.lines], known_words(tagger))
    if text != reference.text:  # joined otherwise than the entry was: keep it whole rather than guess
        return [reference]
    bounds = [0, *starts, len(text)]
    works = []
    for begin, end in zip(bounds, bounds[1:]):
        first = max(position for position, start in enumerate(line_starts) if start <= begin)
        last = max(position for position, start in enumerate(line_starts) if start < end)
        works.append(SplitReference(text[begin:end].strip(), lines[reference.lines[first]].page,
                                    reference.lines[first : last + 1]))
    return works


def _indented_starts(section: Sequence[SectionLine], numbered: bool) -> list[bool] | None:
    """For an unnumbered list of pasted text indented consistently (two levels at least two spaces apart, each
    holding a sixth of the lines or more), whether each line starts a reference: it stands at the level of the
    list's first line (a hanging indent, or a first-line indent). ``None`` otherwise, for a ``numbered`` list, and
    for lines with a PDF's geometry, where the line splitter reads the indentation itself."""
    if any(line.has_geometry for line in section) or numbered:
        return None  # numbered lists: their numbers say more, and the line splitter reads them
    indents = [len(line.text) - len(line.text.lstrip()) for line in section]
    levels = sorted(set(indents))
    if len(levels) != 2 or levels[1] - levels[0] < 2 or min(map(indents.count, levels)) < len(indents) / 6:
        return None
    return [indent == indents[0] for indent in indents]


def _blank_separated(kept: list[tuple[int, str]]) -> list[list[int]]:
    """The indices of each reference's lines, a reference starting after each blank line."""
    references: list[list[int]] = []
    after_blank = True
    for index, text in kept:
        if not text.strip():
            after_blank = True
            continue
        if after_blank or not references:
            references.append([index])
        else:
            references[-1].append(index)
        after_blank = False
    return references


def _numbered_starts(texts: Sequence[str], numbers: Sequence[int | None]) -> int:
    """How many of the lines ``texts`` (their leading ``numbers``) start with the list's next number (or one near
    it): a numbered list with blank lines only at page breaks has more of these than blank-separated groups, and
    its numbers, not its blank lines, say where references start."""
    return sum(kind in ("next", "near") for kind in continuing_numbers(texts, numbers))


def _starts_within_groups(kept: list[tuple[int, str]]) -> int:
    """How many lines after a blank-separated group's first one start like an author list (``Smith, J.``,
    ``[12]``): a list of one-line references with blank lines only at page breaks has many, a list whose
    references are separated by blank lines next to none (its continuation lines start otherwise)."""
    found, first = 0, True
    for _, text in kept:
        if not text.strip():
            first = True
            continue
        found += not first and line_start(text.strip()) in AUTHOR_STARTS
        first = False
    return found


def _blank_groups(kept: list[tuple[int, str]]) -> int:
    groups, inside = 0, False
    for _, line in kept:
        if line.strip() and not inside:
            groups += 1
        inside = bool(line.strip())
    return groups


def _tagger(tagger: Tagger | None) -> Tagger:
    if tagger is not None:
        return tagger
    from tagger.model import default_tagger

    return default_tagger()
