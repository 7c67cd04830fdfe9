"""Confidence intervals and significance tests over references, for the evaluation metrics.

Both resample *references*: the unit a test set is drawn in. A resample is a
vector of weights over references (how many times each is drawn), so the
counts of a resample are one matrix product of the weights with the
per-reference counts of :class:`tagger.research.metrics.CountTable`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tagger.labels import CORE_LABELS, LABELS
from tagger.research.metrics import FN, FP, TP, CountTable

RESAMPLES = 1000
# Resamples per matrix product: bounds memory at about 50 MB for 10,000 references.
CHUNK = 500


def _f1(counts: np.ndarray) -> np.ndarray:
    """F1 from counts whose last axis is (TP, FP, FN); 0 where it is undefined."""
    true_positive, false_positive, false_negative = counts[..., TP], counts[..., FP], counts[..., FN]
    denominator = 2 * true_positive + false_positive + false_negative
    return np.divide(2 * true_positive, denominator, out=np.zeros(denominator.shape), where=denominator > 0)


def _resampled(per_reference: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """``per_reference`` (references, ...) summed over ``resamples`` bootstrap resamples of the references."""
    count = len(per_reference)
    flat = per_reference.reshape(count, -1).astype(np.float64)
    generator = np.random.default_rng(seed)
    results = []
    for start in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - start)
        weights = generator.multinomial(count, np.full(count, 1 / count), size=size)
        results.append(weights @ flat)
    return np.concatenate(results).reshape(resamples, *per_reference.shape[1:])


def confidence_intervals(table: CountTable, resamples: int = RESAMPLES, seed: int = 0) -> dict[str, Any]:
    """Percentile bootstrap 95% intervals of every F1 of :func:`tagger.research.metrics.scores`, and of the share of
    references exactly right: ``{"word": {label: [low, high]}, "field": {...}, "reference_exact": [low, high]}``,
    with ``micro``/``macro`` (core) and ``micro_all``/``macro_all`` among the labels."""
    if not len(table.exact):
        raise ValueError("no references to resample")
    result: dict[str, Any] = {}
    core = [LABELS.index(label) for label in CORE_LABELS]
    for level in ("word", "field"):
        per_reference = getattr(table, level)
        summed = _resampled(per_reference, resamples, seed)  # (resamples, labels, 3)
        per_label = _f1(summed)  # (resamples, labels)
        used = per_reference.sum(axis=0).any(axis=1)
        statistics = {label: per_label[:, position] for position, label in enumerate(LABELS)}
        statistics["micro"] = _f1(summed[:, core].sum(axis=1))
        statistics["macro"] = per_label[:, core].mean(axis=1)
        statistics["micro_all"] = _f1(summed.sum(axis=1))
        statistics["macro_all"] = per_label[:, used].mean(axis=1) if used.any() else np.zeros(resamples)
        result[level] = {name: _interval(values) for name, values in statistics.items()}
    exact = _resampled(table.exact[:, None].astype(np.float64), resamples, seed)[:, 0] / len(table.exact)
    result["reference_exact"] = _interval(exact)
    return result


def _interval(values: np.ndarray) -> list[float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return [float(low), float(high)]


def core_field_counts(table: CountTable) -> np.ndarray:
    """Each reference's core field (TP, FP, FN), summed over the five core labels: shape (references, 3)."""
    core = [LABELS.index(label) for label in CORE_LABELS]
    return table.field[:, core].sum(axis=1)


def paired_test(
    first: CountTable,
    second: CountTable,
    method: str = "randomization",
    resamples: int = 10_000,
    seed: int = 0,
) -> dict[str, Any]:
    """Whether two systems' core field micro-F1 on the same references differ by more than chance.

    ``randomization`` (approximate randomisation, Noreen 1989; Yeh 2000): swap
    the two systems' outputs on each reference with probability 1/2 and count
    how often the absolute difference is at least the observed one.
    ``bootstrap`` (paired bootstrap, Berg-Kirkpatrick et al. 2012): resample
    references and count how often the resampled difference strays from the
    observed one by at least the observed difference. Both return a two-sided
    p-value, ``(hits + 1) / (resamples + 1)``, and the difference's bootstrap
    95% interval. A system compared with itself gives p = 1.
    """
    if len(first.exact) != len(second.exact):
        raise ValueError("the two systems were scored on different numbers of references")
    if not len(first.exact):
        raise ValueError("no references to compare")
    if method not in ("randomization", "bootstrap"):
        raise ValueError(f"unknown test {method!r}: use 'randomization' or 'bootstrap'")
    a, b = core_field_counts(first).astype(np.float64), core_field_counts(second).astype(np.float64)
    observed = float(_f1(b.sum(axis=0)) - _f1(a.sum(axis=0)))
    generator = np.random.default_rng(seed)
    hits = 0
    for start in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - start)
        if method == "randomization":
            swap = generator.random((size, len(a))) < 0.5
            shuffled_a = np.where(swap[..., None], b, a).sum(axis=1)
            shuffled_b = np.where(swap[..., None], a, b).sum(axis=1)
            differences = _f1(shuffled_b) - _f1(shuffled_a)
            hits += int(np.sum(np.abs(differences) >= abs(observed) - 1e-12))
        else:
            weights = generator.multinomial(len(a), np.full(len(a), 1 / len(a)), size=size)
            differences = _f1(weights @ b) - _f1(weights @ a)
            hits += int(np.sum(np.abs(differences - observed) >= abs(observed) - 1e-12))
    both = np.stack([a, b], axis=1)  # (references, 2, 3)
    summed = _resampled(both, min(resamples, RESAMPLES), seed)
    differences = _f1(summed[:, 1]) - _f1(summed[:, 0])
    return {
        "method": method,
        "resamples": resamples,
        "seed": seed,
        "references": len(a),
        "difference": observed,
        "difference_ci95": _interval(differences),
        "p_value": (hits + 1) / (resamples + 1),
    }
