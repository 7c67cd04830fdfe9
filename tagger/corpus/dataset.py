"""Labelled records as a Hugging Face ``datasets.Dataset``: how corpora travel to other tools.

``datasets`` is imported when a dataset is made, so reading and checking corpora needs only the core install.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tagger.corpus.formats import read_records
from tagger.errors import require

if TYPE_CHECKING:
    import datasets


def to_dataset(records: list[dict[str, Any]]) -> datasets.Dataset:
    """A ``datasets.Dataset`` with columns ``id``, ``text`` and ``spans`` (each span's ``source_label``
    is kept, ``None`` where the source had none)."""
    datasets = require("datasets", "train", "a Hugging Face dataset")
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
    require("datasets", "train", "a Hugging Face dataset")  # before reading the files
    if isinstance(paths, (str, Path)):
        paths = [paths]
    records = []
    for path in paths:
        records.extend(read_records(path, format, lenient))
    return to_dataset(records)
