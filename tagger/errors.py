"""The exceptions reftagger raises on purpose. Catch ``TaggerError`` for all of them."""


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
    """Worker processes for ``parse_many(n_process > 1)`` could not start or stopped unexpectedly."""


class ReferenceTooLongWarning(UserWarning):
    """A reference was longer than ``tagger.MAX_LENGTH`` characters: only its beginning was tagged."""


class CorpusWarning(UserWarning):
    """Something in a corpus file was mapped or skipped rather than refused (unknown tags, --lenient)."""
