"""Leave-one-corpus-out: how the tagger does on a corpus whose style it never saw.

    python -m training.cross_corpus [--model models/] [--json OUT]

For each of AnyStyle, ParsCit and UMass, trains on the training files of the
other two (the shipped model's files and hyper-parameters, read from its
meta.json) and scores the held-out corpus: its test file where it has one
(AnyStyle, UMass), otherwise its training file (ParsCit). Overlapping texts are
removed from the training side first.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
from pathlib import Path
from typing import Any

from tagger.corpus import deduplicate, read_jsonl, remove_overlap
from tagger.evaluation import evaluate_model
from tagger.model import Tagger, default_model_path
from tagger.trainer import train
from training.train import DATA_DIR, resolve

HELD_OUT = {
    "anystyle": "anystyle/test.jsonl",
    "parscit": "parscit/train.jsonl",
    "umass": "umass/test.jsonl",
}


def run_fold(job: tuple[str, list[str], dict[str, Any], Path, str]) -> dict[str, Any]:
    corpus, train_files, hyperparameters, data_dir, workdir = job
    test = read_jsonl(data_dir / HELD_OUT[corpus])
    pool = []
    for name in train_files:
        if not name.startswith(corpus + "/"):
            pool.extend(read_jsonl(resolve(data_dir, name)))
    pool, removed = remove_overlap(deduplicate(pool), test)
    options = {key: hyperparameters[key] for key in ("c1", "c2", "max_iterations")}
    model_dir = train(pool, Path(workdir) / corpus, **options)
    scores = evaluate_model(Tagger.load(model_dir), test)
    return {"held_out": corpus, "test_file": HELD_OUT[corpus], "train_references": len(pool),
            "removed_as_overlap": removed, "scores": scores}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.cross_corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=default_model_path(), help="model whose settings to use")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--json", type=Path, help="write all scores as JSON")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    meta = Tagger.load(args.model).meta
    train_files = [name for name in meta["training_data"]["files"] if not name.startswith("_")]
    with tempfile.TemporaryDirectory() as workdir:
        jobs = [(corpus, train_files, meta["hyperparameters"], args.data_dir, workdir) for corpus in HELD_OUT]
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(run_fold, jobs)
    print(f"{'held out':<10}{'test file':<22}{'train refs':>11}{'field F1':>10}{'word F1':>10}{'ref exact':>11}")
    for result in results:
        scores = result["scores"]
        print(f"{result['held_out']:<10}{result['test_file']:<22}{result['train_references']:>11}"
              f"{scores['field']['micro']['f1']:>10.4f}{scores['word']['micro']['f1']:>10.4f}"
              f"{scores['reference_exact']:>11.4f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
