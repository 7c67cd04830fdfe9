"""The evaluation metrics of DESIGN.md: word, field and reference level.

All three are computed from character spans, so they do not depend on the
tokenizer and are comparable across tools.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

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


class _Counts:
    def __init__(self) -> None:
        self.true_positive: Counter = Counter()
        self.false_positive: Counter = Counter()
        self.false_negative: Counter = Counter()

    def scores(self, labels: Iterable[str]) -> dict[str, dict[str, float]]:
        labels = list(labels)
        table = {label: _prf(self.true_positive[label], self.false_positive[label], self.false_negative[label])
                 for label in labels}
        core = [label for label in labels if label in CORE_LABELS]
        table["micro"] = _prf(
            sum(self.true_positive[label] for label in core),
            sum(self.false_positive[label] for label in core),
            sum(self.false_negative[label] for label in core),
        )
        return table


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
    """Word-, field- and reference-level scores; ``micro`` is over the five core labels."""
    words, field_counts = _Counts(), _Counts()
    exact = 0
    for text, gold, predicted in zip(texts, gold_spans, predicted_spans, strict=True):
        for (_, gold_label), (_, predicted_label) in zip(word_labels(text, gold), word_labels(text, predicted)):
            if gold_label == predicted_label:
                if gold_label is not None:
                    words.true_positive[gold_label] += 1
                continue
            if predicted_label is not None:
                words.false_positive[predicted_label] += 1
            if gold_label is not None:
                words.false_negative[gold_label] += 1
        gold_fields, predicted_fields = fields(text, gold), fields(text, predicted)
        all_core_exact = True
        for label in set(gold_fields) | set(predicted_fields):
            gold_counter = gold_fields.get(label, Counter())
            predicted_counter = predicted_fields.get(label, Counter())
            matched = sum((gold_counter & predicted_counter).values())
            field_counts.true_positive[label] += matched
            field_counts.false_positive[label] += sum(predicted_counter.values()) - matched
            field_counts.false_negative[label] += sum(gold_counter.values()) - matched
            if label in CORE_LABELS and gold_counter != predicted_counter:
                all_core_exact = False
        exact += all_core_exact
    return {
        "n": len(texts),
        "word": words.scores(LABELS),
        "field": field_counts.scores(LABELS),
        "reference_exact": exact / len(texts) if texts else 0.0,
    }
