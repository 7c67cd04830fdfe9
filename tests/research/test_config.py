"""Training configurations: TOML in and out, and every bad value refused naming the file and the value."""

from pathlib import Path

import pytest

from tagger.errors import ConfigError
from tagger.research.config import TrainingConfig, load_config, write_config


def test_a_configuration_round_trips_through_toml(tmp_path, corpora):
    config = TrainingConfig(data=[str(corpora["a"]), str(corpora["b"])], test=[str(corpora["test"])],
                            weights={str(corpora["b"]): 2}, labels="core", exclude_features=["lexicon", "affixes"],
                            crf={"c1": 0.3, "c2": 0.01}, max_iterations=40, synth=0, seed=7,
                            split_volume_issue=True, dev_fraction=0.1, select={"c1": [0.05, 0.15]},
                            max_model_mb=9.5,
                            held_out=[{"file": str(corpora["a"]), "group": r"^seed-(.+)-\d+$", "share": 0.2,
                                       "seed": 1}])
    path = tmp_path / "sub" / "config.toml"
    path.parent.mkdir()
    write_config(config, path)
    loaded = load_config(path)
    assert [Path(name).resolve() for name in loaded.data] == [Path(name).resolve() for name in config.data]
    assert [Path(name).resolve() for name in loaded.weights] == [corpora["b"].resolve()]
    assert (loaded.labels, loaded.exclude_features, loaded.crf, loaded.max_iterations, loaded.seed) == (
        "core", ["lexicon", "affixes"], {"c1": 0.3, "c2": 0.01}, 40, 7)
    assert loaded.split_volume_issue is True
    assert (loaded.dev_fraction, loaded.select, loaded.max_model_mb) == (0.1, {"c1": [0.05, 0.15]}, 9.5)
    [part] = loaded.held_out
    assert Path(part.pop("file")).resolve() == corpora["a"].resolve()
    assert part == {"group": r"^seed-(.+)-\d+$", "share": 0.2, "seed": 1}


@pytest.mark.parametrize("text, message", [
    ("colour = 1\n", "unknown key 'colour'"),
    ("labels = 'some'\n", "labels = 'some'"),
    ("[crf]\nalgorithm = 'ap'\nc1 = 0.1\n", "crf.c1: not a parameter of the ap algorithm"),
    ("[crf]\nalgorithm = 'newton'\n", "algorithm = 'newton'"),
    ("[features]\nexclude = ['colours']\n", "unknown feature group 'colours'"),
    ("[crf]\nc2 = -1\n", "crf.c2 = -1: must not be negative"),
    ("seed = 'x'\n", "seed = 'x'"),
    ("data = [1\n", "not valid TOML"),
    ("[crf]\nc1 = '0.1'\n", "crf.c1 = '0.1': must be a number"),
    ("[crf]\nmax_iteration = 5\n", "it takes max_iterations, c1"),
    ("seed = -3\n", "seed = -3: must be a whole number of at least 0"),
    ("format = 'docx'\n", "format = 'docx'"),
    ("split_volume_issue = 'yes'\n", "split_volume_issue = 'yes'"),
    ("[selection]\ndev_fraction = 0.1\nmax_model_mb = -1\n", "selection.max_model_mb = -1: must be a number"),
    ("held_out = 3\n", r"held_out must be an array of tables"),
    ("[[held_out]]\nshare = 0.1\n", "held_out #1: a table with a file"),
    ("[[held_out]]\nfile = 'a.jsonl'\ncolour = 1\n", r"held_out #1: .*\['colour'\]"),
    ("[[held_out]]\nfile = 'a.jsonl'\ngroup = '(x'\n", "held_out #1: group = '\\(x' is not a regular expression"),
    ("[[held_out]]\nfile = 'a.jsonl'\nshare = 1.5\n", "held_out #1: share = 1.5: must be a number above 0"),
    ("[[held_out]]\nfile = 'a.jsonl'\nseed = 0.5\n", "held_out #1: seed = 0.5: must be a whole number"),
])
def test_a_bad_configuration_is_refused_naming_the_file_and_value(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_a_dev_split_selection_round_trips_and_gives_its_settings(tmp_path):
    config = TrainingConfig(data=["a.jsonl"], crf={"c1": 0.15, "c2": 0.05}, dev_fraction=0.1,
                            select={"c1": [0.05, 0.15], "c2": [0.05, 0.5]})
    assert config.check().settings() == [{"c1": 0.05, "c2": 0.05}, {"c1": 0.05, "c2": 0.5},
                                         {"c1": 0.15, "c2": 0.05}, {"c1": 0.15, "c2": 0.5}]
    path = tmp_path / "config.toml"
    write_config(config, path)
    loaded = load_config(path)
    assert (loaded.dev_fraction, loaded.select) == (0.1, {"c1": [0.05, 0.15], "c2": [0.05, 0.5]})
    assert TrainingConfig(data=["a.jsonl"]).settings() == [{"c1": 0.15, "c2": 0.1}]


@pytest.mark.parametrize("text, message", [
    ("[selection]\nc1 = [0.1, 0.2]\n", "choosing among CRF settings needs a dev split"),
    ("[selection]\ndev_fraction = 1.5\n", "selection.dev_fraction = 1.5: must be a number from 0 to below 1"),
    ("[selection]\ndev_fraction = 0.1\nc1 = 0.1\n", r"selection.c1 = 0.1: must be a list of numbers"),
    ("[selection]\ndev_fraction = 0.1\ncolour = [1]\n", "selection.colour: not a parameter of the lbfgs algorithm"),
    ("selection = 3\n", r"\[selection\] must be a table"),
    ("crf = 3\n", r"\[crf\] must be a table"),
])
def test_a_bad_selection_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_written_paths_keep_the_names_they_were_given_through_a_symbolic_link(tmp_path, monkeypatch):
    """A folder reached through a link is written by the link's name, not resolved to where it points."""
    real = tmp_path / "elsewhere" / "deep" / "corpora"
    real.mkdir(parents=True)
    (real / "a.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "data").symlink_to(real)
    monkeypatch.chdir(tmp_path / "work")
    Path("runs").mkdir()
    write_config(TrainingConfig(data=["data/a.jsonl", str(real / "a.jsonl")]), Path("runs") / "chosen.toml")
    text = (tmp_path / "work" / "runs" / "chosen.toml").read_text(encoding="utf-8")
    assert f'data = ["../data/a.jsonl", "{real / "a.jsonl"}"]' in text
    assert load_config(Path("runs") / "chosen.toml").data == ["data/a.jsonl", str(real / "a.jsonl")]


def test_synthetic_references_without_the_synth_extra_are_refused_before_any_work(monkeypatch):
    import sys

    from tagger.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "faker", None)  # import faker now raises ImportError
    with pytest.raises(MissingExtraError, match=r"synth = 50 \(synthetic references\) needs faker: "
                                                r"pip install 'reftagger\[synth\]'"):
        TrainingConfig(data=["a.jsonl"], synth=50).check()
    TrainingConfig(data=["a.jsonl"]).check()  # no synthetic references, nothing to install
