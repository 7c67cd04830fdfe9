"""The spaCy component (``nlp.add_pipe("reference_fields")``), on real references and real spaCy pipelines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import spacy

import tagger
from tagger.errors import ModelNotFoundError
from tagger.model import default_model_path


@pytest.fixture(scope="module")
def references(shared_data) -> list[str]:
    lines = (shared_data / "grobid" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:400]]


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("reference_fields")
    return pipeline


def spans_of(doc) -> list[tuple[int, int, str, str]]:
    return [(span.start_char, span.end_char, span.label_, span.text) for span in doc.spans["reference_fields"]]


def parsed(reference: tagger.Reference) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, span.label, span.text) for span in reference.spans]


def test_spans_have_exactly_the_offsets_parse_gives_though_spacy_tokenizes_otherwise(nlp, references):
    split = 0
    english = spacy.blank("en")
    for text in references:
        expected = tagger.parse(text)
        tokens_before = len(english(text))
        doc = nlp(text)
        assert spans_of(doc) == parsed(expected), text
        assert doc._.reference == expected
        assert doc.text == text  # splitting tokens never changes the text
        split += len(doc) > tokens_before
    # The English tokenizer keeps "3(2)," or "J.Biol." whole in many of these: the splitting path is exercised.
    assert split > 20


def test_a_token_is_split_only_where_a_field_edge_falls_inside_it(nlp):
    doc = nlp("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
    assert [token.text for token in doc][-9:] == ["3", "(", "2", ")", ",", "1", "-", "10", "."]
    assert dict((label, text) for _, _, label, text in spans_of(doc))["issue"] == "2),"
    assert [token.text for token in doc][:3] == ["Smith", ",", "J."]


def test_after_other_components_on_a_pipeline(references):
    pipeline = spacy.blank("de")
    pipeline.add_pipe("sentencizer")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "JOURNAL", "pattern": "Phys. Rev."}])
    pipeline.add_pipe("reference_fields")
    for text in references[:100]:
        doc = pipeline(text)
        assert spans_of(doc) == parsed(tagger.parse(text))
        assert all(sentence.text for sentence in doc.sents)


def test_pipe_in_two_processes_equals_one_at_a_time(nlp, references):
    texts = references[:120]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=16))
    assert [doc.text for doc in docs] == texts
    assert [spans_of(doc) for doc in docs] == [parsed(tagger.parse(text)) for text in texts]
    assert [doc._.reference.fields for doc in docs] == [tagger.parse(text).fields for text in texts]


def test_confidence_lands_on_the_spans(references):
    pipeline = spacy.blank("en")
    pipeline.add_pipe("reference_fields", config={"confidence": True})
    model = tagger.Tagger.load()
    for text in references[:20]:
        doc = pipeline(text)
        expected = model.parse(text, confidence=True)
        assert [span._.confidence for span in doc.spans["reference_fields"]] == [
            span.confidence for span in expected.spans]
        assert doc._.reference.confidence == expected.confidence


def test_empty_and_blank_docs(nlp):
    assert spans_of(nlp("")) == []
    assert nlp("   ")._.reference == tagger.parse("   ")
    assert spacy.blank("en")("x")._.reference is None  # the component did not run


def test_a_saved_pipeline_carries_its_own_copy_of_the_model(tmp_path, references):
    model = tmp_path / "my-model"
    shutil.copytree(default_model_path(), model)
    pipeline = spacy.blank("en")
    pipeline.add_pipe("reference_fields", config={"model": str(model)})
    pipeline.to_disk(tmp_path / "pipeline")
    shutil.rmtree(model)  # the saved pipeline holds its own copy
    program = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "doc = nlp(sys.argv[1])\n"
        "print(json.dumps([[s.start_char, s.end_char, s.label_, s.text] for s in doc.spans['reference_fields']]))\n"
    )
    result = subprocess.run([sys.executable, "-c", program, references[0]], capture_output=True, text=True,
                            check=True)
    assert [tuple(span) for span in json.loads(result.stdout)] == parsed(tagger.parse(references[0]))
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("reference_fields").model == str(tmp_path / "pipeline" / "reference_fields" / "model")


def test_add_pipe_works_through_the_entry_point_alone():
    program = ("import sys, spacy\n"
               "nlp = spacy.blank('en')\n"
               "assert 'tagger.model' not in sys.modules\n"
               "nlp.add_pipe('reference_fields')\n"
               "print(nlp('Smith, J. (2001). A title. J. Biol., 3(2), 1-10.')._.reference.fields['year'])\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['2001']"


def test_a_model_path_that_is_not_a_model_is_named_at_the_first_document(tmp_path):
    pipeline = spacy.blank("en")
    pipeline.add_pipe("reference_fields", config={"model": str(tmp_path / "nowhere")})
    with pytest.raises(ModelNotFoundError, match=f"model directory not found: {tmp_path / 'nowhere'}"):
        pipeline("Smith, J. (2001). A title.")
