"""reftagger: find the fields of bibliographic reference strings.

>>> import tagger
>>> ref = tagger.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
>>> ref.fields["year"]
['2001']
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from tagger.errors import (
    CorpusError,
    ModelCorruptError,
    ModelIncompatibleError,
    ModelNotFoundError,
    ReferenceTooLongWarning,
    TaggerError,
    WorkerError,
)
from tagger.labels import CORE_LABELS, LABELS

if TYPE_CHECKING:
    from tagger.blocks import split_references
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
    "WorkerError",
    "default_tagger",
    "parse",
    "split_references",
    "tag",
]

# The names that need spaCy and numpy load on first use, so that `import tagger` (and the command
# line, until it has work to do) starts quickly.
_LAZY = {"MAX_LENGTH": "tagger.model", "Tagger": "tagger.model", "Reference": "tagger.reference",
         "Span": "tagger.reference", "split_references": "tagger.blocks"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tagger' has no attribute {name!r}")


_default: Tagger | None = None
_default_lock = threading.Lock()


def default_tagger() -> Tagger:
    """The shipped model, loaded on first use and shared afterwards."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from tagger.model import Tagger

                _default = Tagger.load()
    return _default


def parse(text: str) -> Reference:
    """Parse one reference string with the shipped model."""
    return default_tagger().parse(text)


def tag(text: str) -> list[tuple[str, str]]:
    """``[(token_text, label), ...]`` for one reference string, with the shipped model."""
    return default_tagger().tag(text)
