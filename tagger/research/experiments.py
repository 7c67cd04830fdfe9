"""Experiments that train many models and score each with the project's metrics: k-fold cross-validation,
leave-one-corpus-out, and learning curves (the hyper-parameter search is :mod:`tagger.research.search`)."""

from __future__ import annotations

import math
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tagger.errors import ConfigError
from tagger.labels import CORE_LABELS, LABELS
from tagger.research import tell
from tagger.research.config import TrainingConfig, same_file
from tagger.research.data import file_weight, prepare_training, read_files, synthetic_references, test_files
from tagger.research.training import fit_config


def train_and_score(config: TrainingConfig, train: Sequence[dict], tests: dict[str, Sequence[dict]],
                    jobs: int = 1, description: str = "training CRF") -> dict[str, dict[str, Any]]:
    """Train on ``train`` (records already prepared) in a temporary folder and score each test set."""
    from tagger.model import Tagger
    from tagger.research.evaluation import evaluate_model
    from tagger.research.fit import featurize_records

    started = time.time()
    avoid = [record for records in tests.values() for record in records]
    synthetic, _ = synthetic_references(config, train, avoid, jobs)
    features, labels = featurize_records([*train, *synthetic], jobs, "featurising " + description,
                                        config.exclude_features)
    with tempfile.TemporaryDirectory() as folder:
        fit_config(features, labels, config, Path(folder), description=description)
        del features, labels
        model = Tagger.load(folder)
        scores = {name: evaluate_model(model, records, reliability=False) for name, records in tests.items()}
    summary = ", ".join(f"{name} core field micro-F1 {values['field']['micro']['f1']:.4f} ({values['n']:,} references)"
                        for name, values in scores.items())
    tell(f"{description}: trained on {len(train):,} references + {len(synthetic):,} synthetic; {summary} "
         f"[{time.time() - started:.0f} s]")
    return scores


HEADLINE = (("field", "micro"), ("field", "macro"), ("word", "micro"))


def headline(scores: dict[str, Any]) -> dict[str, float]:
    """The numbers a summary row shows: core field micro- and macro-F1, core word micro-F1, reference exact."""
    row = {f"{level} {average}-F1": scores[level][average]["f1"] for level, average in HEADLINE}
    row["reference exact"] = scores["reference_exact"]
    return row


def mean_sd(rows: Sequence[dict[str, float]]) -> dict[str, dict[str, float]]:
    """The mean and sample standard deviation of each number over ``rows``."""
    result = {}
    for key in rows[0]:
        values = [row[key] for row in rows]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (len(values) - 1)) if len(values) > 1 else 0.0
        result[key] = {"mean": mean, "sd": sd, "n": len(values)}
    return result


def folds_of(records: Sequence[dict], folds: int, seed: int) -> list[list[int]]:
    """``folds`` disjoint index lists covering ``records``; texts that are equal once letters and digits are
    casefolded fall in one fold, so no fold is tested on a text it was trained on."""
    from tagger.corpus import text_key

    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        groups.setdefault(text_key(record["text"]), []).append(index)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    result: list[list[int]] = [[] for _ in range(folds)]
    for position, key in enumerate(keys):
        result[position % folds].extend(groups[key])
    return [sorted(fold) for fold in result]


def cross_validate(config: TrainingConfig, folds: int, jobs: int = 1) -> dict[str, Any]:
    """``folds``-fold cross-validation over ``config``'s data (seeded by ``config.seed``): each fold is scored
    by a model trained on the others. Weights, label scheme and features apply to the training side."""
    if folds < 2:
        raise ConfigError(f"--folds {folds}: cross-validation needs at least 2 folds")
    records, summary = prepare_training(config.replace(weights={}))
    if len(records) < folds:
        raise ConfigError(f"{len(records)} references cannot be split into {folds} folds")
    split = folds_of(records, folds, config.seed)
    results = []
    for number, test_indices in enumerate(split, start=1):
        held = set(test_indices)
        train = [record for index, record in enumerate(records) if index not in held]
        train = [record for record in train for _ in range(file_weight(config, record["source_file"]))]
        test = [records[index] for index in test_indices]
        scores = train_and_score(config, train, {"fold": test}, jobs, f"fold {number}/{folds}")["fold"]
        results.append({"fold": number, "train": len(train), "test": len(test), "scores": scores})
    rows = [headline(result["scores"]) for result in results]
    return {"kind": "cross-validation", "folds": folds, "seed": config.seed, "config": config.to_dict(),
            "data": summary, "per_fold": [{key: value for key, value in result.items() if key != "scores"}
                                          | headline(result["scores"]) for result in results],
            "summary": mean_sd(rows), "per_label": _per_label_mean(results)}


