"""Pre-annotation for the annotation tools (``reftagger annotate``): the model's spans as tasks for Label Studio,
doccano, Prodigy or AnyStyle's XML, most uncertain first, so the annotator corrects what the model gets wrong.

A reference's uncertainty is one minus the confidence of its least sure span (``Tagger.parse(confidence=True)``:
the lowest probability that a word inside has the span's label, or that its edges are right). Near-duplicates
(the same sequence of labels over text of the same shape, say fifty ``Phys. Rev. B 12, 345 (1990)``) are
collapsed: of each kind only the most uncertain is taken, until every kind has been taken once.

Each task carries ``reftagger``: the reference's id, its uncertainty and the SHA-1 of its text, which the
readers of the tools' exports (:mod:`tagger.corpus.formats`) check, so that a text edited in the tool is
caught instead of its spans being read against the wrong characters.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tagger.labels import LABELS

if TYPE_CHECKING:
    from tagger.model import Tagger
    from tagger.reference import Reference

TOOLS = ("label-studio", "doccano", "prodigy", "anystyle-xml")
RANKS = ("uncertainty", "random", "input")
MEASURES = ("span", "sequence")
SHAPE = re.compile(r"[^\W\d_]+|\d+|\s+")


@dataclass(frozen=True)
class Task:
    """One reference to annotate: its id, the model's reference and how unsure the model is of it (0-1)."""

    identifier: str
    reference: Reference
    uncertainty: float

    @property
    def meta(self) -> dict[str, Any]:
        text = self.reference.text
        return {"id": self.identifier, "sha1": text_sha1(text), "uncertainty": round(self.uncertainty, 4),
                "predicted": spans_sha1(_spans(self.reference))}


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def spans_sha1(spans: Sequence[tuple[int, int, str]]) -> str:
    """A fingerprint of spans ``(start, end, label)`` in any order: whether a task comes back from the tool with
    the model's predictions unchanged."""
    return hashlib.sha1(json.dumps(sorted([int(start), int(end), str(label)] for start, end, label in spans))
                        .encode("utf-8")).hexdigest()


def uncertainty(reference: Reference) -> float:
    """One minus the confidence of the least sure span (0 for a reference without spans: nothing to fix)."""
    confidences = [span.confidence for span in reference.spans if span.confidence is not None]
    return 1.0 - min(confidences) if confidences else 0.0


def kind(reference: Reference) -> tuple[str, ...]:
    """What makes two references near-duplicates: their labels in order, each with its text's shape (letters
    as ``a``, digits as ``0``, runs collapsed), so ``Phys. Rev. B 12, 345 (1990)`` and ``Phys. Rev. D 7, 12
    (1973)`` are one kind."""
    return tuple(f"{span.label}:{SHAPE.sub(_shape, span.text)}" for span in reference.spans)


def _shape(match: re.Match) -> str:
    piece = match.group()
    return " " if piece.isspace() else "0" if piece.isdigit() else "a"


