"""Parse results as table columns: ``tagger.batch_parse`` in a real ``datasets.Dataset.map`` with two processes
gives the results of serial ``parse_many``; missing texts, wrong values and columns are handled as documented."""

import json

import pytest

import tagger
from tagger import Tagger
from tagger.columns import batch_parse


def test_dataset_map_with_two_processes_gives_the_results_of_serial_parse_many(shared_texts):
    datasets = pytest.importorskip("datasets")
    texts = [*shared_texts[:300], None, ""]
    dataset = datasets.Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    parsed = dataset.map(tagger.batch_parse, batched=True, batch_size=50, num_proc=2)
    assert parsed["id"] == list(range(len(texts))) and parsed["text"] == texts
    assert parsed["spans"][-2] is None and parsed["fields"][-2] is None  # a missing text, missing results
    present = [index for index, text in enumerate(texts) if text is not None]
    serial = [reference.to_dict() for reference in Tagger.load().parse_many(texts[index] for index in present)]
    assert [json.loads(parsed["spans"][index]) for index in present] == [result["spans"] for result in serial]
    assert [json.loads(parsed["fields"][index]) for index in present] == [result["fields"] for result in serial]


def test_a_batch_names_its_column_and_model_by_keyword(tiny_model):
    batch = {"title": ["Smith, J. (2001). A study of things. J. Biol., 3(2), 1-10."]}
    parsed = batch_parse(batch, column="title", model=tiny_model)
    expected = Tagger.load(tiny_model).parse(batch["title"][0]).to_dict()
    assert json.loads(parsed["spans"][0]) == expected["spans"] and json.loads(parsed["fields"][0]) == expected["fields"]


@pytest.mark.parametrize("batch, error, message", [
    ({"text": ["Smith, J. 2001.", 7]}, TypeError, "column 'text', row 1 of the batch: 7 is of type int, not str"),
    ({"title": ["Smith, J. 2001."]}, ValueError, r"no column 'text' \(its columns: title\); name the text column"),
    ({"text": ["Smith, J. 2001."], "fields": [{}]}, ValueError, "already has a column 'fields'"),
])
def test_a_bad_batch_is_refused_with_a_message_that_says_where(batch, error, message):
    with pytest.raises(error, match=message):
        batch_parse(batch)
