"""The numpy CRF decoder must agree with CRFsuite's own tagger, label for label."""

import itertools
import json

import numpy as np
import pycrfsuite
import pytest

from tagger import Tagger
from tagger.cleanup import tokens_for_tagging
from tagger.crf import LinearChainCRF
from tagger.errors import ModelCorruptError
from tagger.features import featurize
from tagger.model import MODEL_FILE, default_model_path


def crfsuite_labels(model_dir, texts):
    reference = pycrfsuite.Tagger()
    reference.open(str(model_dir / MODEL_FILE))
    tokenized = [tokens_for_tagging(text) for text in texts]
    return [reference.tag(featurize(tokens, text)) if tokens else [] for tokens, text in zip(tokenized, texts)]


def our_labels(model_dir, texts):
    """The decoder's labels, before the list-marker rule that tagging applies after it."""
    return [labels for _, labels, _ in Tagger.load(model_dir)._tag_batch(texts, marked=False)]


def test_weights_match_crfsuite_dump(tiny_model):
    crf = LinearChainCRF.read(tiny_model / MODEL_FILE)
    reference = pycrfsuite.Tagger()
    reference.open(str(tiny_model / MODEL_FILE))
    info = reference.info()
    assert set(crf.labels) == set(reference.labels())
    assert info.state_features, "the fixture model has state features"
    for (attribute, label), weight in info.state_features.items():
        row = crf.attribute_ids[attribute.encode()]
        assert crf.state[row, crf.labels.index(label)] == pytest.approx(weight, abs=1e-6)  # the dump prints %f
    for (previous, label), weight in info.transitions.items():
        assert crf.transition[crf.labels.index(previous), crf.labels.index(label)] == pytest.approx(weight, abs=1e-6)


def test_tiny_model_agrees_with_crfsuite(tiny_model, tiny_records):
    texts = [record["text"] for record in tiny_records] + ["", " ", "Unseen words only here 1999"]
    assert our_labels(tiny_model, texts) == crfsuite_labels(tiny_model, texts)


def test_shipped_model_agrees_with_crfsuite_on_real_references(shared_data):
    lines = (shared_data / "anystyle" / "extra-ugly.jsonl").read_text(encoding="utf-8").splitlines()[:400]
    texts = [json.loads(line)["text"] for line in lines]
    assert our_labels(default_model_path(), texts) == crfsuite_labels(default_model_path(), texts)


def brute_force(crf, scores):
    """The best path by trying every one (tiny label sets only)."""
    best, best_path = -np.inf, None
    for path in itertools.product(range(len(crf.labels)), repeat=len(scores)):
        total = sum(scores[step, label] for step, label in enumerate(path))
        total += sum(crf.transition[a, b] for a, b in zip(path, path[1:]))
        if total > best:
            best, best_path = total, path
    return [crf.labels[label] for label in best_path]


def test_batched_viterbi_finds_the_best_path_for_sequences_of_any_length():
    generator = np.random.default_rng(3)
    crf = LinearChainCRF(["a", "b", "c"], [b"x"], np.zeros((1, 3)), generator.normal(size=(3, 3)))
    sequences = [generator.normal(size=(length, 3)) for length in (4, 1, 0, 5, 2, 5, 1, 3)]
    assert crf.viterbi(sequences) == [brute_force(crf, scores) for scores in sequences]
    assert crf.viterbi([]) == []


def test_unknown_attributes_score_nothing():
    crf = LinearChainCRF(["a", "b"], [b"x", b"y"], np.array([[1.0, 2.0], [3.0, -1.0]]), np.zeros((2, 2)))
    scores = crf.scores([[b"x", b"never-seen"], [], [b"y", b"x", b"x"]])
    np.testing.assert_allclose(scores, [[1.0, 2.0], [0.0, 0.0], [5.0, 3.0]])


def test_scores_are_the_sums_of_a_sparse_product_to_the_last_bit(shared_data):
    """The decoder sums weight rows itself; a sparse count matrix times the weights (what it did with scipy)
    adds the same numbers in the same order, so the scores must be equal exactly, not approximately."""
    scipy_sparse = pytest.importorskip("scipy.sparse")
    from tagger.features import context_features

    crf = LinearChainCRF.read(default_model_path() / MODEL_FILE)
    lines = (shared_data / "grobid" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:300]
    texts = [json.loads(line)["text"] for line in lines]
    groups = [attributes for text in texts for attributes in context_features(tokens_for_tagging(text), text)[1]]
    groups += [[], [b"never-seen"]]
    ids = [crf.attribute_ids.get(attribute, crf.unknown) for group in groups for attribute in group]
    counts = scipy_sparse.csr_matrix((np.ones(len(ids)), ids, np.cumsum([0, *map(len, groups)])),
                                     shape=(len(groups), len(crf.state)))
    assert np.array_equal(crf.scores(groups), counts @ crf.state)
    assert crf.scores([]).shape == (0, len(crf.labels))


@pytest.mark.parametrize("cut", [10, 47, 1000, -30])
def test_truncated_model_file_is_refused(tiny_model, tmp_path, cut):
    damaged = tmp_path / MODEL_FILE
    damaged.write_bytes((tiny_model / MODEL_FILE).read_bytes()[:cut])
    with pytest.raises(ModelCorruptError, match=str(damaged)):
        LinearChainCRF.read(damaged)


def test_not_a_model_file_is_refused(tmp_path):
    damaged = tmp_path / MODEL_FILE
    damaged.write_bytes(b"lCRF" + bytes(range(256)) * 4)
    with pytest.raises(ModelCorruptError, match="CRFsuite"):
        LinearChainCRF.read(damaged)


def test_marginals_are_the_probabilities_of_all_paths():
    generator = np.random.default_rng(4)
    crf = LinearChainCRF(["a", "b", "c"], [b"x"], np.zeros((1, 3)), generator.normal(size=(3, 3)))
    sequences = [generator.normal(size=(length, 3)) for length in (4, 1, 0, 5, 2)]
    for scores, found in zip(sequences, crf.marginals(sequences)):
        expected = np.zeros_like(scores)
        for path in itertools.product(range(3), repeat=len(scores)):
            total = sum(scores[step, label] for step, label in enumerate(path))
            weight = np.exp(total + sum(crf.transition[a, b] for a, b in zip(path, path[1:])))
            for step, label in enumerate(path):
                expected[step, label] += weight
        if len(scores):
            expected /= expected[0].sum()
        assert found.shape == scores.shape and np.allclose(found, expected)


def test_best_path_probability_is_the_viterbi_paths_share_of_all_paths():
    generator = np.random.default_rng(5)
    crf = LinearChainCRF(["a", "b", "c"], [b"x"], np.zeros((1, 3)), generator.normal(size=(3, 3)))
    sequences = [generator.normal(size=(length, 3)) for length in (4, 1, 0, 5, 2)]
    for scores, found in zip(sequences, crf.best_path_probabilities(sequences)):
        totals = [sum(scores[step, label] for step, label in enumerate(path))
                  + sum(crf.transition[a, b] for a, b in zip(path, path[1:]))
                  for path in itertools.product(range(3), repeat=len(scores))]
        expected = np.exp(max(totals)) / np.exp(totals).sum() if len(scores) else 1.0
        assert found == pytest.approx(expected)
    assert crf.best_path_probabilities([]) == []
