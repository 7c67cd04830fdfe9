"""``reftagger find``: the references of papers (PDF or plain text), found, split, parsed and written with the
page each starts on."""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from tagger.cli.common import say, warn_unshown_confidence
from tagger.errors import InputError, NoReferenceHeadingWarning, OutputError, TaggerError
from tagger.output import FORMATS, Writer
from tagger.wording import counted


def add_find_command(commands: Any) -> None:
    find = commands.add_parser("find", help="find and parse the references of papers (PDF or text)", description=(
        "Find the reference section of each FILE (a PDF, or a paper as UTF-8 text) by its heading, split it into "
        "references (with the PDF's line positions: columns, indents, page furniture), parse them and write "
        "them in order; jsonl and json results carry the file (\"source\") and the page each reference starts "
        "on (\"page\", null for text without form feeds)."))
    find.add_argument("files", nargs="+", metavar="FILE",
                      help="PDF files (named .pdf, or starting as a PDF does) or UTF-8 text files; '-': text on "
                           "standard input")
    find.add_argument("--model", help="model directory (default: the shipped model)")
    find.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    find.add_argument("--confidence", action="store_true",
                      help="add the model's confidence (0-1) to every span and field (json, jsonl)")
    find.add_argument("--errors", choices=("strict", "replace"), default="strict",
                      help="invalid UTF-8 in a text file: stop with an error naming the line (strict, the default) "
                      "or read each bad byte as U+FFFD and go on (replace)")
    find.set_defaults(run=command_find)


def command_find(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from tagger.blocks.find import find_references, references_in_text
    from tagger.model import Tagger

    warn_unshown_confidence(args)
    model = Tagger.load(args.model)
    writer = Writer(args.format, sys.stdout)
    failures: list[TaggerError] = []
    files = tqdm(args.files, unit="file", desc="finding", disable=len(args.files) < 2 or not sys.stderr.isatty(),
                 file=sys.stderr, leave=False)
    try:
        for path in files:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", NoReferenceHeadingWarning)
                    if path == "-":
                        found = references_in_text(_standard_input(args.errors), model, source="standard input",
                                                   confidence=args.confidence)
                    else:
                        found = find_references(path, model, confidence=args.confidence, errors=args.errors)
            except TaggerError as error:  # reported, and the other files still read
                failures.append(error)
                if len(args.files) > 1:
                    say(f"error: {error}")
                continue
            for warning in caught:
                say(f"warning: {warning.message}")
            if not found:
                say(f"warning: {path}: no references found")
            for number, reference in enumerate(found, start=1):
                writer.write(reference.reference, extra={"source": path, "number": number, "page": reference.page})
        writer.close()
    except BrokenPipeError:
        raise  # the reader stopped early (`| head`): reftagger's main ends quietly, as for parse
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None
    if len(failures) == 1 and len(args.files) == 1:
        raise failures[0]
    if failures:
        raise TaggerError(f"{len(failures)} of {counted(len(args.files), 'file')} could not be read (see above)")
    return 0


def _standard_input(errors: str) -> str:
    from tagger.blocks.find import decoded_text

    if sys.stdin is None:
        raise InputError("standard input is closed")
    return decoded_text(sys.stdin.buffer.read(), "standard input", errors)
