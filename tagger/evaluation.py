"""Scoring a model on a labelled corpus, and printing the scores as a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tagger.labels import CORE_LABELS, LABELS
from tagger.metrics import evaluate
from tagger.model import Tagger


def evaluate_model(tagger: Tagger, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """DESIGN.md's word, field and reference scores of ``tagger`` on labelled ``records``."""
    texts = [record["text"] for record in records]
    predicted = [[span.to_dict() for span in reference.spans] for reference in tagger.parse_many(texts)]
    return evaluate(texts, [record["spans"] for record in records], predicted)


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
    return "\n".join(lines)
