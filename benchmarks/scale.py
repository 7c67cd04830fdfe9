"""Scaling out: one process, ``parse_many(n_process=2)`` and a Dask ``LocalCluster`` of two workers, on the same
100,000 references.

    python benchmarks/scale.py [--data-dir ../shared/data] [--count 100000] [--partition-size 2000] [--rounds 2]

The shared corpora hold fewer distinct references than that, so the list repeats them in order until it
has ``--count`` (the table says how many are distinct). Each way runs in a fresh Python process and starts
cold, as a user's run does: it loads the model (and starts its workers, or its cluster) inside the timing,
and no cache is left over from another way. The ways take turns for ``--rounds`` rounds and each keeps its
best time, because the speed of a shared machine drifts by a third from one minute to the next.

- one process: ``Tagger.load().parse_many(texts)``, results consumed as they come;
- two processes: the same with ``n_process=2``;
- Dask: a Parquet file of the texts (row groups of ``--partition-size``) read, parsed with
  ``tagger.dask.parse_dataframe`` and written as a Parquet dataset, on ``LocalCluster(n_workers=2,
  threads_per_worker=1)``: more work than the others (the JSON columns and the Parquet reading and writing).

It prints references/second, the ratio to one process, the peak memory (VmHWM, so Linux only) of each process
that parsed, and what the scheduler costs per task, measured on the same cluster with tasks that do nothing.

Each round also measures what the machine itself gives two processes: plain Python arithmetic (no memory
traffic, nothing to send between processes) timed in one process and in two at once, the ceiling against
which the two parallel ways' ratios can be read.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tagger.cli.parquet import PARTITION_SIZE

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FILES = ("anystyle/test.jsonl", "umass/test.jsonl", "anystyle/extra-good.jsonl", "anystyle/extra-ugly.jsonl",
         "parscit/train.jsonl", "umass/train.jsonl", "umass/dev.jsonl", "anystyle/train.jsonl", "grobid/train.jsonl")
EMPTY_TASKS = 2000
WAYS = {"one": "one process", "two": "parse_many(n_process=2)",
        "dask": "Dask LocalCluster(2), Parquet to Parquet"}


def distinct_texts(data_dir: Path) -> list[str]:
    seen: dict[str, None] = {}
    for name in FILES:
        for line in (data_dir / name).read_text(encoding="utf-8").splitlines():
            seen.setdefault(json.loads(line)["text"])
    return list(seen)


def peak_mb(pid: int | str = "self") -> float | None:
    """A process's peak memory in MB: the high-water mark of its resident set (``VmHWM``, Linux); ``None``
    once it has ended.

    Not ``ru_maxrss``: a child started by "spawn" is a fork of this process until it runs Python anew, and its
    ``ru_maxrss`` counts the parent's memory it shared then; its ``VmHWM`` starts again at that point.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), None)


class ChildPeaks(threading.Thread):
    """Reads the peak memory of this process's children every tenth of a second while they live."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.wait(0.1):
            for child in psutil.Process().children(recursive=True):
                peak = peak_mb(child.pid)
                if peak is not None:
                    self.peaks[child.pid] = peak

    def largest(self, count: int) -> list[float]:
        self.stopped.set()
        self.join()
        return sorted(self.peaks.values())[-count:]


def one_process(texts: list[str], partition_size: int) -> dict:
    from tagger import Tagger

    started = time.perf_counter()
    for _ in Tagger.load().parse_many(texts):
        pass
    return {"seconds": time.perf_counter() - started, "peaks": [peak_mb()]}


def two_processes(texts: list[str], partition_size: int) -> dict:
    """Timed from loading the model in this process to the last result; the peaks of the two workers."""
    from tagger import Tagger

    children = ChildPeaks()
    children.start()
    started = time.perf_counter()
    for _ in Tagger.load().parse_many(texts, n_process=2):
        pass
    return {"seconds": time.perf_counter() - started, "peaks": children.largest(2)}


def on_dask(texts: list[str], partition_size: int) -> dict:
    """Seconds from starting the cluster to the dataset written, each worker's peak, the cluster's start-up
    seconds, and the scheduler's seconds per task."""
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from tagger.dask import parse_dataframe

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pd.DataFrame({"text": texts}).to_parquet(folder / "texts.parquet", row_group_size=partition_size)
        started = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            start_up = time.perf_counter() - started
            frame = dd.read_parquet(folder / "texts.parquet", split_row_groups=True)
            parse_dataframe(frame).to_parquet(folder / "parsed")
            seconds = time.perf_counter() - started
            peaks = sorted(client.run(peak_mb).values())
            empty_started = time.perf_counter()
            client.gather(client.map(_nothing, range(EMPTY_TASKS), pure=False))
            per_task = (time.perf_counter() - empty_started) / EMPTY_TASKS
    return {"seconds": seconds, "peaks": peaks, "start_up": start_up, "per_task": per_task}


