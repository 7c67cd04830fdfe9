import json
import re

import pytest

from tagger.labels import CORE_LABELS
from tagger.research.metrics import count_table, evaluate, fields, word_labels

TEXT = "Smith, J. (2001). A title. J. Biol., 3(2), pp. 1-10."
GOLD = [
    {"start": 0, "end": 9, "label": "author"},
    {"start": 10, "end": 17, "label": "year"},
    {"start": 18, "end": 26, "label": "title"},
    {"start": 27, "end": 36, "label": "venue"},
    {"start": 37, "end": 42, "label": "volume"},
    {"start": 43, "end": 52, "label": "pages"},
]


def test_word_labels_use_first_character():
    assert word_labels(TEXT, GOLD)[:4] == [("Smith", "author"), ("J", "author"), ("2001", "year"), ("A", "title")]
    assert word_labels("a b", []) == [("a", None), ("b", None)]


def test_fields_normalise_and_drop_page_markers():
    result = fields(TEXT, GOLD)
    assert result["author"] == {"smith j": 1}
    assert result["pages"] == {"1 10": 1}
    assert result["volume"] == {"3 2": 1}


def test_perfect_prediction():
    scores = evaluate([TEXT], [GOLD], [GOLD])
    assert scores["word"]["micro"]["f1"] == 1.0
    assert scores["field"]["micro"]["f1"] == 1.0
    assert scores["reference_exact"] == 1.0


def test_title_swallowing_venue():
    predicted = [dict(span) for span in GOLD]
    predicted[2] = {"start": 18, "end": 36, "label": "title"}
    del predicted[3]
    scores = evaluate([TEXT], [GOLD], [predicted])
    # Words: 3 venue words (J, Biol) -> 2 words predicted title; title P = 2/4.
    assert scores["word"]["title"]["precision"] == pytest.approx(2 / 4)
    assert scores["word"]["venue"]["recall"] == 0.0
    # Fields: title wrong (FP and FN), venue missed (FN); author, year, pages right.
    field = scores["field"]["micro"]
    assert field["precision"] == pytest.approx(3 / 4)
    assert field["recall"] == pytest.approx(3 / 5)
    assert scores["reference_exact"] == 0.0


def test_spans_of_one_label_split_by_unlabelled_text_are_one_field():
    text = "Smith, J. and Jones, K."
    gold = [{"start": 0, "end": 23, "label": "author"}]
    predicted = [{"start": 0, "end": 9, "label": "author"}, {"start": 14, "end": 23, "label": "author"}]
    assert evaluate([text], [gold], [predicted])["field"]["author"]["f1"] == 1.0
    interrupted = [{"start": 0, "end": 9, "label": "author"}, {"start": 10, "end": 13, "label": "note"},
                   {"start": 14, "end": 23, "label": "author"}]
    assert evaluate([text], [gold], [interrupted])["field"]["author"]["f1"] == 0.0


def test_count_tables_sum_to_the_scores_and_macro_averages_the_core_labels(corpora):
    records = [json.loads(line) for line in corpora["test"].open(encoding="utf-8")]
    texts = [record["text"] for record in records]
    gold = [record["spans"] for record in records]
    predicted = [record["spans"][1:] for record in records]  # every reference loses its first field
    table = count_table(texts, gold, predicted)
    scores = evaluate(texts, gold, predicted)
    assert table.field.shape == (len(records), 17, 3)
    assert scores["reference_exact"] == pytest.approx(table.exact.mean())
    core = [scores["field"][label]["f1"] for label in CORE_LABELS]
    assert scores["field"]["macro"]["f1"] == pytest.approx(sum(core) / len(core))
    # the confusion matrix counts every word once
    words = sum(len(re.findall(r"\w+", text)) for text in texts)
    assert table.confusion.sum() == words
