"""The ``reftagger`` command line: ``parse`` and ``evaluate``.

User mistakes (a missing file, bad UTF-8, a broken model) end with one line on
stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from html import escape as _html_escape
from pathlib import Path
from typing import IO, Any

from tagger.errors import TaggerError

FORMATS = ("jsonl", "json", "tagged")
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class InputError(TaggerError):
    """An input file cannot be read or decoded."""


def read_lines(paths: Sequence[str], stdin: IO[bytes]) -> Iterator[str]:
    """Every line of the inputs, without its line ending; ``-`` or no path means standard input."""
    for path in paths or ["-"]:
        if path == "-":
            yield from _decode_lines(stdin, "<stdin>")
            continue
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, not a file of references")
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise InputError(f"{path}: cannot open: {error.strerror}") from None
        with handle:
            yield from _decode_lines(handle, path)


def _decode_lines(handle: IO[bytes], name: str) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{name}:{number}: not valid UTF-8 (byte {error.start} of the line)") from None
        yield line.rstrip("\r\n")


def escape(text: str) -> str:
    return _html_escape(text, quote=False)


def tagged(reference: Any) -> str:
    """The reference with each span wrapped in ``<label>…</label>``; ``<``, ``>`` and ``&`` are escaped."""
    pieces, position = [], 0
    for span in reference.spans:
        pieces += [escape(reference.text[position : span.start]), f"<{span.label}>{escape(span.text)}</{span.label}>"]
        position = span.end
    pieces.append(escape(reference.text[position:]))
    return "".join(pieces)


def command_parse(args: argparse.Namespace) -> int:
    from tagger.model import Tagger

    model = Tagger.load(args.model)
    failures: list[InputError] = []

    def lines() -> Iterator[str]:
        # An unreadable input ends the run, but only after every line before it has been written.
        try:
            yield from read_lines(args.files, sys.stdin.buffer)
        except InputError as error:
            failures.append(error)

    references = model.parse_many(lines(), n_process=args.processes)
    out = sys.stdout
    if args.format == "json":
        json.dump([reference.to_dict() for reference in references], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for reference in references:
            if args.format == "jsonl":
                out.write(json.dumps(reference.to_dict(), ensure_ascii=False) + "\n")
            else:
                out.write(tagged(reference) + "\n")
    out.flush()
    if failures:
        raise failures[0]
    return 0


def command_evaluate(args: argparse.Namespace) -> int:
    from tagger.corpus import read_jsonl, remove_overlap
    from tagger.evaluation import evaluate_model, format_report
    from tagger.model import Tagger

    if args.json and not Path(args.json).resolve().parent.is_dir():
        raise InputError(f"{args.json}: its folder does not exist")
    model = Tagger.load(args.model)
    records = []
    for path in args.data:
        records.extend(read_jsonl(path))
    if not args.keep_overlap:
        training, missing = _training_records(model)
        if missing:
            print(f"training files named in the model's meta.json not found here, so overlap with them is "
                  f"not removed: {', '.join(missing)}", file=sys.stderr)
        if training:
            records, removed = remove_overlap(records, training)
            print(f"removed {removed} references whose text occurs in the model's training data", file=sys.stderr)
    scores = evaluate_model(model, records)
    print(format_report(scores))
    if args.json:
        Path(args.json).write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0


def _training_records(model: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """The references the model was trained on that can be found here, and the files that cannot.

    ``meta.json`` names the files relative to a data folder, itself relative to
    the repository the model was trained in; look there and in the working
    directory.
    """
    from tagger.corpus import read_jsonl, remove_overlap

    data = model.meta.get("training_data", {})
    data_dir = Path(data.get("data_dir", "."))
    repository = model.path.parent

    def locate(name: str) -> Path | None:
        if name.startswith("data/"):  # the repository's own data: beside the model, or where we stand
            candidates = [repository / name, Path.cwd() / name]
        else:
            candidates = [data_dir / name, repository / data_dir / name]
        return next((path for path in candidates if path.is_file()), None)

    records, missing = [], []
    for name in (name for name in data.get("files", {}) if not name.startswith("_")):
        found = locate(name)
        if found is None:
            missing.append(name)
        else:
            records.extend(read_jsonl(found))
    # Training left out every text of its test sets: those were not trained on.
    held_out = [locate(name) for name in model.meta.get("scores", {}).get("test", {})]
    tests = [record for path in held_out if path is not None for record in read_jsonl(path)]
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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reftagger", description="Find the fields of bibliographic references.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="tag references, one per line", description=(
        "Read one reference per line from FILEs or standard input and write one result per line."))
    parse.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: standard input)")
    parse.add_argument("--model", help="model directory (default: the shipped model)")
    parse.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parse.add_argument("--processes", type=_positive, default=1, metavar="N",
                       help="worker processes for large inputs (default: 1); output order is kept")
    parse.set_defaults(run=command_parse)

    evaluate = commands.add_parser("evaluate", help="score a model on labelled JSONL references")
    add_evaluate_arguments(evaluate)

    synth = commands.add_parser(
        "synth",
        help="render labelled references through many citation styles",
        description="Render bibliographic records through CSL citation styles with exact spans, add "
        "extraction noise, and write labelled JSONL (needs the synth extra: pip install 'reftagger[synth]').",
    )
    add_synth_arguments(synth)
    return parser


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


def command_synth(args: argparse.Namespace) -> int:
    from tagger.corpus import read_jsonl
    from tagger.synth import write

    out = Path(args.out)
    if out.is_dir():
        raise InputError(f"{args.out}: is a directory; --out names the JSONL file to write")
    if not out.resolve().parent.is_dir():
        raise InputError(f"{args.out}: its folder does not exist")
    corpus = [record for path in args.corpus for record in read_jsonl(path)]
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


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, nargs="+", metavar="FILE", help="labelled JSONL corpus")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--json", metavar="OUT", help="also write the scores as JSON to OUT")
    parser.add_argument("--keep-overlap", action="store_true",
                        help="keep references whose text occurs in the model's training data")
    parser.set_defaults(run=command_evaluate)


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    args = (parser or build_parser()).parse_args(argv)
    try:
        return args.run(args)
    except TaggerError as error:
        print(f"reftagger: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (``reftagger parse big.txt | head -1``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as error:
        print(f"reftagger: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