def tasks(identified: Iterable[tuple[str, str]], tagger: Tagger, rank: str = "uncertainty", limit: int | None = None,
          seed: int = 0, batch_size: int = 256, measure: str = "span") -> list[Task]:
    """Parse the ``(id, text)`` pairs and choose up to ``limit`` to annotate, in ``rank`` order: most uncertain
    first, ``random`` (with ``seed``) or ``input`` order; near-duplicates are collapsed in every order.

    ``measure`` is what uncertain means: ``span``, one minus the confidence of the least sure span
    (:func:`uncertainty`), or ``sequence``, one minus the probability of the model's best label sequence for
    the whole reference (:meth:`Tagger.best_path_probabilities`)."""
    if rank not in RANKS:
        raise ValueError(f"rank must be one of {', '.join(RANKS)}, not {rank!r}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    pairs = [(identifier, text) for identifier, text in identified if text.strip()]
    texts = [text for _, text in pairs]
    parsed = list(tagger.parse_many(texts, batch_size=batch_size, confidence=True))
    if measure == "span":
        uncertainties = [uncertainty(reference) for reference in parsed]
    else:
        uncertainties = [1.0 - probability for start in range(0, len(texts), batch_size)
                         for probability in tagger.best_path_probabilities(texts[start:start + batch_size])]
    found = [Task(identifier, reference, value)
             for (identifier, _), reference, value in zip(pairs, parsed, uncertainties)]
    if rank == "uncertainty":
        found.sort(key=lambda task: -task.uncertainty)  # stable: ties keep the input order
    elif rank == "random":
        random.Random(seed).shuffle(found)
    return _collapsed(found, limit)


def _collapsed(ranked: Sequence[Task], limit: int | None) -> list[Task]:
    """The first of each kind in ``ranked``, then, if ``limit`` wants more, the second of each kind, and so on."""
    taken: Counter[tuple[str, ...]] = Counter()
    order = []  # (how many of its kind came before it, its place in ranked)
    for place, task in enumerate(ranked):
        key = kind(task.reference)
        order.append((taken[key], place))
        taken[key] += 1
    return [ranked[place] for _, place in sorted(order)][:limit]


def _spans(reference: Reference) -> list[tuple[int, int, str]]:
    return [(span.start, span.end, span.label) for span in reference.spans]


def _word_spans(reference: Reference) -> list[tuple[int, int, str]]:
    """The spans widened to whole whitespace-delimited words, as AnyStyle labels them (``I.`` of ``Vol. I.``
    goes to the volume, not half to a gap): each word takes the label of its first letter or digit that lies
    in a span, and neighbouring words of one label make one span."""
    text = reference.text
    labels: list[str | None] = [None] * len(text)
    for span in reference.spans:
        labels[span.start:span.end] = [span.label] * (span.end - span.start)
    spans: list[tuple[int, int, str]] = []
    for word in re.finditer(r"\S+", text):
        inside = next((labels[char] for char in range(word.start(), word.end())
                       if labels[char] is not None and text[char].isalnum()), None)
        if inside is None:
            continue
        if spans and spans[-1][2] == inside and not text[spans[-1][1]:word.start()].strip():
            spans[-1] = (spans[-1][0], word.end(), inside)
        else:
            spans.append((word.start(), word.end(), inside))
    return spans


def render(chosen: Sequence[Task], tool: str, model_version: str) -> str:
    """The whole file of ``chosen`` tasks in ``tool``'s import format."""
    if tool == "label-studio":
        return json.dumps([_label_studio(task, number, model_version) for number, task in enumerate(chosen, 1)],
                          ensure_ascii=False, indent=1) + "\n"
    if tool == "doccano":
        return "".join(json.dumps({"text": task.reference.text,
                                   "label": [list(span) for span in _spans(task.reference)],
                                   "reftagger": task.meta}, ensure_ascii=False) + "\n" for task in chosen)
    if tool == "prodigy":
        return "".join(json.dumps({"text": task.reference.text,
                                   "spans": [{"start": start, "end": end, "label": label}
                                             for start, end, label in _spans(task.reference)],
                                   "meta": {"uncertainty": round(task.uncertainty, 4), "id": task.identifier},
                                   "reftagger": task.meta}, ensure_ascii=False) + "\n" for task in chosen)
    if tool == "anystyle-xml":
        from tagger.corpus.formats import document

        records = [{"id": task.identifier, "text": task.reference.text,
                    "spans": [{"start": start, "end": end, "label": label}
                              for start, end, label in _word_spans(task.reference)]} for task in chosen]
        return "".join(document(records, "anystyle-xml"))
    raise ValueError(f"tool must be one of {', '.join(TOOLS)}, not {tool!r}")


def _label_studio(task: Task, number: int, model_version: str) -> dict[str, Any]:
    results = [{"id": f"r{number}-{index}", "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": start, "end": end, "text": task.reference.text[start:end], "labels": [label]}}
               for index, (start, end, label) in enumerate(_spans(task.reference))]
    return {"data": {"text": task.reference.text, "reftagger": task.meta},
            "predictions": [{"model_version": model_version, "score": round(1.0 - task.uncertainty, 4),
                             "result": results}]}


def label_studio_config() -> str:
    """Label Studio's labelling configuration for the label scheme: the text, and one label per field."""
    labels = "\n".join(f'    <Label value="{label}"/>' for label in LABELS)
    return (f'<View>\n  <Labels name="label" toName="text">\n{labels}\n  </Labels>\n'
            '  <Text name="text" value="$text"/>\n</View>\n')


__all__ = ["RANKS", "TOOLS", "Task", "kind", "label_studio_config", "render", "spans_sha1", "tasks", "text_sha1",
           "uncertainty"]
