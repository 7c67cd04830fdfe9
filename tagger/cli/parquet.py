"""``reftagger parse-parquet``: the text column of a Parquet dataset parsed on Dask (a local cluster, or the
workers of a running scheduler) and written partition by partition as a new Parquet dataset: the input columns
plus the JSON string columns ``spans`` and ``fields`` (see :mod:`tagger.columns`)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import sys
from collections.abc import Iterator
from typing import Any

from tagger.cli.common import process_count, say, whole
from tagger.errors import InputError, TaggerError, require

# References per partition: the unit of work, of retry when a worker dies, and of the progress bar. Two or
# three seconds of one worker's time: the scheduler's few milliseconds per task do not count, and at the end
# no worker waits long for the last partitions of the others.
PARTITION_SIZE = 2000


def add_parquet_command(commands: Any) -> None:
    parquet = commands.add_parser(
        "parse-parquet", help="parse a text column of a Parquet dataset on Dask, into a new Parquet dataset",
        description="Parse the references in a column of a Parquet file or dataset (a folder of Parquet files) "
        "on Dask and write a new Parquet dataset, one file per partition, in input order: the input columns "
        "plus 'spans' and 'fields', the JSON of each reference's spans and fields (null for a null text). "
        "OUT is written whole or not at all: it is removed if the run fails or is interrupted. Needs the dask "
        "extra: pip install 'reftagger[dask]'.")
    parquet.add_argument("source", metavar="IN", help="a Parquet file or a folder of them (local, or an fsspec "
                         "URL such as s3://bucket/path)")
    parquet.add_argument("target", metavar="OUT", help="the folder to write the dataset to; it must not exist yet")
    parquet.add_argument("--text-column", default="text", metavar="NAME",
                         help="the column of reference strings (default: text)")
    where = parquet.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="the address of a running Dask scheduler (tcp://host:8786); its workers must be able "
                       "to read IN and write OUT (a shared file system or a URL) and to import reftagger")
    where.add_argument("--workers", type=process_count, metavar="N",
                       help="start a local cluster of N worker processes, each with its own model "
                       "(default: one per CPU)")
    parquet.add_argument("--model", help="model directory (default: the shipped model); with --scheduler, a path "
                         "the workers see")
    parquet.add_argument("--partition-size", type=whole(1), default=PARTITION_SIZE, metavar="N",
                         help=f"references per partition, the unit of work and of retry (default: {PARTITION_SIZE:,})")
    parquet.set_defaults(run=command_parse_parquet)


def command_parse_parquet(args: argparse.Namespace) -> int:
    require("distributed", "dask", "reftagger parse-parquet")
    from tagger.dask import parse_dataframe

    frame = _read(args.source, args.text_column, args.partition_size)
    filesystem, target = _unused_folder(args.target)
    try:
        results = parse_dataframe(frame, args.text_column, args.model)
    except (TypeError, ValueError) as error:  # the column holds no text, or the results would replace a column
        raise InputError(f"{args.source}: {error}") from None
    with _client(args.scheduler, args.workers) as client:
        filesystem.makedirs(target)
        try:
            rows = _write(client, results, filesystem, target)
        except BaseException:
            filesystem.rm(target, recursive=True)
            raise
    partitions = results.npartitions
    say(f"parsed {rows:,} references in {partitions:,} partition{'s' * (partitions != 1)} into {args.target}")
    return 0


def _read(source: str, column: str, partition_size: int) -> Any:
    """The dataset at ``source`` as a Dask DataFrame of about ``partition_size`` rows per partition.

    Columns keep their exact Arrow types (``dtype_backend="pyarrow"``), so that every partition is written
    back with the input's types, even a partition where a column is all null.
    """
    import dask.dataframe
    import fsspec
    import pyarrow
    import pyarrow.dataset

    filesystem, path = fsspec.core.url_to_fs(source)
    if not filesystem.exists(path):
        raise InputError(f"{source}: not found")
    try:
        rows = pyarrow.dataset.dataset(path, filesystem=filesystem, format="parquet").count_rows()
        frame = dask.dataframe.read_parquet(source, split_row_groups=True, index=False, dtype_backend="pyarrow")
    except (OSError, pyarrow.ArrowException) as error:
        raise InputError(f"{source}: not a Parquet file or dataset ({str(error).splitlines()[0]})") from None
    if column not in frame.columns:
        raise InputError(f"{source}: no column {column!r} (its columns: {', '.join(map(str, frame.columns))}); "
                         "name the column of reference strings with --text-column")
    wanted = math.ceil(rows / partition_size)
    return frame.repartition(npartitions=wanted) if wanted > frame.npartitions else frame


def _unused_folder(target: str) -> tuple[Any, str]:
    """The file system and path of ``target``, refused if something is there already."""
    import fsspec

    filesystem, path = fsspec.core.url_to_fs(target)
    if filesystem.exists(path):
        raise InputError(f"{target}: exists already, and parse-parquet never overwrites: "
                         "remove it or name another OUT")
    return filesystem, path


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A Dask client of the scheduler at ``scheduler``, or of a local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        # Its web server on any free port: the usual 8787 may be another cluster's, which costs a warning.
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler)
    except (OSError, ValueError) as error:
        raise TaggerError(f"cannot reach the Dask scheduler at {scheduler} ({error}): is it running? "
                          "(`dask scheduler` starts one)") from None
    with client:
        if not client.scheduler_info()["workers"]:
            say(f"warning: the scheduler at {scheduler} has no workers yet; waiting for some (start them with "
                f"`dask worker {scheduler} --nthreads 1`)")
        yield client


def _write(client: Any, results: Any, filesystem: Any, target: str) -> int:
    """Write each partition of ``results`` as ``part.NNNNN.parquet`` under ``target`` (numbered in input
    order) as its task finishes, with a progress bar over partitions; the number of rows written."""
    import dask
    from distributed import KilledWorker, as_completed
    from tqdm import tqdm

    partitions = results.to_delayed()
    width = max(5, len(str(len(partitions) - 1)))
    futures = client.compute([
        dask.delayed(_write_partition)(partition, filesystem, f"{target}/part.{number:0{width}d}.parquet")
        for number, partition in enumerate(partitions)])
    rows = 0
    progress = tqdm(total=len(futures), unit="partition", desc="parsing", disable=not sys.stderr.isatty(),
                    file=sys.stderr, leave=False)
    try:
        for future in as_completed(futures):
            rows += future.result()
            progress.update()
    except KilledWorker as error:
        raise TaggerError(f"workers died on the same partition again and again ({error}): out of memory? "
                          "try a smaller --partition-size") from None
    finally:
        progress.close()
        client.cancel(futures)
    return rows


def _write_partition(partition: Any, filesystem: Any, path: str) -> int:
    """Write one partition (on a worker) and say how many rows it had.

    Without pandas' metadata: it would name the Arrow types of nested input columns as pandas dtypes that
    pandas cannot read back; the Arrow types themselves are what readers need.
    """
    import pyarrow
    import pyarrow.parquet

    table = pyarrow.Table.from_pandas(partition, preserve_index=False).replace_schema_metadata(None)
    pyarrow.parquet.write_table(table, path, filesystem=filesystem)
    return table.num_rows
