"""Reading labelled corpora (DESIGN.md's JSONL) into ``datasets.Dataset`` objects."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import datasets

from tagger.errors import CorpusError
from tagger.labels import LABELS, OTHER

NON_ALPHANUMERIC = re.compile(r"[\W_]+")
CORPUS_LABELS = (*LABELS, OTHER)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL corpus, each checked; errors name ``file:line``."""
    path = Path(path)
    if path.is_dir():
        raise CorpusError(f"{path}: is a directory, not a JSONL corpus")
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not valid UTF-8 ({error.reason} at byte {error.start})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusError(f"{path}:{number}: not valid JSON: {error.msg}") from None
        problem = record_problem(record)
        if problem:
            raise CorpusError(f"{path}:{number}: {problem}")
        records.append(record)
    if not records:
        raise CorpusError(f"{path}: empty corpus")
    return records


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
    """A ``datasets.Dataset`` with columns ``id``, ``text`` and ``spans``."""
    rows = {
        "id": [str(record.get("id", index)) for index, record in enumerate(records)],
        "text": [record["text"] for record in records],
        "spans": [
            [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in record["spans"]]
            for record in records
        ],
    }
    return datasets.Dataset.from_dict(rows)


def load(paths: str | Path | Iterable[str | Path]) -> datasets.Dataset:
    """Load one or more JSONL corpora into one ``datasets.Dataset``."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    records = []
    for path in paths:
        records.extend(read_jsonl(path))
    return to_dataset(records)
