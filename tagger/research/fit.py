"""Fitting a CRF on labelled references: the very featuriser inference uses, applied to labelled records (a
feature group left out if asked), and sklearn-crfsuite's CRF fitted on the result, written as a model
directory. :mod:`tagger.research.training` decides what to fit on; this module does the fitting."""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tagger.corpus import record_problem
from tagger.errors import CorpusError, require
from tagger.features import FEATURE_GROUPS, FEATURE_VERSION, featurize
from tagger.files import file_sha256
from tagger.labels import LABELS, OUTSIDE
from tagger.model import META_FILE, MODEL_FILE
from tagger.reference import labels_from_spans
from tagger.tokenizer import tokenize

KNOWN_LABELS = frozenset(LABELS)
pycrfsuite = require("pycrfsuite", "train", "training")
sklearn_crfsuite = require("sklearn_crfsuite", "train", "training")


class ProgressTrainer(pycrfsuite.Trainer):
    """A CRFsuite trainer that shows a progress bar over L-BFGS iterations instead of its log."""

    bar: tqdm | None = None
    description = "training CRF"

    def on_start(self, log: str) -> None:
        limit = self.get_params().get("max_iterations")
        self.bar = tqdm(total=int(limit) if limit else None, desc=self.description, unit="iter", leave=False)

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        if self.bar is not None:
            self.bar.set_postfix(loss=f"{info.get('loss', 0):.0f}", refresh=False)
            self.bar.update(1)

    def on_end(self, log: str) -> None:
        if self.bar is not None:
            self.bar.close()

    def on_prepare_error(self, log: str) -> None:
        print(log, end="", file=sys.stderr)

    def on_featgen_progress(self, log: str, percent: float) -> None:
        pass

    def on_featgen_end(self, log: str) -> None:
        pass

    def on_prepared(self, log: str) -> None:
        pass

    def on_optimization_end(self, log: str) -> None:
        pass


def example(text: str, spans: list[dict[str, Any]]) -> tuple[list[list[bytes]], list[str]]:
    """CRF attribute lists and gold token labels for one labelled reference."""
    tokens = tokenize(text)
    return featurize(tokens, text), labels_from_spans(tokens, spans, KNOWN_LABELS)


def featurize_records(records: Sequence[dict[str, Any]], jobs: int = 1, description: str = "featurising",
                      exclude: Iterable[str] = ()) -> tuple[list, list]:
    """CRF features and gold labels of every record, computed on ``jobs`` processes, without the attributes of
    the feature groups in ``exclude``. A record repeated (by a file's weight, or on both sides of a run) is
    featurised once; its repeats share the lists."""
    places: dict[tuple, int] = {}
    pairs, where = [], []
    for record in records:
        key = (record["text"], tuple((span["start"], span["end"], span["label"]) for span in record["spans"]))
        if key not in places:
            places[key] = len(pairs)
            pairs.append((record["text"], record["spans"]))
        where.append(places[key])
    if jobs > 1 and len(pairs) > 1000:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(tqdm(pool.imap(_example_of, pairs, chunksize=200), total=len(pairs),
                                desc=description, leave=False, disable=None))
    else:
        results = [_example_of(pair) for pair in tqdm(pairs, desc=description, leave=False, disable=None)]
    keep = feature_filter(exclude)
    features = [keep(features) if keep else features for features, _ in results]
    return [features[at] for at in where], [results[at][1] for at in where]


def _example_of(pair: tuple[str, list]) -> tuple[list, list]:
    return example(*pair)


