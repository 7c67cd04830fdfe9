"""Compound references: one entry of a list that cites several works, the way physics and chemistry styles do.

``[25] a) R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650; b) A. D. McLean, G. S. Chandler, J. Chem.
Phys. 1980, 72, 5639.`` and ``[12] P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K. L. Kowalski, Phys. Rev. 137,
B1 (1965).`` are two works each, and parse as two references. A work ends where a semicolon follows a number or
a closing bracket and the next begins with a sub-label (``b)``, ``(c)``, ``d )``) or an author's name (initials
and a surname, or a surname and initials); a period followed by a sub-label ends one too. The marker and the
first sub-label stay with the first work.

In GROBID's segmenter sections (the training file), 179 references begin inside a line after another ends,
nearly all this way. Applied to those sections' lines grouped as the gold says, these rules recover 178 of the
264 references that share a line with another; they split three of its 5,056 gold references (GROBID's
annotators left a few such entries whole), and none of the 20,691 single references of the corpora and the
check set (``tests/blocks/test_compound.py``).
"""

from __future__ import annotations

import re

SUB_LABEL = r"\(?[a-h] ?\)"
INITIALS = r"(?:[A-Z]\.\s?-?){1,3}\s?"
NAME = r"[A-Z][\w'’-]+"
AUTHOR = rf"(?:{INITIALS}{NAME}|{NAME},?\s{INITIALS})"
# A work's end: a semicolon or a period right after a number or a closing bracket, then space.
AFTER_SEMICOLON = re.compile(rf"(?<=[\d)\]]);\s+(?={SUB_LABEL}|{AUTHOR})")
AFTER_PERIOD = re.compile(rf"(?<=[\d)\]])\.\s+(?={SUB_LABEL}\s*[A-Z])")
LETTER = re.compile(r"[^\W\d_]")


def work_starts(text: str) -> list[int]:
    """Where each work after the first of a compound reference starts in ``text`` (empty for one work)."""
    cuts = sorted(match.end() for pattern in (AFTER_SEMICOLON, AFTER_PERIOD) for match in pattern.finditer(text))
    starts, previous = [], 0
    for cut in cuts:
        if LETTER.search(text, previous, cut):  # not after a bare list marker ("20. (a) R. Grigg ...")
            starts.append(cut)
            previous = cut
    return starts


def works(text: str) -> list[str]:
    """The works of a reference, each stripped of the separator between them.

    >>> works("[12] P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K. L. Kowalski, Phys. Rev. 137, B1 (1965).")
    ['[12] P. Noyes, Phys. Rev. Lett. 15, 538 (1965);', 'K. L. Kowalski, Phys. Rev. 137, B1 (1965).']
    """
    bounds = [0, *work_starts(text), len(text)]
    return [text[start:end].strip() for start, end in zip(bounds, bounds[1:])]
