"""Training a model directory from a configuration: the one path of ``reftagger train``, ``python -m
training.train`` and the shipped model (a dev split to choose the CRF setting, synthetic references from the
rest, the final model on everything)."""

import json
import re

import pytest

from tagger import Tagger
from tagger.cli import main
from tagger.research.config import TrainingConfig
from tagger.research.data import read_pool, split_dev, weighted
from tagger.research.training import train_model


def write(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_a_dev_split_chooses_the_setting_and_the_final_model_trains_on_everything(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", tiny_records[:6] * 2)
    test = write(tmp_path / "test.jsonl", tiny_records[6:])
    config = TrainingConfig(data=[str(train)], test=[str(test)], weights={str(train): 2}, synth=40,
                            max_iterations=30, crf={"c1": 0.05, "c2": 0.01}, dev_fraction=0.2,
                            select={"c1": [0.05, 0.5]})
    meta = train_model(config, tmp_path / "model", jobs=2)
    files = meta["training_data"]["files"]
    assert files[str(train)]["references"] == 12 and files[str(train)]["weight"] == 2
    assert meta["training_data"]["removed_as_duplicates"] == 6
    assert meta["training_data"]["train_references"] == 12  # the 6 distinct references, each counted twice
    assert [result["parameters"]["c1"] for result in meta["selection"]["grid"]] == [0.05, 0.5]
    assert meta["hyperparameters"]["c1"] == meta["selection"]["chosen"]["c1"] in (0.05, 0.5)
    assert meta["hyperparameters"]["c2"] == 0.01
    synthetic = meta["training_data"]["synthetic"]
    assert 30 <= synthetic["count"] <= 40 and len(synthetic["sha256"]) == 64
    assert synthetic["versions"]["citeproc-py"]
    assert str(test) in meta["scores"]["test"] and meta["scores"]["dev_check"]["n"] == 1
    # the meta names the files relative to the model, not by this machine's paths
    assert files[str(train)]["from_model"] == "../train.jsonl" and "resolved" not in files[str(train)]
    assert Tagger.load(tmp_path / "model").parse(tiny_records[0]["text"]).fields["year"] == ["2001"]


def test_the_same_configuration_with_a_dev_split_trains_the_same_model(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", tiny_records * 2)
    config = TrainingConfig(data=[str(train)], max_iterations=20, synth=20, dev_fraction=0.25,
                            select={"c1": [0.1, 0.3]})
    first, second = (train_model(config, tmp_path / name, jobs=jobs) for name, jobs in (("a", 1), ("b", 2)))
    assert first["model_sha256"] == second["model_sha256"]
    assert [result["dev_field_micro_f1"] for result in first["selection"]["grid"]] == [
        result["dev_field_micro_f1"] for result in second["selection"]["grid"]]


def test_dev_split_and_weighting():
    records = [{"text": str(number), "source_file": "x.jsonl" if number < 5 else "y.jsonl"} for number in range(10)]
    dev, rest = split_dev(records, 0.3, seed=4)
    assert len(dev) == 3 and sorted(dev + rest, key=lambda record: int(record["text"])) == records
    assert (dev, rest) == split_dev(records, 0.3, seed=4) != split_dev(records, 0.3, seed=5)
    config = TrainingConfig(weights={"x.jsonl": 3})
    assert [record["text"] for record in weighted(config, records[3:7])] == ["3", "3", "3", "4", "4", "4", "5", "6"]


def test_the_pool_leaves_out_test_texts_and_duplicates(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", tiny_records * 2)
    test = write(tmp_path / "test.jsonl", tiny_records[:3])
    pool, summary = read_pool(TrainingConfig(data=[str(train)], test=[str(test)]))
    assert [record["text"] for record in pool] == [record["text"] for record in tiny_records[3:]]
    assert summary["files"][str(train)]["removed_as_test_overlap"] == 6 and summary["removed_as_duplicates"] == 5


@pytest.mark.parametrize(("weight", "message"), [
    ("{train}=0", "expected FILE=N with N a whole number of at least 1"),
    ("{train}", "expected FILE=N"),
])
def test_a_bad_weight_is_a_usage_error(capsys, tmp_path, tiny_records, weight, message):
    train = write(tmp_path / "train.jsonl", tiny_records)
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--data", str(train), "--out", str(tmp_path / "m"), "--weight", weight.format(train=train)])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def corpus_line(text, *spans):
    return json.dumps({"text": text, "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans]})


@pytest.mark.parametrize(("lines", "message"), [
    ([corpus_line("Smith 2001 Title", (0, 5, "author"), (6, 10, "year"), (6, 16, "title"))],
     "train.jsonl:1: .*overlaps"),
    ([corpus_line("Smith 2001", (0, 5, "author")), corpus_line("Smith 2001", (6, 40, "year"))],
     "train.jsonl:2: span 6-40 lies outside the text"),
    ([corpus_line("Smith 2001", (0, 5, "writer"), (6, 10, "year"))], "train.jsonl:1: .*'writer', which is not in"),
    ([""], "train.jsonl: empty file, no references"),
    ([corpus_line("A title", (0, 7, "title")), corpus_line("Another one", (0, 11, "title"))],
     "use only the label 'title': a tagger needs references labelled with at least two labels"),
])
def test_faulty_training_data_is_refused_before_training(tmp_path, capsys, tiny_records, lines, message):
    (tmp_path / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    test = write(tmp_path / "test.jsonl", tiny_records[:1])
    out = tmp_path / "model"
    status = main(["train", "--data", str(tmp_path / "train.jsonl"), "--test", str(test), "--out", str(out),
                   "--synth", "0"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert re.search(message, err.splitlines()[-1]), err
    assert not out.exists()


def test_training_reads_any_supported_format_by_path(tmp_path, tiny_records):
    from tagger.corpus import formats

    formats.write(tiny_records[:6] * 2, tmp_path / "train.xml", "anystyle-xml")
    formats.write(tiny_records[6:], tmp_path / "test.conll", "conll")
    meta = train_model(TrainingConfig(data=[str(tmp_path / "train.xml")], test=[str(tmp_path / "test.conll")],
                                      crf={"c1": 0.1, "c2": 0.01}, max_iterations=20), tmp_path / "model")
    assert meta["training_data"]["files"][str(tmp_path / "train.xml")]["references"] == 12
    assert str(tmp_path / "test.conll") in meta["scores"]["test"]


@pytest.mark.parametrize("algorithm", ["ap", "pa", "arow", "l2sgd"])
def test_train_with_each_other_algorithm(tmp_path, corpora, algorithm):
    config = TrainingConfig(data=[str(corpora["a"])], algorithm=algorithm, crf={}, max_iterations=10)
    meta = train_model(config, tmp_path / algorithm)
    assert meta["hyperparameters"]["algorithm"] == algorithm
    assert Tagger.load(tmp_path / algorithm).parse("SILVA, João. Título. São Paulo: Atlas, 2001.").spans
