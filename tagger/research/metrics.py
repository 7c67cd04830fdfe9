"""The evaluation metrics of DESIGN.md: word, field and reference level.

All three are computed from character spans, so they do not depend on the
tokenizer and are comparable across tools.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from tagger.labels import CORE_LABELS, LABELS

WORD = re.compile(r"\w+")
PAGE_MARKERS = {"p", "pp", "pg", "page", "pages", "s", "ss", "c", "с", "стр", "pag", "pág", "págs"}


def word_labels(text: str, spans: Sequence[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """Each ``\\w+`` word of ``text`` with the label of the span holding its first character."""
    ordered = sorted(spans, key=lambda span: span["start"])
    result = []
    position = 0
    for match in WORD.finditer(text):
        start = match.start()
        while position < len(ordered) and ordered[position]["end"] <= start:
            position += 1
        label = None
        if position < len(ordered) and ordered[position]["start"] <= start:
            label = ordered[position]["label"]
        result.append((match.group(), label))
    return result


def fields(text: str, spans: Sequence[dict[str, Any]]) -> dict[str, Counter]:
    """Normalised fields per label.

    Spans of one label with no word of another label between them form one
    field, which covers the text from the first span to the last (unlabelled
    words between them included).
    """
    result: dict[str, Counter] = {}
    for label, value, _, _ in field_list(text, spans):
        result.setdefault(label, Counter())[value] += 1
    return result


def field_list(text: str, spans: Sequence[dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    """Each field of :func:`fields` in order: its label, normalised text, and the character offsets of its
    first and last word."""
    result: list[tuple[str, str, int, int]] = []
    current_label: str | None = None
    current: list[tuple[str, int]] = []  # (casefolded word, offset)

    def close() -> None:
        if current_label is None or not current:
            return
        words = current
        if current_label == "pages":
            while words and words[0][0] in PAGE_MARKERS:
                words = words[1:]
        result.append((current_label, " ".join(word for word, _ in words), current[0][1], current[-1][1]))

    pending: list[tuple[str, int]] = []  # unlabelled words, part of the field if the same label resumes after them
    for (word, label), match in zip(word_labels(text, spans), WORD.finditer(text)):
        if label is None:
            pending.append((word.casefold(), match.start()))
            continue
        if label == current_label:
            current.extend(pending)
        else:
            close()
            current_label, current = label, []
        pending = []
        current.append((word.casefold(), match.start()))
    close()
    return result


# Rows of a count table: true positives, false positives, false negatives.
TP, FP, FN = 0, 1, 2
# Columns of the word confusion matrix: the labels, then no label.
CONFUSION_LABELS = (*LABELS, None)


class CountTable(NamedTuple):
    """The counts behind every score, kept per reference so that scores can be recomputed on resamples.

    ``word`` and ``field`` have shape (references, labels, 3): true positives,
    false positives and false negatives of each label of ``LABELS`` in each
    reference. ``exact`` says whether a reference's five core fields are all
    right. ``confusion[gold, predicted]`` counts words over ``CONFUSION_LABELS``
    (the last row and column: no label).
    """

    word: np.ndarray
    field: np.ndarray
    exact: np.ndarray
    confusion: np.ndarray

    def subset(self, indices: Sequence[int]) -> CountTable:
        """The table of the references at ``indices`` (the confusion matrix is kept whole)."""
        return CountTable(self.word[indices], self.field[indices], self.exact[indices], self.confusion)


def count_table(
    texts: Sequence[str],
    gold_spans: Sequence[Sequence[dict[str, Any]]],
    predicted_spans: Sequence[Sequence[dict[str, Any]]],
) -> CountTable:
    """Per-reference word and field counts of ``predicted_spans`` against ``gold_spans`` (DESIGN.md)."""
    index = {label: position for position, label in enumerate(LABELS)}
    outside = len(LABELS)
    word = np.zeros((len(texts), len(LABELS), 3), dtype=np.int32)
    field = np.zeros((len(texts), len(LABELS), 3), dtype=np.int32)
    exact = np.zeros(len(texts), dtype=bool)
    confusion = np.zeros((len(CONFUSION_LABELS), len(CONFUSION_LABELS)), dtype=np.int64)
    for row, (text, gold, predicted) in enumerate(zip(texts, gold_spans, predicted_spans, strict=True)):
        for (_, gold_label), (_, predicted_label) in zip(word_labels(text, gold), word_labels(text, predicted)):
            gold_at, predicted_at = index.get(gold_label, outside), index.get(predicted_label, outside)
            confusion[gold_at, predicted_at] += 1
            if gold_label == predicted_label:
                if gold_at < outside:
                    word[row, gold_at, TP] += 1
                continue
            if predicted_at < outside:
                word[row, predicted_at, FP] += 1
            if gold_at < outside:
                word[row, gold_at, FN] += 1
        gold_fields, predicted_fields = fields(text, gold), fields(text, predicted)
        all_core_exact = True
        for label in set(gold_fields) | set(predicted_fields):
            gold_counter = gold_fields.get(label, Counter())
            predicted_counter = predicted_fields.get(label, Counter())
            if label in CORE_LABELS and gold_counter != predicted_counter:
                all_core_exact = False
            if label not in index:
                continue
            matched = sum((gold_counter & predicted_counter).values())
            field[row, index[label]] = (matched, sum(predicted_counter.values()) - matched,
                                        sum(gold_counter.values()) - matched)
        exact[row] = all_core_exact
    return CountTable(word, field, exact, confusion)


def scores_from_counts(counts: np.ndarray) -> dict[str, dict[str, float]]:
    """P/R/F1 and support of each label from summed (labels, 3) counts, with the core ``micro`` and ``macro``
    averages and ``micro_all`` / ``macro_all`` over every label."""
    table = {label: _prf(*(int(value) for value in counts[position])) for position, label in enumerate(LABELS)}
    core = [LABELS.index(label) for label in CORE_LABELS]
    table["micro"] = _prf(*(int(value) for value in counts[core].sum(axis=0)))
    table["macro"] = _macro([table[label] for label in CORE_LABELS])
    table["micro_all"] = _prf(*(int(value) for value in counts.sum(axis=0)))
    # Labels that neither the gold data nor the model use would count as 0 and pull the macro average down.
    used = [table[label] for position, label in enumerate(LABELS) if counts[position].any()]
    table["macro_all"] = _macro(used)
    return table


def _macro(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    averages = {key: sum(row[key] for row in rows) / len(rows) if rows else 0.0
                for key in ("precision", "recall", "f1")}
    return averages | {"support": sum(row["support"] for row in rows)}


def _prf(true_positive: int, false_positive: int, false_negative: int) -> dict[str, float]:
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": true_positive + false_negative}


def evaluate(
    texts: Sequence[str],
    gold_spans: Sequence[Sequence[dict[str, Any]]],
    predicted_spans: Sequence[Sequence[dict[str, Any]]],
) -> dict[str, Any]:
    """Word-, field- and reference-level scores; ``micro`` and ``macro`` are over the five core labels."""
    return scores(count_table(texts, gold_spans, predicted_spans))


def scores(table: CountTable) -> dict[str, Any]:
    """The scores of :func:`evaluate` from a :class:`CountTable`."""
    return {
        "n": len(table.exact),
        "word": scores_from_counts(table.word.sum(axis=0)),
        "field": scores_from_counts(table.field.sum(axis=0)),
        "reference_exact": float(table.exact.mean()) if len(table.exact) else 0.0,
    }
