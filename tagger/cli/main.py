"""The ``reftagger`` command: its parser, and the one place where errors become a line on stderr and an exit
status.

User mistakes (a missing file, bad UTF-8, a broken model) end with one line on
stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from tagger.cli.annotate import add_annotate_command
from tagger.cli.common import EXIT_INTERRUPTED, one_line_warnings
from tagger.cli.corpus import add_corpus_commands
from tagger.cli.find import add_find_command
from tagger.cli.parquet import add_parquet_command
from tagger.cli.parse import add_parse_command
from tagger.cli.research import add_evaluate_command, add_research_commands
from tagger.errors import OutputError, TaggerError


def build_parser() -> argparse.ArgumentParser:
    from tagger import __version__

    parser = argparse.ArgumentParser(prog="reftagger", description="Find the fields of bibliographic references.")
    parser.add_argument("--version", action="version", version=f"reftagger {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    add_parse_command(commands)
    add_parquet_command(commands)
    add_find_command(commands)
    add_annotate_command(commands)
    add_evaluate_command(commands)
    add_research_commands(commands)
    add_corpus_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # started with `>&-` or `2>&-`: nowhere to write
        return 1
    args = (parser or build_parser()).parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # recorded by train in meta.json
    one_line_warnings()
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
