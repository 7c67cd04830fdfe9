"""Which confidence calibration is honest on which corpus, judged on the dev split alone.

    python -m training.dev_experiments --save runs/devmodel       # a model trained without the dev split
    python -m training.calibration_experiment runs/devmodel

Parses the shipped configuration's dev split with the model's raw confidences and compares calibration maps,
each fitted on one half of the dev references and scored on the other (two-fold cross-fitting, so no map is
scored on the fields it was fitted on): ``reference`` is what training does (``Calibration.fit`` on every dev
field with its reference lowest), ``pooled`` the isotonic map of the field's raw confidence alone that training
fitted before, ``balanced`` weighs each corpus equally, ``pdf`` fits on the PDF-extracted corpora (GROBID, UMass)
alone, ``pdf2`` counts them twice. For each corpus of the dev split it prints, per confidence bin with 30
fields or more, the share right minus the mean confidence, and the largest such gap. With ``--halvings N`` the
cross-fitting is repeated on N halvings of the references (the first by index, the others seeded at random) and
the largest gaps of each are listed with their mean.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from tagger.calibration import Calibration
from tagger.model import Tagger
from tagger.research.data import config_dev_split, read_pool
from tagger.research.evaluation import calibration_fields
from training import run
from training.train import shipped_config

BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)
CORPORA = ("anystyle", "parscit", "umass", "grobid", "seed")
PDF = ("grobid", "umass")


def dev_fields(model: Tagger) -> tuple[np.ndarray, ...]:
    """For each field the model predicts on the dev split: its reference's index, corpus, raw confidence, its
    reference lowest, and whether it is right."""
    config = shipped_config()
    pool, _ = read_pool(config)
    dev, _ = config_dev_split(config, pool)
    index, confidence, lowest, right = zip(*calibration_fields(model, dev))
    corpus = [dev[at]["id"].split("-")[0] for at in index]
    return np.array(index), np.array(corpus), np.array(confidence), np.array(lowest), np.array(right, dtype=float)


def weights(kind: str, corpus: np.ndarray) -> np.ndarray:
    """Each field's weight in the map of ``kind`` (``balanced``, ``pdf`` or ``pdf2``)."""
    if kind == "balanced":
        counts = Counter(corpus)
        return np.array([1.0 / counts[name] for name in corpus])
    pdf, other = {"pdf": (1.0, 0.0), "pdf2": (2.0, 1.0)}[kind]
    return np.array([pdf if name in PDF else other for name in corpus])


def fitted(kind: str, confidence: np.ndarray, lowest: np.ndarray, right: np.ndarray, corpus: np.ndarray):
    """The map of ``kind`` fitted on these fields, as a function of (raw confidence, reference lowest): training's
    own for ``reference`` and ``pooled``, scikit-learn's weighted isotonic regression for the others."""
    if kind == "reference":
        return np.vectorize(Calibration.fit(confidence, right, lowest))
    if kind == "pooled":
        calibration = Calibration.fit(confidence, right)
        return lambda values, _: np.vectorize(calibration)(values)
    from sklearn.isotonic import IsotonicRegression

    weight = weights(kind, corpus)
    keep = weight > 0
    model = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip")
    predict = model.fit(confidence[keep], right[keep], sample_weight=weight[keep]).predict
    return lambda values, _: predict(values)


def gaps(calibrated: np.ndarray, right: np.ndarray) -> list[tuple[float, int, float | None]]:
    """Per bin: its lower edge, its fields and the share right minus the mean confidence (30 fields or more)."""
    found = []
    for low, high in zip(BINS, BINS[1:]):
        inside = (calibrated >= low) & (calibrated < high)
        count = int(inside.sum())
        found.append((low, count, float(right[inside].mean() - calibrated[inside].mean()) if count >= 30 else None))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.calibration_experiment",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path, help="a model trained without the dev split (dev_experiments --save)")
    parser.add_argument("--halvings", type=int, default=1, help="halvings to cross-fit on (default: 1)")
    args = parser.parse_args(argv)
    if args.halvings < 1:
        parser.error(f"--halvings must be at least 1, not {args.halvings}")
    model = Tagger.load(args.model)
    if model.calibration is not None:
        raise SystemExit(f"{args.model}: this model carries a calibration already; give one without it")
    index, corpus, confidence, lowest, right = dev_fields(model)
    largest: dict[tuple[str, str], list[float]] = {}
    for halving in range(args.halvings):
        half = index % 2 if halving == 0 else np.random.default_rng(halving).integers(0, 2, index.max() + 1)[index]
        if args.halvings > 1:
            print(f"halving {halving}")
        for kind in ("raw", "reference", "pooled", "balanced", "pdf", "pdf2"):
            calibrated = confidence.copy()
            if kind != "raw":
                for side in (0, 1):
                    fit_on = half != side
                    calibrated[~fit_on] = fitted(kind, confidence[fit_on], lowest[fit_on], right[fit_on],
                                                 corpus[fit_on])(confidence[~fit_on], lowest[~fit_on])
            print(f"{kind}")
            for name in (*CORPORA, "all"):
                chosen = np.ones(len(corpus), bool) if name == "all" else corpus == name
                found = gaps(calibrated[chosen], right[chosen])
                worst = max((abs(gap) for _, _, gap in found if gap is not None), default=0.0)
                largest.setdefault((kind, name), []).append(worst)
                cells = " ".join(f"{low:.2f}:{count}:{gap:+.3f}" if gap is not None else f"{low:.2f}:{count}:-"
                                 for low, count, gap in found)
                print(f"  {name:9s} largest gap {worst:.3f} | {cells}")
    if args.halvings > 1:
        print(f"largest gap in each of {args.halvings} halvings, and their mean")
        for name in (*CORPORA, "all"):
            for kind in ("reference", "pooled", "balanced", "pdf", "pdf2"):
                values = largest[(kind, name)]
                print(f"  {name:9s} {kind:9s} {' '.join(f'{value:.3f}' for value in values)}  mean "
                      f"{np.mean(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.calibration_experiment"))
