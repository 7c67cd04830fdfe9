"""reftagger: find the fields of bibliographic reference strings.

>>> import tagger
>>> ref = tagger.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
>>> ref.fields["year"]
['2001']
>>> print(tagger.dumps([ref], "bibtex"), end="")
@article{smith2001title,
  author = {Smith, J.},
  title = {A title},
  journal = {J. Biol.},
  volume = {3},
  number = {2},
  year = {2001},
  pages = {1--10}
}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tagger.errors import (
    ConfigError,
    CorpusError,
    CorpusWarning,
    InputError,
    MissingExtraError,
    ModelCorruptError,
    ModelIncompatibleError,
    ModelNotFoundError,
    NoReferenceHeadingWarning,
    OutputError,
    PdfError,
    ReferenceTooLongWarning,
    SynthError,
    TaggerError,
    WorkerError,
)
from tagger.labels import CORE_LABELS, LABELS

if TYPE_CHECKING:
    from tagger.blocks import split_references
    from tagger.blocks.find import FoundReference, find_references
    from tagger.columns import batch_parse
    from tagger.model import MAX_LENGTH, Tagger, default_tagger
    from tagger.output import dumps
    from tagger.reference import Reference, Span

# The one place the version is written; pyproject.toml reads it from here.
__version__ = "0.1.0"

__all__ = [
    "CORE_LABELS",
    "LABELS",
    "MAX_LENGTH",
    "ConfigError",
    "FoundReference",
    "CorpusError",
    "CorpusWarning",
    "InputError",
    "MissingExtraError",
    "ModelCorruptError",
    "ModelIncompatibleError",
    "ModelNotFoundError",
    "NoReferenceHeadingWarning",
    "OutputError",
    "PdfError",
    "Reference",
    "ReferenceTooLongWarning",
    "Span",
    "SynthError",
    "Tagger",
    "TaggerError",
    "WorkerError",
    "__version__",
    "batch_parse",
    "default_tagger",
    "dumps",
    "find_references",
    "parse",
    "split_references",
    "tag",
]

# The names that need spaCy and numpy load on first use, so that `import tagger` (and the command
# line, until it has work to do) starts quickly.
_LAZY = {"MAX_LENGTH": "tagger.model", "Tagger": "tagger.model", "default_tagger": "tagger.model",
         "Reference": "tagger.reference", "Span": "tagger.reference", "split_references": "tagger.blocks",
         "find_references": "tagger.blocks.find", "FoundReference": "tagger.blocks.find",
         "dumps": "tagger.output", "batch_parse": "tagger.columns"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tagger' has no attribute {name!r}")


def parse(text: str, confidence: bool = False) -> Reference:
    """Parse one reference string with the shipped model; with ``confidence``, each span and field also gets
    the model's probability that it is exactly right (as :meth:`Tagger.parse`)."""
    from tagger.model import default_tagger

    return default_tagger().parse(text, confidence=confidence)


def tag(text: str) -> list[tuple[str, str]]:
    """``[(token_text, label), ...]`` for one reference string, with the shipped model."""
    from tagger.model import default_tagger

    return default_tagger().tag(text)
