"""``reftagger annotate``: references pre-labelled by the model as tasks for an annotation tool, most uncertain
first (:mod:`tagger.annotate`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tagger.cli.common import check_output_path, say, whole
from tagger.errors import InputError


def add_annotate_command(commands: Any) -> None:
    from tagger.annotate import MEASURES, RANKS, TOOLS

    annotate = commands.add_parser(
        "annotate", help="pre-label references as tasks for Label Studio, doccano, Prodigy or AnyStyle",
        description=("Parse the references of IN (one per line) and write them, with the model's spans, as tasks "
                     "for an annotation tool: the most uncertain first, near-duplicates collapsed. Read the "
                     "corrected export back with any command that reads corpora (convert, train, evaluate)."))
    annotate.add_argument("files", nargs="+", metavar="IN", help="files of references, one per line ('-': standard "
                                                                 "input)")
    annotate.add_argument("--to", choices=TOOLS, required=True, dest="tool", help="the annotation tool's format")
    annotate.add_argument("-o", "--output", required=True, metavar="OUT",
                          help="the task file to write, '-' for standard output (label-studio: also OUT's name + "
                               ".config.xml, the labelling configuration, so it needs a file)")
    annotate.add_argument("--model", help="model directory (default: the shipped model)")
    annotate.add_argument("--rank", choices=RANKS, default="uncertainty",
                          help="order of the tasks: the model's uncertainty (default), random or input order")
    annotate.add_argument("--uncertainty", choices=MEASURES, default="span",
                          help="what uncertain means: span, one minus the confidence of the least sure span "
                               "(default), or sequence, one minus the probability of the model's best labelling of "
                               "the whole reference")
    annotate.add_argument("--limit", type=whole(1), metavar="N", help="write only the first N tasks")
    annotate.add_argument("--seed", type=int, default=0, help="seed of --rank random (default: 0)")
    annotate.set_defaults(run=command_annotate)


def command_annotate(args: argparse.Namespace) -> int:
    from tagger import __version__
    from tagger.annotate import label_studio_config, render, tasks
    from tagger.cli.inputs import read_lines
    from tagger.files import write_whole
    from tagger.model import Tagger

    to_stdout = args.output == "-"
    if to_stdout and args.tool == "label-studio":
        raise InputError("-o -: Label Studio's tasks come with a labelling configuration written beside them "
                         "(OUT.config.xml), so give a file name")
    check_output_path(None if to_stdout else args.output, "-o")
    model = Tagger.load(args.model)
    stdin = sys.stdin.buffer if sys.stdin is not None else None
    identified = []
    for line in read_lines(args.files, stdin):
        if line.text is None:
            say(f"warning: {line.source}:{line.number}: a line of {line.size:,} bytes is not a reference; skipped")
            continue
        if line.text.strip():
            identified.append((f"{Path(line.source).name}:{line.number}", line.text))
    chosen = tasks(identified, model, args.rank, args.limit, args.seed, measure=args.uncertainty)
    if not chosen:
        raise InputError(f"{', '.join(args.files)}: no references to annotate (every line is blank)")
    version = f"reftagger {__version__}, model {str(model.meta.get('model_sha256', ''))[:12]}"
    if to_stdout:
        sys.stdout.write(render(chosen, args.tool, version))
    else:
        write_whole(args.output, [render(chosen, args.tool, version)])
    written = ["standard output" if to_stdout else args.output]
    if args.tool == "label-studio":
        config = f"{args.output}.config.xml"
        write_whole(config, [label_studio_config()])
        written.append(config)
    say(f"{len(chosen)} task{'s' if len(chosen) != 1 else ''} of {len(identified)} references ({args.rank} order) "
        f"written to {' and '.join(written)}")
    return 0
