"""Wording shared by messages: a count with its noun in the right number."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun plural unless the count is one: ``1 span``, ``2 spans``, ``1,514 references``.

    >>> counted(1, "span"), counted(2, "bad record"), counted(0, "entry", "entries")
    ('1 span', '2 bad records', '0 entries')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
