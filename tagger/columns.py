"""Parse results as table columns, for the tools that parse a column of a table in many processes: Dask
(:mod:`tagger.dask`) and Hugging Face ``datasets`` (:func:`batch_parse`).

Each parsed text gives two strings: ``spans``, the JSON of ``Reference.to_dict()["spans"]``, and ``fields``,
the JSON of ``Reference.to_dict()["fields"]``; a missing text (``None``) gives ``None`` in both. JSON text
rather than nested columns, because nested columns do not survive the trip: ``fields`` has different keys
from one reference to the next, so Arrow infers a different type for every batch (and ``datasets.map``
refuses the second batch), a batch where no reference has a span gives ``list<null>``, and pandas cannot read
back the nested Arrow types it wrote itself. Strings are one type in every batch, every partition and every
Parquet reader (pandas, Dask, DuckDB's ``json_extract``, Spark's ``from_json``), and ``json.loads`` gives back
exactly what ``Reference.to_dict()`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tagger.model import Tagger

RESULT_COLUMNS = ("spans", "fields")

def model_path(model: str | Path | Tagger | None) -> str | None:
    """What a task carries to name its model: an absolute path (a :class:`Tagger` by its directory, never
    the tagger itself, which is megabytes to send with every task), or ``None`` for the shipped model.
    A directory that is not a model is refused here, before any task starts."""
    from tagger.model import Tagger, read_meta

    if model is None:
        return None
    path = Path(model.path if isinstance(model, Tagger) else model).resolve()
    read_meta(path)
    return str(path)


def check_result_columns(columns: Sequence[str]) -> None:
    """Refuse a table that has a column the results would replace (a corpus's gold ``spans``, say)."""
    taken = [name for name in RESULT_COLUMNS if name in columns]
    if taken:
        raise ValueError(f"the table already has a column {taken[0]!r}, which the results would replace: "
                         "rename or drop it first")


def parse_texts(
    texts: Sequence[object], tagger: Tagger, batch_size: int, row: Callable[[int], str]
) -> dict[str, list[str | None]]:
    """The ``spans`` and ``fields`` columns for ``texts``, in order; ``None`` (a missing text) gives ``None``.
    Anything else that is not a ``str`` is a ``TypeError`` naming ``row(position)``, raised before any
    parsing, so that a bad value deep in a partition says where it is."""
    for position, text in enumerate(texts):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{row(position)}: {text!r:.80} is of type {type(text).__name__}, not str; "
                            "only strings (and missing values, which give missing results) can be parsed")
    parsed = tagger.parse_many([text for text in texts if text is not None], batch_size)
    columns: dict[str, list[str | None]] = {name: [] for name in RESULT_COLUMNS}
    for text in texts:
        result = None if text is None else next(parsed).to_dict()
        for name in RESULT_COLUMNS:
            columns[name].append(None if result is None else
                                 json.dumps(result[name], ensure_ascii=False, separators=(",", ":")))
    return columns


def batch_parse(
    batch: Mapping[str, Sequence[Any]], column: str = "text", model: str | Path | None = None, batch_size: int = 256
) -> dict[str, list[str | None]]:
    """Parse one batch of ``datasets.Dataset.map(tagger.batch_parse, batched=True)``: the new columns
    ``spans`` and ``fields`` (JSON strings, see :mod:`tagger.columns`) for the texts of ``column``.

    Give other arguments with ``fn_kwargs={"column": ..., "model": ...}``. The model is loaded once per
    process, so ``num_proc=N`` loads it N times, not once per batch.
    """
    if column not in batch:
        raise ValueError(f"the batch has no column {column!r} (its columns: {', '.join(batch)}); "
                         "name the text column with fn_kwargs={'column': ...}")
    check_result_columns(list(batch))
    from tagger.model import shared_tagger

    tagger = shared_tagger(None if model is None else str(Path(model).resolve()))
    return parse_texts(batch[column], tagger, batch_size,
                       lambda position: f"column {column!r}, row {position} of the batch")
