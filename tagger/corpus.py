"""Reading labelled corpora (DESIGN.md's JSONL) into ``datasets.Dataset`` objects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import datasets

from tagger.labels import LABELS, OTHER

NON_ALPHANUMERIC = re.compile(r"[\W_]+")
CORPUS_LABELS = (*LABELS, OTHER)


def read_records(path: str | Path, format: str | None = None, lenient: bool = False) -> list[dict[str, Any]]:
    """The records of one labelled file in any supported format (``None``: detected); errors name
    ``file:line``. See :mod:`tagger.formats`."""
    from tagger import formats

    return formats.read(path, format, lenient).records


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL corpus, each checked; errors name ``file:line``."""
    return read_records(path, "jsonl")


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


def to_dataset(records: list[dict[str, Any]]) -> datasets.Dataset:
    """A ``datasets.Dataset`` with columns ``id``, ``text`` and ``spans`` (each span's ``source_label``
    is kept, ``None`` where the source had none)."""
    rows = {
        "id": [str(record.get("id", index)) for index, record in enumerate(records)],
        "text": [record["text"] for record in records],
        "spans": [
            [
                {"start": s["start"], "end": s["end"], "label": s["label"], "source_label": s.get("source_label")}
                for s in record["spans"]
            ]
            for record in records
        ],
    }
    features = datasets.Features(
        {
            "id": datasets.Value("string"),
            "text": datasets.Value("string"),
            "spans": [
                {
                    "start": datasets.Value("int32"),
                    "end": datasets.Value("int32"),
                    "label": datasets.Value("string"),
                    "source_label": datasets.Value("string"),
                }
            ],
        }
    )
    return datasets.Dataset.from_dict(rows, features=features)


def load(
    paths: str | Path | Iterable[str | Path], format: str | None = None, lenient: bool = False
) -> datasets.Dataset:
    """Load one or more labelled files (any supported format; ``None``: detected per file) into one
    ``datasets.Dataset``."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    records = []
    for path in paths:
        records.extend(read_records(path, format, lenient))
    return to_dataset(records)
