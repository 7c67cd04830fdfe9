"""What several stages need to recognise in reference text, defined once: a year, initials, and brackets that
close nothing."""

from __future__ import annotations

import re

# The years references cite, 1500 to 2049, as a regular expression without groups, for each stage to set in
# its own context (a whole token, a date, the end of a line). Later numbers are far more often pages.
YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"

# Brackets and quotes, each with its partner.
PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "'": "'"}

_HYPHENATED_CAPITALS = re.compile(r"[A-Z](?:-[A-Z])+\.?")  # "F-F": Vancouver's way of writing "F.-F."


def is_initials(word: str, loose: bool = False) -> bool:
    """Whether ``word`` is initials: capitals each closed by a period, a capital and a lower-case letter
    counting as one ("J." "T.A." "M.Yu." "W.-P." "И.И.") — what the tokenizer keeps as one token.

    ``loose`` reads a name in a record, where styles leave periods out: one or two capitals without any
    ("J", "JP"), a last period left out ("J.A"), two capitals before one ("JP."), capitals joined by hyphens
    ("F-F"), and a comma after them.

    >>> [is_initials(word) for word in ("J.", "M.Yu.", "W.-P.", "JP", "Smith.")]
    [True, True, True, False, False]
    >>> [is_initials(word, loose=True) for word in ("J", "JP", "J.A", "F-F", "JP.", "Smith")]
    [True, True, True, True, True, False]
    """
    if loose:
        word = word.rstrip(",")
        if _HYPHENATED_CAPITALS.fullmatch(word):
            return True
        if "." not in word:
            return word.isalpha() and word.isupper() and len(word) <= 2
        parts = [part.lstrip("-‐") for part in word.split(".")]
        return bool(parts[0]) and all(len(part) <= 2 and part[:1].isupper() and part.isalpha()
                                      for part in parts if part)
    if len(word) < 2 or not word.endswith("."):
        return False
    for part in word[:-1].split("."):
        part = part.removeprefix("-")
        if not (1 <= len(part) <= 2 and part[0].isupper()):
            return False
        if len(part) == 2 and not part[1].islower():
            return False
    return True


def strip_unbalanced(value: str) -> str:
    """``value`` without a bracket or quote at either edge whose partner is not inside it, nor a pair around all
    of it: ``(12`` -> ``12``, ``(4)`` -> ``4``, ``12(3)`` stays."""
    if value and value[0] in PAIRS and PAIRS[value[0]] not in value[1:]:
        value = value[1:]
    if value and value[-1] in PAIRS.values():
        opening = [o for o, c in PAIRS.items() if c == value[-1]]
        if not any(o in value[:-1] for o in opening):
            value = value[:-1]
    if len(value) >= 2 and value[0] in PAIRS and value[-1] == PAIRS[value[0]]:
        inner = value[1:-1]
        if value[0] not in inner and PAIRS[value[0]] not in inner:
            value = inner
    return value
