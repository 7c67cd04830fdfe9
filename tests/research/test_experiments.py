"""Experiments over many models: folds that keep equal texts together."""

from tagger.research.experiments import folds_of


def test_folds_keep_equal_texts_together_and_cover_everything():
    records = [{"text": text} for text in ["A b.", "a B", "c d", "e f", "g h", "i j", "k l"]]
    folds = folds_of(records, 3, seed=1)
    assert sorted(index for fold in folds for index in fold) == list(range(7))
    assert any({0, 1} <= set(fold) for fold in folds)
    assert folds == folds_of(records, 3, seed=1) != folds_of(records, 3, seed=2)
