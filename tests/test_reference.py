from dataclasses import dataclass

import pytest

from tagger.reference import Reference, Span, clean_field, labels_from_spans, spans_from_labels
from tagger.tokenizer import tokenize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("(2001).", "2001"),
        ("Smith, J.,", "Smith, J."),
        ("Shiryaev M.Yu.", "Shiryaev M.Yu."),
        ("Bondarskaya, T.A.,", "Bondarskaya, T.A."),
        ("Smith, J. and Jones, K.", "Smith, J. and Jones, K."),
        ('"A title,"', "A title"),
        ("“A title.”", "A title"),
        ("J. Biol.,", "J. Biol"),
        ("3(2),", "3(2)"),
        ("pp. 1-10.", "pp. 1-10"),
        ("[Online].", "Online"),
        ("// Socio-Economic Phenomena And Processes. -", "Socio-Economic Phenomena And Processes"),
        ("(eds.)", "eds"),
        (". Reference parsing with CRFs", "Reference parsing with CRFs"),  # the authors' period, taken in
        (".NET Framework", ".NET Framework"),
        ("... and then", "... and then"),
        ("", ""),
    ],
)
def test_clean_field(raw, clean):
    assert clean_field(raw) == clean


def test_spans_round_trip_through_token_labels():
    text = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."
    gold = [
        {"start": 0, "end": 9, "label": "author"},
        {"start": 10, "end": 17, "label": "year"},
        {"start": 18, "end": 26, "label": "title"},
        {"start": 27, "end": 36, "label": "venue"},
        {"start": 37, "end": 42, "label": "volume"},
        {"start": 43, "end": 48, "label": "pages"},
    ]
    tokens = tokenize(text)
    labels = labels_from_spans(tokens, gold, frozenset({"author", "year", "title", "venue", "volume", "pages"}))
    spans = spans_from_labels(text, tokens, labels)
    assert [(s.start, s.end, s.label) for s in spans] == [(g["start"], g["end"], g["label"]) for g in gold]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_unknown_labels_count_as_outside():
    tokens = tokenize("Available from the web")
    labels = labels_from_spans(tokens, [{"start": 0, "end": 14, "label": "other"}], frozenset({"note"}))
    assert labels == ["O"] * 4


def test_fields_merge_consecutive_spans_of_one_label():
    text = "Smith, J., Jones, K. Title."
    reference = Reference(text, (Span(0, 9, "author", "Smith, J."), Span(11, 20, "author", "Jones, K."),
                                 Span(21, 27, "title", "Title.")))
    assert reference.fields == {"author": ["Smith, J., Jones, K."], "title": ["Title"]}
    assert reference.to_dict()["spans"][0] == {"start": 0, "end": 9, "label": "author", "text": "Smith, J."}


def test_empty_reference():
    reference = Reference("")
    assert reference.to_dict() == {"text": "", "spans": [], "fields": {}}


@pytest.mark.parametrize("confidence", [False, True])
def test_a_reference_pickles_whole(confidence):
    """Worker processes send their references to the parent pickled: text, spans, fields and confidence."""
    import copy
    import pickle

    import tagger

    reference = tagger.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.", confidence=confidence)
    for restored in (pickle.loads(pickle.dumps(reference)), copy.deepcopy(reference)):
        assert restored == reference and type(restored) is tagger.Reference
        assert restored.fields == reference.fields and restored.confidence == reference.confidence
        assert [span.confidence for span in restored.spans] == [span.confidence for span in reference.spans]
        assert restored.to_dict() == reference.to_dict()
    assert bool(reference.confidence) is confidence


@dataclass(frozen=True, slots=True)
class OwnSpan(Span):
    """A user's subclass: it must come back from pickling as itself."""


def test_subclasses_pickle_as_themselves():
    import pickle

    span = OwnSpan(0, 5, "author", "Smith")
    restored = pickle.loads(pickle.dumps(span))
    assert type(restored) is OwnSpan and restored == span
