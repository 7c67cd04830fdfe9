"""Train the default model from the labelled corpora in ``../shared/data``.

    python -m training.train                 # writes models/model.crfsuite + models/meta.json

What it does, in order:

1. reads the training files (see ``TRAIN_FILES``) and the test files;
2. removes from the training pool every reference whose letters and digits
   match a test reference (the AnyStyle test set shares hundreds of texts
   with AnyStyle and ParsCit training data), and exact duplicates in the pool;
3. holds out a seeded dev split of the pool and picks the CRF regularisation
   (c1, c2) with the best core field micro-F1 on it — the test sets are never
   looked at for any choice;
4. trains the final model on the whole pool with that setting and writes it,
   with ``meta.json`` recording data hashes, counts, hyper-parameters and the
   dev and test scores measured now.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pycrfsuite
import sklearn_crfsuite
from tqdm import tqdm

from tagger.corpus import deduplicate, read_jsonl, remove_overlap
from tagger.evaluation import evaluate_model, format_report
from tagger.examples import example
from tagger.features import FEATURE_VERSION
from tagger.labels import LABELS, OUTSIDE
from tagger.model import META_FILE, MODEL_FILE, Tagger, file_sha256

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_DIR = REPOSITORY.parent / "shared" / "data"
# Every labelled file except the two test sets. The AnyStyle extra-* sets are
# older AnyStyle training data: they add 8,900 references in AnyStyle's
# conventions (and styles from more disciplines); their overlaps with the test
# set are removed like all others. UMass dev is used as training data: the dev
# split below is drawn from the whole pool instead.
TRAIN_FILES = (
    "anystyle/train.jsonl",
    "anystyle/extra-good.jsonl",
    "anystyle/extra-bad.jsonl",
    "anystyle/extra-ugly.jsonl",
    "parscit/train.jsonl",
    "umass/train.jsonl",
    "umass/dev.jsonl",
)
TEST_FILES = ("anystyle/test.jsonl", "umass/test.jsonl")
C1_GRID = (0.05, 0.2)
C2_GRID = (0.005, 0.05)


class ProgressTrainer(pycrfsuite.Trainer):
    """A CRFsuite trainer that shows a progress bar over L-BFGS iterations instead of its log."""

    bar: tqdm | None = None
    label = "training"

    def on_start(self, log: str) -> None:
        limit = self.get_params().get("max_iterations") if hasattr(self, "get_params") else None
        self.bar = tqdm(total=int(limit) if limit else None, desc=self.label, unit="iter", leave=False)

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        if self.bar is not None:
            self.bar.set_postfix(loss=f"{info.get('loss', 0):.0f}", refresh=False)
            self.bar.update(1)

    def on_end(self, log: str) -> None:
        if self.bar is not None:
            self.bar.close()

    def on_featgen_progress(self, log: str, percent: float) -> None:
        pass

    def on_featgen_end(self, log: str) -> None:
        pass

    def on_prepared(self, log: str) -> None:
        pass

    def on_prepare_error(self, log: str) -> None:
        print(log, end="", file=sys.stderr)

    def on_optimization_end(self, log: str) -> None:
        pass


def featurize_records(records: list[dict[str, Any]], jobs: int, desc: str) -> tuple[list, list]:
    """Features and labels of every record, computed on ``jobs`` processes."""
    pairs = [(record["text"], record["spans"]) for record in records]
    if jobs > 1 and len(pairs) > 1000:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(tqdm(pool.imap(_example_of, pairs, chunksize=200), total=len(pairs), desc=desc, leave=False))
    else:
        results = [_example_of(pair) for pair in tqdm(pairs, desc=desc, leave=False)]
    return [features for features, _ in results], [labels for _, labels in results]


def _example_of(pair: tuple[str, list]) -> tuple[list, list]:
    return example(*pair)


def fit(features: list, labels: list, c1: float, c2: float, max_iterations: int, out_dir: Path, label: str) -> Path:
    """Train one CRF and write it as a model directory (``model.crfsuite`` + minimal ``meta.json``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ProgressTrainer.label = label
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=c1,
        c2=c2,
        max_iterations=max_iterations,
        all_possible_transitions=True,
        model_filename=str(out_dir / MODEL_FILE),
        verbose=True,
        trainer_cls=ProgressTrainer,
    )
    crf.fit(features, labels)
    meta = {"feature_version": FEATURE_VERSION, "labels": [*LABELS, OUTSIDE]}
    (out_dir / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return out_dir


def _grid_point(args: tuple) -> dict[str, Any]:
    c1, c2, max_iterations, workdir = args
    started = time.time()
    model_dir = fit(_SHARED["train_x"], _SHARED["train_y"], c1, c2, max_iterations,
                    Path(workdir) / f"c1={c1}_c2={c2}", f"c1={c1} c2={c2}")
    scores = evaluate_model(Tagger.load(model_dir), _SHARED["dev"])
    return {"c1": c1, "c2": c2, "dev_field_micro_f1": scores["field"]["micro"]["f1"],
            "dev_word_micro_f1": scores["word"]["micro"]["f1"], "seconds": round(time.time() - started, 1)}


_SHARED: dict[str, Any] = {}


def load_pool(data_dir: Path, train_files: list[str], test_files: list[str]) -> tuple[list, dict, dict]:
    """Training pool (overlap with tests and duplicates removed), per-file summary, test sets."""
    tests = {name: read_jsonl(data_dir / name) for name in test_files}
    all_test_records = [record for records in tests.values() for record in records]
    pool, summary = [], {}
    for name in train_files:
        records = read_jsonl(data_dir / name)
        kept, removed = remove_overlap(records, all_test_records)
        summary[name] = {"sha256": file_sha256(data_dir / name), "references": len(records),
                         "removed_as_test_overlap": removed}
        pool.extend(kept)
    before = len(pool)
    pool = deduplicate(pool)
    summary["_pool"] = {"references": len(pool), "removed_as_duplicates": before - len(pool)}
    return pool, summary, tests


def deduplicated_tests(tests: dict[str, list], pool: list) -> dict[str, list]:
    """Each test set without the references whose text also occurs in the training pool."""
    return {name: remove_overlap(records, pool)[0] for name, records in tests.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder of the corpora (default: %(default)s)")
    parser.add_argument("--train", nargs="+", default=list(TRAIN_FILES), help="training files, relative to --data-dir")
    parser.add_argument("--test", nargs="*", default=list(TEST_FILES), help="test files, relative to --data-dir")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "models", help="model directory (default: models/)")
    parser.add_argument("--c1", type=float, nargs="+", default=list(C1_GRID), help="L1 values to try")
    parser.add_argument("--c2", type=float, nargs="+", default=list(C2_GRID), help="L2 values to try")
    parser.add_argument("--max-iterations", type=int, default=150)
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="processes for featurising and the grid search")
    args = parser.parse_args(argv)
    started = time.time()

    pool, summary, tests = load_pool(args.data_dir, args.train, args.test)
    print(f"training pool: {len(pool)} references from {len(args.train)} files "
          f"({sum(s.get('removed_as_test_overlap', 0) for s in summary.values())} removed as test overlap, "
          f"{summary['_pool']['removed_as_duplicates']} as duplicates)", file=sys.stderr)
    shuffled = pool[:]
    random.Random(args.seed).shuffle(shuffled)
    dev_size = max(1, int(len(shuffled) * args.dev_fraction))
    dev, train = shuffled[:dev_size], shuffled[dev_size:]

    grid = list(itertools.product(args.c1, args.c2))
    with tempfile.TemporaryDirectory() as workdir:
        results = []
        if len(grid) > 1:
            _SHARED["train_x"], _SHARED["train_y"] = featurize_records(train, args.jobs, "featurising train split")
            _SHARED["dev"] = dev
            points = [(c1, c2, args.max_iterations, workdir) for c1, c2 in grid]
            with multiprocessing.get_context("fork").Pool(min(args.jobs, len(grid))) as grid_pool:
                for result in grid_pool.imap(_grid_point, points):
                    print(f"  c1={result['c1']} c2={result['c2']}: dev core field micro-F1 "
                          f"{result['dev_field_micro_f1']:.4f} ({result['seconds']} s)", file=sys.stderr)
                    results.append(result)
            _SHARED.clear()
            best = max(results, key=lambda r: r["dev_field_micro_f1"])
        else:
            best = {"c1": grid[0][0], "c2": grid[0][1]}
        print(f"chosen: c1={best['c1']} c2={best['c2']}; training on all {len(pool)} references", file=sys.stderr)
        features, labels = featurize_records(pool, args.jobs, "featurising pool")
        final_dir = fit(features, labels, best["c1"], best["c2"], args.max_iterations,
                        Path(workdir) / "final", "final model")
        del features, labels
        model = Tagger.load(final_dir)
        test_scores = {}
        for name, records in deduplicated_tests(tests, pool).items():
            test_scores[name] = evaluate_model(model, records)
            print(f"\n== {name} ({len(records)} references after removing training overlap)\n"
                  f"{format_report(test_scores[name])}", file=sys.stderr)
        dev_check = evaluate_model(model, dev)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / MODEL_FILE).write_bytes((final_dir / MODEL_FILE).read_bytes())

    meta = {
        "name": "reftagger-default",
        "feature_version": FEATURE_VERSION,
        "labels": [*LABELS, OUTSIDE],
        "model_sha256": file_sha256(args.out / MODEL_FILE),
        "hyperparameters": {"algorithm": "lbfgs", "c1": best["c1"], "c2": best["c2"],
                            "max_iterations": args.max_iterations, "all_possible_transitions": True},
        "selection": {"grid": results, "dev_fraction": args.dev_fraction, "seed": args.seed,
                      "criterion": "core field micro-F1 on the dev split (model trained without it)"},
        "training_data": {"data_dir": str(args.data_dir), "files": summary, "train_references": len(pool)},
        "scores": {
            "test": {name: _compact(scores) for name, scores in test_scores.items()},
            "dev_check": _compact(dev_check) | {"note": "shipped model on the dev split it was also trained on; "
                                                "a regression check, not a generalisation estimate"},
        },
        "training_command": "python -m training.train " + " ".join(argv if argv is not None else sys.argv[1:]),
        "versions": {"python": platform.python_version(), "sklearn_crfsuite": sklearn_crfsuite.__version__},
        "training_seconds": round(time.time() - started),
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out / MODEL_FILE} and {args.out / META_FILE} in {meta['training_seconds']} s", file=sys.stderr)
    return 0


def _compact(scores: dict[str, Any]) -> dict[str, Any]:
    """Scores without the per-label support counts, rounded for meta.json."""
    return {
        "n": scores["n"],
        "reference_exact": round(scores["reference_exact"], 4),
        **{level: {label: {k: round(v, 4) for k, v in values.items() if k != "support"}
                   for label, values in scores[level].items() if values["support"] or label == "micro"}
           for level in ("word", "field")},
    }


if __name__ == "__main__":
    sys.exit(main())
