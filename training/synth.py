"""Render synthetic labelled references for training (the project's defaults for ``reftagger synth``).

    python -m training.synth --count 100000 --out /tmp/synth.jsonl [--seed 0] [--processes 2]
    python -m training.synth --held-out --count 2000 --out /tmp/held-out.jsonl

Records are generated in nine languages and, for 30%, derived from the
training corpora named in training/shipped.toml (never from a test set; their
overlap with the test sets is removed first). Held-out output uses only the
registry's held-out styles and freshly generated records. See
tagger/synth/__init__.py for how spans are kept exact.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from tagger.cli.corpus import add_synth_arguments
from tagger.research.data import read_pool
from tagger.synth import write
from training import run
from training.train import shipped_config


def corpus_records() -> list[dict]:
    """The shipped model's training pool (test overlap and duplicates removed), whose references become
    records."""
    return read_pool(shipped_config())[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.synth", description=__doc__.split("\n\n")[0])
    add_synth_arguments(parser)
    parser.set_defaults(count=100_000)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = [] if args.held_out else corpus_records()
    if args.corpus:
        from tagger.corpus import read_records

        corpus = [record for path in args.corpus for record in read_records(path)]
    summary = write(args.out, count=args.count, seed=args.seed, held_out=args.held_out, corpus=corpus,
                    corpus_share=args.corpus_share, noise=args.noise, processes=args.processes,
                    progress=sys.stderr.isatty())
    summary["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.synth"))
