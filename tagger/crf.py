"""A linear-chain CRF read from a CRFsuite model file, decoded with numpy.

python-crfsuite tags one sequence at a time and copies every attribute
string into C++ on each call; at ~40 attributes per token that copying costs
more than the decoding itself. :class:`LinearChainCRF` instead reads the
model's weights once, caches the score each distinct word contributes, and
runs Viterbi over a whole batch of references at once. It computes the same
scores as CRFsuite (state weights summed per token, transition weights
between consecutive labels, no start or end weights) and breaks ties the same
way (the lowest label index wins), so it returns the same labels.

The file layout read here is CRFsuite's CRF1d format (``crf1d_model.c``):
a 48-byte header, a ``FEAT`` chunk of 20-byte features ``(type, source,
destination, weight)``, and two CQDB string databases for labels and
attributes, whose backward arrays map each id to its string.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tagger.errors import ModelCorruptError

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNK = struct.Struct("<4sII")
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("destination", "<u4"), ("weight", "<f8")])
_CQDB_HEADER = struct.Struct("<4sIIIII")
_STATE, _TRANSITION = 0, 1


def _strings(buffer: bytes, offset: int, expected: int, path: Path) -> list[bytes]:
    """The strings of the CQDB at ``offset``, in id order."""
    chunk, _size, _flag, _byteorder, count, backward = _CQDB_HEADER.unpack_from(buffer, offset)
    if chunk != b"CQDB" or count != expected:
        raise ModelCorruptError(f"{path}: string table at byte {offset} is not a CRFsuite CQDB")
    positions = np.frombuffer(buffer, dtype="<u4", count=count, offset=offset + backward)
    strings = []
    for position in positions.tolist():
        start = offset + position
        _id, size = struct.unpack_from("<II", buffer, start)
        strings.append(buffer[start + 8 : start + 8 + size - 1])  # the stored key ends with a NUL
    return strings


class LinearChainCRF:
    """State weights per attribute, transition weights, and a batched Viterbi decoder."""

    def __init__(self, labels: Sequence[str], attributes: Sequence[bytes], state: np.ndarray, transition: np.ndarray):
        self.labels = list(labels)
        self.label_index = {label: index for index, label in enumerate(self.labels)}
        self.attribute_ids = {attribute: index for index, attribute in enumerate(attributes)}
        # One extra all-zero row: where attributes the model never saw point.
        self.state = np.vstack([state, np.zeros((1, len(self.labels)))])
        self.unknown = len(attributes)
        self.transition = transition

    @classmethod
    def read(cls, path: Path) -> LinearChainCRF:
        buffer = Path(path).read_bytes()
        try:
            return cls._parse(buffer, Path(path))
        except (struct.error, ValueError, IndexError) as error:
            raise ModelCorruptError(f"{path}: not a readable CRFsuite model ({error})") from None

    @classmethod
    def _parse(cls, buffer: bytes, path: Path) -> LinearChainCRF:
        magic, size, kind, _version, _features, n_labels, n_attributes, features_at, labels_at, attributes_at, *_ = (
            _HEADER.unpack_from(buffer, 0)
        )
        if magic != b"lCRF" or kind != b"FOMC" or size != len(buffer):
            raise ModelCorruptError(f"{path}: not a CRFsuite CRF1d model, or truncated")
        chunk, _chunk_size, count = _CHUNK.unpack_from(buffer, features_at)
        if chunk != b"FEAT":
            raise ModelCorruptError(f"{path}: feature table missing")
        features = np.frombuffer(buffer, dtype=_FEATURE, count=count, offset=features_at + _CHUNK.size)
        labels = [label.decode("utf-8") for label in _strings(buffer, labels_at, n_labels, path)]
        attributes = _strings(buffer, attributes_at, n_attributes, path)

        def weights(kind: int, shape: tuple[int, int]) -> np.ndarray:
            chosen = features[features["type"] == kind]
            table = np.zeros(shape)
            np.add.at(table, (chosen["source"], chosen["destination"]), chosen["weight"])
            return table

        state = weights(_STATE, (n_attributes, n_labels))
        transition = weights(_TRANSITION, (n_labels, n_labels))
        return cls(labels, attributes, state, transition)

    def scores(self, groups: Sequence[Sequence[bytes]]) -> np.ndarray:
        """``(groups, labels)``: the summed state weights of each group of attributes.

        Each group's weight rows are added in the group's order, starting from zero, one attribute position
        at a time for all groups together (shorter groups padded with the all-zero row): the additions of a
        sparse product, and the same sums to the last bit, without importing scipy (0.17 s at start-up).
        """
        if not groups:
            return np.zeros((0, len(self.labels)))
        lengths = np.fromiter(map(len, groups), dtype=np.intp, count=len(groups))
        ids = np.full((len(groups), int(lengths.max(initial=0))), self.unknown, dtype=np.intp)
        ids[np.arange(ids.shape[1]) < lengths[:, None]] = list(
            map(self.attribute_ids.get, itertools.chain.from_iterable(groups), itertools.repeat(self.unknown)))
        positions = ids.T.copy()  # one row per attribute position, contiguous
        if not len(positions):
            return np.zeros((len(groups), len(self.labels)))
        sums = self.state[positions[0]]
        for column in positions[1:]:
            sums += self.state[column]
        return sums

    def marginals(self, sequences: Sequence[np.ndarray]) -> list[np.ndarray]:
        """``(tokens, labels)`` probability of each label at each token, for each state-score matrix
        (forward-backward in log space, all sequences of a batch at once, longest first)."""
        results: list[np.ndarray] = [np.zeros((0, len(self.labels))) for _ in sequences]
        if not any(len(scores) for scores in sequences):
            return results
        order, lengths, padded, active = _batch(sequences, len(self.labels))
        longest = lengths[0]
        forward = np.zeros_like(padded)
        forward[:, 0] = padded[:, 0]
        into = self.transition.T  # [label, previous label]
        for step in range(1, longest):
            alive = active[step]
            forward[:alive, step] = _logsumexp(forward[:alive, step - 1, None, :] + into, axis=2) + padded[:alive, step]
        backward = np.zeros_like(padded)  # zero at each sequence's last step
        for step in range(longest - 2, -1, -1):
            alive = active[step + 1]  # sequences that go on after this step
            following = padded[:alive, step + 1] + backward[:alive, step + 1]
            backward[:alive, step] = _logsumexp(self.transition + following[:, None, :], axis=2)
        for row, index in enumerate(order):
            length = lengths[row]
            total = _logsumexp(forward[row, length - 1], axis=0)
            results[index] = np.exp(forward[row, :length] + backward[row, :length] - total)
        return results

    def best_path_probabilities(self, sequences: Sequence[np.ndarray]) -> list[float]:
        """The probability the model gives its own best label sequence (Viterbi's), for each state-score matrix:
        ``exp(best path's score - log Z)``, with max-product and sum-product forward passes side by side (1.0
        for an empty sequence)."""
        results = [1.0] * len(sequences)
        present = [index for index, scores in enumerate(sequences) if len(scores)]
        if not present:
            return results
        order, lengths, padded, active = _batch([sequences[index] for index in present], len(self.labels))
        into = self.transition.T  # [label, previous label]
        best, total = padded[:, 0].copy(), padded[:, 0].copy()
        for step in range(1, lengths[0]):
            alive = active[step]
            best[:alive] = (best[:alive, None, :] + into).max(axis=2) + padded[:alive, step]
            total[:alive] = _logsumexp(total[:alive, None, :] + into, axis=2) + padded[:alive, step]
        log_z = _logsumexp(total, axis=1)
        for row, index in enumerate(order):
            results[present[index]] = float(np.exp(best[row].max() - log_z[row]))
        return results

    def viterbi(self, sequences: Sequence[np.ndarray]) -> list[list[str]]:
        """The best label sequence for each ``(tokens, labels)`` state-score matrix, in input order.

        Sequences are decoded together: at step ``t`` every sequence longer
        than ``t`` advances one token, longest first.
        """
        results: list[list[str]] = [[] for _ in sequences]
        if not any(len(scores) for scores in sequences):
            return results
        order, lengths, padded, active = _batch(sequences, len(self.labels))
        longest, n_labels = lengths[0], len(self.labels)
        best = padded[:, 0].copy()
        back = np.zeros((longest, len(order), n_labels), dtype=np.intp)
        into = np.ascontiguousarray(self.transition.T)  # [label, previous label]
        buffer = np.empty((len(order), n_labels, n_labels))
        # Offsets of each [sequence, label] row in a flattened buffer: picking the best previous
        # label's score by index is cheaper than a second reduction over the buffer.
        row_offsets = np.arange(len(order) * n_labels) * n_labels
        for step in range(1, longest):
            alive = active[step]
            candidates = np.add(best[:alive, None, :], into, out=buffer[:alive])  # [sequence, label, previous]
            previous = back[step, :alive]
            candidates.argmax(axis=2, out=previous)
            chosen = candidates.ravel()[row_offsets[: alive * n_labels] + previous.ravel()]
            np.add(chosen.reshape(alive, n_labels), padded[:alive, step], out=best[:alive])
        # Walk back from each sequence's last step, all sequences at once.
        last = best.argmax(axis=1)
        paths = np.empty((len(order), longest), dtype=np.intp)
        current = np.empty(len(order), dtype=np.intp)
        for step in range(longest - 1, 0, -1):
            alive = active[step]
            current[active[step + 1] : alive] = last[active[step + 1] : alive]  # sequences ending here
            paths[:alive, step] = current[:alive]
            current[:alive] = back[step, np.arange(alive), current[:alive]]
        current[active[1] :] = last[active[1] :]  # sequences of one token
        paths[:, 0] = current
        labels = self.labels
        for row, index in enumerate(order):
            results[index] = [labels[label] for label in paths[row, : lengths[row]].tolist()]
        return results


def _batch(sequences: Sequence[np.ndarray], n_labels: int) -> tuple[list[int], list[int], np.ndarray, list[int]]:
    """Sequences stacked for decoding together, longest first: their input positions, lengths, the scores
    zero-padded to ``(sequences, longest, labels)``, and ``active[step]``, how many are longer than
    ``step`` (they are the first rows)."""
    order = sorted(range(len(sequences)), key=lambda index: -len(sequences[index]))
    lengths = [len(sequences[index]) for index in order]
    padded = np.zeros((len(order), lengths[0], n_labels))
    for row, index in enumerate(order):
        padded[row, : lengths[row]] = sequences[index]
    active = np.searchsorted(-np.asarray(lengths), -np.arange(lengths[0] + 1), side="left").tolist()
    return order, lengths, padded, active


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    peak = values.max(axis=axis, keepdims=True)
    return np.squeeze(peak, axis=axis) + np.log(np.exp(values - peak).sum(axis=axis))
