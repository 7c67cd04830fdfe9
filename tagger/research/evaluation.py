"""Scoring a model on a labelled corpus, and printing the scores as a table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np

from tagger.calibration import Calibration, reference_lowest
from tagger.labels import CORE_LABELS, LABELS
from tagger.model import Tagger
from tagger.research.metrics import CONFUSION_LABELS, CountTable, count_table, field_list
from tagger.research.metrics import scores as metrics_scores
from tagger.research.significance import RESAMPLES, confidence_intervals

CONFIDENCE_BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


class Evaluation(NamedTuple):
    """A model's scores on labelled references, the per-reference counts behind them, and its predicted spans."""

    scores: dict[str, Any]
    table: CountTable
    predicted: list[list[dict[str, Any]]]


def evaluate_model(tagger: Tagger, records: Sequence[dict[str, Any]], reliability: bool = True) -> dict[str, Any]:
    """DESIGN.md's word, field and reference scores of ``tagger`` on labelled ``records`` and, with
    ``reliability``, how often predicted fields are right at each level of the model's confidence."""
    return evaluate_fully(tagger, records, reliability=reliability, resamples=0).scores


def evaluate_fully(
    tagger: Tagger,
    records: Sequence[dict[str, Any]],
    reliability: bool = True,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> Evaluation:
    """:func:`evaluate_model`'s scores and, with ``resamples``, a bootstrap 95% interval (``ci95``) beside
    every F1 and the share of references exact (``reference_exact_ci95``); plus the word confusion matrix
    (``confusion``: gold rows, predicted columns, over the labels either side uses)."""
    if not records:
        raise ValueError("no references to evaluate")
    texts = [record["text"] for record in records]
    references = list(tagger.parse_many(texts, confidence=reliability))
    predicted = [[span.to_dict() for span in reference.spans] for reference in references]
    gold = [record["spans"] for record in records]
    table = count_table(texts, gold, predicted)
    scores = metrics_scores(table)
    if resamples:
        intervals = confidence_intervals(table, resamples, seed)
        for level in ("word", "field"):
            for label, values in scores[level].items():
                values["ci95"] = intervals[level][label]
        scores["reference_exact_ci95"] = intervals["reference_exact"]
        scores["bootstrap"] = {"resamples": resamples, "seed": seed, "unit": "reference",
                               "interval": "percentile, 95%"}
    used = [position for position in range(len(CONFUSION_LABELS))
            if table.confusion[position].any() or table.confusion[:, position].any()]
    scores["confusion"] = {"labels": [CONFUSION_LABELS[position] or "none" for position in used],
                           "matrix": table.confusion[np.ix_(used, used)].tolist(),
                           "rows": "gold label", "columns": "predicted label", "unit": "word"}
    if reliability:
        scores["reliability"] = reliability_table(texts, gold, predicted, references)
    return Evaluation(scores, table, predicted)


def reliability_table(
    texts: Sequence[str],
    gold: Sequence[Sequence[dict[str, Any]]],
    predicted: Sequence[Sequence[dict[str, Any]]],
    references: Sequence[Any],
) -> list:
    """Predicted fields (``predicted``: the spans of ``references``, parsed with confidence) bucketed by
    confidence, with the share right in each (right: an identical gold field of that label exists, as in
    the field metric). A calibrated model is right about as often as it is confident."""
    buckets = [{"from": low, "to": high, "fields": 0, "right": 0, "confidence_sum": 0.0}
               for low, high in zip(CONFIDENCE_BUCKETS, (*CONFIDENCE_BUCKETS[1:], 1.0))]
    for confidence, right in field_confidences(texts, gold, predicted, references):
        bucket = next(bucket for bucket in reversed(buckets) if confidence >= bucket["from"])
        bucket["fields"] += 1
        bucket["right"] += right
        bucket["confidence_sum"] += confidence
    return [{"from": bucket["from"], "to": bucket["to"], "fields": bucket["fields"],
             "accuracy": bucket["right"] / bucket["fields"] if bucket["fields"] else None,
             "mean_confidence": bucket["confidence_sum"] / bucket["fields"] if bucket["fields"] else None}
            for bucket in buckets]


def field_confidences(
    texts: Sequence[str],
    gold: Sequence[Sequence[dict[str, Any]]],
    predicted: Sequence[Sequence[dict[str, Any]]],
    references: Sequence[Any],
) -> Iterator[tuple[float, bool]]:
    """``(confidence, right)`` for each predicted field: the lowest confidence of its spans, and whether an
    identical gold field of its label exists."""
    for text, spans, found, reference in zip(texts, gold, predicted, references):
        truth = {(label, value) for label, value, _, _ in field_list(text, spans)}
        for label, value, first, last in field_list(text, found):
            inside = [span.confidence for span in reference.spans
                      if span.label == label and span.end > first and span.start <= last]
            yield min(inside), (label, value) in truth


def calibration_fields(tagger: Tagger, records: Sequence[dict[str, Any]]) -> list[tuple[int, float, float, bool]]:
    """For each field ``tagger`` finds in ``records``: the index of its record, its raw confidence, its
    reference lowest (:func:`tagger.calibration.reference_lowest`) and whether it is right; what a calibration is
    fitted on. ``tagger`` must carry no calibration of its own."""
    if tagger.calibration is not None:
        raise ValueError("a calibration is fitted on raw confidences: give a model without one")
    texts = [record["text"] for record in records]
    found = []
    for index, (record, reference) in enumerate(zip(records, tagger.parse_many(texts, confidence=True))):
        lowest = reference_lowest(reference.spans)
        predicted = [[span.to_dict() for span in reference.spans]]
        for confidence, right in field_confidences([record["text"]], [record["spans"]], predicted, [reference]):
            found.append((index, confidence, lowest, right))
    return found


def fit_calibration(tagger: Tagger, records: Sequence[dict[str, Any]]) -> Calibration:
    """The map from ``tagger``'s raw field confidence, and how sure it is of the rest of the reference, to the
    share of fields right (:class:`tagger.calibration.Calibration`), fitted on ``records`` (labelled references
    the model did not train on)."""
    _, confidences, lowest, right = zip(*calibration_fields(tagger, records))
    return Calibration.fit(confidences, right, lowest)


AVERAGES = {"micro": "core micro", "macro": "core macro", "micro_all": "all micro", "macro_all": "all macro"}


def shown_labels(scores: dict[str, Any]) -> list[str]:
    """The labels a report lists: those the gold data or the model uses, in scheme order."""
    return [label for label in LABELS
            if scores["word"][label]["support"] or scores["field"][label]["support"]
            or scores["word"][label]["precision"] or scores["field"][label]["precision"]]


def _interval(values: dict[str, Any]) -> str:
    low, high = values.get("ci95", (None, None))
    return f"{low:.3f}-{high:.3f}" if low is not None else ""


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text table of per-label and averaged scores at word and field level (with the field F1's
    bootstrap interval when the scores have one), and the reliability table."""
    with_ci = "ci95" in scores["field"]["micro"]
    exact = f"reference exact (all core fields): {scores['reference_exact']:.4f}"
    if "reference_exact_ci95" in scores:
        low, high = scores["reference_exact_ci95"]
        exact += f" (95% CI {low:.3f}-{high:.3f})"
    lines = [f"references: {scores['n']}", exact, ""]
    columns = [f"{level} {name}" for level in ("word", "field") for name in ("P", "R", "F1")]
    header = f"{'label':<12}" + "".join(f"{column:>10}" for column in columns)
    header += f"{'field F1 95% CI':>17}" if with_ci else ""
    lines += [header + f"{'support':>9}", "-" * (len(header) + 9)]
    for label in (*shown_labels(scores), *AVERAGES):
        word, field = scores["word"][label], scores["field"][label]
        name = AVERAGES.get(label) or label + (" *" if label in CORE_LABELS else "")
        cells = "".join(f"{part[key]:>10.4f}" for part in (word, field) for key in ("precision", "recall", "f1"))
        cells += f"{_interval(field):>17}" if with_ci else ""
        if label == "micro":
            lines.append("-" * (len(header) + 9))
        lines.append(f"{name:<12}{cells}{field['support']:>9}")
    lines.append("(* core label; support = gold fields; core: the five core labels, all: every label used; "
                 "micro sums counts, macro averages labels)")
    if scores.get("reliability"):
        lines += ["", "reliability: predicted fields by the model's confidence, and the share right",
                  f"{'confidence':<14}{'fields':>8}{'right':>8}{'mean conf.':>12}"]
        for bucket in scores["reliability"]:
            if bucket["fields"]:
                lines.append(f"{bucket['from']:.2f}-{bucket['to']:.2f}{'':<5}{bucket['fields']:>8}"
                             f"{bucket['accuracy']:>8.3f}{bucket['mean_confidence']:>12.3f}")
    return "\n".join(lines)


def compact(scores: dict[str, Any]) -> dict[str, Any]:
    """Scores without support counts and confidence buckets, rounded, for meta.json and summaries."""
    return {
        "n": scores["n"],
        "reference_exact": round(scores["reference_exact"], 4),
        **{level: {label: {key: round(value, 4) for key, value in values.items() if key in ("precision", "recall",
                                                                                              "f1")}
                   for label, values in scores[level].items() if values["support"] or label in ("micro", "macro")}
           for level in ("word", "field")},
    }
