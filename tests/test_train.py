import json

import pytest

from tagger import Tagger
from training import train


def test_training_command_writes_a_loadable_model(tmp_path, tiny_records):
    data = tmp_path / "data"
    data.mkdir()
    train_records, test_records = tiny_records[:6] * 2, tiny_records[6:]
    for name, records in (("train.jsonl", train_records), ("test.jsonl", test_records)):
        (data / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "model"
    status = train.main(["--data-dir", str(data), "--train", "train.jsonl", "--test", "test.jsonl",
                         "--out", str(out), "--c1", "0.05", "0.5", "--c2", "0.01", "--max-iterations", "30",
                         "--dev-fraction", "0.2", "--jobs", "2", "--synth", "40", "--weight", "train.jsonl=2"])
    assert status == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["training_data"]["files"]["train.jsonl"]["references"] == 12
    assert meta["training_data"]["files"]["_pool"]["removed_as_duplicates"] == 6
    assert meta["training_data"]["files"]["train.jsonl"]["weight"] == 2
    assert len(meta["selection"]["grid"]) == 2
    synthetic = meta["training_data"]["synthetic"]
    assert 30 <= synthetic["count"] <= 40 and len(synthetic["sha256"]) == 64
    assert synthetic["versions"]["citeproc-py"]
    assert meta["hyperparameters"]["c1"] in (0.05, 0.5)
    assert "test.jsonl" in meta["scores"]["test"]
    reference = Tagger.load(out).parse(train_records[0]["text"])
    assert reference.fields["year"] == ["2001"]


def test_weighted_repeats_each_reference_as_often_as_its_file_counts():
    records = [{"text": "a", "source_file": "x.jsonl"}, {"text": "b", "source_file": "y.jsonl"}, {"text": "c"}]
    assert [r["text"] for r in train.weighted(records, {"x.jsonl": 3})] == ["a", "a", "a", "b", "c"]


@pytest.mark.parametrize("weight, message", [
    ("umass/train.jsonl=0", "whole number >= 1"),
    ("umass/train.jsonl", "expected FILE=N"),
    ("other.jsonl=2", "not one of the training files"),
])
def test_a_bad_weight_is_a_usage_error(capsys, weight, message):
    with pytest.raises(SystemExit) as exit_info:
        train.main(["--weight", weight])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
