"""Scoring a model on a labelled corpus, and printing the scores as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tagger.labels import CORE_LABELS, LABELS
from tagger.metrics import evaluate, field_list
from tagger.model import Tagger

CONFIDENCE_BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def evaluate_model(tagger: Tagger, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """DESIGN.md's word, field and reference scores of ``tagger`` on labelled ``records``, and how often
    predicted fields are right at each level of the model's confidence (``reliability``)."""
    texts = [record["text"] for record in records]
    references = list(tagger.parse_many(texts, confidence=True))
    predicted = [[span.to_dict() for span in reference.spans] for reference in references]
    gold = [record["spans"] for record in records]
    return evaluate(texts, gold, predicted) | {"reliability": reliability(texts, gold, predicted, references)}


def reliability(
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
    for text, spans, found, reference in zip(texts, gold, predicted, references):
        truth = {(label, value) for label, value, _, _ in field_list(text, spans)}
        for label, value, first, last in field_list(text, found):
            inside = [span.confidence for span in reference.spans
                      if span.label == label and span.end > first and span.start <= last]
            confidence = min(inside)
            bucket = next(bucket for bucket in reversed(buckets) if confidence >= bucket["from"])
            bucket["fields"] += 1
            bucket["right"] += (label, value) in truth
            bucket["confidence_sum"] += confidence
    return [{"from": bucket["from"], "to": bucket["to"], "fields": bucket["fields"],
             "accuracy": bucket["right"] / bucket["fields"] if bucket["fields"] else None,
             "mean_confidence": bucket["confidence_sum"] / bucket["fields"] if bucket["fields"] else None}
            for bucket in buckets]


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text table of per-label and core micro scores at word and field level."""
    lines = [f"references: {scores['n']}", f"reference exact (all core fields): {scores['reference_exact']:.4f}", ""]
    columns = [f"{level} {name}" for level in ("word", "field") for name in ("P", "R", "F1")]
    header = f"{'label':<12}" + "".join(f"{column:>12}" for column in columns)
    lines += [header + f"{'support':>10}", "-" * len(header + " " * 10)]
    for label in (*LABELS, "micro"):
        word, field = scores["word"][label], scores["field"][label]
        if label != "micro" and not word["support"] and not field["support"] and not word["precision"]:
            continue
        name = "core micro" if label == "micro" else label + (" *" if label in CORE_LABELS else "")
        cells = "".join(f"{part[key]:>12.4f}" for part in (word, field) for key in ("precision", "recall", "f1"))
        lines.append(f"{name:<12}{cells}{field['support']:>10}")
    lines.append("(* core label; support = gold fields)")
    if scores.get("reliability"):
        lines += ["", "reliability: predicted fields by the model's confidence, and the share right",
                  f"{'confidence':<14}{'fields':>8}{'right':>8}{'mean conf.':>12}"]
        for bucket in scores["reliability"]:
            if bucket["fields"]:
                lines.append(f"{bucket['from']:.2f}-{bucket['to']:.2f}{'':<5}{bucket['fields']:>8}"
                             f"{bucket['accuracy']:>8.3f}{bucket['mean_confidence']:>12.3f}")
    return "\n".join(lines)
