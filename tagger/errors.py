"""The exceptions and warnings reftagger raises on purpose, all of them. Catch ``TaggerError`` for every error."""

from __future__ import annotations

import importlib
from types import ModuleType


class TaggerError(Exception):
    """Base class of every error reftagger raises deliberately."""


class ModelNotFoundError(TaggerError):
    """The model directory or one of its files does not exist."""


class ModelCorruptError(TaggerError):
    """The model files exist but cannot be read (truncated, not a CRF model, bad JSON)."""


class ModelIncompatibleError(TaggerError):
    """The model was trained with another feature set or label scheme than this version uses."""


class CorpusError(TaggerError):
    """A corpus file is malformed; the message names the file and line."""


class WorkerError(TaggerError):
    """Worker processes (``parse_many(n_process > 1)``, training's side-by-side fits) could not start or stopped
    unexpectedly."""


class InputError(TaggerError):
    """An input file cannot be read or decoded, or an output path cannot be written to."""


class OutputError(TaggerError):
    """The output cannot be written (disk full, device error)."""


class ConfigError(TaggerError):
    """A training configuration names an unknown key, a bad value or a missing file."""


class SynthError(TaggerError):
    """Rendering synthetic references could not start: a missing optional dependency, an unknown style or locale."""


class MissingExtraError(TaggerError):
    """A command needs a package of an optional extra that is not installed (``pip install 'reftagger[...]'``)."""


class PdfError(InputError):
    """A PDF cannot be read as text: it is damaged or not a PDF, needs a password, or has no text layer (a scan)."""


class ReferenceTooLongWarning(UserWarning):
    """A reference was longer than ``tagger.MAX_LENGTH`` characters: only its beginning was tagged."""


class NoReferenceHeadingWarning(UserWarning):
    """``find_references``: a PDF had no reference heading, so references were looked for in its whole text."""


class CorpusWarning(UserWarning):
    """Something in a corpus file was mapped or skipped rather than refused (unknown tags, --lenient)."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError`: ``{purpose} needs {module}: pip install
    'reftagger[{extra}]'``."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(f"{purpose} needs {error.name or module}: pip install 'reftagger[{extra}]'") from None
