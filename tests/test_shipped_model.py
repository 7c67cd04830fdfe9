"""The shipped model still scores what its meta.json says it scored when it was trained."""

from pathlib import Path

import pytest

from tagger import Tagger
from tagger.features import FEATURE_VERSION
from tagger.research.config import TrainingConfig
from tagger.research.data import config_dev_split, held_out_parts, read_pool
from tagger.research.data import test_files as read_test_files
from tagger.research.evaluation import evaluate_model
from training.train import shipped_config


@pytest.fixture(scope="module")
def shipped():
    return Tagger.load()


def test_meta_records_what_is_needed_to_reproduce(shipped):
    meta = shipped.meta
    assert meta["feature_version"] == FEATURE_VERSION
    assert {"c1", "c2", "max_iterations"} <= set(meta["hyperparameters"])
    files = {name: info for name, info in meta["training_data"]["files"].items() if not name.startswith("_")}
    assert files and all(len(info["sha256"]) == 64 for info in files.values())
    scores = {Path(name).parent.name + "/" + Path(name).name: values for name, values in meta["scores"]["test"].items()}
    for test_set in ("anystyle/test.jsonl", "umass/test.jsonl"):
        assert scores[test_set]["field"]["micro"]["f1"] > 0


def test_the_documented_configuration_is_the_one_the_model_was_trained_with(shipped):
    """training/shipped.toml (what `python -m training.train` trains) says what models/meta.json recorded."""
    recorded, documented = shipped.meta["config"], shipped_config().to_dict()

    def resolved(config):
        return {"data": [Path(path).resolve() for path in config["data"]],
                "test": [Path(path).resolve() for path in config["test"]],
                "weights": {Path(path).resolve(): count for path, count in config["weights"].items()},
                **{key: value for key, value in config.items() if key not in ("data", "test", "weights")}}

    # A key added to the configuration after the model was trained must hold its default there (so the same
    # command trains the same model).
    defaults = TrainingConfig().to_dict()
    assert all(documented[key] == defaults[key] for key in documented.keys() - recorded.keys())
    assert resolved(recorded) == resolved({key: documented[key] for key in recorded})
    assert shipped.meta["training_command"].startswith("reftagger train --config training/shipped.toml --out models")


def test_dev_score_has_not_regressed(shipped, shared_data):
    """Rebuild the dev split exactly as training did (training/shipped.toml) and score the shipped model on it."""
    meta = shipped.meta
    config = shipped_config()
    pool, _ = read_pool(config)
    dev, _ = config_dev_split(config, pool)
    scores = evaluate_model(shipped, dev)
    recorded = meta["scores"]["dev_check"]
    assert scores["n"] == recorded["n"]
    assert round(scores["field"]["micro"]["f1"], 4) >= recorded["field"]["micro"]["f1"]
    assert round(scores["word"]["micro"]["f1"], 4) >= recorded["word"]["micro"]["f1"]


def share_right_from(buckets: list[dict], low: float) -> float:
    """The share right of the fields in the reliability bins from confidence ``low`` up."""
    confident = [bucket for bucket in buckets if bucket["from"] >= low and bucket["fields"]]
    return sum(bucket["accuracy"] * bucket["fields"] for bucket in confident) / sum(
        bucket["fields"] for bucket in confident)


def test_high_confidence_fields_are_right_at_least_95_percent_of_the_time(shipped, shared_data):
    """Issue 5's calibration check, on the de-duplicated AnyStyle test set, its volume spans split as the model
    was trained to split them (``3(2)`` is volume and issue; AnyStyle's own labels make it one volume)."""
    from tagger.corpus import read_records, remove_overlap
    from tagger.corpus.conventions import split_volume_issue

    assert shipped.meta["config"]["split_volume_issue"]
    pool, _ = read_pool(shipped_config().replace(test=[]))
    records, _ = remove_overlap(read_records(shared_data / "anystyle" / "test.jsonl"), pool)
    buckets = evaluate_model(shipped, [split_volume_issue(record) for record in records])["reliability"]
    assert share_right_from(buckets, 0.9) >= 0.95
    # Never sure beyond what it gets right: in each well-filled bucket the share right is at most 0.1 below the
    # mean confidence. (Calibrated on the dev split of all corpora, the model is under-confident on AnyStyle's
    # own style, by up to 0.15 in the lowest bucket; README shows the table.)
    filled = [bucket for bucket in buckets if bucket["fields"] >= 100]
    assert all(bucket["accuracy"] - bucket["mean_confidence"] > -0.1 for bucket in filled), filled


@pytest.fixture(scope="module")
def held_out_buckets(shipped):
    """The reliability bins of the shipped model on the GROBID papers its training held out."""
    [held_out] = held_out_parts(read_test_files(shipped_config())).values()
    return evaluate_model(shipped, held_out)["reliability"]


@pytest.mark.xfail(strict=True, reason="issue 15, not met yet: the 0.50-0.70 bin (115 fields) is right 0.461 of "
                   "the time at mean confidence 0.545 (0.084 over-confident), 0.70-0.80 0.082; the others within "
                   "0.02")
def test_confidence_is_calibrated_on_pdf_references_of_papers_never_trained_on(held_out_buckets):
    """Issue 15: on the GROBID papers training held out, each confidence bin's share right is within 0.05 of
    its mean confidence (the bins with at least 30 fields; README shows them all)."""
    buckets = held_out_buckets
    filled = [bucket for bucket in buckets if bucket["fields"] >= 30]
    assert sum(bucket["fields"] for bucket in filled) >= 0.95 * sum(bucket["fields"] for bucket in buckets)
    assert all(abs(bucket["accuracy"] - bucket["mean_confidence"]) <= 0.05 for bucket in filled), filled


def test_pdf_references_of_papers_never_trained_on_are_never_confidently_wrong(held_out_buckets):
    """No bin with 30 fields or more is over-confident by more than 0.10 on the held-out GROBID papers."""
    filled = [bucket for bucket in held_out_buckets if bucket["fields"] >= 30]
    assert all(bucket["accuracy"] - bucket["mean_confidence"] > -0.1 for bucket in filled), filled


def test_pdf_references_of_papers_never_trained_on_are_right_when_the_model_is_sure(held_out_buckets):
    """Fields of the held-out GROBID papers at confidence 0.90 or more are right at least 96% of the time."""
    assert share_right_from(held_out_buckets, 0.9) >= 0.96
