"""The researcher's workflow: train from a configuration, evaluate with intervals and reports, compare, inspect,
cross-validate, leave a corpus out, search and learning curves — each on small corpora the tests build from the
project's own seed-style references."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tagger.cli import main
from tagger.corpus import formats
from tagger.features import FEATURE_GROUPS
from tagger.files import file_sha256
from tagger.labels import CORE_LABELS
from tagger.model import Tagger
from tagger.research.config import load_config

QUICK = ["--max-iterations", "30"]  # as the trained fixture (conftest.py)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- metrics and statistics


# ---------------------------------------------------------------- configuration


def test_train_refuses_a_weight_for_a_file_it_does_not_train_on(tmp_path, corpora, capsys):
    code = main(["train", "--data", str(corpora["a"]), "--weight", f"{corpora['b']}=2", "--out", str(tmp_path / "m")])
    assert code == 1
    assert "is not one of the training files" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


# ---------------------------------------------------------------- train


def test_train_writes_a_model_that_parse_uses_and_a_meta_that_reproduces_it(trained, corpora, tmp_path, capsys):
    meta = json.loads((trained / "meta.json").read_text(encoding="utf-8"))
    assert meta["config"]["seed"] == 3 and meta["config"]["max_iterations"] == 30
    files = meta["training_data"]["files"]
    assert files[str(corpora["a"])]["sha256"] == file_sha256(corpora["a"])
    assert meta["training_data"]["test_files"][str(corpora["test"])]["sha256"] == file_sha256(corpora["test"])
    assert {"python", "python-crfsuite", "sklearn-crfsuite", "spacy"} <= set(meta["versions"])
    assert meta["training_seconds"] > 0 and meta["training_command"].startswith("reftagger train")
    assert 0 < meta["scores"]["test"][str(corpora["test"])]["field"]["micro"]["f1"] <= 1
    # the model directory works with parse
    source = tmp_path / "refs.txt"
    source.write_text("SILVA, João. Título da obra. São Paulo: Atlas, 2001.\n", encoding="utf-8")
    assert main(["parse", "--model", str(trained), str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["fields"]
    # the same configuration trains the same model, byte for byte
    again = tmp_path / "again"
    assert main(["train", "--data", str(corpora["a"]), str(corpora["b"]), "--test", str(corpora["test"]),
                 "--out", str(again), "--seed", "3", *QUICK]) == 0
    assert file_sha256(again / "model.crfsuite") == meta["model_sha256"]


def test_train_from_a_config_file_with_flags_on_top(tmp_path, corpora):
    config = tmp_path / "run.toml"
    config.write_text(f'data = ["{corpora["a"]}"]\nlabels = "core"\n[crf]\nc1 = 0.5\nmax_iterations = 25\n',
                      encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "--config", str(config), "--c2", "0.2", "--out", str(out)]) == 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["hyperparameters"] | {"c1": 0.5, "c2": 0.2, "max_iterations": 25} == meta["hyperparameters"]
    assert set(meta["labels"]) <= {*CORE_LABELS, "O"}
    # a core-only model gives no extended label, not even by the marker rule
    reference = Tagger.load(out).parse("1. SILVA, João. Título. São Paulo: Atlas, 2001.")
    assert {span.label for span in reference.spans} <= set(CORE_LABELS)


def test_excluded_feature_groups_leave_no_weights(tmp_path, corpora, capsys):
    out = tmp_path / "nolexicon"
    assert main(["train", "--data", str(corpora["a"]), "--exclude-features", "lexicon", "neighbours",
                 "--out", str(out), *QUICK]) == 0
    assert main(["inspect", str(out), "--top", "100000", "--json", str(tmp_path / "f.json")]) == 0
    found = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    attributes = [row["attribute"] for row in found["positive"] + found["negative"]]
    assert attributes and not any(name.startswith(tuple(f"{lexicon}=" for lexicon in FEATURE_GROUPS["lexicon"]))
                                  for name in attributes)
    assert not any(name.startswith(("-2:", "-1:", "1:", "2:")) for name in attributes)


# ---------------------------------------------------------------- evaluate, compare, inspect


def test_evaluate_json_has_an_interval_beside_every_f1(trained, corpora, tmp_path):
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--json", str(out),
                 "--resamples", "300"]) == 0
    scores = json.loads(out.read_text(encoding="utf-8"))
    for level in ("word", "field"):
        for label, values in scores[level].items():
            assert len(values["ci95"]) == 2 and values["ci95"][0] <= values["f1"] <= values["ci95"][1], label
    assert {"micro", "macro"} <= set(scores["field"])
    labels = scores["confusion"]["labels"]
    assert len(scores["confusion"]["matrix"]) == len(labels) and "none" in labels


def test_evaluate_report_folder_holds_markdown_json_figures_and_errors(trained, corpora, tmp_path, capsys):
    from tagger.corpus import read_records

    report = tmp_path / "report"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--report", str(report),
                 "--resamples", "200"]) == 0
    markdown = (report / "report.md").read_text(encoding="utf-8")
    assert "| label | word P |" in markdown and "core field micro-F1" in markdown and "## Errors" in markdown
    for figure in ("confusion.png", "f1.png"):
        data = (report / figure).read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    wrong = [json.loads(line) for line in (report / "errors.jsonl").open(encoding="utf-8")]
    test = {record["text"]: record for record in read_records(corpora["test"])}
    assert wrong, "a model trained for 30 iterations on other styles gets some references wrong"
    for item in wrong:
        assert item["gold"] == [span | {"text": item["text"][span["start"]:span["end"]]}
                                for span in ({k: s[k] for k in ("start", "end", "label")}
                                             for s in test[item["text"]]["spans"])]
        assert item["wrong"] and all(entry["missed"] or entry["extra"] for entry in item["wrong"])
    # the AnyStyle XML for correction carries the predicted labels of the same references
    # (AnyStyle XML cannot carry fields glued without a space, as in "Decker J.New cells": those are named)
    correction = read_records(report / "errors.xml")
    texts = [item["text"] for item in wrong]
    kept = [record["text"] for record in correction]
    assert kept and kept == [text for text in texts if text in kept]
    captured = capsys.readouterr()
    assert "most frequent word confusions" in captured.out
    if len(kept) < len(texts):
        assert f"{len(texts) - len(kept)} of the {len(texts)} references cannot be written as AnyStyle XML" in (
            captured.err)


def test_evaluate_errors_file_and_markdown(trained, corpora, tmp_path):
    errors, markdown = tmp_path / "wrong.jsonl", tmp_path / "report.md"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--errors", str(errors),
                 "--markdown", str(markdown), "--resamples", "0"]) == 0
    assert errors.read_text(encoding="utf-8").count("\n") == len(
        [line for line in errors.open(encoding="utf-8")])
    assert (tmp_path / "wrong.xml").is_file()
    assert "ci95" not in markdown.read_text(encoding="utf-8") and "| label |" in markdown.read_text(encoding="utf-8")


def test_compare_a_model_with_itself_reports_no_difference(trained, corpora, tmp_path, capsys):
    out = tmp_path / "compare.json"
    assert main(["compare", str(trained), str(trained), "--data", str(corpora["test"]), "--json", str(out),
                 "--resamples", "1000"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["difference"] == 0.0 and result["p_value"] == 1.0
    assert result["model_a"]["field_micro_f1"] == result["model_b"]["field_micro_f1"]
    assert "no significant difference" in capsys.readouterr().out


def test_compare_two_different_models_on_their_test_data(trained, tiny_model, corpora, tmp_path):
    out = tmp_path / "compare.json"
    assert main(["compare", str(tiny_model), str(trained), "--data", str(corpora["test"]), "--json", str(out),
                 "--method", "bootstrap", "--resamples", "1000"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["method"] == "bootstrap" and result["references"] == 32
    assert result["difference"] == pytest.approx(result["model_b"]["field_micro_f1"]
                                                 - result["model_a"]["field_micro_f1"])
    assert 0 < result["p_value"] <= 1


def test_inspect_lists_features_and_transitions(trained, capsys):
    assert main(["inspect", str(trained), "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "strongest positive state features" in out and "strongest negative transitions" in out
    assert main(["inspect", str(trained), "--label", "year", "--top", "3"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert all(" year " in line or "->" in line for line in lines)
    assert main(["inspect", str(trained), "--label", "colour"]) == 1
    assert "has no label 'colour'" in capsys.readouterr().err


# ---------------------------------------------------------------- experiments


def test_cross_validation_is_reproducible_and_reports_mean_and_sd(corpora, tmp_path):
    outputs = []
    for run in ("first", "second"):
        report = tmp_path / run
        assert main(["cv", "--data", str(corpora["a"]), str(corpora["b"]), "--folds", "3", "--seed", "5",
                     "--report", str(report), *QUICK]) == 0
        outputs.append(json.loads((report / "results.json").read_text(encoding="utf-8")))
    first, second = outputs
    assert first["per_fold"] == second["per_fold"] and len(first["per_fold"]) == 3
    assert sum(row["test"] for row in first["per_fold"]) == 80
    values = [row["field micro-F1"] for row in first["per_fold"]]
    assert first["summary"]["field micro-F1"]["mean"] == pytest.approx(np.mean(values))
    assert first["summary"]["field micro-F1"]["sd"] == pytest.approx(np.std(values, ddof=1))
    assert "3-fold cross-validation" in (tmp_path / "first" / "report.md").read_text(encoding="utf-8")


def test_leave_one_corpus_out_trains_without_the_held_out_corpus(corpora, tmp_path):
    out = tmp_path / "loco.json"
    assert main(["loco", "--corpus", f"a={corpora['a']}", "--corpus", f"b={corpora['b']}",
                 "--corpus", f"c={corpora['c']}:{corpora['test']}", "--json", str(out), *QUICK]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["held_out"]: row for row in result["per_corpus"]}
    assert rows["a"]["train"] == 80 and rows["a"]["test"] == 40  # trained on b and c, tested on all of a
    assert rows["c"]["test"] == 32 and rows["c"]["test_files"] == [str(corpora["test"])]
    # the held-out test file shares no text with the training side: a, b and c keep all 80
    assert rows["c"]["train"] == 80
    assert set(result["per_label"]["a"]) == set(CORE_LABELS)


def test_search_scores_every_setting_and_writes_the_chosen_one(corpora, tmp_path, capsys):
    chosen = tmp_path / "chosen.toml"
    assert main(["search", "--data", str(corpora["a"]), str(corpora["b"]), "--grid", "c1=0.01,2.0",
                 "--grid", "exclude_features=none,lexicon+affixes", "--folds", "2", "--json", str(tmp_path / "s.json"),
                 "--write-config", str(chosen), *QUICK]) == 0
    result = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert len(result["results"]) == 4 and sorted(row["rank"] for row in result["results"])[0] == 1
    best = min(result["results"], key=lambda row: row["rank"])
    assert best["mean"] == max(row["mean"] for row in result["results"])
    assert all(len(row["folds"]) == 2 for row in result["results"])
    assert all(row["sd"] == pytest.approx(np.std(row["folds"], ddof=1)) for row in result["results"])
    config = load_config(chosen)
    assert config.crf["c1"] == best["c1"]
    assert config.exclude_features == ([] if best["exclude_features"] == "none" else ["lexicon", "affixes"])
    assert "Hyper-parameter search" in capsys.readouterr().out


def test_search_refuses_a_bad_grid(corpora, capsys):
    assert main(["search", "--data", str(corpora["a"]), "--grid", "colour=1,2"]) == 1
    assert "--grid 'colour=1,2'" in capsys.readouterr().err


def test_learning_curve_table_and_figure(corpora, tmp_path):
    report = tmp_path / "curve"
    assert main(["curve", "--data", str(corpora["a"]), str(corpora["b"]), "--test", str(corpora["test"]),
                 "--fractions", "0.25", "1", "--seeds", "2", "--report", str(report), *QUICK]) == 0
    result = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert [point["train"] for point in result["points"]] == [20, 80]
    assert len(result["runs"]) == 4
    assert result["points"][1]["field micro-F1"]["sd"] == 0.0  # all of the data: every seed trains the same model
    assert (report / "learning-curve.png").read_bytes().startswith(PNG_MAGIC)
    assert "| share | train |" in (report / "report.md").read_text(encoding="utf-8")


def test_annotation_simulation_table_and_figure(corpora, tmp_path):
    report = tmp_path / "simulation"
    assert main(["simulate-annotation", "--data", str(corpora["a"]), "--pool", str(corpora["c"]), "--batch", "5",
                 "--rounds", "2", "--seeds", "2", "--strategies", "span", "random", "--test-share", "0.25",
                 "--report", str(report), *QUICK]) == 0
    result = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert (result["pool_test"], result["pool_candidates"]) == (10, 30)
    assert [(run["strategy"], run["seed"], run["labelled"]) for run in result["runs"]] == [
        (strategy, seed, labelled) for strategy in ("span", "random") for seed in (0, 1) for labelled in (0, 5, 10)]
    assert all(0 < run["field micro-F1"] <= 1 for run in result["runs"])
    assert set(result["needed"]) == {"random_at_end", "span"}
    assert (report / "annotation-simulation.png").read_bytes().startswith(PNG_MAGIC)
    markdown = (report / "report.md").read_text(encoding="utf-8")
    assert "| labelled | span | random |" in markdown and "Random sampling's mean at 10 labelled" in markdown


def test_evaluate_removes_what_a_trained_model_was_trained_on(trained, corpora, tmp_path, capsys):
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["a"]), str(corpora["test"]),
                 "--json", str(out), "--resamples", "0"]) == 0
    assert "removed 40 references" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["n"] == 32


@pytest.mark.parametrize("arguments, message", [
    (["train", "--data", "{missing}", "--out", "{tmp}/m"], "no such file"),
    (["train", "--out", "{tmp}/m"], "no training data"),
    (["train", "--data", "{a}", "--out", "{a}"], "is a file; --out names the model directory"),
    (["train", "--data", "{a}", "--out", "{tmp}/m", "--crf", "colour=1"], "crf.colour: not a parameter"),
    (["curve", "--data", "{a}"], "a learning curve needs test data"),
    (["loco", "--corpus", "a={a}"], "needs at least two corpora"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{missing}"], "no such file (--pool is the labelled file"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{a}", "--batch", "50"], "fewer than the 500 the simulation"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{a}", "--test", "{a}"], "--test (test = [...]"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{b}", "--batch", "5", "--rounds", "1", "--group", "("],
     "--group '(' is not a regular expression"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{b}", "--batch", "5", "--rounds", "1", "--group", "seed"],
     "has no (group)"),
    (["simulate-annotation", "--data", "{a}", "--pool", "{a}", "--batch", "5", "--rounds", "1"],
     "every starting reference (--data) also occurs in the pool"),
    (["cv", "--data", "{a}", "--report", "{a}"], "is a file; --report names the folder"),
    (["evaluate", "--data", "{a}", "--report", "{a}"], "is a file; --report names the folder"),
    (["search", "--data", "{a}", "--grid", "c1=0.1", "--algorithm", "ap"], "c1 and c2 are L-BFGS parameters"),
    (["compare", "{tmp}", "{tmp}", "--data", "{a}"], "model metadata not found"),
])
def test_research_commands_refuse_bad_input_in_one_line(arguments, message, corpora, tmp_path, capsys):
    values = {"a": corpora["a"], "b": corpora["b"], "tmp": tmp_path, "missing": tmp_path / "missing.jsonl"}
    assert main([argument.format(**values) for argument in arguments]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("reftagger: error:")


def test_train_never_overwrites_by_surprise(tmp_path, corpora, capsys, monkeypatch):
    import tagger.research.training

    crowded = tmp_path / "crowded"
    crowded.mkdir()
    (crowded / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["train", "--data", str(corpora["a"]), "--out", str(crowded), *QUICK]) == 1
    assert "holding other files (notes.txt)" in capsys.readouterr().err
    model = tmp_path / "model"
    assert main(["train", "--data", str(corpora["a"]), "--out", str(model), *QUICK]) == 0
    before = file_sha256(model / "model.crfsuite")
    assert main(["train", "--data", str(corpora["b"]), "--out", str(model), *QUICK]) == 1
    assert "holds a model already; give --force" in capsys.readouterr().err
    # interrupted while training: the model already there is left as it was, and nothing else is left behind
    real = tagger.research.training.fit_config

    def interrupted(*arguments, **options):
        real(*arguments, **options)
        raise KeyboardInterrupt

    monkeypatch.setattr(tagger.research.training, "fit_config", interrupted)
    assert main(["train", "--data", str(corpora["b"]), "--out", str(model), "--force", *QUICK]) == 130
    assert f"interrupted: {model} is as it was before" in capsys.readouterr().err
    assert file_sha256(model / "model.crfsuite") == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["crowded", "model"]
    monkeypatch.setattr(tagger.research.training, "fit_config", real)
    assert main(["train", "--data", str(corpora["b"]), "--out", str(model), "--force", *QUICK]) == 0
    assert file_sha256(model / "model.crfsuite") != before
    assert Tagger.load(model).meta["config"]["data"] == [str(corpora["b"])]


def test_outputs_go_into_new_folders(corpora, tmp_path):
    chosen = tmp_path / "new" / "deeper" / "chosen.toml"
    assert main(["search", "--data", str(corpora["a"]), "--grid", "c1=0.1,0.5", "--folds", "2",
                 "--write-config", str(chosen), "--json", str(tmp_path / "other" / "s.json"), *QUICK]) == 0
    assert load_config(chosen).crf["c1"] in (0.1, 0.5)
    assert json.loads((tmp_path / "other" / "s.json").read_text(encoding="utf-8"))["kind"] == "search"


def test_a_grid_parameter_given_twice_is_refused(corpora, capsys):
    assert main(["search", "--data", str(corpora["a"]), "--grid", "c1=0.1", "--grid", "c1=0.2"]) == 1
    assert "c1 is given twice" in capsys.readouterr().err


def test_cross_validation_averages_a_label_over_the_folds_that_have_it(records_by_style, tmp_path):
    styles = records_by_style
    marked = [record for record in styles["seed-gbt-article"] if any(s["label"] == "marker" for s in record["spans"])]
    plain = [record | {"spans": [s for s in record["spans"] if s["label"] != "marker"]}
             for record in styles["seed-din-book"][:30]]
    data = tmp_path / "mixed.jsonl"
    data.write_text("".join(json.dumps(record) + "\n" for record in plain + marked[:1]), encoding="utf-8")
    out = tmp_path / "cv.json"
    assert main(["cv", "--data", str(data), "--folds", "3", "--json", str(out), *QUICK]) == 0
    marker = json.loads(out.read_text(encoding="utf-8"))["per_label"]["marker"]
    assert marker["folds"] == 1 and marker["sd"] == 0.0 and len(marker["per_fold"]) == 1


def test_training_reads_a_named_format_and_skips_bad_records_when_lenient(corpora, tmp_path, capsys):
    broken = tmp_path / "corpus.data"
    lines = corpora["a"].read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([*lines[:20], "{not json", *lines[20:]]) + "\n", encoding="utf-8")
    assert main(["train", "--data", str(broken), "--out", str(tmp_path / "m1"), *QUICK]) == 1
    assert f"{broken}:21: not valid JSON" in capsys.readouterr().err  # told to be JSONL from its content
    assert main(["train", "--data", str(broken), "--from", "conll", "--out", str(tmp_path / "m2"), *QUICK]) == 1
    assert f"{broken}:1: expected TOKEN<TAB>TAG" in capsys.readouterr().err  # --from conll was obeyed
    assert main(["train", "--data", str(broken), "--from", "jsonl", "--lenient", "--out", str(tmp_path / "m3"),
                 *QUICK]) == 0
    assert "warning:" in capsys.readouterr().err
    assert Tagger.load(tmp_path / "m3").meta["training_data"]["files"][str(broken)]["references"] == 40


def test_evaluate_json_says_what_was_measured(trained, corpora, tmp_path):
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--json", str(out),
                 "--resamples", "0"]) == 0
    provenance = json.loads(out.read_text(encoding="utf-8"))["provenance"]
    assert provenance["model_sha256"] == file_sha256(trained / "model.crfsuite")
    assert provenance["data"] == [{"path": str(corpora["test"]), "sha256": file_sha256(corpora["test"])}]
    assert provenance["model_training_command"].startswith("reftagger train")


def test_inspect_a_label_shows_only_its_transitions(trained, tmp_path):
    out = tmp_path / "features.json"
    assert main(["inspect", str(trained), "--label", "venue", "--top", "50", "--json", str(out)]) == 0
    found = json.loads(out.read_text(encoding="utf-8"))
    transitions = found["transitions_positive"] + found["transitions_negative"]
    assert transitions and all("venue" in (row["from"], row["to"]) for row in transitions)
    assert {row["label"] for row in found["positive"] + found["negative"]} == {"venue"}


def test_without_matplotlib_a_report_with_figures_is_refused_before_any_work(trained, corpora, tmp_path, capsys,
                                                                               monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    report = tmp_path / "report"
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--report", str(report)]) == 1
    captured = capsys.readouterr()
    assert "PNG figures need matplotlib: pip install 'reftagger[research]'" in captured.err
    assert captured.out == "" and not report.exists()
    assert main(["evaluate", "--model", str(trained), "--data", str(corpora["test"]), "--report", str(report),
                 "--no-plots", "--resamples", "0"]) == 0
    assert sorted(path.name for path in report.iterdir()) == ["errors.jsonl", "errors.xml", "report.md",
                                                               "scores.json"]


def test_train_says_each_stage_in_a_log(corpora, tmp_path):
    """With stderr in a file (no progress bars), every stage of training is a line, written as it happens."""
    import subprocess
    import sys

    log = tmp_path / "train.log"
    config = tmp_path / "run.toml"
    config.write_text(f'data = ["{corpora["a"]}", "{corpora["b"]}"]\ntest = ["{corpora["test"]}"]\nsynth = 30\n'
                      f'[crf]\nmax_iterations = 15\n[selection]\ndev_fraction = 0.2\nc1 = [0.1, 0.3]\n',
                      encoding="utf-8")
    with log.open("w") as err:
        subprocess.run([sys.executable, "-m", "tagger.cli", "train", "--config", str(config), "--out",
                        str(tmp_path / "model")], stderr=err, check=True, cwd=Path(__file__).parent.parent.parent)
    lines = log.read_text(encoding="utf-8").splitlines()
    expected = ["training pool: 80 references from 2 files", "dev split: ",
                "synthetic references:", "choosing among 2 settings", "  c1=0.1 c2=0.1: dev core field micro-F1",
                "  c1=0.3 c2=0.1: dev core field micro-F1", "final model: c1=", f"  {corpora['test']}: core field",
                "trained on 80 of the 80 references given"]
    starts = [next((index for index, line in enumerate(lines) if line.startswith(start)), None) for start in expected]
    assert None not in starts and starts == sorted(starts), lines
    assert not any("\r" in line or "it/s" in line for line in lines)  # no progress bars in a log


def test_train_without_the_train_extra_says_how_to_install_it(corpora, tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "tagger.research.fit", raising=False)
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import pycrfsuite now raises ImportError
    assert main(["train", "--data", str(corpora["a"]), "--out", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert err == "reftagger: error: training needs pycrfsuite: pip install 'reftagger[train]'\n"
    assert not (tmp_path / "m").exists()


def test_train_chooses_among_settings_given_as_flags(corpora, tmp_path):
    out = tmp_path / "model"
    assert main(["train", "--data", str(corpora["a"]), "--out", str(out), "--dev-fraction", "0.25",
                 "--select", "c1=0.01,1.5", *QUICK]) == 0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert [result["parameters"]["c1"] for result in meta["selection"]["grid"]] == [0.01, 1.5]
    assert meta["config"]["dev_fraction"] == 0.25 and meta["hyperparameters"]["c1"] in (0.01, 1.5)
    assert 1 <= meta["scores"]["dev_check"]["n"] < 40


def test_a_crf_flag_replaces_the_values_the_configurations_selection_would_choose_among(tmp_path, corpora):
    """The shipped configuration lists its chosen c1 and c2 under [selection]: --c2 on top must win there too."""
    from tagger.cli.main import build_parser
    from tagger.cli.research import config_from

    config = tmp_path / "run.toml"
    config.write_text(f'data = ["{corpora["a"]}"]\n[crf]\nc1 = 0.15\nc2 = 0.1\n'
                      '[selection]\ndev_fraction = 0.2\nc1 = [0.15, 0.3]\nc2 = [0.1]\n', encoding="utf-8")
    given = config_from(build_parser().parse_args(["train", "--config", str(config), "--out", "x", "--c2", "0.2"]))
    assert given.select == {"c1": [0.15, 0.3]}
    assert given.settings() == [{"c1": 0.15, "c2": 0.2}, {"c1": 0.3, "c2": 0.2}]
    plain = config_from(build_parser().parse_args(["train", "--config", str(config), "--out", "x"]))
    assert plain.settings() == [{"c1": 0.15, "c2": 0.1}, {"c1": 0.3, "c2": 0.1}]


def test_evaluate_finds_training_data_by_checksum_and_refuses_an_empty_evaluation(tmp_path, capsys, tiny_model,
                                                                                  tiny_records):
    import shutil

    data, model = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    shutil.copytree(tiny_model, model)
    train = data / "train.xml"
    formats.write(tiny_records, train, "anystyle-xml")
    meta = json.loads((model / "meta.json").read_text())
    from tagger.files import file_sha256

    meta["training_data"] = {"data_dir": str(data), "files": {"train.xml": {"sha256": file_sha256(train)}}}
    (model / "meta.json").write_text(json.dumps(meta))
    status, _, err = run(capsys, "evaluate", "--model", str(model), "--data", str(train))
    assert status == 1 and "no references left to evaluate" in err and "removed 8 references" in err
    formats.write(tiny_records[:4], train, "anystyle-xml")  # the file changed since training: not used
    status, _, err = run(capsys, "evaluate", "--model", str(model), "--data", str(train))
    assert status == 0 and "not found here (or changed since)" in err and "references whose text" not in err


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_warnings_about_a_models_training_files_are_one_line_each(tmp_path, capsys, tiny_model, tiny_corpus):
    """evaluate reads the model's training files to leave them out; their warnings are lines like any other."""
    import shutil

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "sequence-sample.xml"
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    meta = json.loads((model / "meta.json").read_text())
    meta["training_data"] = {"files": {str(fixture): {}}}  # a training file with a tag the table lacks
    (model / "meta.json").write_text(json.dumps(meta))
    status, _, err = run(capsys, "evaluate", "--model", str(model), "--data", str(tiny_corpus), "--resamples", "0")
    assert status == 0
    lines = err.strip().splitlines()
    assert any("labelled 'other'" in line for line in lines)
    assert all(line.startswith(("reftagger: ", "removed ")) for line in lines), lines
