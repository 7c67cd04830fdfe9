"""Compound references: one entry of a list that cites several works, the way physics and chemistry styles do.

``[25] a) R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650; b) A. D. McLean, G. S. Chandler, J. Chem.
Phys. 1980, 72, 5639.`` and ``[12] P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K. L. Kowalski, Phys. Rev. 137,
B1 (1965).`` are two works each, and parse as two references (:func:`work_starts` says where a work ends). The
marker and the first sub-label stay with the first work; the tagger labels a leading sub-label ``marker``.

In GROBID's segmenter sections (the training file), 179 references begin inside a line after another ends,
nearly all this way. Applied to those sections' lines grouped as the gold says, these rules recover 166 of the
264 references that share a line with another; they cut two of its 5,056 gold references (GROBID's annotators
left a few such entries whole), and none of the 20,691 single references of the corpora and the check set
(``tests/blocks/test_compound.py``). A translated journal after a semicolon (``Zh. Eksp. Teor. Fiz. 32, 1442
(1957); J. Exp. Theor. Phys. 5, 1174 (1957)``) is not a new work: a name must end in a comma, "and", "&" or
"et al.". Vancouver names without periods (``2001;3:1-10; Brown L, White M.``) are not recognised.
"""

from __future__ import annotations

import re

# Where a work may end: a semicolon after a number, a number in brackets or a closing square bracket (a year,
# a page, "[hep-lat]"), or a period after a number, then space. Not after "(Ed.)" or a word.
_AFTER_NUMBER = r"(?:(?<=\d)|(?<=\d\))|(?<=\]))"
SEMICOLON = re.compile(rf"{_AFTER_NUMBER};\s+")
PERIOD = re.compile(rf"{_AFTER_NUMBER}\.\s+")
YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
LETTER = re.compile(r"[^\W\d_]")
# An author's name: initials and a capitalised surname (perhaps after a particle), or a surname and initials,
# ended by a comma, "and", "&" or "et al." ("K. L. Kowalski,", "Becattini F. et al.", "J. van der Waals,");
# a collaboration ("CMS Collaboration,").
_CAPITAL = r"[^\W\d_a-zß-öø-ÿа-яё]"  # a letter that is not a small Latin or Cyrillic one
_INITIALS = rf"(?:{_CAPITAL}[a-zа-яё]?\s?\.\s?-?\s?){{1,3}}"
_PARTICLES = r"(?:(?:van|von|der|den|de|da|del|di|du|le|la|'t|ter|ten)\s)*"
_SURNAME = rf"{_CAPITAL}[\w'’-]+"
_END = r"(?:,|\s(?:and|&|et\s+al\b))"
# A sub-label and the capital after it (a work's first author), as typeset or as PDF extraction spaces it.
SUB_LABEL = re.compile(rf"\(?[a-h] ?\)\s*(?={_CAPITAL})")
NAME = re.compile(rf"(?:{_INITIALS}{_PARTICLES}{_SURNAME}|{_SURNAME},?\s{_INITIALS}|[\w-]+\sCollaboration){_END}")


def _next_work(rest: str) -> bool:
    """Whether ``rest`` starts a work: a sub-label and a capital, or an author's name."""
    return bool(SUB_LABEL.match(rest) or NAME.match(rest))


def work_starts(text: str) -> list[int]:
    """Where each work after the first of a compound reference starts in ``text`` (empty for one work).

    A work ends at a semicolon after a number or bracket when the next starts with a sub-label and a capital or
    with an author's name; or at a period after a number when the next starts with a sub-label and a name and
    the work so far holds a year (not "Study 2. a) Methods", "12. (c) Elsevier"). The piece before a cut must
    hold a letter (not after a bare list marker: "20. (a) R. Grigg ...").
    """
    cuts = [found.end() for found in SEMICOLON.finditer(text) if _next_work(text[found.end():])]
    for found in PERIOD.finditer(text):
        rest = text[found.end():]
        label = SUB_LABEL.match(rest)
        if label and NAME.match(rest[label.end():]) and YEAR.search(text, 0, found.start()):
            cuts.append(found.end())
    starts, previous = [], 0
    for cut in sorted(cuts):
        if LETTER.search(text, previous, cut):
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
