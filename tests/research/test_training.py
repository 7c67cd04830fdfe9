"""Training a model directory from a configuration: the one path of ``reftagger train``, ``python -m
training.train`` and the shipped model (a dev split to choose the CRF setting, synthetic references from the
rest, the final model on everything)."""

import json
import re

import pytest

from tagger import Tagger
from tagger.cli import main
from tagger.errors import WorkerError
from tagger.research.config import TrainingConfig
from tagger.research.data import config_dev_split, read_pool, split_dev, weighted
from tagger.research.data import test_files as read_test_files
from tagger.research.training import _choose, train_model


def write(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def twice(records):
    """Each record, then each again under an id of its own (a file whose ids repeat is warned of)."""
    return [*records, *({**record, "id": f"{record['id']}-again"} for record in records)]


def test_a_dev_split_chooses_the_setting_and_the_final_model_trains_on_everything(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", twice(tiny_records[:6]))
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
    assert str(test) in meta["scores"]["test"] and meta["scores"]["dev_check"]["n"] >= 1
    # the meta names the files relative to the model, not by this machine's paths
    assert files[str(train)]["from_model"] == "../train.jsonl" and "resolved" not in files[str(train)]
    assert Tagger.load(tmp_path / "model").parse(tiny_records[0]["text"]).fields["year"] == ["2001"]
    # confidence is calibrated on the dev split, with the chosen setting's model that did not train on it
    calibration = meta["calibration"]
    assert calibration["method"] == "reference-isotonic" and calibration["fields"] >= 1
    assert set(calibration["weights"]) == {"field", "reference", "intercept"}
    assert "dev split" in calibration["fitted_on"]
    assert Tagger.load(tmp_path / "model").calibration.calibrated == tuple(calibration["calibrated"])


def test_selection_keeps_to_the_model_size_limit(tmp_path, tiny_records, capsys):
    results = [{"parameters": {"c1": c1}, "dev_field_micro_f1": f1, "model_bytes": size}
               for c1, f1, size in ((0.05, 0.95, 12_700_000), (0.15, 0.94, 8_100_000), (0.4, 0.93, 6_000_000))]
    assert _choose(results, 0)["parameters"] == {"c1": 0.05}
    assert _choose(results, 10)["parameters"] == {"c1": 0.15}
    # None within the limit: the smallest, with a warning, in a real training run.
    train = write(tmp_path / "train.jsonl", twice(tiny_records))
    config = TrainingConfig(data=[str(train)], max_iterations=20, dev_fraction=0.25, select={"c1": [0.0, 2.0]},
                            max_model_mb=1e-6)
    meta = train_model(config, tmp_path / "model", jobs=2)
    smallest = min(meta["selection"]["grid"], key=lambda result: result["model_bytes"])
    assert meta["selection"]["chosen"] == smallest["parameters"]
    assert "at most 1e-06 MB" in meta["selection"]["criterion"]
    assert "every setting's model is over selection.max_model_mb" in capsys.readouterr().err


def test_the_same_configuration_with_a_dev_split_trains_the_same_model(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", twice(tiny_records))
    config = TrainingConfig(data=[str(train)], max_iterations=20, synth=20, dev_fraction=0.25,
                            select={"c1": [0.1, 0.3]})
    first, second = (train_model(config, tmp_path / name, jobs=jobs) for name, jobs in (("a", 1), ("b", 2)))
    assert first["model_sha256"] == second["model_sha256"]
    assert [result["dev_field_micro_f1"] for result in first["selection"]["grid"]] == [
        result["dev_field_micro_f1"] for result in second["selection"]["grid"]]


def test_with_one_setting_the_final_model_trains_beside_the_dev_split_model(tmp_path, tiny_records, capsys):
    train = write(tmp_path / "train.jsonl", twice(tiny_records))
    config = TrainingConfig(data=[str(train)], max_iterations=20, synth=20, dev_fraction=0.25,
                            crf={"c1": 0.1, "c2": 0.05})
    alone, beside = (train_model(config, tmp_path / name, jobs=jobs) for name, jobs in (("a", 1), ("b", 2)))
    err = capsys.readouterr().err
    assert err.count("beside the dev-split model") == 1
    # the same model either way, and the dev-split model still scores the setting and calibrates confidence
    assert alone["model_sha256"] == beside["model_sha256"]
    assert alone["selection"]["grid"] == [{**beside["selection"]["grid"][0], "seconds": result["seconds"]}
                                          for result in alone["selection"]["grid"]]
    assert beside["selection"]["chosen"] == {"c1": 0.1, "c2": 0.05}
    assert (beside["hyperparameters"]["c1"], beside["hyperparameters"]["c2"]) == (0.1, 0.05)
    assert alone["calibration"]["calibrated"] == beside["calibration"]["calibrated"]
    assert Tagger.load(tmp_path / "b").calibration.fields == beside["calibration"]["fields"] >= 1


def test_a_fit_whose_process_dies_stops_training_with_one_clear_error(tmp_path, tiny_records, monkeypatch):
    """A side-by-side fit killed mid-run (the out-of-memory killer, say) must not leave training waiting for ever."""
    import os
    import signal

    import tagger.research.training as training

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(training, "fit_config", killed)
    train = write(tmp_path / "train.jsonl", twice(tiny_records))
    config = TrainingConfig(data=[str(train)], max_iterations=5, dev_fraction=0.25)
    with pytest.raises(WorkerError, match="a training process died"):
        train_model(config, tmp_path / "model", jobs=2)
    assert not (tmp_path / "model").exists()


def test_dev_split_and_weighting():
    records = [{"text": f"reference {number}", "source_file": "x.jsonl" if number < 50 else "y.jsonl"}
               for number in range(100)]
    dev, rest = split_dev(records, 0.3, seed=4)
    assert 15 <= len(dev) <= 45 and sorted(dev + rest, key=records.index) == records
    assert (dev, rest) == split_dev(records, 0.3, seed=4) != split_dev(records, 0.3, seed=5)
    # a reference's side depends on it alone: the pool's other references and equal texts change nothing
    assert split_dev(records[:40] + [{"text": "Reference 7."}], 0.3, seed=4)[0] == [
        record for record in dev if record in records[:40]] + ([{"text": "Reference 7."}] if records[7] in dev else [])
    assert split_dev(records[:1], 0.01, seed=4)[0] == records[:1]  # never an empty dev split
    config = TrainingConfig(weights={"x.jsonl": 3})
    assert [record["text"] for record in weighted(config, records[48:52])] == [
        "reference 48", "reference 48", "reference 48", "reference 49", "reference 49", "reference 49",
        "reference 50", "reference 51"]


def test_a_dev_split_keeps_the_references_of_one_source_file_together():
    papers = [{"id": f"grobid-paper{paper}-{number}", "text": f"paper {paper} reference {number}"}
              for paper in range(40) for number in range(5)]
    loose = [{"id": f"other-{number}", "text": f"loose reference {number}"} for number in range(100)]
    config = TrainingConfig(held_out=[{"file": "g.jsonl", "group": r"^grobid-(.+)-\d+$", "share": 0.1}])
    dev, rest = config_dev_split(config, papers + loose, 0.3)
    dev_papers = {record["id"].rsplit("-", 1)[0] for record in dev if record in papers}
    rest_papers = {record["id"].rsplit("-", 1)[0] for record in rest if record in papers}
    assert dev_papers and rest_papers and not dev_papers & rest_papers  # whole papers on each side
    assert 0 < sum(record in loose for record in dev) < 100  # ids without the group: by text, as before
    assert [record for record in dev if record in loose] == [
        record for record in split_dev(loose, 0.3, config.seed)[0]]


def test_a_held_out_part_of_a_training_file_is_whole_groups_scored_and_never_trained_on(tmp_path):
    records = [{"id": f"grobid-paper{paper}-{number}", "text": f"Author {paper}. Title {number}. 2001.",
                "spans": [{"start": 0, "end": 9 + len(str(paper)), "label": "author"}]}
               for paper in range(20) for number in range(paper % 4 + 1)]
    train = write(tmp_path / "train.jsonl", records)
    part = {"file": str(train), "group": r"^grobid-(.+)-\d+$", "share": 0.25, "seed": 3}
    config = TrainingConfig(data=[str(train)], held_out=[part])
    tests = read_test_files(config)
    [(name, held)] = tests.items()
    assert name == f"{train} (held out)"
    papers = {record["id"].rsplit("-", 1)[0] for record in held}
    assert all(sum(record["id"].startswith(paper + "-") for record in held) ==
               sum(record["id"].startswith(paper + "-") for record in records) for paper in papers)
    assert len(records) * 0.25 <= len(held) < len(records) * 0.25 + 4
    pool, _ = read_pool(config)
    assert sorted(record["id"] for record in pool + held) == sorted(record["id"] for record in records)
    assert read_test_files(config)[name] == held  # the same part each time, by its seed


def test_the_pool_leaves_out_test_texts_and_duplicates(tmp_path, tiny_records):
    train = write(tmp_path / "train.jsonl", twice(tiny_records))
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

    formats.write(twice(tiny_records[:6]), tmp_path / "train.xml", "anystyle-xml")
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
