"""Loading a trained model and tagging with it: tokens -> features -> CRF -> spans."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import gc
import hashlib
import itertools
import json
import os
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tagger.cleanup import tokens_for_tagging
from tagger.crf import LinearChainCRF
from tagger.errors import (
    ModelCorruptError,
    ModelIncompatibleError,
    ModelNotFoundError,
    ReferenceTooLongWarning,
    WorkerError,
)
from tagger.features import EDGE_INFO, FEATURE_VERSION, WordInfo, context_features
from tagger.labels import LABELS, OUTSIDE
from tagger.reference import Reference, spans_from_labels
from tagger.tokenizer import IDENTIFIER_PATTERN, Token

MODEL_FILE = "model.crfsuite"
META_FILE = "meta.json"
# Characters of one reference that are tagged. Real references are a few hundred characters; longer
# input is usually a whole reference list or a page on one line. Beyond this, only the first
# MAX_LENGTH characters are tagged, the text is kept whole, and a ReferenceTooLongWarning is issued.
MAX_LENGTH = 10_000
MARKER = "marker"
DOI_LINK = re.compile(r"(?:^|doi\.org/|^doi:)10\.\d{4,9}/", re.IGNORECASE)
_WORD = re.compile(r"\w")


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
    labels = meta["labels"]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise ModelCorruptError(f"model metadata: 'labels' must be a list of label names: {meta_path}")
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


class WordScores:
    """The label scores each distinct word text contributes, computed once per text.

    Row ``r`` of :attr:`table` holds, for one word, the summed weights of its
    own attributes and of what it lends the neighbours 2 and 1 before it and 1
    and 2 after it (``featurize`` order: the neighbour at -2 lends ``lent[0]``).
    Row 0 is the edge beyond either end of a reference. Rows are never changed
    once written: a reader holding an older table stays consistent.
    """

    CAPACITY = 100_000  # distinct words kept (720 bytes each); past this the table starts afresh

    def __init__(self, crf: LinearChainCRF) -> None:
        self._crf = crf
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._slots: dict[str, int] = {}
        edge = self._scores([EDGE_INFO])
        self.table = np.empty((1024, *edge.shape[1:]))
        self.table[0] = edge[0]
        self._used = 1

    def _scores(self, infos: Sequence[WordInfo]) -> np.ndarray:
        groups = [group for info in infos for group in (info.attributes, *info.lent)]
        return self._crf.scores(groups).reshape(len(infos), 1 + len(EDGE_INFO.lent), -1)

    def rows(self, references: Sequence[tuple[Sequence[Token], Sequence[WordInfo]]]) -> tuple[np.ndarray, np.ndarray]:
        """A table and, for each reference in turn, its tokens' rows in it, framed by two edge rows each side."""
        with self._lock:
            slots = self._slots
            missing = {}
            for tokens, infos in references:
                for token, info in zip(tokens, infos):
                    if token.text not in slots:
                        missing[token.text] = info
            if len(slots) + len(missing) > self.CAPACITY:
                self._reset()
                slots = self._slots
                missing = {token.text: info for tokens, infos in references for token, info in zip(tokens, infos)}
            if missing:
                first, self._used = self._used, self._used + len(missing)
                if self._used > len(self.table):  # grow into a new array; readers keep the old one
                    size = max(min(2 * len(self.table), self.CAPACITY + 1), self._used)
                    grown = np.empty((size, *self.table.shape[1:]))
                    grown[:first] = self.table[:first]
                    self.table = grown
                self.table[first : self._used] = self._scores(list(missing.values()))
                slots.update(zip(missing, range(first, self._used)))
            rows = [0, 0]
            for tokens, _ in references:
                rows += [slots[token.text] for token in tokens]
                rows += (0, 0, 0, 0)
            return self.table, np.array(rows[:-2], dtype=np.intp)


