"""training/dev_experiments.py: a configuration scored on its dev split per corpus and on its held-out parts."""

import json

from tagger.research.config import TrainingConfig, write_config
from training.dev_experiments import main


def test_a_run_scores_the_dev_split_by_corpus_and_the_held_out_part_and_logs_one_line(tmp_path, corpora, capsys):
    config = TrainingConfig(data=[str(corpora["a"]), str(corpora["b"])], test=[str(corpora["test"])], synth=0,
                            max_iterations=20, dev_fraction=0.2,
                            held_out=[{"file": str(corpora["b"]), "group": r"^seed-(din-\w+)-\d+$",
                                       "share": 0.2, "seed": 0}])
    path = tmp_path / "config.toml"
    write_config(config, path)
    log = tmp_path / "log.jsonl"
    assert main(["--config", str(path), "--name", "tiny", "--jobs", "1", "--log", str(log),
                 "--save", str(tmp_path / "model")]) == 0
    [line] = log.read_text().splitlines()
    result = json.loads(line)
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == result
    assert result["name"] == "tiny" and result["synth"] == 0
    assert 0 < result["dev"]["n"] < 80 and 0 <= result["dev"]["field"] <= 1
    held = [key for key in result if key.endswith("held out")]
    assert len(held) == 1 and result[held[0]]["n"] == 20  # one of the two DIN styles, a whole group
    # the test file is never scored, and the model is kept
    assert not any(str(corpora["test"]) in key for key in result) and (tmp_path / "model" / "meta.json").is_file()
