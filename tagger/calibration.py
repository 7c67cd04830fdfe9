"""Calibrated confidence: a monotone map from the model's raw confidence in a field to how often such fields are
right, fitted on a dev split the model did not train on and kept in the model's ``meta.json``.

The raw confidence (:meth:`tagger.model.Tagger.parse` with ``confidence=True``) is the lowest CRF marginal over
a span and its boundaries. Off the corpora it was trained on, the CRF is over-sure: fields with raw confidence
0.95-0.99 were right only 86% of the time on GROBID's PDF-extracted references (90% on the papers training
now holds out). Isotonic regression (pool adjacent violators) on (raw confidence, right or not) pairs gives a
non-decreasing step function; the map interpolates linearly between the steps' mean confidences, so equal raw
confidences stay equal and order is kept.

A field's own confidence does not say how far the whole reference is from what the model knows: on PDF-extracted
references of unseen papers a field at raw 0.6 was right less often than one at 0.6 in a reference the model is
otherwise sure of. Fitted with each field's *reference lowest* (the lowest raw confidence of any span with a word
in its reference), the map first combines the two by a logistic regression on their logits and then fits the
isotonic steps to that combination (``"method": "reference-isotonic"``). Within one reference the map keeps
the order of its fields' confidences as long as the field's weight is positive (fitted: about 0.5).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tagger.errors import ModelCorruptError

METHOD = "isotonic"
REFERENCE_METHOD = "reference-isotonic"
WORD = re.compile(r"\w")
CLIP = 1e-4  # confidences are clipped to [CLIP, 1 - CLIP] before their logits are taken
RIDGE = 0.1  # the logistic regression's L2 penalty on its two weights (not on the intercept)
MAX_WEIGHT = 1e3  # a recorded weight beyond this is taken for damage (fitted ones are about 1)


@dataclass(frozen=True)
class Calibration:
    """Knots ``(raw, calibrated)``: raw confidences in increasing order and the share right at each. With
    ``weights`` ``(field, reference, intercept)``, the knots' raw side is the logistic combination of a field's
    raw confidence and its reference lowest, not the field's raw confidence alone."""

    raw: tuple[float, ...]
    calibrated: tuple[float, ...]
    fields: int = 0  # how many fields it was fitted on
    weights: tuple[float, float, float] | None = None

    def __call__(self, confidence: float, lowest: float | None = None) -> float:
        """The calibrated confidence of a field of raw ``confidence`` in a reference whose lowest raw span
        confidence is ``lowest`` (the field's own when not given)."""
        if self.weights is not None:
            confidence = _combined(self.weights, confidence, confidence if lowest is None else lowest)
        return float(np.interp(confidence, self.raw, self.calibrated))

    @classmethod
    def fit(cls, confidences: Sequence[float], right: Sequence[bool],
            lowest: Sequence[float] | None = None) -> Calibration:
        """Isotonic regression of ``right`` on ``confidences`` (pool adjacent violators); given each field's
        reference ``lowest``, on the logistic combination of the two."""
        if len(confidences) != len(right) or not len(confidences):
            raise ValueError("calibration needs one right-or-not for each of at least one confidence")
        if lowest is None:
            return cls(*_isotonic(np.asarray(confidences, dtype=float), np.asarray(right, dtype=float)),
                       len(confidences))
        if len(lowest) != len(confidences):
            raise ValueError("calibration needs the reference lowest of each field")
        logits = np.column_stack([_logits(confidences), _logits(lowest)])
        ys = np.asarray(right, dtype=float)
        weights = tuple(round(float(weight), 6) for weight in _logistic(logits, ys))
        combined = np.array([_combined(weights, confidence, low) for confidence, low in zip(confidences, lowest)])
        return cls(*_isotonic(combined, ys), len(confidences), weights)

    def to_meta(self) -> dict[str, Any]:
        """The record in ``meta.json``; with weights, ``raw`` holds values of the combination, not raw
        confidences."""
        if self.weights is None:
            return {"method": METHOD, "raw": list(self.raw), "calibrated": list(self.calibrated),
                    "fields": self.fields}
        return {"method": REFERENCE_METHOD, "weights": dict(zip(("field", "reference", "intercept"), self.weights)),
                "raw": list(self.raw), "calibrated": list(self.calibrated), "fields": self.fields}

    @classmethod
    def from_meta(cls, entry: Any, where: str = "meta.json") -> Calibration | None:
        """The calibration recorded in a model's metadata (``None`` when there is none)."""
        if entry is None:
            return None
        weights = None
        try:
            raw, calibrated, fields = entry["raw"], entry["calibrated"], entry.get("fields", 0)
            if entry["method"] == REFERENCE_METHOD:
                weights = tuple(entry["weights"][name] for name in ("field", "reference", "intercept"))
            ok = (entry["method"] in (METHOD, REFERENCE_METHOD) and (weights is not None) == ("weights" in entry)
                  and len(raw) == len(calibrated) > 0 and isinstance(fields, int)
                  and all(isinstance(value, (int, float)) and math.isfinite(value) for value in (*raw, *calibrated))
                  and all(isinstance(value, (int, float)) and abs(value) < MAX_WEIGHT for value in weights or ())
                  and all(low <= high for low, high in zip(raw, raw[1:])))
        except (KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            raise ModelCorruptError(
                f"{where}: 'calibration' is not an isotonic map (method {METHOD!r} or {REFERENCE_METHOD!r}, raw, "
                "calibrated: two equally long lists of numbers, raw in increasing order, fields: a count; with "
                f"{REFERENCE_METHOD!r} also weights: field, reference, intercept, each a number below {MAX_WEIGHT:g} "
                "in size)")
        return cls(tuple(raw), tuple(calibrated), fields, weights)


def reference_lowest(spans: Iterable[Any]) -> float:
    """The lowest raw confidence of the spans that hold a word (of all spans when none does; 1.0 when there are
    none): how sure the model is of the least certain part of a reference."""
    spans = list(spans)
    worded = [span.confidence for span in spans if WORD.search(span.text)]
    return min(worded or [span.confidence for span in spans], default=1.0)


def _combined(weights: tuple[float, ...], confidence: float, lowest: float) -> float:
    """The logistic combination of a field's raw confidence and its reference lowest."""
    field, reference, intercept = weights
    total = field * _logit(confidence) + reference * _logit(lowest) + intercept
    if total >= 0:
        return 1.0 / (1.0 + math.exp(-total))
    return math.exp(total) / (1.0 + math.exp(total))  # never overflows


def _logit(probability: float) -> float:
    probability = min(max(probability, CLIP), 1.0 - CLIP)
    return math.log(probability / (1.0 - probability))


def _logits(probabilities: Sequence[float]) -> np.ndarray:
    clipped = np.clip(np.asarray(probabilities, dtype=float), CLIP, 1.0 - CLIP)
    return np.log(clipped / (1.0 - clipped))


def _logistic(features: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Weights and intercept of an L2-penalised logistic regression (Newton's method; the intercept is not
    penalised)."""
    design = np.column_stack([features, np.ones(len(features))])
    penalty = np.diag([RIDGE] * features.shape[1] + [0.0])
    weights = np.zeros(design.shape[1])
    for _ in range(100):
        probability = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (right - probability) - penalty @ weights
        hessian = (design * (probability * (1.0 - probability))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(weights)), gradient)
        weights += step
        if np.abs(step).max() < 1e-10:
            break
    return weights


def _isotonic(xs: np.ndarray, ys: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The steps of the isotonic regression of ``ys`` on ``xs`` (pool adjacent violators): each step's mean x
    and mean y."""
    # Equal confidences form one block to start with, so they map to one value.
    values, inverse = np.unique(xs, return_inverse=True)
    counts = np.bincount(inverse).astype(float)
    # Blocks as [sum of x, sum of y, count]; merge while a block's mean y is not above the one before it.
    blocks: list[list[float]] = []
    for x_sum, y_sum, count in zip(values * counts, np.bincount(inverse, weights=ys), counts):
        blocks.append([float(x_sum), float(y_sum), float(count)])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            x_sum, y_sum, count = blocks.pop()
            blocks[-1][0] += x_sum
            blocks[-1][1] += y_sum
            blocks[-1][2] += count
    raw = tuple(round(x_sum / count, 6) for x_sum, _, count in blocks)
    calibrated = tuple(round(y_sum / count, 6) for _, y_sum, count in blocks)
    return raw, calibrated
