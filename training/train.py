"""Train the shipped model into ``models/``: the same as

    reftagger train --config training/shipped.toml --out models --force --jobs 2

``training/shipped.toml`` says what it is trained on and how (its comments say why). Other arguments are
``reftagger train``'s and are passed on: ``python -m training.train --out /tmp/model`` trains the same model
elsewhere, ``--config FILE`` trains another configuration. Run from the repository folder, with the corpora
at ``../shared/data``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tagger.cli import main as reftagger
from tagger.research.config import TrainingConfig, load_config

SHIPPED_CONFIG = Path(__file__).resolve().parent / "shipped.toml"
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "models"


def shipped_config() -> TrainingConfig:
    """The shipped model's configuration (its data, weights, test files and CRF settings), for the scripts that
    experiment around it."""
    return load_config(os.path.relpath(SHIPPED_CONFIG))


def arguments(given: list[str]) -> list[str]:
    """``reftagger train``'s arguments: the shipped configuration, model folder and two jobs unless given."""
    named = {argument.partition("=")[0] for argument in given if argument.startswith("--")}
    defaults = []
    if "--config" not in named:
        defaults += ["--config", os.path.relpath(SHIPPED_CONFIG)]
    if "--out" not in named:
        defaults += ["--out", os.path.relpath(SHIPPED_MODEL), "--force"]
    if "--jobs" not in named:
        defaults += ["--jobs", "2"]
    return ["train", *defaults, *given]


def main(argv: list[str] | None = None) -> int:
    return reftagger(arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