class Tagger:
    """A loaded CRF model. Thread-safe; load once and reuse."""

    def __init__(self, crf: LinearChainCRF, meta: dict[str, Any], path: Path) -> None:
        self._crf = crf
        self._words = WordScores(crf)
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

    def _state_scores(self, tokenized: Sequence[Sequence[Token]], texts: Sequence[str]) -> list[np.ndarray]:
        """``(tokens, labels)`` state scores per reference: the summed weights of each token's
        attributes (the ones ``featurize`` lists), computed for a whole batch at once."""
        contexts = [context_features(tokens, text) for tokens, text in zip(tokenized, texts)]
        table, rows = self._words.rows([(tokens, infos) for tokens, (infos, _) in zip(tokenized, contexts)])
        # rows: every reference's word rows with two edge rows on each side, so a token's neighbours
        # within two never cross into another reference.
        state = table[rows[2:-2], 0] + table[rows[:-4], 1] + table[rows[1:-3], 2] + table[rows[3:-1], 3]
        state += table[rows[4:], 4]
        context_scores = self._crf.scores([attributes for _, context in contexts for attributes in context])
        scores, word_at, token_at = [], 0, 0  # word_at indexes state (padded), token_at context_scores
        for tokens in tokenized:
            count = len(tokens)
            scores.append(state[word_at : word_at + count] + context_scores[token_at : token_at + count])
            word_at += count + 4
            token_at += count
        return scores

    def _tag_batch(
        self, batch: Sequence[str], marginals: bool = False, marked: bool = True
    ) -> list[tuple[list[Token], list[str], np.ndarray | None]]:
        """Tokens, labels and (with ``marginals``) each token's label probabilities, for each reference
        (its first ``MAX_LENGTH`` characters); the callers check the input and warn about long ones."""
        tokenized = [tokens_for_tagging(text[:MAX_LENGTH]) for text in batch]
        present = [tokens for tokens in tokenized if tokens]
        present_texts = [text for text, tokens in zip(batch, tokenized) if tokens]
        scores = self._state_scores(present, present_texts)
        decoded = self._crf.viterbi(scores)
        found_probabilities = self._crf.marginals(scores) if marginals else [None] * len(scores)
        if marked:
            ruled = [_ruled(text, tokens, found, self._crf.label_index)
                     for text, tokens, found in zip(present_texts, present, decoded)]
            for before, after, probability in zip(decoded, ruled, found_probabilities) if marginals else ():
                for index, (old, new) in enumerate(zip(before, after)):
                    if old != new:  # a rule is certain where it overrides the model
                        probability[index] = 0.0
                        probability[index, self._crf.label_index[new]] = 1.0
            decoded = ruled
        labels = iter(decoded)
        probabilities = iter(found_probabilities)
        return [(tokens, next(labels), next(probabilities)) if tokens else (tokens, [], None) for tokens in tokenized]

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``[(token_text, label), ...]`` for one reference string."""
        _check_text(text)
        [(tokens, labels, _)] = self._tag_batch([text])
        return [(token.text, label) for token, label in zip(tokens, labels)]

    def parse(self, text: str, confidence: bool = False) -> Reference:
        """Tag one reference string and return its spans and fields; with ``confidence``, each span and
        field also gets the model's probability that it is exactly right (see ``_span_confidence``)."""
        _check_text(text)
        return self._parse_batch([text], confidence)[0]

    def _parse_batch(self, batch: Sequence[str], confidence: bool = False) -> list[Reference]:
        with _collector_paused():
            return [
                Reference(text, spans_from_labels(text, tokens, labels, self._span_confidence(tokens, probabilities)))
                for text, (tokens, labels, probabilities) in zip(batch, self._tag_batch(batch, confidence))
            ]

    def _span_confidence(
        self, tokens: Sequence[Token], probabilities: np.ndarray | None
    ) -> Callable[[str, int, int], float] | None:
        """How sure the model is of a span: the lowest probability that a word inside has the span's label,
        or that the nearest word outside on either side does not (its boundaries are part of being right).
        Punctuation is left out, as the field metric leaves it out."""
        if probabilities is None:
            return None
        column = self._crf.label_index
        words = [index for index, token in enumerate(tokens) if _WORD.search(token.text)]

        def score(label: str, first: int, last: int) -> float:
            probability = probabilities[:, column[label]]
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
        batches = _batched(texts, batch_size)
        if n_process == 1:
            for batch in batches:
                yield from self._batch_results(batch, isolate, confidence)
            return
        yield from _in_workers(str(self.path), batches, n_process, isolate, confidence)

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


