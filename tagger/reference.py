"""Parsed references: labelled spans over the original string, and their field values."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tagger.cleanup import clean
from tagger.labels import OUTSIDE
from tagger.patterns import is_initials, strip_unbalanced
from tagger.tokenizer import Token

EDGE_PUNCTUATION = " ,;:/–—-_|*"
# The period that closed the field before, taken into this one (". Reference parsing"); not ".NET".
LEADING_PERIOD = re.compile(r"^\.\s+")


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled piece of a reference: ``text == reference.text[start:end]``."""

    start: int
    end: int
    label: str
    text: str
    confidence: float | None = None  # set when parsed with confidence=True

    def __reduce__(self) -> tuple:
        # Pickled as its arguments: a worker process's results are unpickled in the parent, where the field by
        # field __setstate__ of a frozen slots dataclass took twice as long.
        return type(self), (self.start, self.end, self.label, self.text, self.confidence)

    def to_dict(self) -> dict[str, Any]:
        result = {"start": self.start, "end": self.end, "label": self.label, "text": self.text}
        if self.confidence is not None:
            result["confidence"] = round(self.confidence, 4)
        return result


def _strip_final_period(value: str) -> str:
    """Drop a field-closing period, but keep it after an initial or abbreviation ("Smith, J.")."""
    if not value.endswith(".") or value.endswith(".."):
        return value
    last_word = re.split(r"[\s.]", value[:-1])[-1]
    if (len(last_word) == 1 and last_word.isalpha()) or is_initials(value.split()[-1]):
        return value
    return value[:-1]


def clean_field(value: str) -> str:
    """The value of a field without the separators and brackets that surround it.

    >>> clean_field("(2001).")
    '2001'
    >>> clean_field("Smith, J.,")
    'Smith, J.'
    >>> clean_field('"A title,"')
    'A title'
    >>> clean_field(". A title after the authors' period")
    "A title after the authors' period"
    """
    previous = None
    while value != previous:
        previous = value
        value = LEADING_PERIOD.sub("", value.strip(EDGE_PUNCTUATION))
        value = _strip_final_period(value)
        value = value.rstrip(",;:")
        value = strip_unbalanced(value)
    return value


