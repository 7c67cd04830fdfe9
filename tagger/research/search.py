"""Hyper-parameter search with scikit-learn's search tools over sklearn-crfsuite.

:class:`CRFEstimator` is a scikit-learn estimator around ``sklearn_crfsuite.CRF``
(through :func:`tagger.research.fit.fit`) whose ``score`` is DESIGN.md's core field
micro-F1 of the whole tagger, so ``GridSearchCV`` and ``RandomizedSearchCV``
choose what the project's evaluation measures. Its samples are indices into a
corpus featurised once (:func:`search`); the folds are :func:`tagger.research.experiments.folds_of`'s,
which keep equal texts in one fold.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tagger.errors import ConfigError, require
from tagger.research.config import SHIPPED_PARAMETERS, TrainingConfig
from tagger.research.data import file_weight, prepare_training
from tagger.research.experiments import folds_of
from tagger.research.fit import feature_filter, featurize_records

BaseEstimator = require("sklearn.base", "train", "the search").BaseEstimator
model_selection = require("sklearn.model_selection", "train", "the search")
GridSearchCV, ParameterGrid, RandomizedSearchCV = (model_selection.GridSearchCV, model_selection.ParameterGrid,
                                                  model_selection.RandomizedSearchCV)

# The corpus being searched: featurised once, shared with the estimators (and, forked, with worker processes).
_CORPUS: dict[str, Any] = {}
SEARCHABLE = ("c1", "c2", "max_iterations", "exclude_features")
NO_GROUPS = "none"


class CRFEstimator(BaseEstimator):
    """A reftagger CRF as a scikit-learn estimator over indices into the corpus :func:`search` featurised.

    ``exclude_features`` is a ``+``-joined list of feature groups (``"lexicon+affixes"``) or ``"none"``.
    """

    def __init__(self, c1: float = SHIPPED_PARAMETERS["c1"], c2: float = SHIPPED_PARAMETERS["c2"],
                 max_iterations: int = 200, exclude_features: str = NO_GROUPS, algorithm: str = "lbfgs") -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.exclude_features = exclude_features
        self.algorithm = algorithm

    def _groups(self) -> list[str]:
        return [] if self.exclude_features in (NO_GROUPS, "") else self.exclude_features.split("+")

    def fit(self, indices: np.ndarray, y: Any = None) -> CRFEstimator:
        from tagger.model import Tagger
        from tagger.research.fit import fit

        keep = feature_filter(self._groups())
        features, labels = [], []
        for index in indices:
            sequence = _CORPUS["features"][index]
            repeat = _CORPUS["weights"][index]
            features += [keep(sequence) if keep else sequence] * repeat
            labels += [_CORPUS["labels"][index]] * repeat
        parameters = {"c1": self.c1, "c2": self.c2} if self.algorithm == "lbfgs" else {}
        with tempfile.TemporaryDirectory() as folder:
            fit(features, labels, Path(folder), algorithm=self.algorithm, parameters=parameters,
                max_iterations=self.max_iterations, description=f"c1={self.c1} c2={self.c2} {self.exclude_features}")
            self.tagger_ = Tagger.load(folder)  # read whole into memory: the folder can go
        return self

    def score(self, indices: np.ndarray, y: Any = None) -> float:
        from tagger.research.evaluation import evaluate_model

        records = [_CORPUS["records"][index] for index in indices]
        score = evaluate_model(self.tagger_, records, reliability=False)["field"]["micro"]["f1"]
        print(f"c1={self.c1} c2={self.c2} max_iterations={self.max_iterations} exclude_features="
              f"{self.exclude_features}: core field micro-F1 {score:.4f} on {len(records):,} held-out references",
              file=sys.stderr, flush=True)
        return score


def parse_grid(items: Sequence[str]) -> dict[str, list[Any]]:
    """``["c1=0.05,0.15", "exclude_features=none,lexicon"]`` as a parameter grid; errors name the item."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        name, _, values = item.partition("=")
        name = name.strip()
        if name not in SEARCHABLE or not values:
            raise ConfigError(f"--grid {item!r}: expected NAME=V1,V2,... with NAME one of {', '.join(SEARCHABLE)}")
        if name in grid:
            raise ConfigError(f"--grid {item!r}: {name} is given twice; list all its values in one --grid")
        parsed: list[Any] = []
        for value in values.split(","):
            value = value.strip()
            if name == "exclude_features":
                groups = [] if value == NO_GROUPS else value.split("+")
                TrainingConfig(exclude_features=groups).check()
                parsed.append(value)
                continue
            try:
                number = int(value) if name == "max_iterations" else float(value)
            except ValueError:
                raise ConfigError(f"--grid {item!r}: {value!r} is not a number") from None
            if number < 0 or (name == "max_iterations" and number < 1):
                raise ConfigError(f"--grid {item!r}: {value!r} is out of range")
            parsed.append(number)
        grid[name] = parsed
    return grid


