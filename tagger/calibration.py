"""Calibrated confidence: a monotone map from the model's raw confidence in a field to how often such fields are
right, fitted on a dev split the model did not train on and kept in the model's ``meta.json``.

The raw confidence (:meth:`tagger.model.Tagger.parse` with ``confidence=True``) is the lowest CRF marginal over
a span and its boundaries. Off the corpora it was trained on, the CRF is over-sure: fields with raw confidence
0.95-0.99 were right only 86% of the time on GROBID's PDF-extracted references (90% on the papers training
now holds out). Isotonic regression (pool adjacent violators) on (raw confidence, right or not) pairs gives a
non-decreasing step function; the map interpolates linearly between the steps' mean confidences, so equal raw
confidences stay equal and order is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tagger.errors import ModelCorruptError

METHOD = "isotonic"


@dataclass(frozen=True)
class Calibration:
    """Knots ``(raw, calibrated)``: raw confidences in increasing order and the share right at each."""

    raw: tuple[float, ...]
    calibrated: tuple[float, ...]
    fields: int = 0  # how many fields it was fitted on

    def __call__(self, confidence: float) -> float:
        return float(np.interp(confidence, self.raw, self.calibrated))

    @classmethod
    def fit(cls, confidences: Sequence[float], right: Sequence[bool]) -> Calibration:
        """Isotonic regression of ``right`` on ``confidences`` (pool adjacent violators)."""
        if len(confidences) != len(right) or not len(confidences):
            raise ValueError("calibration needs one right-or-not for each of at least one confidence")
        xs = np.asarray(confidences, dtype=float)
        ys = np.asarray(right, dtype=float)
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
        return cls(raw, calibrated, len(confidences))

    def to_meta(self) -> dict[str, Any]:
        return {"method": METHOD, "raw": list(self.raw), "calibrated": list(self.calibrated), "fields": self.fields}

    @classmethod
    def from_meta(cls, entry: Any, where: str = "meta.json") -> Calibration | None:
        """The calibration recorded in a model's metadata (``None`` when there is none)."""
        if entry is None:
            return None
        try:
            raw, calibrated = entry["raw"], entry["calibrated"]
            ok = (entry["method"] == METHOD and len(raw) == len(calibrated) > 0
                  and all(isinstance(value, (int, float)) for value in (*raw, *calibrated))
                  and all(low <= high for low, high in zip(raw, raw[1:])))
        except (KeyError, TypeError):
            ok = False
        if not ok:
            raise ModelCorruptError(f"{where}: 'calibration' is not an isotonic map (method, raw, calibrated: "
                                    "two equally long lists of numbers, raw in increasing order)")
        return cls(tuple(raw), tuple(calibrated), int(entry.get("fields", 0)))
