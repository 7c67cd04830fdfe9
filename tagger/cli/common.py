"""What the ``reftagger`` subcommands share: messages on stderr, argument types, output-path checks, and
reading labelled files."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tagger.errors import InputError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MOST_PROCESSES = 64


def say(message: str) -> None:
    """A warning or notice of the command line: one line on stderr, after ``reftagger:``."""
    print(f"reftagger: {message}", file=sys.stderr)


def warn_unshown_confidence(args: argparse.Namespace) -> None:
    """Say so when ``--confidence`` was asked for in a format that has no place for it (only json and jsonl
    carry it), rather than compute it and drop it silently."""
    if args.confidence and args.format not in ("json", "jsonl"):
        say(f"warning: --format {args.format} has no place for confidence: it is written in json and jsonl only")


def one_line_warnings() -> None:
    """Show Python warnings (tags mapped to ``other``, records skipped with --lenient) as one line each on
    stderr, as the command's other warnings are."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        say(f"warning: {message}")

    warnings.showwarning = show


def number_in(low: float, high: float = float("inf")):
    """An argparse type: a number from ``low`` to ``high``, else a usage error naming the value."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:
            bound = f"from {low:g} to {high:g}" if high != float("inf") else f"of at least {low:g}"
            raise argparse.ArgumentTypeError(f"must be a number {bound}, not {value!r}")
        return number

    return parse


def whole(low: int):
    """An argparse type: a whole number of at least ``low``, else a usage error naming the value."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if number < low:
            raise argparse.ArgumentTypeError(f"must be a whole number of at least {low}, not {value!r}")
        return number

    return parse


positive = whole(1)


def process_count(value: str) -> int:
    """An argparse type: a number of worker processes, at most ``MOST_PROCESSES``; warns above the CPUs here."""
    number = positive(value)
    if number > MOST_PROCESSES:
        raise argparse.ArgumentTypeError(f"must be at most {MOST_PROCESSES}, not {value!r}")
    if number > (os.cpu_count() or 1):
        say(f"warning: --processes {number} is more than the {os.cpu_count()} CPUs here; "
            "each process holds its own copy of the model")
    return number


def check_output_path(path: str | None, option: str) -> None:
    """Refuse, before any work, an output path that names a folder or lies in a missing one."""
    if path is None:
        return
    if Path(path).is_dir() or path.endswith(("/", os.sep)):
        raise InputError(f"{path}: is a folder; {option} names the file to write")
    if not Path(path).resolve().parent.is_dir():
        raise InputError(f"{path}: its folder does not exist")


def read_all(paths: Sequence[str], source_format: str | None, lenient: bool) -> dict[str, list[dict[str, Any]]]:
    """The records of each file; warnings (tags mapped to ``other``, records skipped) go to stderr as one line each."""
    from tagger.corpus import formats

    records = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in paths:
            records[path] = formats.read(path, source_format, lenient).records
    for warning in caught:
        say(f"warning: {warning.message}")
    return records
