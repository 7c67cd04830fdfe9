"""Time a one-reference ``reftagger parse`` from a cold start, and say where the time goes.

    python benchmarks/cold_start.py [--runs 5] [--rounds 2] [--baseline CHECKOUT]

Each run is a new Python process that parses one reference given on standard input, as
``echo "..." | reftagger parse`` does, timed from the outside (start-up and exit included). The cache the title-word
features keep (``REFTAGGER_CACHE_DIR``) is a fresh folder: the first run fills it and is reported apart, the
runs after it read it, as every run after the first does on a user's machine. With ``--baseline``, the same is
timed for the code of another checkout (its ``tagger`` package first on ``PYTHONPATH``, the same interpreter),
the two taking turns, so that both see the same machine. Then one more process times its own stages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REFERENCE = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10.\n"
# What the console script `reftagger` runs.
COMMAND = "import sys; from tagger.cli import main; sys.exit(main())"

STAGES = r"""
import time
stages = []
def mark(name, started=[time.perf_counter()]):
    now = time.perf_counter()
    stages.append((name, now - started[0]))
    started[0] = now
import numpy
mark("import numpy")
import tagger.cli.main
mark("import tagger and its command line")
import tagger.model
mark("import the model code")
model = tagger.model.Tagger.load()
mark("load the model (Tagger.load)")
from tagger import tokenizer
tokenizer.tokenize("(x)")  # punctuation: plain words never reach the rules
mark("compile the tokenizer's rules")
from tagger import title_words
title_words.kind("journal")
mark("ISO 4 title words (from the cache)")
from tagger import features
features.lexicon_hits("journal")
mark("load the word lists")
import json
json.dumps(model.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.").to_dict())
mark("parse and write the reference")
import sys
print("spacy imported:", "spacy" in sys.modules)
for name, seconds in stages:
    print(f"{name:40s} {seconds * 1000:6.0f} ms")
"""


ROOT = Path(__file__).resolve().parent.parent
NEUTRAL = Path(tempfile.gettempdir())  # the processes' working folder: python -c puts it first on sys.path


def environment(checkout: Path, cache: Path) -> dict[str, str]:
    return dict(os.environ, REFTAGGER_CACHE_DIR=str(cache), PYTHONPATH=str(checkout))


def timed(command: list[str], env, stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(command, input=stdin, env=env, cwd=NEUTRAL, text=True, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def run_once(env: dict[str, str]) -> float:
    return timed([sys.executable, "-c", COMMAND, "parse"], env, REFERENCE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per round; the median is reported")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="another checkout of reftagger, timed in turn with this one")
    args = parser.parse_args()

    ways = {"this checkout": ROOT}
    if args.baseline is not None:
        if not (args.baseline / "tagger" / "__init__.py").is_file():
            sys.exit(f"--baseline {args.baseline}: no tagger package there")
        ways["baseline"] = args.baseline.resolve()
    with tempfile.TemporaryDirectory() as folder:
        envs = {name: environment(checkout, Path(folder) / name) for name, checkout in ways.items()}
        interpreter = statistics.median(timed([sys.executable, "-c", "pass"], os.environ) for _ in range(3))
        for name, env in envs.items():
            print(f"{name}: first run, empty cache: {run_once(env):.2f} s")
        for round_number in range(1, args.rounds + 1):
            times = {name: [] for name in ways}
            for _ in range(args.runs):
                for name, env in envs.items():
                    times[name].append(run_once(env))
            for name, values in times.items():
                print(f"round {round_number}, {name}: median {statistics.median(values):.2f} s "
                      f"(runs: {', '.join(f'{value:.2f}' for value in values)})")
        print(f"\nPython starting and stopping with nothing to do: {interpreter * 1000:.0f} ms")
        if "baseline" in ways:
            print(f"baseline: {ways['baseline']}")
        print("Stages of a one-line parse in this checkout, one process:")
        result = subprocess.run([sys.executable, "-c", STAGES], env=envs["this checkout"], cwd=NEUTRAL, text=True,
                                capture_output=True, check=True)
        print(result.stdout, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