@dataclass(frozen=True)
class Reference:
    """A reference string and the labelled spans found in it."""

    text: str
    spans: tuple[Span, ...] = ()
    fields: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    # For each field value, the confidence of its spans (the lowest); empty unless parsed with confidence.
    confidence: dict[str, list[float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields, confidence = _fields(self.text, self.spans)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "confidence", confidence)

    def __reduce__(self) -> tuple:
        # Pickled with its fields, which are not merged from the spans again when unpickled (in the parent of
        # worker processes, where that work would be serial).
        return _restore_reference, (type(self), self.text, self.spans, self.fields, self.confidence)

    def to_dict(self) -> dict[str, Any]:
        result = {
            "text": self.text,
            "spans": [span.to_dict() for span in self.spans],
            "fields": {label: list(values) for label, values in self.fields.items()},
        }
        if self.confidence:
            result["confidence"] = {label: [round(value, 4) for value in values]
                                    for label, values in self.confidence.items()}
        return result

    def record(self) -> dict[str, Any]:
        """The bibliographic record: names split, date, pages, volume and issue read, a type guessed
        (see :func:`tagger.normalize.record`)."""
        from tagger.normalize import record

        return record(self.fields)

    def to_csl(self, key: str | None = None) -> dict[str, Any]:
        """A CSL-JSON item; ``key`` is its id (default: a citation key such as ``smith2019parsing``)."""
        from tagger.output import citation_key, to_csl

        item = self.record()
        return to_csl(item, key or citation_key(item))

    def to_bibtex(self, key: str | None = None) -> str:
        """A BibTeX entry; ``key`` defaults to a citation key such as ``smith2019parsing``."""
        from tagger.output import citation_key, to_bibtex

        item = self.record()
        return to_bibtex(item, key or citation_key(item))

    def to_ris(self) -> str:
        """An RIS record (``TY`` ... ``ER``)."""
        from tagger.output import to_ris

        return to_ris(self.record())


def _restore_reference(cls: type[Reference], text: str, spans: tuple[Span, ...], fields: dict,
                       confidence: dict) -> Reference:
    reference = object.__new__(cls)
    for name, value in (("text", text), ("spans", spans), ("fields", fields), ("confidence", confidence)):
        object.__setattr__(reference, name, value)
    return reference


def _clean_text(value: str) -> str:
    """``value`` as cleaned up for tagging (ligatures spelt out, broken words joined, ...)."""
    cleaned = clean(value)
    return value if cleaned is None else cleaned[0]


def _fields(text: str, spans: Sequence[Span]) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Cleaned field values per label, in order, and each value's confidence (when the spans have one).

    Consecutive spans of one label (no span of another label between them) are
    one field, as in the field-level metric of DESIGN.md; its confidence is its
    least confident span's.
    """
    groups: list[tuple[str, int, int, float | None]] = []
    for span in spans:
        if groups:
            label, start, end, confidence = groups[-1]
            if label == span.label:
                lowest = None if confidence is None or span.confidence is None else min(confidence, span.confidence)
                groups[-1] = (label, start, span.end, lowest)
                continue
        groups.append((span.label, span.start, span.end, span.confidence))
    fields: dict[str, list[str]] = {}
    confidences: dict[str, list[float]] = {}
    for label, start, end, confidence in groups:
        raw = _clean_text(text[start:end])
        value = clean_field(raw)
        if label == "venue":
            value = _abbreviation_period(raw, value)
        if value:
            fields.setdefault(label, []).append(value)
            if confidence is not None:
                confidences.setdefault(label, []).append(confidence)
    return fields, confidences


def _abbreviation_period(raw: str, value: str) -> str:
    """A venue's final period given back where it closes an abbreviation (``J. Biol.``, ``Phys. Rev. Lett.``;
    ISO 4's list says which words are abbreviations), not where it closes the field (``Nature.``)."""
    if not value or value.endswith(".") or not raw[raw.find(value) + len(value):].lstrip().startswith("."):
        return value
    from tagger.title_words import kind

    found = kind(re.split(r"[\s.]", value)[-1].casefold())
    return value + "." if found.startswith("abbr") and found != "abbr-word" else value


def spans_from_labels(
    text: str,
    tokens: Sequence[Token],
    labels: Sequence[str],
    confidence: Callable[[str, int, int], float] | None = None,
) -> tuple[Span, ...]:
    """Join runs of tokens with the same label into spans over ``text``; ``confidence(label, first, last)``,
    when given, scores the run of tokens ``first`` to ``last`` (inclusive)."""
    spans = []
    run_label, run_start, run_end, first = OUTSIDE, 0, 0, 0

    def close(last: int) -> None:
        if run_label != OUTSIDE:
            score = confidence(run_label, first, last) if confidence else None
            spans.append(Span(run_start, run_end, run_label, text[run_start:run_end], score))

    for index, (token, label) in enumerate(zip(tokens, labels)):
        if label == run_label and label != OUTSIDE:
            run_end = token.end
            continue
        close(index - 1)
        run_label, run_start, run_end, first = label, token.start, token.end, index
    close(len(labels) - 1)
    return tuple(spans)


def labels_from_spans(tokens: Sequence[Token], spans: Sequence[dict[str, Any]], known: frozenset[str]) -> list[str]:
    """The label of each token: the label of the span holding its first character, else ``O``.

    Spans whose label is not in ``known`` (such as the corpora's ``other``) count as unlabelled.
    """
    labels = []
    ordered = sorted(spans, key=lambda span: span["start"])
    position = 0
    for token in tokens:
        while position < len(ordered) and ordered[position]["end"] <= token.start:
            position += 1
        label = OUTSIDE
        if position < len(ordered):
            span = ordered[position]
            if span["start"] <= token.start < span["end"] and span["label"] in known:
                label = span["label"]
        labels.append(label)
    return labels
