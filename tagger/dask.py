"""Parsing a text column of a Dask DataFrame, for data that outgrows one machine (``pip install
'reftagger[dask]'``).

>>> import dask.dataframe as dd
>>> from tagger.dask import parse_dataframe
>>> parsed = parse_dataframe(dd.read_parquet("references/"), column="text")  # doctest: +SKIP
>>> parsed.to_parquet("parsed/")  # doctest: +SKIP

Each partition is parsed by a task on some worker; the task names its model by path, and each worker
process loads a model once and keeps it (:func:`tagger.model.shared_tagger`), so the model is never sent
with the tasks. The results are the JSON string columns ``spans`` and ``fields`` (see :mod:`tagger.columns`
for why strings), which any Parquet writer and reader round-trips.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tagger.columns import RESULT_COLUMNS, check_result_columns, model_path, parse_texts
from tagger.errors import require

if TYPE_CHECKING:
    import pandas

    from tagger.model import Tagger

require("dask.dataframe", "dask", "tagger.dask")

__all__ = ["parse_dataframe"]


def parse_dataframe(
    ddf: Any, column: str = "text", model: str | Path | Tagger | None = None, batch_size: int = 256
) -> Any:
    """``ddf`` with two more columns, ``spans`` and ``fields``: for each row, the JSON strings of
    ``Reference.to_dict()["spans"]`` and ``["fields"]`` of its text in ``column``, as
    ``Tagger.parse_many`` gives them. Lazy, like any Dask collection: nothing is parsed before it is
    computed or written.

    A missing text (``None``, ``NaN``, ``NA``) gives missing results, as a missing value does in pandas'
    own string methods; a value that is not a string raises ``TypeError`` naming the column, the row and
    the partition. ``model`` is a model directory or a loaded :class:`~tagger.model.Tagger` (``None``: the
    shipped model); either way only its path goes to the workers.
    """
    import pandas

    if column not in ddf.columns:
        raise ValueError(f"the DataFrame has no column {column!r} (its columns: {', '.join(map(str, ddf.columns))})")
    check_result_columns(list(ddf.columns))
    dtype = ddf.dtypes[column]
    if not (pandas.api.types.is_string_dtype(dtype) or pandas.api.types.is_object_dtype(dtype)):
        raise TypeError(f"column {column!r} holds {dtype}, not text: name the column of reference strings")
    meta = ddf._meta.assign(**{name: pandas.Series(dtype="string") for name in RESULT_COLUMNS})
    return ddf.map_partitions(_parse_partition, column, model_path(model), batch_size, meta=meta)


def _parse_partition(
    partition: pandas.DataFrame, column: str, model: str | None, batch_size: int,
    partition_info: dict[str, Any] | None = None,
) -> pandas.DataFrame:
    """One partition with its results; Dask passes ``partition_info`` to say which partition it is."""
    import pandas

    values = partition[column]
    texts = [None if missing else text for text, missing in zip(values.tolist(), values.isna().tolist())]
    number = (partition_info or {}).get("number", "?")

    def row(position: int) -> str:
        return f"column {column!r}, row {position} of partition {number} (index {partition.index[position]!r})"

    from tagger.model import shared_tagger

    results = parse_texts(texts, shared_tagger(model), batch_size, row)
    return partition.assign(**{name: pandas.Series(results[name], index=partition.index, dtype="string")
                               for name in RESULT_COLUMNS})
