"""Fitting CRFs: records checked first, feature groups left out on request."""

import pytest

from tagger.errors import CorpusError
from tagger.research.fit import feature_filter, fit_records


def test_feature_filter_drops_the_groups_asked_for_and_nothing_else():
    sequence = [[b"w=smith", b"months=yes", b"-1:months=yes", b"-1:w=the", b"pre=smi", b"bigram-1=a|b", b"bias"]]
    assert feature_filter([]) is None
    assert feature_filter(["lexicon"])(sequence) == [[b"w=smith", b"-1:w=the", b"pre=smi", b"bigram-1=a|b",
                                                        b"bias"]]
    assert feature_filter(["neighbours", "affixes"])(sequence) == [[b"w=smith", b"months=yes", b"bigram-1=a|b",
                                                                     b"bias"]]


@pytest.mark.parametrize(("records", "message"), [
    ([], "no training references"),
    ([{"id": "r1", "text": "abc", "spans": [{"start": 0, "end": 9, "label": "title"}]}], "r1: span 0-9 lies outside"),
    ([{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "title"}, {"start": 1, "end": 2, "label": "x"}]}],
     "#1: .*'x', which is not in"),
    ([{"text": "ab", "spans": []}], "no label of the scheme"),
])
def test_the_library_trainer_checks_its_records_first(tmp_path, records, message):

    with pytest.raises(CorpusError, match=message):
        fit_records(records, tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_a_repeated_record_is_featurised_once_and_gets_the_same_features(tiny_records):
    from tagger.research.fit import example, featurize_records

    first, second = tiny_records[:2]
    features, labels = featurize_records([first, second, dict(first), first], exclude=["lexicon"])
    alone = [featurize_records([record], exclude=["lexicon"]) for record in (first, second)]
    assert features == [alone[0][0][0], alone[1][0][0], alone[0][0][0], alone[0][0][0]]
    assert labels == [example(first["text"], first["spans"])[1], example(second["text"], second["spans"])[1],
                      *[example(first["text"], first["spans"])[1]] * 2]
    assert features[0] is features[2] is features[3]  # one list, shared by the repeats
    # a record with the same text and other spans is another record
    relabelled = {**first, "spans": [{**span, "label": "note"} for span in first["spans"]]}
    assert featurize_records([first, relabelled])[1][1] != labels[0]
