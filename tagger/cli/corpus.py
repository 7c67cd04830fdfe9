"""``reftagger convert``, ``stats`` and ``synth``: labelled corpora converted between formats, counted, and made."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tagger.cli.common import check_output_path, number_in, positive, read_all, say
from tagger.wording import counted


def add_corpus_commands(commands: Any) -> None:
    """Register ``convert``, ``stats`` and ``synth`` on the ``reftagger`` parser's subparsers."""
    from tagger.corpus.formats import READERS, WRITERS

    convert = commands.add_parser(
        "convert", help="convert labelled references between formats",
        description="Read labelled references in any supported format and write them as JSONL, AnyStyle XML "
        "or CoNLL. Nothing is written unless every record converts (or --lenient skips it).")
    convert.add_argument("inputs", nargs="+", metavar="IN", help="labelled files")
    convert.add_argument("--from", dest="source_format", choices=list(READERS), help="input format (default: detect)")
    convert.add_argument("--to", required=True, choices=WRITERS, help="output format")
    convert.add_argument("-o", "--out", metavar="OUT", help="file to write (default, or '-': standard output)")
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


def command_convert(args: argparse.Namespace) -> int:
    from tagger.corpus import formats

    out = None if args.out == "-" else args.out
    check_output_path(out, "-o")
    records = [record for found in read_all(args.inputs, args.source_format, args.lenient).values()
               for record in found]
    if out is None:
        skipped: list[str] = []
        text = "".join(formats.document(records, args.to, args.lenient, skipped))  # all or nothing
        sys.stdout.write(text)
    else:
        skipped = formats.write(records, out, args.to, args.lenient)
    for message in skipped[:5]:
        say(f"warning: left out: {message}")
    say(f"converted {counted(len(records) - len(skipped), 'reference')} to {args.to}"
         + (f"; {len(skipped):,} left out (--lenient)" if skipped else ""))
    return 0


def command_stats(args: argparse.Namespace) -> int:
    from tagger.corpus.stats import file_stats, format_stats, overlaps

    check_output_path(args.json, "--json")
    named = read_all(args.inputs, args.source_format, args.lenient)
    stats = {"files": {name: file_stats(records) for name, records in named.items()}, "overlaps": overlaps(named)}
    print(format_stats(stats))
    if args.json:
        Path(args.json).write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def add_synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE", help="labelled JSONL to write")
    parser.add_argument("--count", type=positive, default=1000, metavar="N", help="references (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--corpus", nargs="+", default=[], metavar="FILE",
                        help="labelled JSONL whose references also become records to render (never a test set)")
    parser.add_argument("--corpus-share", type=number_in(0, 1), default=0.3, metavar="P",
                        help="share of records taken from --corpus when given (default: 0.3)")
    parser.add_argument("--held-out", action="store_true",
                        help="render with the held-out styles and fresh records only (an evaluation set)")
    parser.add_argument("--noise", type=number_in(0), default=1.0, metavar="SCALE",
                        help="scale of the extraction noise probabilities; 0 for none (default: 1)")
    parser.add_argument("--processes", type=positive, default=1, metavar="N", help="worker processes (default: 1)")
    parser.set_defaults(run=command_synth)


def command_synth(args: argparse.Namespace) -> int:
    from tagger.corpus import read_records
    from tagger.synth import write

    check_output_path(args.out, "--out")
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
