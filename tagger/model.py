"""Loading a trained model and tagging with it: tokens -> features -> CRF -> spans."""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from tagger.errors import ModelCorruptError, ModelIncompatibleError, ModelNotFoundError
from tagger.features import FEATURE_VERSION, featurize
from tagger.labels import LABELS, OUTSIDE
from tagger.reference import Reference, spans_from_labels
from tagger.tokenizer import Token, tokenize

MODEL_FILE = "model.crfsuite"
META_FILE = "meta.json"


def default_model_path() -> Path:
    """The shipped model: package data when installed, ``models/`` in a source checkout."""
    installed = Path(str(resources.files("tagger") / "models"))
    if (installed / META_FILE).is_file():
        return installed
    return Path(__file__).resolve().parent.parent / "models"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_meta(path: Path) -> dict[str, Any]:
    """Read and check ``meta.json`` of the model directory ``path``."""
    meta_path = path / META_FILE
    if path.is_file():
        raise ModelNotFoundError(f"{path} is a file: a model is a directory holding {MODEL_FILE} and {META_FILE}")
    if not path.is_dir():
        raise ModelNotFoundError(f"model directory not found: {path}")
    if not meta_path.is_file():
        raise ModelNotFoundError(f"model metadata not found: {meta_path} (is {path} a reftagger model directory?)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelCorruptError(f"model metadata is not valid JSON: {meta_path}: {error}") from None
    if not isinstance(meta, dict) or "feature_version" not in meta or "labels" not in meta:
        raise ModelCorruptError(f"model metadata lacks feature_version or labels: {meta_path}")
    if meta["feature_version"] != FEATURE_VERSION:
        raise ModelIncompatibleError(
            f"model {path} was trained with feature set {meta['feature_version']!r}, "
            f"but this reftagger uses {FEATURE_VERSION!r}: retrain it with "
            "`python -m training.train` or install the reftagger version it came from"
        )
    unknown = set(meta["labels"]) - set(LABELS) - {OUTSIDE}
    if unknown:
        raise ModelIncompatibleError(f"model {path} predicts labels outside the scheme: {sorted(unknown)}")
    return meta


class Tagger:
    """A loaded CRF model. Thread-safe; load once and reuse."""

    def __init__(self, crf: pycrfsuite.Tagger, meta: dict[str, Any], path: Path) -> None:
        self._crf = crf
        self._lock = threading.Lock()
        self.meta = meta
        self.path = path

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """Load the model directory at ``path`` (``None``: the shipped default model)."""
        path = default_model_path() if path is None else Path(path)
        meta = read_meta(path)
        model_file = path / MODEL_FILE
        if not model_file.is_file():
            raise ModelNotFoundError(f"model file not found: {model_file}")
        expected = meta.get("model_sha256")
        if expected and file_sha256(model_file) != expected:
            raise ModelCorruptError(
                f"model file {model_file} does not match the checksum in {path / META_FILE}: "
                "it is truncated or was changed; retrain or reinstall it"
            )
        crf = pycrfsuite.Tagger()
        try:
            crf.open(str(model_file))
        except (ValueError, OSError) as error:
            raise ModelCorruptError(f"cannot read CRF model {model_file}: {error}") from None
        return cls(crf, meta, path)

    def tag_tokens(self, tokens: list[Token], text: str) -> list[str]:
        """The label of each token (``O`` outside every field)."""
        if not tokens:
            return []
        features = featurize(tokens, text)
        with self._lock:
            return self._crf.tag(features)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(token_text, label), ...]`` for one reference string."""
        _check_text(text)
        tokens = tokenize(text)
        return [(token.text, label) for token, label in zip(tokens, self.tag_tokens(tokens, text))]

    def parse(self, text: str) -> Reference:
        """Tag one reference string and return its spans and fields."""
        _check_text(text)
        tokens = tokenize(text)
        labels = self.tag_tokens(tokens, text)
        return Reference(text, spans_from_labels(text, tokens, labels))

    def parse_many(self, texts: Iterable[str], batch_size: int = 256, n_process: int = 1) -> Iterator[Reference]:
        """Parse references lazily, in input order, ``batch_size`` at a time.

        With ``n_process > 1`` the batches are spread over worker processes that
        each load this model once; results still come back in input order.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, got {n_process}")
        batches = _batched(texts, batch_size)
        if n_process == 1:
            for batch in batches:
                yield from (self.parse(text) for text in batch)
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with context.Pool(n_process, initializer=_init_worker, initargs=(str(self.path),)) as pool:
            for references in pool.imap(_parse_batch, batches):
                yield from references


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a reference must be a str, not {type(text).__name__}: {text!r:.80}")


def _batched(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while batch := list(itertools.islice(iterator, size)):
        for text in batch:
            _check_text(text)
        yield batch


_worker_tagger: Tagger | None = None


def _init_worker(path: str) -> None:
    global _worker_tagger
    _worker_tagger = Tagger.load(path)


def _parse_batch(batch: list[str]) -> list[Reference]:
    assert _worker_tagger is not None
    return [_worker_tagger.parse(text) for text in batch]
