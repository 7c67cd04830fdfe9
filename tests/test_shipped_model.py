"""The shipped model still scores what its meta.json says it scored when it was trained."""

import pytest

from tagger import Tagger
from tagger.evaluation import evaluate_model
from tagger.features import FEATURE_VERSION
from training.train import load_pool, split_dev


@pytest.fixture(scope="module")
def shipped():
    return Tagger.load()


def test_meta_records_what_is_needed_to_reproduce(shipped):
    meta = shipped.meta
    assert meta["feature_version"] == FEATURE_VERSION
    assert {"c1", "c2", "max_iterations"} <= set(meta["hyperparameters"])
    files = {name: info for name, info in meta["training_data"]["files"].items() if not name.startswith("_")}
    assert files and all(len(info["sha256"]) == 64 for info in files.values())
    for test_set in ("anystyle/test.jsonl", "umass/test.jsonl"):
        assert meta["scores"]["test"][test_set]["field"]["micro"]["f1"] > 0


def test_dev_score_has_not_regressed(shipped, shared_data):
    """Rebuild the dev split exactly as training/train.py did and score the shipped model on it."""
    meta = shipped.meta
    files = [name for name in meta["training_data"]["files"] if not name.startswith("_")]
    pool, _, _ = load_pool(shared_data, files, list(meta["scores"]["test"]))
    dev, _ = split_dev(pool, meta["selection"]["dev_fraction"], meta["selection"]["seed"])
    scores = evaluate_model(shipped, dev)
    recorded = meta["scores"]["dev_check"]
    assert scores["n"] == recorded["n"]
    assert round(scores["field"]["micro"]["f1"], 4) >= recorded["field"]["micro"]["f1"]
    assert round(scores["word"]["micro"]["f1"], 4) >= recorded["word"]["micro"]["f1"]


def test_high_confidence_fields_are_right_at_least_95_percent_of_the_time(shipped, shared_data):
    """Issue 5's calibration check, on the de-duplicated AnyStyle test set."""
    from tagger.corpus import read_records, remove_overlap

    meta = shipped.meta
    files = [name for name in meta["training_data"]["files"] if not name.startswith("_")]
    pool, _, _ = load_pool(shared_data, files, [])
    records, _ = remove_overlap(read_records(shared_data / "anystyle" / "test.jsonl"), pool)
    buckets = evaluate_model(shipped, records)["reliability"]
    confident = [bucket for bucket in buckets if bucket["from"] >= 0.9 and bucket["fields"]]
    right = sum(bucket["accuracy"] * bucket["fields"] for bucket in confident)
    assert right / sum(bucket["fields"] for bucket in confident) >= 0.95
    # Calibrated: in each well-filled bucket, the share right is near the mean confidence.
    filled = [bucket for bucket in buckets if bucket["fields"] >= 100]
    assert all(abs(bucket["accuracy"] - bucket["mean_confidence"]) < 0.1 for bucket in filled)
