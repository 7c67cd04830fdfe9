"""Bootstrap intervals and paired significance tests over per-reference count tables."""

import json

from tagger.model import Tagger
from tagger.research.metrics import count_table
from tagger.research.significance import confidence_intervals, paired_test


def test_bootstrap_intervals_hold_the_point_estimate(tiny_model, corpora):
    from tagger.research.evaluation import evaluate_fully

    records = [json.loads(line) for line in corpora["test"].open(encoding="utf-8")]
    evaluation = evaluate_fully(Tagger.load(tiny_model), records, resamples=500, seed=1)
    scores = evaluation.scores
    checked = 0
    for level in ("word", "field"):
        for label, values in scores[level].items():
            low, high = values["ci95"]
            assert 0.0 <= low <= values["f1"] <= high <= 1.0, (level, label, values)
            checked += 1
    low, high = scores["reference_exact_ci95"]
    assert low <= scores["reference_exact"] <= high
    assert checked > 10
    # the tiny model is far from perfect, so the interval of core field F1 has width
    assert scores["field"]["micro"]["ci95"][1] > scores["field"]["micro"]["ci95"][0]
    # same seed, same intervals
    again = confidence_intervals(evaluation.table, 500, seed=1)
    assert again["field"]["micro"] == scores["field"]["micro"]["ci95"]


def test_a_system_compared_with_itself_shows_no_difference(corpora):
    records = [json.loads(line) for line in corpora["test"].open(encoding="utf-8")]
    texts, gold = [record["text"] for record in records], [record["spans"] for record in records]
    half = [spans[: len(spans) // 2] for spans in gold]
    table = count_table(texts, gold, half)
    for method in ("randomization", "bootstrap"):
        result = paired_test(table, table, method, resamples=2000)
        assert result["difference"] == 0.0 and result["p_value"] == 1.0
    # gold against half the fields: a large, real difference
    better = count_table(texts, gold, gold)
    for method in ("randomization", "bootstrap"):
        result = paired_test(table, better, method, resamples=2000)
        assert result["difference"] > 0.2 and result["p_value"] < 0.01
        assert result["difference_ci95"][0] > 0
