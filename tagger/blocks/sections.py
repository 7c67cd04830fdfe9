"""Splitting a pasted reference section into references.

A reference list copied from a PDF or a web page arrives as lines: each
reference wrapped over one or more of them, perhaps numbered (``1.``,
``[1]``, ``(1)``, ``1)``), perhaps separated by blank lines, perhaps with a
heading or page labels mixed in. A reference starts

- at a number that continues the list's numbering, when most references are
  numbered (or, after a line that ended a sentence, at a number of the list's
  form a little ahead of the next or repeating the last: lists have gaps);
- after a blank line, when blank lines separate the references;
- otherwise (a flush list: no numbers, no indentation) where the line before
  ended early: text is wrapped greedily, so a line that left room for the
  next line's first word ended its reference; where a reference's last line
  happened to fill the line, how the lines end and start and what the tagger
  makes of them decide (``tagger.blocks.flush``).

Lines of one reference are joined with a space; a word broken at a hyphen
(``Socio-`` / ``Economic``) is joined without one, unless the halves make a
word the tagger knows (``develop-`` / ``ment``): a word hyphenated at the end
of a line keeps the space, as text from a PDF has it (the clean-up before
tagging joins it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tagger.blocks.flush import join_lines, known_words, split_flush
from tagger.patterns import YEAR

if TYPE_CHECKING:
    from tagger.model import Tagger

MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?=\s|$))")
HEADING = re.compile(r"^\s*(?:references|bibliography|works\s+cited|literature(?:\s+cited)?|literatur|"
                     r"bibliographie|références|referencias|bibliografía|bibliografia|список\s+литературы|"
                     r"литература|参考文献)\s*:?\s*$", re.IGNORECASE)
# "Page 12", "- 12 -", "S. 12": page furniture wherever it stands. A bare "12" may be the last word of a
# wrapped reference, so it counts as a page number only beside a blank line.
PAGE_LABEL = re.compile(r"^\s*(?:(?:page|p\.|s\.|стр\.)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—])\s*$", re.IGNORECASE)
BARE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
SENTENCE_END = re.compile(r"[.;\d]\s*$")
YEAR_NUMBER = re.compile(rf"^{YEAR}$")


def _number(line: str) -> int | None:
    """The list number a line starts with, if any. A year is not one: wrapped text puts "1990." or
    "(1990)" at a line start often, and two references of consecutive years would look like a list."""
    found = MARKER.match(line)
    if not found:
        return None
    number = int(next(group for group in found.groups() if group))
    return None if YEAR_NUMBER.match(str(number)) and not found.group().lstrip().startswith("[") else number


def _noise(lines: list[str]) -> set[int]:
    """Headings, page labels, and bare page numbers standing beside a blank line (beside other lines a bare
    number may end a wrapped reference). Lines that recur are kept: a repeated line may be a reference
    cited twice, and losing it would be worse than keeping a running header."""
    stripped = [line.strip() for line in lines]

    def beside_blank(index: int) -> bool:
        return (index == 0 or not stripped[index - 1]) or (index + 1 == len(stripped) or not stripped[index + 1])

    return {index for index, text in enumerate(stripped)
            if HEADING.match(text) or PAGE_LABEL.match(text) or (BARE_NUMBER.match(text) and beside_blank(index))}


def split_references(block: str) -> list[str]:
    """The references of a pasted reference section, in order, each on one line. A flush list (no numbers,
    no indentation) is read with the shipped model's help.

    >>> split_references("[1] Smith, J. A title.\\n    J. Biol. 3, 1-10.\\n[2] Doe, K. Another. 2001.")
    ['[1] Smith, J. A title. J. Biol. 3, 1-10.', '[2] Doe, K. Another. 2001.']
    """
    return split_references_with(block)


def split_references_with(block: str, tagger: Tagger | None = None) -> list[str]:
    """``split_references`` with ``tagger`` judging where the references of a flush list begin and which
    line-end hyphens split a word (``None``: the shipped model, loaded only when needed)."""
    lines = block.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    noise = _noise(lines)
    kept = [(index, line) for index, line in enumerate(lines) if index not in noise]
    content = [line for _, line in kept if line.strip()]
    if not content:
        return []
    # Numbered when the numbers at line starts mostly continue one another (a list of references that
    # carry numbers of their own from elsewhere is not), and either the list starts with one or they are
    # frequent enough to number every reference (two or three references of an unnumbered list may carry
    # consecutive numbers of their own).
    marked = sum(_number(line) is not None for line in content)
    in_sequence = _in_sequence(content)
    numbered = in_sequence >= max(2, marked / 2) and (
        _number(content[0]) is not None or 10 * in_sequence >= len(content))
    blank_separated = any(not line.strip() for _, line in kept[1:-1]) and _blank_groups(kept) >= max(
        2, len(content) // 8)
    indents = [len(line) - len(line.lstrip()) for line in content]
    # Hanging indent (later lines indented) or first-line indent: the indentation marks where references start.
    indented = len(set(indents)) > 1
    hanging = indents[0] == min(indents)
    if not (numbered or blank_separated or indented):
        tagger = _tagger(tagger)
        flush = _split_flush([line for _, line in kept], tagger)
        return [join_lines(reference, known_words(tagger)) for reference in flush]
    references: list[list[str]] = []
    expected = None
    kind = ""  # how the list writes its numbers: "[1]", "(1)", "1." or "1)"
    previous = ""
    after_blank = False
    for _, line in kept:
        if not line.strip():
            after_blank = True
            continue
        number = _number(line)
        if numbered:  # a number starts a reference where it continues the list ("2001." does not), or where
            # it is near the next one after a line that ended a sentence (a gap, a repeat: "3. ... 5.")
            starts = not references or (number is not None and (
                expected is None or number == expected
                or (expected - 1 <= number <= expected + 3 and _kind(line) == kind
                    and SENTENCE_END.search(previous) is not None)))
        elif blank_separated:
            starts = after_blank or not references
        else:
            indent = len(line) - len(line.lstrip())
            starts = not references or (indent == min(indents)) == hanging
        if starts:
            references.append([line])
            expected = number + 1 if number is not None else None
            kind = kind or _kind(line)
        else:
            references[-1].append(line)
        previous = line
        after_blank = False
    hyphenated = any(re.search(r"[^\W_]-$", line.strip()) and following.lstrip()[:1].islower()
                     for reference in references for line, following in zip(reference, reference[1:]))
    # The tagger's vocabulary tells a word hyphenated at a line end from a hyphenated compound; it is
    # loaded only when some line ends in a hyphen before a word in lower case.
    words = known_words(_tagger(tagger)) if hyphenated else frozenset()
    return [join_lines(reference, words) for reference in references]


def _kind(line: str) -> str:
    """The form of a line's leading number with the digits taken out: ``[]``, ``()``, ``.`` or ``)``."""
    found = MARKER.match(line)
    return re.sub(r"[\s\d]", "", found.group()) if found else ""


def _in_sequence(lines: list[str]) -> int:
    """How many lines start with the next number of a list (1, 2, 3, ... from wherever it begins)."""
    hits, expected = 0, None
    for line in lines:
        number = _number(line)
        if number is not None and (expected is None or number == expected):
            hits += 1
            expected = number + 1
    return hits


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


def _split_flush(lines: list[str], tagger: Tagger) -> list[list[str]]:
    """The references of a flush list, each as its lines; a blank line (too few of them to separate every
    reference) still ends one."""
    references: list[list[str]] = []
    group: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            group.append(line)
        elif group:
            references += split_flush(group, tagger)
            group = []
    return references
