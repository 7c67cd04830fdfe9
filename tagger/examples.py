"""Training examples: the very featuriser inference uses, applied to labelled corpus records."""

from __future__ import annotations

from typing import Any

from tagger.features import featurize
from tagger.labels import LABELS
from tagger.reference import labels_from_spans
from tagger.tokenizer import tokenize

KNOWN_LABELS = frozenset(LABELS)


def example(text: str, spans: list[dict[str, Any]]) -> tuple[list[list[bytes]], list[str]]:
    """CRF attribute lists and gold token labels for one labelled reference."""
    tokens = tokenize(text)
    return featurize(tokens, text), labels_from_spans(tokens, spans, KNOWN_LABELS)
