"""Score a model on a labelled JSONL corpus (the same as ``reftagger evaluate``).

    python -m training.evaluate --data ../shared/data/umass/test.jsonl [--model DIR] [--json OUT]

Prints word-, field- and reference-level scores (README, "Training and evaluation") per label and core
micro-averaged. References whose text occurs in the model's training files
(as listed in its meta.json) are removed first unless ``--keep-overlap``.
"""

from __future__ import annotations

import argparse
import sys

from tagger.cli import main
from tagger.cli.research import add_evaluate_arguments

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__.split("\n\n")[0])
    add_evaluate_arguments(parser)
    sys.exit(main(sys.argv[1:], parser=parser))
