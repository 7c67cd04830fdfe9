"""The model: loading a trained model directory, and the :class:`Tagger` that parses with it.

A parse runs the stages in order: clean-up and tokens (:mod:`tagger.cleanup`, :mod:`tagger.tokenizer`),
features and state scores (:mod:`tagger.features`, :mod:`tagger.state_scores`), the CRF's best labels
(:mod:`tagger.crf`), the post-decode rules (:mod:`tagger.rules`), then spans and fields
(:mod:`tagger.reference`). Batches come from :mod:`tagger.batching`; worker processes from
:mod:`tagger.workers`.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tagger.batching import MAX_LENGTH, batched, check_text, collector_paused
from tagger.calibration import WORD, Calibration, reference_lowest
from tagger.cleanup import tokens_for_tagging
from tagger.crf import LinearChainCRF
from tagger.errors import ModelCorruptError, ModelIncompatibleError, ModelNotFoundError
from tagger.features import FEATURE_VERSION
from tagger.files import file_sha256
from tagger.labels import LABELS, OUTSIDE
from tagger.reference import Reference, Span, spans_from_labels
from tagger.rules import apply_rules
from tagger.state_scores import WordScores
from tagger.tokenizer import Token
from tagger.workers import parse_in_workers

MODEL_FILE = "model.crfsuite"
META_FILE = "meta.json"

__all__ = ["MAX_LENGTH", "META_FILE", "MODEL_FILE", "ParseFailure", "Tagger", "default_model_path",
           "default_tagger", "read_meta", "shared_tagger"]


def default_model_path() -> Path:
    """The shipped model: package data when installed, ``models/`` in a source checkout."""
    installed = Path(str(resources.files("tagger") / "models"))
    if (installed / META_FILE).is_file():
        return installed
    return Path(__file__).resolve().parent.parent / "models"


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
    labels = meta["labels"]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise ModelCorruptError(f"model metadata: 'labels' must be a list of label names: {meta_path}")
    if meta["feature_version"] != FEATURE_VERSION:
        raise ModelIncompatibleError(
            f"model {path} was trained with feature set {meta['feature_version']!r}, "
            f"but this reftagger uses {FEATURE_VERSION!r}: retrain it with "
            "`reftagger train` (the shipped model: `python -m training.train`) or install the reftagger version "
            "it came from"
        )
    unknown = set(meta["labels"]) - set(LABELS) - {OUTSIDE}
    if unknown:
        raise ModelIncompatibleError(f"model {path} predicts labels outside the scheme: {sorted(unknown)}")
    return meta


class Tagger:
    """A loaded CRF model. Thread-safe; load once and reuse."""

    def __init__(self, crf: LinearChainCRF, meta: dict[str, Any], path: Path) -> None:
        self._crf = crf
        self._words = WordScores(crf)
        self.meta = meta
        self.path = path
        # The map from raw to calibrated confidence, when training fitted one on its dev split.
        self.calibration = Calibration.from_meta(meta.get("calibration"), str(path / META_FILE))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Tagger:
        """Load the model directory at ``path`` (``None``: the shipped default model)."""
        path = default_model_path() if path is None else Path(path)
        meta = read_meta(path)
        model_file = path / MODEL_FILE
        if not model_file.is_file():
            raise ModelNotFoundError(f"model file not found: {model_file}")
        expected = meta.get("model_sha256")
        if not isinstance(expected, str):
            raise ModelCorruptError(
                f"{path / META_FILE} records no model_sha256, so {model_file} cannot be checked: "
                "retrain the model or restore its meta.json"
            )
        if file_sha256(model_file) != expected:
            raise ModelCorruptError(
                f"model file {model_file} does not match the checksum in {path / META_FILE}: "
                "it is truncated or was changed; retrain or reinstall it"
            )
        crf = LinearChainCRF.read(model_file)
        unknown = set(crf.labels) - set(LABELS) - {OUTSIDE}
        if unknown:
            raise ModelIncompatibleError(
                f"model file {model_file} predicts labels outside the scheme: {sorted(unknown)}"
            )
        return cls(crf, meta, path)

    def _state_scores(
        self, batch: Sequence[str]
    ) -> tuple[list[list[Token]], list[list[Token]], list[str], list[np.ndarray]]:
        """Each reference's tokens (of its first ``MAX_LENGTH`` characters), and, for the references that have
        any, their tokens, their texts and the CRF's state scores."""
        tokenized = [tokens_for_tagging(text[:MAX_LENGTH]) for text in batch]
        present = [tokens for tokens in tokenized if tokens]
        present_texts = [text for text, tokens in zip(batch, tokenized) if tokens]
        return tokenized, present, present_texts, self._words.state_scores(present, present_texts)

    def _tag_batch(
        self, batch: Sequence[str], marginals: bool = False, marked: bool = True
    ) -> list[tuple[list[Token], list[str], np.ndarray | None]]:
        """Tokens, labels and (with ``marginals``) each token's label probabilities, for each reference
        (its first ``MAX_LENGTH`` characters); the callers check the input and warn about long ones."""
        tokenized, present, present_texts, scores = self._state_scores(batch)
        decoded = self._crf.viterbi(scores)
        found_probabilities = self._crf.marginals(scores) if marginals else [None] * len(scores)
        if marked:
            ruled = [apply_rules(text, tokens, found, self._crf.label_index)
                     for text, tokens, found in zip(present_texts, present, decoded)]
            for before, after, probability in zip(decoded, ruled, found_probabilities) if marginals else ():
                for index, (old, new) in enumerate(zip(before, after)):
                    if old != new:  # a rule is certain where it overrides the model
                        probability[index] = 0.0
                        if new in self._crf.label_index:  # else the row's missing 1 is the rule's label
                            probability[index, self._crf.label_index[new]] = 1.0
            decoded = ruled
        labels = iter(decoded)
        probabilities = iter(found_probabilities)
        return [(tokens, next(labels), next(probabilities)) if tokens else (tokens, [], None) for tokens in tokenized]

    def best_path_probabilities(self, texts: Sequence[str]) -> list[float]:
        """For each reference, the probability the CRF gives its best label sequence (before the post-decode
        rules): one measure of how sure the model is of the whole reference (``reftagger annotate --uncertainty
        sequence``)."""
        for text in texts:
            check_text(text)
        tokenized, _, _, scores = self._state_scores(texts)
        found = iter(self._crf.best_path_probabilities(scores))
        return [next(found) if tokens else 1.0 for tokens in tokenized]

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(token_text, label), ...]`` for one reference string."""
        check_text(text)
        [(tokens, labels, _)] = self._tag_batch([text])
        return [(token.text, label) for token, label in zip(tokens, labels)]

    def parse(self, text: str, confidence: bool = False) -> Reference:
        """Tag one reference string and return its spans and fields; with ``confidence``, each span and
        field also gets the model's probability that it is exactly right (see ``_span_confidence``)."""
        check_text(text)
        return self._parse_batch([text], confidence)[0]

    def _parse_batch(self, batch: Sequence[str], confidence: bool = False) -> list[Reference]:
        with collector_paused():
            references = []
            for text, (tokens, labels, probabilities) in zip(batch, self._tag_batch(batch, confidence)):
                spans = spans_from_labels(text, tokens, labels, self._span_confidence(tokens, probabilities))
                if probabilities is not None and self.calibration is not None:
                    spans = self._calibrated(spans)
                references.append(Reference(text, spans))
            return references

    def _calibrated(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        """The spans with their raw confidence mapped through the model's calibration, which may also weigh
        how sure the model is of the rest of the reference (:func:`tagger.calibration.reference_lowest`)."""
        calibration = self.calibration
        lowest = reference_lowest(spans)
        return tuple(dataclasses.replace(span, confidence=calibration(span.confidence, lowest)) for span in spans)

    def _span_confidence(
        self, tokens: Sequence[Token], probabilities: np.ndarray | None
    ) -> Callable[[str, int, int], float] | None:
        """How sure the model is of a span: the lowest probability that a word inside has the span's label,
        or that the nearest word outside on either side does not (its boundaries are part of being right).
        Punctuation is left out, as the field metric leaves it out. This is the raw confidence: a model's
        calibration (see :mod:`tagger.calibration`) is applied once the reference's spans are known."""
        if probabilities is None:
            return None
        column = self._crf.label_index
        words = [index for index, token in enumerate(tokens) if WORD.search(token.text)]

        def score(label: str, first: int, last: int) -> float:
            # A label the model never learnt comes only from a rule, which is certain of it.
            probability = probabilities[:, column[label]] if label in column else 1.0 - probabilities.sum(axis=1)
            inside = [index for index in words if first <= index <= last] or list(range(first, last + 1))
            lowest = float(probability[inside].min())
            before = [index for index in words if index < first]
            after = [index for index in words if index > last]
            for neighbour in before[-1:] + after[:1]:
                lowest = min(lowest, 1.0 - float(probability[neighbour]))
            return lowest

        return score

    def parse_many(
        self, texts: Iterable[str], batch_size: int = 256, n_process: int = 1, confidence: bool = False
    ) -> Iterator[Reference]:
        """Parse references lazily, in input order, ``batch_size`` at a time.

        With ``n_process > 1`` the batches are spread over worker processes that
        each load this model once; results still come back in input order.
        ``confidence`` as for :meth:`parse` (it makes parsing about 1.6 times slower).
        """
        for result in self._results(texts, batch_size, n_process, isolate=False, confidence=confidence):
            assert isinstance(result, Reference)
            yield result

    def _results(
        self, texts: Iterable[str], batch_size: int, n_process: int, isolate: bool, confidence: bool = False
    ) -> Iterator[Reference | ParseFailure]:
        """What ``parse_many`` yields; with ``isolate``, a reference whose parsing raised is a
        :class:`ParseFailure` in its place instead of ending the stream."""
        if isinstance(texts, str | bytes):
            raise TypeError("parse_many takes an iterable of reference strings, not one string: use parse()")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if n_process < 1:
            raise ValueError(f"n_process must be at least 1, got {n_process}")
        batches = batched(texts, batch_size)
        if n_process == 1:
            for batch in batches:
                yield from self._batch_results(batch, isolate, confidence)
            return
        yield from parse_in_workers(type(self).load, str(self.path), batches, n_process, isolate, confidence)

    def _batch_results(self, batch: Sequence[str], isolate: bool, confidence: bool) -> list[Reference | ParseFailure]:
        """One batch's results, isolated (a failure kept in its place) or not; in this process or a worker."""
        return self._parse_batch_isolated(batch, confidence) if isolate else self._parse_batch(batch, confidence)

    def _parse_batch_isolated(self, batch: Sequence[str], confidence: bool = False) -> list[Reference | ParseFailure]:
        """``_parse_batch``, but if it raises, each reference is parsed alone and failures are kept."""
        try:
            return self._parse_batch(batch, confidence)
        except Exception:  # noqa: BLE001 - isolated below, one reference at a time
            results: list[Reference | ParseFailure] = []
            for text in batch:
                try:
                    results.append(self._parse_batch([text], confidence)[0])
                except Exception as error:  # noqa: BLE001 - reported in the result, never lost
                    results.append(ParseFailure(f"{type(error).__name__}: {error}"))
            return results


@dataclasses.dataclass(frozen=True)
class ParseFailure:
    """Stands in the output for a reference whose parsing raised (only where isolation was asked for)."""

    error: str


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


_shared: dict[str, Tagger] = {}


def shared_tagger(path: str | None) -> Tagger:
    """The model in directory ``path`` (``None``: the shipped one), loaded on first use in this process and
    shared afterwards: what names its model by path (a Dask task, a ``datasets`` batch, a spaCy component in
    a worker process) loads it once per process, not once per call."""
    if path is None:
        return default_tagger()
    if path not in _shared:
        with _default_lock:
            if path not in _shared:
                _shared[path] = Tagger.load(path)
    return _shared[path]