def _per_label_mean(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean ± sd of each label's field F1 over the folds whose gold data has that label (``folds``: how many);
    a fold without the label has no F1 for it, not an F1 of 0."""
    table = {}
    for label in LABELS:
        values = [{"field F1": result["scores"]["field"][label]["f1"]} for result in results
                  if result["scores"]["field"][label]["support"]]
        if values:
            table[label] = mean_sd(values)["field F1"] | {"folds": len(values),
                                                          "per_fold": [value["field F1"] for value in values]}
    return table


def leave_one_corpus_out(config: TrainingConfig, corpora: dict[str, dict[str, list[str]]],
                         jobs: int = 1) -> dict[str, Any]:
    """For each named corpus: train on ``config.data`` and every other corpus's training files, and score on
    the held-out corpus's test files (its training files when it names none). References whose text occurs
    in the held-out corpus are removed from training. ``corpora``: ``{name: {"train": [...], "test": [...]}}``.
    """
    if len(corpora) < 2:
        raise ConfigError("leave-one-corpus-out needs at least two corpora")
    config.check_weights([*config.data, *(path for files in corpora.values() for path in files["train"])])
    results = []
    for name, files in corpora.items():
        held_out_files = files.get("test") or files["train"]
        tests = read_files(held_out_files, config.format, config.lenient)
        test_records = [record for records in tests.values() for record in records]
        everything_held_out = [record for records in read_files(files["train"] + files.get("test", []),
                                                                config.format, config.lenient).values()
                               for record in records]
        others = [path for other, other_files in corpora.items() if other != name for path in other_files["train"]]
        fold_config = config.replace(data=[*config.data, *others],
                                     weights={key: value for key, value in config.weights.items()
                                              if any(same_file(key, path) for path in [*config.data, *others])})
        train, summary = prepare_training(fold_config, avoid=everything_held_out)
        scores = train_and_score(fold_config, train, {name: test_records}, jobs, f"without {name}")[name]
        results.append({"held_out": name, "train": len(train), "test": len(test_records),
                        "test_files": held_out_files, "scores": scores, "data": summary})
    return {"kind": "leave-one-corpus-out", "config": config.to_dict(), "corpora": corpora,
            "per_corpus": [{key: value for key, value in result.items() if key not in ("scores", "data")}
                           | headline(result["scores"]) for result in results],
            "per_label": {result["held_out"]: {label: result["scores"]["field"][label]["f1"] for label in CORE_LABELS}
                          for result in results},
            "data": {result["held_out"]: result["data"] for result in results}}


def learning_curve(config: TrainingConfig, fractions: Sequence[float], seeds: int = 3,
                   jobs: int = 1) -> dict[str, Any]:
    """Score against training-set size: for each fraction and seed, train on that share of ``config``'s
    data (a seeded sample) and score on its test files."""
    if not config.test:
        raise ConfigError("a learning curve needs test data: give --test FILE")
    for fraction in fractions:
        if not 0 < fraction <= 1:
            raise ConfigError(f"fraction {fraction}: must be above 0 and at most 1")
    read = test_files(config)
    records, summary = prepare_training(config.replace(weights={}), tests=read)
    tests = {"test": [record for records in read.values() for record in records]}
    rows = []
    for fraction in sorted(set(fractions)):
        for seed in range(config.seed, config.seed + seeds):
            if fraction == 1 and not config.synth and seed > config.seed:
                # every seed samples all the data and nothing else is random: the same model again
                rows.append(rows[-1] | {"seed": seed})
                continue
            sample = records[:]
            random.Random(seed).shuffle(sample)
            sample = sample[: max(1, round(len(sample) * fraction))]
            sample = [record for record in sample for _ in range(file_weight(config, record["source_file"]))]
            scores = train_and_score(config.replace(seed=seed), sample, tests, jobs,
                                     f"{fraction * 100:g}% seed {seed}")["test"]
            rows.append({"fraction": fraction, "seed": seed, "train": len(sample)} | headline(scores))
    points = []
    for fraction in sorted(set(fractions)):
        at = [row for row in rows if row["fraction"] == fraction]
        numbers = mean_sd([{key: value for key, value in row.items() if key not in ("fraction", "seed", "train")}
                           for row in at])
        points.append({"fraction": fraction, "train": at[0]["train"], **numbers})
    return {"kind": "learning-curve", "config": config.to_dict(), "data": summary, "runs": rows, "points": points}
