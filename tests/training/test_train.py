"""training/train.py: the shipped model's training command, passed on to reftagger train."""

import json
from pathlib import Path

from training.train import SHIPPED_CONFIG, SHIPPED_MODEL, arguments, shipped_config


def test_training_script_with_a_config_trains_what_it_says(tmp_path, corpora):
    from training.train import main as train_script

    config = tmp_path / "run.toml"
    config.write_text(f'data = ["{corpora["a"]}"]\n[crf]\nmax_iterations = 15\n', encoding="utf-8")
    assert train_script(["--config", str(config), "--out", str(tmp_path / "model")]) == 0
    meta = json.loads((tmp_path / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["config"]["max_iterations"] == 15 and meta["config"]["data"] == [str(corpora["a"])]


def test_the_script_trains_the_shipped_configuration_into_models_unless_told_otherwise():
    defaults = arguments([])
    assert defaults[:2] == ["train", "--config"] and Path(defaults[2]).resolve() == SHIPPED_CONFIG
    assert defaults[3] == "--out" and Path(defaults[4]).resolve() == SHIPPED_MODEL
    assert defaults[5:] == ["--force", "--jobs", "2"]
    given = arguments(["--out", "/tmp/elsewhere", "--jobs", "1"])
    assert given[:3] == ["train", "--config", given[2]] and given[2].endswith("shipped.toml")
    assert given[3:] == ["--out", "/tmp/elsewhere", "--jobs", "1"]
    assert "--config" not in arguments(["--config=other.toml"])[1:2]


def test_the_shipped_configuration_reads_and_scores_its_setting_on_a_dev_split():
    config = shipped_config()
    assert config.dev_fraction == 0.1 and config.select == {"c1": [0.15], "c2": [0.1]}
    assert config.max_model_mb == 10 and len(config.settings()) == 1  # so the final model trains beside it
    assert config.synth == 10_000 and len(config.data) == 8 and len(config.test) == 3
    # GROBID's PDF-extracted references are trained on, but for a share of whole papers scored as a test
    [part] = config.held_out
    assert part["file"] in config.data and part["file"].endswith("grobid/train.jsonl") and config.split_volume_issue
