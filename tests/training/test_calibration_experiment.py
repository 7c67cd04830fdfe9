"""training/calibration_experiment.py: calibration maps cross-fitted on halvings of the shipped dev split."""

import json
import re
import shutil

import pytest

from tagger.calibration import Calibration
from training.calibration_experiment import main


def test_each_map_is_scored_per_corpus_on_each_halving_and_summed_up(tiny_model, shared_data, capsys):
    assert main([str(tiny_model), "--halvings", "2"]) == 0
    out = capsys.readouterr().out
    assert re.findall(r"^halving (\d)$", out, re.MULTILINE) == ["0", "1"]
    maps = ("reference", "pooled", "balanced", "pdf", "pdf2")
    for kind in ("raw", *maps):
        assert len(re.findall(rf"^{kind}$", out, re.MULTILINE)) == 2
    summary = out.split("largest gap in each of 2 halvings, and their mean\n")[1].splitlines()
    assert len(summary) == 6 * len(maps)  # five corpora and all of them, for each map
    for line in summary:
        name, kind, first, second, _, mean = line.split()
        assert kind in maps and float(mean) == pytest.approx((float(first) + float(second)) / 2, abs=0.0006)


def test_a_calibrated_model_and_no_halvings_are_refused(tiny_model, tmp_path):
    with pytest.raises(SystemExit) as raised:
        main([str(tiny_model), "--halvings", "0"])
    assert raised.value.code == 2
    folder = tmp_path / "calibrated"
    shutil.copytree(tiny_model, folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["calibration"] = Calibration.fit([0.2, 0.9], [False, True]).to_meta()
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(SystemExit, match="carries a calibration already"):
        main([str(folder)])