def _in_workers(
    path: str, batches: Iterator[list[str]], n_process: int, isolate: bool, confidence: bool
) -> Iterator[Reference | ParseFailure]:
    """Parse ``batches`` on ``n_process`` worker processes, yielding results in input order.

    At most two batches per worker are in flight, so a long stream is read as
    it is consumed. A worker that cannot start or dies ends the stream with a
    :class:`WorkerError` instead of leaving the pool to restart it forever.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _check_main_is_importable()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker, initargs=(path,)) as pool:
        pending: collections.deque = collections.deque()
        try:
            for batch in batches:
                pending.append(pool.submit(_parse_in_worker, batch, isolate, confidence))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as error:
            raise WorkerError(
                f"a worker process stopped before finishing its references ({error}). Worker processes "
                "import the main program again: code that calls parse_many(n_process > 1) must sit under "
                "`if __name__ == \"__main__\":`, and the model must load in them"
            ) from None
        finally:
            for future in pending:
                future.cancel()


def _check_main_is_importable() -> None:
    """Worker processes are started with "spawn", which re-imports the main program from its file."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None):
        return
    path = getattr(main, "__file__", None)
    if path is not None and not os.path.isfile(path):
        raise WorkerError(
            f"n_process > 1 starts worker processes that re-import the main program, and {path!r} is not a "
            "file they can import (a program read from standard input?): save it to a file or use n_process=1"
        )


# A list marker at the start of a line of extracted text: "1.", "[12]", "(3)", "12)", "- **4.**", "• 5.".
LIST_MARKER = re.compile(r"\s*(?:[-–•*]\s*)?(?:\*\*|__)?(?:\[\d{1,4}\]|\(\d{1,3}\)|\d{1,3}[.)])(?:\*\*|__)?(?=\s)")


def _ruled(text: str, tokens: Sequence[Token], labels: list[str], known: Container[str]) -> list[str]:
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is tagged.

    A batch keeps tens of thousands of small containers alive until it is
    done (tokens, attribute lists, spans); on Python 3.11 each promotion of
    that many objects sets off a full collection over every object in the
    process, which cost a fifth of parsing time. Tagging creates no reference
    cycles, so nothing waits longer to be freed; whatever other threads create
    meanwhile is collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_text(text: object) -> None:
    """Raise ``TypeError`` for anything but a ``str``; warn about a reference longer than ``MAX_LENGTH``."""
    if not isinstance(text, str):
        raise TypeError(f"a reference must be a str, not {type(text).__name__}: {text!r:.80}")
    if len(text) > MAX_LENGTH:
        warnings.warn(
            f"a reference of {len(text):,} characters: only the first {MAX_LENGTH:,} were tagged "
            f"(it begins {text[:40]!r})",
            ReferenceTooLongWarning,
            stacklevel=_caller_level(),
        )


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _caller_level() -> int:
    """The ``stacklevel`` of the nearest caller outside this package, for ``warnings.warn``."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE:
        frame = frame.f_back
        level += 1
    return level


def _batched(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    """``texts`` in lists of ``size``, each text checked (and long ones warned about) in this process."""
    try:
        iterator = iter(texts)
    except TypeError:
        raise TypeError(f"parse_many takes an iterable of reference strings, not {type(texts).__name__}") from None
    while batch := list(itertools.islice(iterator, size)):
        for text in batch:
            _check_text(text)
        yield batch


_worker_tagger: Tagger | None = None


def _init_worker(path: str) -> None:
    global _worker_tagger
    # Ctrl-C is the parent's to handle: it stops the pool, and no worker prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_tagger = Tagger.load(path)


def _parse_in_worker(batch: list[str], isolate: bool, confidence: bool) -> list[Reference | ParseFailure]:
    assert _worker_tagger is not None
    return _worker_tagger._batch_results(batch, isolate, confidence)