def in_fresh_process(way: str, args: argparse.Namespace) -> dict:
    """Run one way in a new Python process, so that it starts cold, and read its result."""
    command = [sys.executable, __file__, "--way", way, "--data-dir", str(args.data_dir), "--count", str(args.count),
               "--partition-size", str(args.partition_size)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def processor() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").is_file() else []:
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or platform.machine()


def _nothing(number: int) -> int:
    return number


def _arithmetic(steps: int) -> int:
    total = 0
    for number in range(steps):
        total += number * number % 7
    return total


ARITHMETIC_STEPS = 20_000_000  # about 2 s of one core


def machine_ceiling() -> float:
    """Work per second of two processes of plain Python arithmetic over that of one (2.0: two whole cores)."""
    import multiprocessing

    started = time.perf_counter()
    _arithmetic(ARITHMETIC_STEPS)
    one = time.perf_counter() - started
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_nothing, range(2))  # both workers started before the clock
        started = time.perf_counter()
        pool.map(_arithmetic, [ARITHMETIC_STEPS] * 2, chunksize=1)
        two = time.perf_counter() - started
    return 2 * one / two


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--count", type=int, default=100_000, help="references parsed by each way")
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE,
                        help="references per Dask partition (default: as reftagger parse-parquet)")
    parser.add_argument("--rounds", type=int, default=2, help="turns each way takes; its best counts")
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one way, in the process run for it
    args = parser.parse_args()

    distinct = distinct_texts(args.data_dir)
    texts = [distinct[index % len(distinct)] for index in range(args.count)]
    if args.way:
        run = {"one": one_process, "two": two_processes, "dask": on_dask}[args.way]
        print(json.dumps(run(texts, args.partition_size)))
        return 0
    results: dict[str, list[dict]] = {way: [] for way in WAYS}
    ceilings = []
    for _ in range(args.rounds):
        ceilings.append(machine_ceiling())
        for way in WAYS:
            results[way].append(in_fresh_process(way, args))
    best = {way: min(runs, key=lambda run: run["seconds"]) for way, runs in results.items()}
    print_table(best, args, len(distinct))
    print(f"The machine: two processes of plain Python arithmetic did {', '.join(f'{c:.2f}' for c in ceilings)} "
          "times the work of one (a round each)")
    return 0


def print_table(best: dict[str, dict], args: argparse.Namespace, distinct: int) -> None:
    print(f"{datetime.date.today()}, {os.cpu_count()} CPUs ({processor()}), Python {platform.python_version()}")
    print(f"{args.count:,} references ({min(distinct, args.count):,} distinct"
          f"{', repeated in order' if args.count > distinct else ''}); Dask partitions of "
          f"{args.partition_size:,}; best of {args.rounds} rounds\n")
    print("| way | seconds | references/s | × one process | peak memory per worker |")
    print("|---|---:|---:|---:|---|")
    one = best["one"]["seconds"]
    for way, name in WAYS.items():
        seconds = best[way]["seconds"]
        memory = " / ".join(f"{peak:,.0f} MB" for peak in best[way]["peaks"])
        print(f"| {name} | {seconds:,.1f} | {args.count / seconds:,.0f} | {one / seconds:.2f} | {memory} |")
    dask = best["dask"]
    per_worker = args.count / dask["seconds"] / 2
    partition_seconds = args.partition_size / per_worker
    print(f"\nDask: cluster start-up {dask['start_up']:.1f} s (inside its time); {per_worker:,.0f} references/s per "
          f"worker; the scheduler {dask['per_task'] * 1000:.2f} ms per task ({EMPTY_TASKS:,} empty tasks), "
          f"{100 * dask['per_task'] / partition_seconds:.3f}% of a {args.partition_size:,}-reference partition's "
          f"{partition_seconds:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
