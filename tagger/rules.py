"""Rules applied after decoding: two patterns labelled whatever the model said.

A leading list marker (``1.``, ``[12]``, ``- **4.**``) is always ``marker``, and a DOI or URL token the model
left unlabelled is ``doi`` or ``url``. Where a rule overrides the model, the label is certain (its
probability is 1 when confidence is asked for).
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from tagger.labels import OUTSIDE
from tagger.tokenizer import IDENTIFIER_PATTERN, Token

MARKER = "marker"
DOI_LINK = re.compile(r"(?:^|doi\.org/|^doi:)10\.\d{4,9}/", re.IGNORECASE)
# A list marker at the start of a line of extracted text: "1.", "[12]", "(3)", "12)", "- **4.**", "• 5.".
LIST_MARKER = re.compile(r"\s*(?:[-–•*]\s*)?(?:\*\*|__)?(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}[.)])(?:\*\*|__)?(?=\s)")


def apply_rules(text: str, tokens: Sequence[Token], labels: list[str], known: Container[str]) -> list[str]:
    """``labels`` with two unambiguous patterns labelled whatever the model said: the tokens of a leading
    list marker are ``marker`` (the corpora label such markers so), and a DOI or URL the model left
    unlabelled is ``doi`` or ``url`` (the corpora hold few ``https://doi.org/`` links, so the model
    learnt to leave them out). Only labels the model has (``known``) are given: a model trained on
    the core labels alone gets neither."""
    found = LIST_MARKER.match(text) if MARKER in known else None
    end = found.end() if found else -1
    result = []
    for token, label in zip(tokens, labels):
        if token.start < end:
            label = MARKER
        elif label == OUTSIDE and IDENTIFIER_PATTERN.fullmatch(token.text):
            ruled = "doi" if DOI_LINK.search(token.text) else "url"
            label = ruled if ruled in known else label
        result.append(label)
    return result
