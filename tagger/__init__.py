"""reftagger: find the fields of bibliographic reference strings.

>>> import tagger
>>> ref = tagger.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
>>> ref.fields["year"]
['2001']
"""

from __future__ import annotations

import threading

from tagger.errors import (
    CorpusError,
    ModelCorruptError,
    ModelIncompatibleError,
    ModelNotFoundError,
    ReferenceTooLongWarning,
    TaggerError,
)
from tagger.labels import CORE_LABELS, LABELS
from tagger.model import MAX_LENGTH, Tagger
from tagger.reference import Reference, Span

__all__ = [
    "CORE_LABELS",
    "LABELS",
    "MAX_LENGTH",
    "CorpusError",
    "ModelCorruptError",
    "ModelIncompatibleError",
    "ModelNotFoundError",
    "Reference",
    "ReferenceTooLongWarning",
    "Span",
    "Tagger",
    "TaggerError",
    "default_tagger",
    "parse",
    "tag",
]

_default: Tagger | None = None
_default_lock = threading.Lock()


def default_tagger() -> Tagger:
    """The shipped model, loaded on first use and shared afterwards."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tagger.load()
    return _default


def parse(text: str) -> Reference:
    """Parse one reference string with the shipped model."""
    return default_tagger().parse(text)


def tag(text: str) -> list[tuple[str, str]]:
    """``[(token_text, label), ...]`` for one reference string, with the shipped model."""
    return default_tagger().tag(text)
