"""From features to the CRF's state scores: what each token's attributes add up to under the model.

Most of a token's attributes depend on its text alone (:func:`tagger.features.word_info`), so their summed
weights are computed once per distinct word text and kept (:class:`WordScores`); only the attributes that
depend on the token's place in its reference (:func:`tagger.features.context_features`) are summed afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from tagger.crf import LinearChainCRF
from tagger.features import EDGE_INFO, WordInfo, context_features
from tagger.tokenizer import Token


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

    def state_scores(self, tokenized: Sequence[Sequence[Token]], texts: Sequence[str]) -> list[np.ndarray]:
        """``(tokens, labels)`` state scores per reference: the summed weights of each token's
        attributes (the ones ``featurize`` lists), computed for a whole batch at once."""
        contexts = [context_features(tokens, text) for tokens, text in zip(tokenized, texts)]
        table, rows = self.rows([(tokens, infos) for tokens, (infos, _) in zip(tokenized, contexts)])
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
