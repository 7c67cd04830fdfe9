"""The ``reftagger`` command line: ``parse``, ``convert``, ``stats`` and ``synth`` here; ``train``, ``evaluate``,
``compare``, ``inspect``, ``cv``, ``loco``, ``search`` and ``curve`` in :mod:`tagger.cli_research`.

User mistakes (a missing file, bad UTF-8, a broken model) end with one line on
stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import itertools
import json
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from html import escape as _html_escape
from pathlib import Path
from typing import IO, Any, NamedTuple

from tagger.cli_research import add_evaluate_arguments, add_research_commands
from tagger.errors import ReferenceTooLongWarning, TaggerError

BIBLIOGRAPHIC_FORMATS = ("csl-json", "bibtex", "ris")
FORMATS = ("jsonl", "json", "tagged", *BIBLIOGRAPHIC_FORMATS)
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class InputError(TaggerError):
    """An input file cannot be read or decoded."""


class OutputError(TaggerError):
    """The output cannot be written (disk full, device error)."""


# Longest input line held in memory, in bytes. A longer line is not a reference (only its first
# MAX_LENGTH characters would be tagged anyway); it is skipped, and reported, without being read whole.
LINE_LIMIT = 1_000_000
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


class Line(NamedTuple):
    """One input line: where it came from, its text without the line ending, and its size in bytes.

    ``text`` is ``None`` for a line longer than ``LINE_LIMIT`` bytes, which is not read whole.
    """

    source: str
    number: int
    text: str | None
    size: int


def read_lines(paths: Sequence[str], stdin: IO[bytes] | None, errors: str = "strict") -> Iterator[Line]:
    """Every line of the inputs; ``-`` or no path means standard input.

    ``errors`` is ``strict`` (invalid UTF-8 is an :class:`InputError` naming the
    line) or ``replace`` (each invalid byte becomes U+FFFD). A byte-order mark
    at the start of an input is dropped; a NUL byte means the input is not text.
    """
    for path in paths or ["-"]:
        if path == "-":
            if stdin is None:
                raise InputError("standard input is closed: name the input files")
            yield from _decode_lines(stdin, "<stdin>", errors)
            continue
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, not a file of references")
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise InputError(f"{path}: cannot open: {error.strerror}") from None
        with handle:
            yield from _decode_lines(handle, path, errors)


def _decode_lines(handle: IO[bytes], name: str, errors: str) -> Iterator[Line]:
    number = 0
    try:
        while raw := handle.readline(LINE_LIMIT + 1):
            number += 1
            if b"\0" in raw:
                raise InputError(f"{name}:{number}: contains a NUL byte: this looks like a binary file, not text")
            if len(raw) > LINE_LIMIT and not raw.endswith(b"\n"):
                yield Line(name, number, None, _skip_line(handle, raw))
                continue
            if number == 1 and raw.startswith(BYTE_ORDER_MARK):
                raw = raw[len(BYTE_ORDER_MARK) :]
                if not raw:  # a file holding only a byte-order mark has no lines
                    return
            try:
                line = raw.decode("utf-8", errors)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}:{number}: not valid UTF-8 (byte {error.start + 1} of the line); "
                    "--errors replace reads such bytes as U+FFFD"
                ) from None
            yield Line(name, number, line.rstrip("\r\n"), len(raw))
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror}") from None


def _skip_line(handle: IO[bytes], start: bytes) -> int:
    """Read to the end of the overlong line that begins with ``start``, keeping nothing; its size in bytes."""
    size, piece = len(start), start
    while piece and not piece.endswith(b"\n"):
        piece = handle.readline(LINE_LIMIT)
        size += len(piece)
    return size


# Control characters (ANSI escapes among them) and the characters that str.splitlines() and text-mode
# readers take as line ends: the tagged format writes them as character references, so that its output
# keeps one line per input line for every reader and prints safely on a terminal.
CONTROLS = {code: f"&#{code};" for code in [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def block_references(lines: Iterator[Line], model: Any = None) -> Iterator[Line]:
    """The references of each input read as one reference section (``tagger.split_references``, with
    ``model`` judging flush lists; ``None``: the shipped model); a result's number is the reference's place
    in its input."""
    from tagger.blocks import split_references_with

    for source, group in itertools.groupby(lines, key=lambda line: line.source):
        found = list(group)
        references = split_references_with("\n".join(line.text or "" for line in found), model)
        for number, reference in enumerate(references, start=1):
            yield Line(source, number, reference, sum(line.size for line in found) if number == 1 else 0)


def escape(text: str) -> str:
    """``text`` for the tagged format: ``<``, ``>``, ``&`` and control characters as HTML references."""
    return _html_escape(text, quote=False).translate(CONTROLS)


def tagged(reference: Any) -> str:
    """The reference with each span wrapped in ``<label>…</label>``; ``<``, ``>`` and ``&`` are escaped."""
    pieces, position = [], 0
    for span in reference.spans:
        pieces += [escape(reference.text[position : span.start]), f"<{span.label}>{escape(span.text)}</{span.label}>"]
        position = span.end
    pieces.append(escape(reference.text[position:]))
    return "".join(pieces)


def command_parse(args: argparse.Namespace) -> int:
    from tagger.model import MAX_LENGTH, ParseFailure, Tagger

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
                    _say(f"warning: {line.source}:{line.number}: {len(line.text):,} characters; "
                         f"only the first {MAX_LENGTH:,} were tagged")
                waiting.append(line)
                yield "" if line.text is None else line.text
        except InputError as error:
            input_failures.append(error)

    failed = 0
    write = _writer(args.format, sys.stdout)
    with warnings.catch_warnings(), _InterruptsBetweenWrites() as interrupts:
        warnings.simplefilter("ignore", ReferenceTooLongWarning)  # reported above, with the line
        try:
            for result in model._results(texts(), 256, args.processes, isolate=True, confidence=args.confidence):
                line = waiting.popleft()
                progress.update(line.size)
                if line.text is None:
                    result = ParseFailure(f"a line of {line.size:,} bytes, longer than the limit of "
                                          f"{LINE_LIMIT:,}: not read")
                if isinstance(result, ParseFailure):
                    failed += 1
                    _say(f"error: {line.source}:{line.number}: could not be parsed ({result.error}); "
                         "written with no spans and an \"error\" entry")
                with interrupts.deferred():
                    write(result, line.text or "")
            write(None, "")
        except KeyboardInterrupt:
            write(None, "")  # --format json: close the array, so what was written is valid JSON
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


# JSON leaves these unescaped when it writes UTF-8, but str.splitlines() breaks lines at them.
JSON_LINE_BREAKS = {ord(char): f"\\u{ord(char):04x}" for char in "\x85\u2028\u2029"}


def _writer(output_format: str, out: IO[str]) -> Any:
    """``write(result, text)`` puts one result (a Reference, or a ParseFailure for ``text``) on ``out``
    in ``output_format``; ``write(None, "")`` ends the output (and may be called again).

    jsonl, json and tagged give one result per input line. The bibliographic formats (csl-json,
    bibtex, ris) give one entry per reference: blank lines and lines that could not be parsed have none.
    """
    count = 0
    ended = False
    keys: collections.Counter = collections.Counter()  # citation keys given so far, to keep them unique

    def unique(key: str) -> str:
        """``key``, or the first of key+a, key+b, ..., key+z, key+aa, ... not given yet."""
        candidate, count = key, 0
        while keys[candidate]:
            count += 1
            suffix, letters = count, ""
            while suffix:
                suffix, digit = divmod(suffix - 1, 26)
                letters = chr(ord("a") + digit) + letters
            candidate = key + letters
        keys[candidate] += 1
        return candidate

    def array_item(item: dict[str, Any]) -> None:
        text = json.dumps(item, ensure_ascii=False, indent=2).translate(JSON_LINE_BREAKS)
        out.write(("," if count else "[") + "\n  " + text.replace("\n", "\n  "))

    def write(result: Any, text: str) -> None:
        nonlocal count, ended
        if result is None:
            if output_format in ("json", "csl-json") and not ended:
                out.write("\n]\n" if count else "[\n]\n")
            ended = True
            out.flush()
            return
        failure = not hasattr(result, "to_dict")
        if output_format in BIBLIOGRAPHIC_FORMATS:
            if failure or not result.spans:
                return
            from tagger.records import citation_key, to_bibtex, to_csl, to_ris

            item = result.record()
            if output_format == "csl-json":
                array_item(to_csl(item, unique(citation_key(item))))
            elif output_format == "bibtex":
                out.write(("\n" if count else "") + to_bibtex(item, unique(citation_key(item))))
            else:
                out.write(("\n" if count else "") + to_ris(item))
        elif output_format == "tagged":
            out.write((escape(text) if failure else tagged(result)) + "\n")
        else:
            record = {"text": text, "spans": [], "fields": {}, "error": result.error} if failure else result.to_dict()
            if output_format == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False).translate(JSON_LINE_BREAKS) + "\n")
            else:
                array_item(record)
        count += 1

    return write


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


def _say(message: str) -> None:
    print(f"reftagger: {message}", file=sys.stderr)


def _progress(paths: Sequence[str]) -> Any:
    """A progress bar on stderr when it is a terminal: bytes of the input files when their sizes are known."""
    from tqdm import tqdm

    regular = [path for path in paths if path != "-" and os.path.isfile(path)]
    total = sum(os.path.getsize(path) for path in regular) if paths and len(regular) == len(paths) else None
    return tqdm(total=total, unit="B", unit_scale=True, desc="parsing", disable=not sys.stderr.isatty(),
                file=sys.stderr, leave=False)


def _training_records(model: Any, near: Sequence[str] = ()) -> tuple[list[dict[str, Any]], list[str]]:
    """The references the model was trained on that can be found here, and the files that cannot.

    ``meta.json`` names the files relative to a data folder, itself relative to
    the repository the model was trained in. That repository is looked for
    beside the model, around this package's source checkout and in the working
    directory, and the data folder beside the files being evaluated (``near``:
    ``.../data/anystyle/test.jsonl`` suggests ``.../data``); a training file
    counts only if its SHA-256 is the one recorded.
    """
    from tagger.corpus import read_records, remove_overlap
    from tagger.model import file_sha256

    data = model.meta.get("training_data", {})
    data_dir = Path(data.get("data_dir", "."))
    repositories = [model.path.parent, Path(__file__).resolve().parent.parent, Path.cwd()]

    def locate(name: str, sha256: str | None = None) -> Path | None:
        beside = [Path(path).resolve().parent.parent for path in near]
        folders = repositories if name.startswith("data/") else [
            data_dir, *(root / data_dir for root in repositories), *beside]
        for path in (folder / name for folder in folders):
            if path.is_file() and (sha256 is None or file_sha256(path) == sha256):
                return path
        return None

    records, missing = [], []
    for name, summary in data.get("files", {}).items():
        if name.startswith("_"):
            continue
        summary = summary if isinstance(summary, dict) else {}
        found = locate(name, summary.get("sha256"))
        if found is None and isinstance(summary.get("resolved"), str):  # reftagger train records where it was
            found = locate(summary["resolved"], summary.get("sha256"))
        if found is None:
            missing.append(name)
        else:
            records.extend(read_records(found))
    # Training left out every text of its test sets: those were not trained on.
    recorded = data.get("test_files", {})  # reftagger train records where its test files were
    held_out = [locate(name) or locate(str(recorded.get(name, {}).get("resolved", name)))
                for name in model.meta.get("scores", {}).get("test", {})]
    tests = [record for path in held_out if path is not None for record in read_records(path)]
    return remove_overlap(records, tests)[0], missing


def _number_in(low: float, high: float = float("inf")):
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


MOST_PROCESSES = 64


def _process_count(value: str) -> int:
    number = _positive(value)
    if number > MOST_PROCESSES:
        raise argparse.ArgumentTypeError(f"must be at most {MOST_PROCESSES}, not {value!r}")
    if number > (os.cpu_count() or 1):
        _say(f"warning: --processes {number} is more than the {os.cpu_count()} CPUs here; "
             "each process holds its own copy of the model")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    from tagger.formats import READERS, WRITERS
    parser = argparse.ArgumentParser(prog="reftagger", description="Find the fields of bibliographic references.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="tag references, one per line", description=(
        "Read one reference per line from FILEs or standard input and write one result per line."))
    parse.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: standard input)")
    parse.add_argument("--model", help="model directory (default: the shipped model)")
    parse.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parse.add_argument("--processes", type=_process_count, default=1, metavar="N",
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

    evaluate = commands.add_parser(
        "evaluate", help="score a model on labelled references",
        description="Word, field and reference scores (DESIGN.md) per label, micro and macro, with bootstrap 95% "
        "intervals; optionally as Markdown, JSON, PNG figures and an error analysis.")
    add_evaluate_arguments(evaluate)
    add_research_commands(commands)

    convert = commands.add_parser(
        "convert", help="convert labelled references between formats",
        description="Read labelled references in any supported format and write them as JSONL, AnyStyle XML "
        "or CoNLL. Nothing is written unless every record converts (or --lenient skips it).")
    convert.add_argument("inputs", nargs="+", metavar="IN", help="labelled files")
    convert.add_argument("--from", dest="source_format", choices=list(READERS), help="input format (default: detect)")
    convert.add_argument("--to", required=True, choices=WRITERS, help="output format")
    convert.add_argument("-o", "--out", metavar="OUT", help="file to write (default: standard output)")
    convert.add_argument("--lenient", action="store_true", help="skip and count bad records instead of stopping")
    convert.set_defaults(run=command_convert)

    stats = commands.add_parser(
        "stats", help="count references, labels, scripts, duplicates and overlaps in labelled files")
    stats.add_argument("inputs", nargs="+", metavar="FILE", help="labelled files")
    stats.add_argument("--from", dest="source_format", choices=list(READERS), help="input format (default: detect)")
    stats.add_argument("--json", metavar="OUT", help="also write the numbers as JSON to OUT")
    stats.add_argument("--lenient", action="store_true", help="skip and count bad records instead of stopping")
    stats.set_defaults(run=command_stats)

    synth = commands.add_parser(
        "synth",
        help="render labelled references through many citation styles",
        description="Render bibliographic records through CSL citation styles with exact spans, add "
        "extraction noise, and write labelled JSONL (needs the synth extra: pip install 'reftagger[synth]').",
    )
    add_synth_arguments(synth)
    return parser


def _read_all(paths: Sequence[str], source_format: str | None, lenient: bool) -> dict[str, list[dict[str, Any]]]:
    """The records of each file; warnings (tags mapped to ``other``, records skipped) go to stderr as one line each."""
    from tagger import formats

    records = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in paths:
            records[path] = formats.read(path, source_format, lenient).records
    for warning in caught:
        _say(f"warning: {warning.message}")
    return records


def command_convert(args: argparse.Namespace) -> int:
    from tagger import formats

    _check_output_path(args.out, "-o")
    records = [record for found in _read_all(args.inputs, args.source_format, args.lenient).values()
               for record in found]
    if args.out is None:
        skipped: list[str] = []
        text = "".join(formats.document(records, args.to, args.lenient, skipped))  # all or nothing
        sys.stdout.write(text)
    else:
        skipped = formats.write(records, args.out, args.to, args.lenient)
    for message in skipped[:5]:
        _say(f"warning: left out: {message}")
    _say(f"converted {len(records) - len(skipped):,} references to {args.to}"
         + (f"; {len(skipped):,} left out (--lenient)" if skipped else ""))
    return 0


def command_stats(args: argparse.Namespace) -> int:
    from tagger.stats import file_stats, format_stats, overlaps

    _check_output_path(args.json, "--json")
    named = _read_all(args.inputs, args.source_format, args.lenient)
    stats = {"files": {name: file_stats(records) for name, records in named.items()}, "overlaps": overlaps(named)}
    print(format_stats(stats))
    if args.json:
        Path(args.json).write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def add_synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE", help="labelled JSONL to write")
    parser.add_argument("--count", type=_positive, default=1000, metavar="N", help="references (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--corpus", nargs="+", default=[], metavar="FILE",
                        help="labelled JSONL whose references also become records to render (never a test set)")
    parser.add_argument("--corpus-share", type=_number_in(0, 1), default=0.3, metavar="P",
                        help="share of records taken from --corpus when given (default: 0.3)")
    parser.add_argument("--held-out", action="store_true",
                        help="render with the held-out styles and fresh records only (an evaluation set)")
    parser.add_argument("--noise", type=_number_in(0), default=1.0, metavar="SCALE",
                        help="scale of the extraction noise probabilities; 0 for none (default: 1)")
    parser.add_argument("--processes", type=_positive, default=1, metavar="N", help="worker processes (default: 1)")
    parser.set_defaults(run=command_synth)


def _check_output_path(path: str | None, option: str) -> None:
    """Refuse, before any work, an output path that names a folder or lies in a missing one."""
    if path is None:
        return
    if Path(path).is_dir() or path.endswith(("/", os.sep)):
        raise InputError(f"{path}: is a folder; {option} names the file to write")
    if not Path(path).resolve().parent.is_dir():
        raise InputError(f"{path}: its folder does not exist")


def command_synth(args: argparse.Namespace) -> int:
    from tagger.corpus import read_records
    from tagger.synth import write

    _check_output_path(args.out, "--out")
    out = Path(args.out)
    corpus = [record for path in args.corpus for record in read_records(path)]
    summary = write(
        out,
        count=args.count,
        seed=args.seed,
        held_out=args.held_out,
        corpus=corpus,
        corpus_share=args.corpus_share,
        noise=args.noise,
        processes=args.processes,
        progress=sys.stderr.isatty(),
    )
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # started with `>&-` or `2>&-`: nowhere to write
        return 1
    args = (parser or build_parser()).parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # recorded by train in meta.json
    try:
        return args.run(args)
    except TaggerError as error:
        print(f"reftagger: error: {error}", file=sys.stderr)
        if isinstance(error, OutputError):
            _discard_stdout()
        return 1
    except BrokenPipeError:
        # The reader went away (``reftagger parse big.txt | head -1``): stop quietly.
        _discard_stdout()
        return 0
    except KeyboardInterrupt:
        # Keep what was parsed before Ctrl-C: the output holds whole lines only.
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            _discard_stdout()
        return EXIT_INTERRUPTED
    except OSError as error:
        print(f"reftagger: error: {error}", file=sys.stderr)
        return 1


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail on output that cannot be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


if __name__ == "__main__":
    sys.exit(main())