def feature_filter(excluded: Iterable[str]) -> Callable[[list[list[bytes]]], list[list[bytes]]] | None:
    """A function dropping the attributes of the ``excluded`` feature groups from a featurised reference, or
    ``None`` when nothing is excluded. Only training needs it: at tagging time CRFsuite and
    :class:`tagger.crf.LinearChainCRF` give attributes the model never saw no weight."""
    excluded = set(excluded)
    if not excluded:
        return None
    prefixes = tuple(f"{name}=".encode() for group in excluded - {"neighbours"} for name in FEATURE_GROUPS[group])
    neighbours = tuple(f"{offset}:".encode() for offset in FEATURE_GROUPS["neighbours"])
    drop_neighbours = "neighbours" in excluded
    verdicts: dict[bytes, bool] = {}

    def keep(attribute: bytes) -> bool:
        verdict = verdicts.get(attribute)
        if verdict is None:
            own = attribute
            if attribute.startswith(neighbours):
                if drop_neighbours:
                    verdicts[attribute] = False
                    return False
                own = attribute.split(b":", 1)[1]
            verdict = verdicts[attribute] = not own.startswith(prefixes) if prefixes else True
        return verdict

    def apply(sequence: list[list[bytes]]) -> list[list[bytes]]:
        return [[attribute for attribute in attributes if keep(attribute)] for attributes in sequence]

    return apply


def fit(
    features: list,
    labels: list,
    out_dir: Path,
    c1: float = 0.1,
    c2: float = 0.01,
    max_iterations: int = 150,
    meta: dict[str, Any] | None = None,
    description: str = "training CRF",
    algorithm: str = "lbfgs",
    parameters: dict[str, Any] | None = None,
) -> Path:
    """Train one CRF on featurised data and write a loadable model directory to ``out_dir``.

    ``algorithm`` is CRFsuite's (lbfgs, l2sgd, ap, pa, arow); ``parameters`` are its parameters by
    ``sklearn_crfsuite.CRF``'s names and, when given, replace ``c1`` and ``c2``.
    """
    if not features:
        raise CorpusError("no training references")
    used = {label for sequence in labels for label in sequence} - {OUTSIDE}
    if not used:
        raise CorpusError("the training references carry no labels of the scheme")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ProgressTrainer.description = description
    if parameters is None:
        parameters = {"c1": c1, "c2": c2}
    crf = sklearn_crfsuite.CRF(
        algorithm=algorithm,
        max_iterations=max_iterations,
        all_possible_transitions=True,
        model_filename=str(out_dir / MODEL_FILE),
        verbose=sys.stderr.isatty(),  # progress bars on a terminal; nothing in a log file
        trainer_cls=ProgressTrainer,
        **parameters,
    )
    crf.fit(features, labels)
    full_meta = {
        "feature_version": FEATURE_VERSION,
        "labels": [*LABELS, OUTSIDE],
        "model_sha256": file_sha256(out_dir / MODEL_FILE),
        "hyperparameters": {"algorithm": algorithm, **parameters, "max_iterations": max_iterations,
                            "all_possible_transitions": True},
        **(meta or {}),
    }
    write_meta(out_dir, full_meta)
    return out_dir


def write_meta(out_dir: Path, meta: dict[str, Any]) -> None:
    (Path(out_dir) / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check_training_records(records: Sequence[Any]) -> None:
    """Raise :class:`CorpusError` if ``records`` cannot train a tagger, before any work is done."""
    if not records:
        raise CorpusError("no training references: the corpus is empty")
    used: set[str] = set()
    for index, record in enumerate(records):
        problem = record_problem(record)
        if problem:
            where = record.get("id", f"#{index + 1}") if isinstance(record, dict) else f"#{index + 1}"
            raise CorpusError(f"training reference {where}: {problem}")
        used.update(span["label"] for span in record["spans"] if span["label"] in LABELS)
    if len(used) < 2:
        found = f"only the label {used.pop()!r}" if used else "no label of the scheme"
        raise CorpusError(f"the training references use {found}: a tagger needs references labelled "
                          "with at least two labels")


def fit_records(records: Sequence[dict[str, Any]], out_dir: Path, jobs: int = 1, **options: Any) -> Path:
    """Check and featurise labelled ``records`` and train a model directory at ``out_dir``."""
    check_training_records(records)
    features, labels = featurize_records(records, jobs)
    return fit(features, labels, out_dir, **options)
