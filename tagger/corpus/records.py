"""Labelled records (DESIGN.md's corpus format): checking them, and telling equal references apart from
different ones. Files are read by :mod:`tagger.corpus.formats`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tagger.labels import LABELS, OTHER

NON_ALPHANUMERIC = re.compile(r"[\W_]+")
CORPUS_LABELS = (*LABELS, OTHER)


def record_problem(record: Any) -> str:
    """What is wrong with a corpus record, or ``""``."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return "a record must be an object with a string 'text'"
    spans = record.get("spans")
    if not isinstance(spans, list):
        return "'spans' must be a list"
    text = record["text"]
    previous_end = 0
    for span in spans:
        if not isinstance(span, dict) or not all(
            isinstance(span.get(k), int) and not isinstance(span.get(k), bool) for k in ("start", "end")
        ):
            return f"span {span!r} needs integer 'start' and 'end'"
        if not isinstance(span.get("label"), str):
            return f"span {span!r} needs a string 'label'"
        if span["label"] not in CORPUS_LABELS:
            return (f"span {span['start']}-{span['end']} has the label {span['label']!r}, which is not in the "
                    f"label scheme ({', '.join(CORPUS_LABELS)})")
        if span["end"] <= span["start"]:
            return f"span {span['start']}-{span['end']} ends where or before it starts"
        if not 0 <= span["start"] < span["end"] <= len(text):
            return f"span {span['start']}-{span['end']} lies outside the text (length {len(text)})"
        if span["start"] < previous_end:
            return f"span {span['start']}-{span['end']} overlaps or precedes the span before it"
        previous_end = span["end"]
    return ""


def text_key(text: str) -> str:
    """Letters and digits of ``text``, casefolded: equal keys mean the same reference."""
    return NON_ALPHANUMERIC.sub("", text.casefold())


def remove_overlap(
    records: Iterable[dict[str, Any]], against: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """``records`` without those whose text key occurs in ``against``, and how many were removed."""
    records = list(records)
    forbidden = {text_key(record["text"]) for record in against}
    kept = [record for record in records if text_key(record["text"]) not in forbidden]
    return kept, len(records) - len(kept)


def deduplicate(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first record of each distinct text key."""
    seen = set()
    kept = []
    for record in records:
        key = text_key(record["text"])
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept
