"""Score a training configuration on its dev sets, for choosing data, features and settings.

    python -m training.dev_experiments [--config training/shipped.toml] [--synth N] [--name NAME] [--jobs 2]

Trains on the configuration's pool without its dev split (``[selection] dev_fraction``, seeded) and without
the parts of files it holds out (``[[held_out]]``), with the synthetic references it asks for rendered from
that rest, then scores the model on the dev split (whole, and per corpus) and on each held-out part. The test
files are never read into a score. One JSON line per run goes to stdout and to ``--log`` (appended), so that
runs of different code can be compared; the README's tables of what was tried come from these lines.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tagger.features import FEATURE_VERSION
from tagger.model import Tagger
from tagger.research import tell
from tagger.research.data import config_dev_split, held_out_parts, read_pool, synthetic_references, test_files, weighted
from tagger.research.evaluation import evaluate_model
from tagger.research.fit import featurize_records
from tagger.research.training import fit_config
from training import run
from training.train import SHIPPED_CONFIG


def scores(model: Tagger, records: list[dict]) -> dict[str, float]:
    found = evaluate_model(model, records, reliability=False)
    return {"n": found["n"], "field": round(found["field"]["micro"]["f1"], 4),
            "word": round(found["word"]["micro"]["f1"], 4), "exact": round(found["reference_exact"], 4)}


def main(argv: list[str] | None = None) -> int:
    from tagger.research.config import load_config

    parser = argparse.ArgumentParser(prog="python -m training.dev_experiments", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=str(SHIPPED_CONFIG), help="training configuration (default: shipped)")
    parser.add_argument("--synth", type=int, help="synthetic references (default: the configuration's)")
    parser.add_argument("--max-iterations", type=int, help="(default: the configuration's)")
    parser.add_argument("--name", default="", help="a name for the run in the log")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--log", type=Path, default=Path("runs/dev_experiments.jsonl"))
    parser.add_argument("--save", type=Path, metavar="DIR", help="also keep the model (trained without the dev sets)")
    args = parser.parse_args(argv)
    started = time.time()
    config = load_config(args.config)
    changes = {key: value for key, value in (("synth", args.synth), ("max_iterations", args.max_iterations))
               if value is not None}
    config = config.replace(**changes).check()
    tests = test_files(config)
    held_out = held_out_parts(tests)
    pool, _ = read_pool(config, tests=tests)
    dev, rest = config_dev_split(config, pool, config.dev_fraction or 0.1)
    synthetic, _ = synthetic_references(config, rest, [*dev, *(r for records in tests.values() for r in records)],
                                        args.jobs)
    train = weighted(config, rest) + synthetic
    tell(f"{args.name}: training on {len(train):,} references ({len(synthetic):,} synthetic); dev {len(dev):,}")
    features, labels = featurize_records(train, args.jobs, exclude=config.exclude_features)
    by_corpus = defaultdict(list)
    for record in dev:
        by_corpus[Path(record["source_file"]).parent.name or Path(record["source_file"]).stem].append(record)
    with tempfile.TemporaryDirectory() as folder:
        fit_config(features, labels, config, Path(folder), args.name or "dev experiment")
        del features, labels
        model = Tagger.load(folder)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            for file in ("model.crfsuite", "meta.json"):
                (args.save / file).write_bytes((Path(folder) / file).read_bytes())
        result = {"name": args.name, "feature_version": FEATURE_VERSION, "config": args.config,
                  "crf": config.crf, "synth": config.synth, "train": len(train), "dev": scores(model, dev),
                  **{f"dev {corpus}": scores(model, records) for corpus, records in sorted(by_corpus.items())},
                  **{f"{path} held out": scores(model, records) for path, records in held_out.items()},
                  "model_bytes": (Path(folder) / "model.crfsuite").stat().st_size,
                  "seconds": round(time.time() - started)}
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    with args.log.open("a", encoding="utf-8") as log:
        log.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.dev_experiments"))