def search(config: TrainingConfig, grid: dict[str, list[Any]], folds: int = 3, sample: int | None = None,
           jobs: int = 1) -> dict[str, Any]:
    """Score every setting of ``grid`` (or ``sample`` of them, drawn with ``config.seed``) by
    ``folds``-fold cross-validation over ``config``'s data; return the table and the best setting.

    Settings not in the grid are ``config``'s. Weights apply to the training folds only.
    """
    if config.algorithm != "lbfgs" and ({"c1", "c2"} & set(grid)):
        raise ConfigError(f"c1 and c2 are L-BFGS parameters; the configuration's algorithm is {config.algorithm}")
    if folds < 2:
        raise ConfigError(f"--folds {folds}: the search needs at least 2 folds")
    records, summary = prepare_training(config.replace(weights={}))
    if len(records) < folds:
        raise ConfigError(f"{len(records)} references cannot be split into {folds} folds")
    features, labels = featurize_records(records, description="featurising the search corpus",
                                         exclude=config.exclude_features)
    _CORPUS.update(records=records, features=features, labels=labels,
                   weights=[file_weight(config, record["source_file"]) for record in records])
    split = folds_of(records, folds, config.seed)
    everything = set(range(len(records)))
    cv = [(np.array(sorted(everything - set(fold))), np.array(fold)) for fold in split]
    base = CRFEstimator(c1=config.crf.get("c1", SHIPPED_PARAMETERS["c1"]),
                        c2=config.crf.get("c2", SHIPPED_PARAMETERS["c2"]), max_iterations=config.max_iterations,
                        exclude_features="+".join(config.exclude_features) or NO_GROUPS, algorithm=config.algorithm)
    candidates = len(ParameterGrid(grid))
    try:
        if sample is not None and sample < candidates:
            searcher = RandomizedSearchCV(base, grid, n_iter=sample, cv=cv, refit=False, n_jobs=jobs,
                                          random_state=config.seed, error_score="raise")
        else:
            searcher = GridSearchCV(base, grid, cv=cv, refit=False, n_jobs=jobs, error_score="raise")
        if jobs > 1:
            from joblib import parallel_backend

            with parallel_backend("multiprocessing"):  # forked workers share the featurised corpus
                searcher.fit(np.arange(len(records)))
        else:
            searcher.fit(np.arange(len(records)))
    finally:
        _CORPUS.clear()
    results = searcher.cv_results_
    table = []
    for position, parameters in enumerate(results["params"]):
        scores = [float(results[f"split{fold}_test_score"][position]) for fold in range(folds)]
        # the sample standard deviation, as cross_validate reports (scikit-learn's std_test_score divides by n)
        table.append({**parameters, "mean": float(results["mean_test_score"][position]),
                      "sd": float(np.std(scores, ddof=1)), "folds": scores,
                      "rank": int(results["rank_test_score"][position]), "seconds": float(
                          results["mean_fit_time"][position] + results["mean_score_time"][position])})
    table.sort(key=lambda row: (row["rank"], str(row)))
    best = table[0]
    chosen = config.replace(
        crf={name: best[name] for name in ("c1", "c2") if name in best},
        max_iterations=best.get("max_iterations", config.max_iterations),
        exclude_features=(config.exclude_features if "exclude_features" not in best else
                          [] if best["exclude_features"] == NO_GROUPS else best["exclude_features"].split("+")),
    )
    return {"kind": "search", "criterion": "core field micro-F1, mean over the folds", "folds": folds,
            "seed": config.seed, "grid": grid, "sampled": sample if sample is not None and sample < candidates
            else None, "results": table, "best": {name: best[name] for name in grid},
            "chosen_config": chosen.to_dict(), "data": summary}
