import hashlib
import itertools
import json
import shutil
import time
from pathlib import Path

import pytest

import tagger
from tagger import ModelCorruptError, ModelIncompatibleError, ModelNotFoundError, Reference, Tagger
from tagger.model import META_FILE, MODEL_FILE

GOST = ("3. Bondarskaya, T.A., Directions Of The Impact Of Institutional Changes / Shiryaev M.Yu. // "
        "Socio-Economic Phenomena And Processes. - 2014. - Vol.9. No. 12. - Pp. 23-26.")


@pytest.fixture(scope="module")
def model(tiny_model):
    return Tagger.load(tiny_model)


def test_parse_learns_the_fixture(model, tiny_records):
    record = tiny_records[0]
    reference = model.parse(record["text"])
    assert [(s.start, s.end, s.label) for s in reference.spans] == [
        (s["start"], s["end"], s["label"]) for s in record["spans"]
    ]
    assert reference.fields["year"] == ["2001"]


@pytest.mark.parametrize("text", ["", " ", "\t\n", "...", "Smith, J. (2001). Title.", "a" * 5000, "🎉 ∑ עברית"])
def test_spans_point_into_the_input(model, text):
    reference = model.parse(text)
    assert reference.text == text
    previous_end = 0
    for span in reference.spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        previous_end = span.end


def test_empty_string_gives_empty_reference(model):
    assert model.parse("") == Reference("")
    assert model.parse("").to_dict() == {"text": "", "spans": [], "fields": {}}
    assert model.tag("") == []


@pytest.mark.parametrize("bad", [None, 12, b"bytes", ["a list"]])
def test_non_str_raises_type_error(model, bad):
    with pytest.raises(TypeError, match="must be a str"):
        model.parse(bad)
    with pytest.raises(TypeError):
        list(model.parse_many(["fine", bad]))


def test_tag_returns_token_label_pairs(model, tiny_records):
    pairs = model.tag(tiny_records[0]["text"])
    assert pairs[0] == ("Smith", "author")
    assert all(isinstance(token, str) and isinstance(label, str) for token, label in pairs)


def test_parse_many_is_ordered_and_equals_parse(model, tiny_records):
    texts = [record["text"] for record in tiny_records] * 5
    assert list(model.parse_many(texts, batch_size=3)) == [model.parse(text) for text in texts]


def test_parse_many_is_lazy(model):
    endless = (f"Smith, J. ({year}). Title." for year in itertools.count(1900))
    first = next(iter(model.parse_many(endless, batch_size=4)))
    assert first.text == "Smith, J. (1900). Title."


def test_parse_many_in_two_processes_matches_one(model, tiny_records):
    texts = [record["text"] for record in tiny_records] * 4
    assert list(model.parse_many(texts, batch_size=5, n_process=2)) == list(model.parse_many(texts))


@pytest.mark.parametrize("option", [{"batch_size": 0}, {"n_process": 0}])
def test_parse_many_rejects_bad_options(model, option):
    with pytest.raises(ValueError):
        list(model.parse_many(["x"], **option))


def test_missing_model_directory_names_the_path(tmp_path):
    with pytest.raises(ModelNotFoundError, match=str(tmp_path / "nowhere")):
        Tagger.load(tmp_path / "nowhere")


def copy_model(source, target):
    shutil.copytree(source, target)
    return target


def test_missing_model_file(tiny_model, tmp_path):
    broken = copy_model(tiny_model, tmp_path / "m")
    (broken / MODEL_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match=MODEL_FILE):
        Tagger.load(broken)


def test_truncated_model_is_refused(tiny_model, tmp_path):
    broken = copy_model(tiny_model, tmp_path / "m")
    data = (broken / MODEL_FILE).read_bytes()
    (broken / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelCorruptError, match="checksum"):
        Tagger.load(broken)


def test_model_without_a_checksum_is_refused(tiny_model, tmp_path):
    unchecked = copy_model(tiny_model, tmp_path / "m")
    meta = json.loads((unchecked / META_FILE).read_text())
    del meta["model_sha256"]
    (unchecked / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelCorruptError, match="records no model_sha256"):
        Tagger.load(unchecked)


def with_model_file(model: Path, data: bytes) -> Path:
    """``model`` with its model file replaced by ``data``, and a checksum that matches it."""
    (model / MODEL_FILE).write_bytes(data)
    meta = json.loads((model / META_FILE).read_text())
    meta["model_sha256"] = hashlib.sha256(data).hexdigest()
    (model / META_FILE).write_text(json.dumps(meta))
    return model


def test_garbage_model_with_a_matching_checksum_is_refused(tiny_model, tmp_path):
    broken = with_model_file(copy_model(tiny_model, tmp_path / "m"), b"not a crfsuite model at all" * 10)
    with pytest.raises(ModelCorruptError, match=str(broken / MODEL_FILE)):
        Tagger.load(broken)


