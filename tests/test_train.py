import json
import re

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
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "test.jsonl").write_text(json.dumps(tiny_records[0]) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    status = train.main(["--data-dir", str(data), "--train", "train.jsonl", "--test", "test.jsonl",
                         "--out", str(out), "--synth", "0"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert re.search(message, err.splitlines()[-1]), err
    assert not out.exists()


@pytest.mark.parametrize(("records", "message"), [
    ([], "no training references"),
    ([{"id": "r1", "text": "abc", "spans": [{"start": 0, "end": 9, "label": "title"}]}], "r1: span 0-9 lies outside"),
    ([{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "title"}, {"start": 1, "end": 2, "label": "x"}]}],
     "#1: .*'x', which is not in"),
    ([{"text": "ab", "spans": []}], "no label of the scheme"),
])
def test_the_library_trainer_checks_its_records_first(tmp_path, records, message):
    from tagger.errors import CorpusError
    from tagger.trainer import train as train_model

    with pytest.raises(CorpusError, match=message):
        train_model(records, tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_training_reads_any_supported_format_by_path(tmp_path, tiny_records):
    from tagger import formats

    data = tmp_path / "data"
    data.mkdir()
    formats.write(tiny_records[:6] * 2, data / "train.xml", "anystyle-xml")
    formats.write(tiny_records[6:], data / "test.conll", "conll")
    out = tmp_path / "model"
    status = train.main(["--data-dir", str(data), "--train", "train.xml", "--test", "test.conll", "--out", str(out),
                         "--c1", "0.1", "--c2", "0.01", "--max-iterations", "20", "--synth", "0"])
    assert status == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["training_data"]["files"]["train.xml"]["references"] == 12
    assert "test.conll" in meta["scores"]["test"]
