"""Error analysis: the references a model got wrong, gold and predicted side by side, and the most frequent
confusions with examples."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tagger.labels import CORE_LABELS
from tagger.research.metrics import WORD, fields, word_labels

EXAMPLES = 3


def _spans_with_text(text: str, spans: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"start": span["start"], "end": span["end"], "label": span["label"],
             "text": text[span["start"]:span["end"]]} for span in spans]


def wrong_references(records: Sequence[dict[str, Any]], predicted: Sequence[Sequence[dict[str, Any]]]) -> list[dict]:
    """Every reference with a field the model got wrong (any label, by the field metric): its id and text, the
    gold and predicted spans with their text, and per wrong label the fields only gold has and only the
    model has (normalised as the field metric compares them)."""
    result = []
    for record, found in zip(records, predicted, strict=True):
        text = record["text"]
        gold_fields, found_fields = fields(text, record["spans"]), fields(text, found)
        wrong = []
        for label in sorted(set(gold_fields) | set(found_fields)):
            gold_counter, found_counter = gold_fields.get(label, Counter()), found_fields.get(label, Counter())
            if gold_counter != found_counter:
                wrong.append({"label": label, "core": label in CORE_LABELS,
                              "missed": sorted((gold_counter - found_counter).elements()),
                              "extra": sorted((found_counter - gold_counter).elements())})
        if wrong:
            result.append({"id": record.get("id"), "text": text, "wrong": wrong,
                           "gold": _spans_with_text(text, record["spans"]),
                           "predicted": _spans_with_text(text, found)})
    return result


def confusions(records: Sequence[dict[str, Any]], predicted: Sequence[Sequence[dict[str, Any]]],
               top: int = 15) -> list[dict[str, Any]]:
    """The ``top`` most frequent word-level confusions (gold label, predicted label; ``none`` for no label),
    each with its word count, the references it occurs in, and up to three examples: the reference id, the
    word, and the text around it with the word in ``[[ ]]``."""
    counts: Counter = Counter()
    references: dict[tuple[str, str], set] = {}
    examples: dict[tuple[str, str], list] = {}
    for position, (record, found) in enumerate(zip(records, predicted, strict=True)):
        text = record["text"]
        for (word, gold), (_, guess), match in zip(word_labels(text, record["spans"]), word_labels(text, found),
                                                   WORD.finditer(text)):
            if gold == guess:
                continue
            key = (gold or "none", guess or "none")
            counts[key] += 1
            seen = references.setdefault(key, set())
            if position not in seen and len(examples.setdefault(key, [])) < EXAMPLES:
                start, end = match.span()
                context = f"{text[max(0, start - 40):start]}[[{word}]]{text[end:end + 40]}"
                examples[key].append({"id": record.get("id"), "word": word, "context": context})
            seen.add(position)
    return [{"gold": gold, "predicted": guess, "words": count, "references": len(references[(gold, guess)]),
             "examples": examples[(gold, guess)]} for (gold, guess), count in counts.most_common(top)]


def field_errors(wrong: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per label: references with that label wrong, fields missed and fields extra, most wrong first."""
    table: dict[str, dict[str, int]] = {}
    for reference in wrong:
        for entry in reference["wrong"]:
            row = table.setdefault(entry["label"], {"references": 0, "missed": 0, "extra": 0})
            row["references"] += 1
            row["missed"] += len(entry["missed"])
            row["extra"] += len(entry["extra"])
    return dict(sorted(table.items(), key=lambda item: -item[1]["references"]))


def for_correction(wrong: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The wrong references as corpus records carrying the *predicted* spans, to be corrected by hand (for
    example as AnyStyle XML) and added to a training corpus."""
    return [{"id": reference["id"] or f"wrong-{index}", "text": reference["text"],
             "spans": [{key: span[key] for key in ("start", "end", "label")} for span in reference["predicted"]]}
            for index, reference in enumerate(wrong, start=1)]


def model_features(tagger: Any, top: int = 20, label: str | None = None) -> dict[str, Any]:
    """A model's ``top`` strongest positive and negative state features (attribute, label, weight) and label
    transitions, over all labels or (``label``) that label's features and the transitions into or out of it."""
    import numpy as np

    crf = tagger._crf
    if label is not None and label not in crf.label_index:
        raise ValueError(f"the model has no label {label!r}; its labels are {', '.join(crf.labels)}")
    attributes = [attribute.decode("utf-8", "replace") for attribute, _ in
                  sorted(crf.attribute_ids.items(), key=lambda item: item[1])]
    weights = crf.state[: len(attributes)]
    columns = [crf.label_index[label]] if label is not None else range(len(crf.labels))
    entries = [(attributes[row], crf.labels[column], float(weights[row, column]))
               for column in columns for row in np.flatnonzero(weights[:, column])]
    entries.sort(key=lambda entry: entry[2])
    transitions = [(crf.labels[source], crf.labels[target], float(crf.transition[source, target]))
                   for source in range(len(crf.labels)) for target in range(len(crf.labels))
                   if crf.transition[source, target] and label in (None, crf.labels[source], crf.labels[target])]
    transitions.sort(key=lambda entry: entry[2])

    def rows(found: list, keys: tuple[str, ...]) -> list[dict[str, Any]]:
        return [dict(zip(keys, entry)) for entry in found]

    state_keys, transition_keys = ("attribute", "label", "weight"), ("from", "to", "weight")
    return {
        "label": label,
        "state_features": len(entries),
        "positive": rows(entries[::-1][:top], state_keys),
        "negative": rows(entries[:top], state_keys),
        "transitions_positive": rows(transitions[::-1][:top], transition_keys),
        "transitions_negative": rows(transitions[:top], transition_keys),
    }