class Payload:
    """Unpickling this runs code: it creates the file ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_loading_never_runs_code_from_the_model_directory(tiny_model, tmp_path):
    import pickle

    marker = tmp_path / "code-ran"
    hostile = with_model_file(copy_model(tiny_model, tmp_path / "m"), pickle.dumps(Payload(marker)))
    (hostile / "model.pkl").write_bytes(pickle.dumps(Payload(marker)))
    (hostile / "__init__.py").write_text(f"open({str(marker)!r}, 'w')")
    with pytest.raises(ModelCorruptError):
        Tagger.load(hostile)
    assert not marker.exists()


def test_corrupt_meta_is_refused(tiny_model, tmp_path):
    broken = copy_model(tiny_model, tmp_path / "m")
    (broken / META_FILE).write_text("{not json")
    with pytest.raises(ModelCorruptError, match="not valid JSON"):
        Tagger.load(broken)


def test_other_feature_version_is_refused(tiny_model, tmp_path):
    old = copy_model(tiny_model, tmp_path / "m")
    meta = json.loads((old / META_FILE).read_text())
    meta["feature_version"] = "0"
    (old / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelIncompatibleError, match="retrain"):
        Tagger.load(old)


def test_unknown_label_is_refused(tiny_model, tmp_path):
    odd = copy_model(tiny_model, tmp_path / "m")
    meta = json.loads((odd / META_FILE).read_text())
    meta["labels"].append("colour")
    (odd / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelIncompatibleError, match="colour"):
        Tagger.load(odd)


# The shipped model.


def test_shipped_model_loads_once():
    assert tagger.default_tagger() is tagger.default_tagger()


def test_shipped_model_on_a_gost_reference():
    fields = tagger.parse(GOST).fields
    assert fields["venue"] == ["Socio-Economic Phenomena And Processes"]
    assert fields["year"] == ["2014"]
    for label in ("author", "title", "volume", "issue", "pages"):
        assert label in fields, label
    assert "Bondarskaya" in fields["author"][0]
    assert "9" in fields["volume"][0] and "12" in fields["issue"][0] and "23" in fields["pages"][0]


def test_module_level_tag():
    pairs = tagger.tag("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
    assert ("2001", "year") in pairs


def test_long_input_returns_quickly():
    text = "Smith, J. (2001). A title about things. J. Biol., 3(2), 1-10. " * 3300
    assert len(text) >= 200_000
    started = time.perf_counter()
    with pytest.warns(tagger.ReferenceTooLongWarning):
        reference = tagger.parse(text)
    assert time.perf_counter() - started < 5
    assert reference.spans[-1].end <= len(text)


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_leaves_the_garbage_collector_as_it_found_it(model, enabled):
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        list(model.parse_many(["Smith, J. 2001. Title. Journal 5: 1-2.", "x"]))
        model.parse("Smith, J. 2001.")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.parametrize("one", ["Smith, J. 2001. Title.", b"Smith, J. 2001. Title."])
def test_parse_many_refuses_a_single_string(model, one):
    with pytest.raises(TypeError, match="use parse"):
        list(model.parse_many(one))


def test_confidence_is_a_probability_for_every_span_and_field_and_only_when_asked(model, tiny_records):
    text = tiny_records[0]["text"]
    plain, sure = model.parse(text), model.parse(text, confidence=True)
    assert [span.confidence for span in plain.spans] == [None] * len(plain.spans) and plain.confidence == {}
    assert "confidence" not in plain.to_dict()
    assert [(s.start, s.end, s.label) for s in sure.spans] == [(s.start, s.end, s.label) for s in plain.spans]
    assert all(0.0 <= span.confidence <= 1.0 for span in sure.spans)
    assert set(sure.confidence) == set(sure.fields)
    assert all(len(sure.confidence[label]) == len(sure.fields[label]) for label in sure.fields)
    assert sure.to_dict()["spans"][0]["confidence"] == round(sure.spans[0].confidence, 4)
    texts = [record["text"] for record in tiny_records]
    assert list(model.parse_many(texts, confidence=True, batch_size=3)) == [
        model.parse(text, confidence=True) for text in texts]




def test_confidence_where_a_rule_sets_a_label_the_model_never_learnt(records_by_style, tmp_path):
    """A model trained on ABNT and French references has no 'O' label (every token lies in a span); the rule that
    makes GOST's ' / ' and ' // ' separators outside spans sets it anyway, and confidence must cope."""
    from tagger.research.fit import fit_records

    model = Tagger.load(fit_records(records_by_style["seed-abnt"][:20] + records_by_style["seed-french"][:20],
                                    tmp_path / "model", max_iterations=30))
    assert "O" not in model._crf.labels
    plain, sure = model.parse(GOST), model.parse(GOST, confidence=True)
    assert [(span.start, span.end, span.label) for span in sure.spans] == [
        (span.start, span.end, span.label) for span in plain.spans]
    assert "/" not in "".join(span.text for span in sure.spans if span.label == "author")
    assert all(0 <= span.confidence <= 1 for span in sure.spans)
