"""``reftagger parse``: references from files or standard input, one per line (or split out of reference
sections with ``--block``), parsed and written in one of the output formats as they are read."""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from tagger.cli import inputs
from tagger.cli.common import MOST_PROCESSES, process_count, say, warn_unshown_confidence
from tagger.cli.inputs import Line, block_references, read_lines
from tagger.errors import InputError, OutputError, ReferenceTooLongWarning, TaggerError
from tagger.output import FORMATS, Writer


def add_parse_command(commands: Any) -> None:
    parse = commands.add_parser("parse", help="tag references, one per line", description=(
        "Read one reference per line from FILEs or standard input and write one result per line (jsonl, json, "
        "tagged) or one record per reference with fields (csl-json, bibtex, ris)."))
    parse.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: standard input)")
    parse.add_argument("--model", help="model directory (default: the shipped model)")
    parse.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parse.add_argument("--processes", type=process_count, default=1, metavar="N",
                       help=f"worker processes for large inputs, at most {MOST_PROCESSES}; each holds its own model "
                       "(about 200 MB) (default: 1); output order is kept")
    parse.add_argument("--errors", choices=("strict", "replace"), default="strict",
                       help="invalid UTF-8 in the input: stop with an error naming the line (strict, the default) "
                       "or read each bad byte as U+FFFD and go on (replace)")
    parse.add_argument("--confidence", action="store_true",
                       help="add the model's confidence (0-1) to every span and field (json, jsonl)")
    parse.add_argument("--block", action="store_true",
                       help="each input is a pasted reference section: split it into references first "
                       "(numbered, hanging-indented or wrapped lines); results are numbered by reference, not line")
    parse.set_defaults(run=command_parse)


def command_parse(args: argparse.Namespace) -> int:
    from tagger.model import MAX_LENGTH, ParseFailure, Tagger

    warn_unshown_confidence(args)
    model = Tagger.load(args.model)
    input_failures: list[InputError] = []
    waiting: collections.deque[Line] = collections.deque()  # read, not yet written
    progress = _progress(args.files)
    stdin = sys.stdin.buffer if sys.stdin is not None else None

    def texts() -> Iterator[str]:
        # An unreadable input ends the run, but only after every line before it has been written.
        try:
            lines = read_lines(args.files, stdin, args.errors)
            for line in block_references(lines, model) if args.block else lines:
                if line.text is not None and len(line.text) > MAX_LENGTH:
                    say(f"warning: {line.source}:{line.number}: {len(line.text):,} characters; "
                         f"only the first {MAX_LENGTH:,} were tagged")
                waiting.append(line)
                yield "" if line.text is None else line.text
        except InputError as error:
            input_failures.append(error)

    failed = 0
    writer = Writer(args.format, sys.stdout)
    with warnings.catch_warnings(), _InterruptsBetweenWrites() as interrupts:
        warnings.simplefilter("ignore", ReferenceTooLongWarning)  # reported above, with the line
        try:
            for result in model._results(texts(), 256, args.processes, isolate=True, confidence=args.confidence):
                line = waiting.popleft()
                progress.update(line.size)
                if line.text is None:
                    result = ParseFailure(f"a line of {line.size:,} bytes, longer than the limit of "
                                          f"{inputs.LINE_LIMIT:,}: not read")
                if isinstance(result, ParseFailure):
                    failed += 1
                    say(f"error: {line.source}:{line.number}: could not be parsed ({result.error}); "
                         "written with no spans and an \"error\" entry")
                with interrupts.deferred():
                    writer.write(result, line.text or "")
            writer.close()
        except KeyboardInterrupt:
            writer.close()  # --format json: close the array, so what was written is valid JSON
            raise
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write the output: {error.strerror or error}") from None
        finally:
            progress.close()
    if input_failures:
        raise input_failures[0]
    if failed:
        raise TaggerError(f"{failed} line(s) could not be parsed; the output has an entry with \"error\" for each")
    return 0


class _InterruptsBetweenWrites:
    """Ctrl-C raises ``KeyboardInterrupt`` at once, except while a result is being written: then just after.

    A write blocked on a full pipe is interrupted part-way otherwise, and the
    output would end inside a line.
    """

    def __init__(self) -> None:
        self.writing = False
        self.pending = False
        self.previous: Any = None

    def __enter__(self) -> _InterruptsBetweenWrites:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exception: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handle(self, number: int, frame: object) -> None:
        if self.writing:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.pending:
            raise KeyboardInterrupt


def _progress(paths: Sequence[str]) -> Any:
    """A progress bar on stderr when it is a terminal: bytes of the input files when their sizes are known."""
    from tqdm import tqdm

    regular = [path for path in paths if path != "-" and os.path.isfile(path)]
    total = sum(os.path.getsize(path) for path in regular) if paths and len(regular) == len(paths) else None
    return tqdm(total=total, unit="B", unit_scale=True, desc="parsing", disable=not sys.stderr.isatty(),
                file=sys.stderr, leave=False)
