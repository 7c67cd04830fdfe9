"""Training configurations: everything a trained model depends on, from flags or a TOML file.

A :class:`TrainingConfig` names the corpora (by path, any supported format) and how much each counts, the
files it must never be trained on, the label scheme, the feature groups left out, the CRF algorithm and its
parameters, synthetic references, the seed, and optionally a dev split on which to choose among CRF settings
(the shipped model's way). It comes from flags or a TOML file (see ``training/README.md``) and is written
whole into the model's ``meta.json``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tagger.errors import ConfigError, require
from tagger.features import FEATURE_GROUPS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SCHEMES = ("full", "core")
ALGORITHMS = ("lbfgs", "l2sgd", "ap", "pa", "arow")
# The CRFsuite parameters each algorithm takes (sklearn_crfsuite.CRF's names), beyond max_iterations.
ALGORITHM_PARAMETERS = {
    "lbfgs": {"c1", "c2", "num_memories", "epsilon", "period", "delta", "linesearch", "max_linesearch"},
    "l2sgd": {"c2", "period", "delta", "calibration_eta", "calibration_rate", "calibration_samples",
              "calibration_candidates", "calibration_max_trials"},
    "ap": {"epsilon"},
    "pa": {"epsilon", "pa_type", "c", "error_sensitive", "averaging"},
    "arow": {"epsilon", "variance", "gamma"},
}
STRING_PARAMETERS = {"linesearch"}
FLAG_PARAMETERS = {"error_sensitive", "averaging"}

# The shipped model's regularisation (chosen on its dev split: training/shipped.toml).
SHIPPED_PARAMETERS = {"c1": 0.15, "c2": 0.1}


def default_parameters(algorithm: str) -> dict[str, Any]:
    """The CRF parameters used when none are given: the shipped model's for L-BFGS, CRFsuite's otherwise."""
    return dict(SHIPPED_PARAMETERS) if algorithm == "lbfgs" else {}


@dataclasses.dataclass
class TrainingConfig:
    """Everything a trained model depends on. Paths are as given (a TOML file's are made relative to its
    folder when it is read). The defaults are the shipped model's CRF settings."""

    data: list[str] = dataclasses.field(default_factory=list)
    weights: dict[str, int] = dataclasses.field(default_factory=dict)
    test: list[str] = dataclasses.field(default_factory=list)
    labels: str = "full"
    exclude_features: list[str] = dataclasses.field(default_factory=list)
    algorithm: str = "lbfgs"
    crf: dict[str, Any] = dataclasses.field(default_factory=lambda: dict(SHIPPED_PARAMETERS))
    max_iterations: int = 200
    synth: int = 0
    seed: int = 0
    format: str | None = None  # the data and test files' format; None: told from each file's name or content
    lenient: bool = False  # skip and count malformed records instead of stopping
    # Split volume spans that hold an issue (and a year), as AnyStyle and ParsCit write them, into volume, issue
    # (and year) spans, as UMass and GROBID do (tagger.corpus.conventions): one convention to learn.
    split_volume_issue: bool = False
    # A seeded share of the training references held out to choose among the ``select`` settings (each CRF
    # parameter named with the values to try; the best core field micro-F1 on the dev split wins); the final
    # model is then trained on all of them. Synthetic references are derived from the rest only. 0: none.
    dev_fraction: float = 0.0
    select: dict[str, list[Any]] = dataclasses.field(default_factory=dict)
    # Choose only among settings whose model file (trained without the dev split) is at most this many
    # megabytes; 0: any size.
    max_model_mb: float = 0.0
    # Parts of files held out as test sets: references grouped by a regular expression on their id (the source
    # paper, say), a seeded share of the groups never trained on and scored after training; the rest of a
    # training file is trained on. Each is a {"file", "group", "share", "seed"} table.
    held_out: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def check(self) -> TrainingConfig:
        """Raise :class:`ConfigError` naming the first bad value; return ``self``."""
        if self.labels not in SCHEMES:
            raise ConfigError(f"labels = {self.labels!r}: use one of {', '.join(SCHEMES)}")
        unknown = sorted(set(self.exclude_features) - set(FEATURE_GROUPS))
        if unknown:
            raise ConfigError(f"unknown feature group {unknown[0]!r}: the groups are {', '.join(FEATURE_GROUPS)}")
        if self.algorithm not in ALGORITHMS:
            raise ConfigError(f"algorithm = {self.algorithm!r}: use one of {', '.join(ALGORITHMS)}")
        allowed = ALGORITHM_PARAMETERS[self.algorithm]
        for name, value in self.crf.items():
            if name not in allowed:
                raise ConfigError(f"crf.{name}: not a parameter of the {self.algorithm} algorithm "
                                  f"(it takes max_iterations, {', '.join(sorted(allowed))})")
            if name in STRING_PARAMETERS:
                if not isinstance(value, str):
                    raise ConfigError(f"crf.{name} = {value!r}: must be a name such as 'MoreThuente'")
                continue
            if name in FLAG_PARAMETERS:
                if not isinstance(value, bool):
                    raise ConfigError(f"crf.{name} = {value!r}: must be true or false")
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"crf.{name} = {value!r}: must be a number")
            if isinstance(value, int | float) and not isinstance(value, bool) and (value < 0 or math.isnan(value)):
                raise ConfigError(f"crf.{name} = {value!r}: must not be negative")
        for name, value in (("max_iterations", self.max_iterations), ("synth", self.synth)):
            if not isinstance(value, int) or isinstance(value, bool) or value < (name == "max_iterations"):
                raise ConfigError(f"{name} = {value!r}: must be a whole number"
                                  + (" of at least 1" if name == "max_iterations" else " of at least 0"))
        from tagger.corpus.formats import READERS

        if self.format is not None and self.format not in READERS:
            raise ConfigError(f"format = {self.format!r}: use one of {', '.join(READERS)}")
        for name in ("lenient", "split_volume_issue"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"{name} = {getattr(self, name)!r}: must be true or false")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise ConfigError(f"seed = {self.seed!r}: must be a whole number of at least 0")
        for name, weight in self.weights.items():
            if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
                raise ConfigError(f"weights: {name} = {weight!r}: must be a whole number of at least 1")
        self._check_selection(allowed)
        self._check_held_out()
        if self.synth:  # before any slow work: rendering needs the synth extra
            for module in ("faker", "citeproc"):
                require(module, "synth", f"synth = {self.synth} (synthetic references)")
        return self

    def _check_selection(self, allowed: set[str]) -> None:
        if isinstance(self.dev_fraction, bool) or not isinstance(self.dev_fraction, int | float) or not (
                0 <= self.dev_fraction < 1):
            raise ConfigError(f"selection.dev_fraction = {self.dev_fraction!r}: must be a number from 0 to below 1")
        if isinstance(self.max_model_mb, bool) or not isinstance(self.max_model_mb, int | float) or (
                self.max_model_mb < 0):
            raise ConfigError(f"selection.max_model_mb = {self.max_model_mb!r}: must be a number of at least 0")
        if self.select and not self.dev_fraction:
            raise ConfigError("selection: choosing among CRF settings needs a dev split (dev_fraction above 0)")
        for name, values in self.select.items():
            if name not in allowed:
                raise ConfigError(f"selection.{name}: not a parameter of the {self.algorithm} algorithm "
                                  f"(it takes {', '.join(sorted(allowed))})")
            if not isinstance(values, list) or not values or not all(
                    isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 for value in values):
                raise ConfigError(f"selection.{name} = {values!r}: must be a list of numbers of at least 0")

    def _check_held_out(self) -> None:
        for number, part in enumerate(self.held_out, start=1):
            where = f"held_out #{number}"
            if not isinstance(part, dict) or set(part) - HELD_OUT_KEYS or "file" not in part:
                raise ConfigError(f"{where}: a table with a file and any of group, share, seed "
                                  f"(not {sorted(set(part) - HELD_OUT_KEYS) if isinstance(part, dict) else part!r})")
            try:
                re.compile(part.get("group", ""))
            except (re.error, TypeError) as error:
                raise ConfigError(f"{where}: group = {part.get('group')!r} is not a regular expression: "
                                  f"{error}") from None
            share = part.get("share", 0.1)
            if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share < 1:
                raise ConfigError(f"{where}: share = {share!r}: must be a number above 0 and below 1")
            if not isinstance(part.get("seed", 0), int) or isinstance(part.get("seed", 0), bool):
                raise ConfigError(f"{where}: seed = {part.get('seed')!r}: must be a whole number")

    def settings(self) -> list[dict[str, Any]]:
        """The CRF parameters of each setting to choose among on the dev split, in order (the first of equally
        good ones wins): :attr:`crf` with each combination of the ``select`` values."""
        names = list(self.select)
        return [self.crf | dict(zip(names, values)) for values in itertools.product(*self.select.values())]

    def check_weights(self, files: Sequence[str]) -> None:
        """Raise :class:`ConfigError` if a weight names a file not among ``files`` (a typo would go unnoticed)."""
        for name in self.weights:
            if not any(same_file(name, path) for path in files):
                raise ConfigError(f"weights: {name} is not one of the training files ({', '.join(files)})")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> TrainingConfig:
        """A copy with ``changes``; ``crf`` changes are merged into the CRF parameters."""
        crf = {**self.crf, **changes.pop("crf", {})}
        return dataclasses.replace(self, crf=crf, **changes)


def same_file(first: str, second: str) -> bool:
    return Path(first).resolve() == Path(second).resolve()


CONFIG_KEYS = {"data", "weights", "test", "labels", "features", "crf", "synth", "seed", "format", "lenient",
               "selection", "held_out", "split_volume_issue"}
HELD_OUT_KEYS = {"file", "group", "share", "seed"}


def load_config(path: str | Path) -> TrainingConfig:
    """Read a TOML training configuration; paths in it are relative to its folder.

    ::

        data = ["../shared/data/anystyle/train.jsonl"]   # any supported format
        test = ["../shared/data/anystyle/test.jsonl"]    # never trained on; scored after training
        labels = "full"                                  # or "core"
        seed = 0
        synth = 0                                        # synthetic references to add
        split_volume_issue = true                        # "3(2)" as volume and issue, whatever the corpus
        [weights]                                        # count a file's references N times
        "../shared/data/umass/train.jsonl" = 2
        [features]
        exclude = ["lexicon"]                            # feature groups to leave out
        [crf]
        algorithm = "lbfgs"                              # lbfgs, l2sgd, ap, pa, arow
        c1 = 0.15
        c2 = 0.1
        max_iterations = 200
        [selection]                                      # choose CRF settings on a dev split (optional)
        dev_fraction = 0.1                               # share of the training references held out
        c1 = [0.05, 0.15]                                # values to try; the final model trains on all data
        max_model_mb = 10                                # only settings whose model is this small (optional)
        [[held_out]]                                     # part of a training file kept out, scored as a test
        file = "../shared/data/grobid/train.jsonl"
        group = "^grobid-(.+)-\\d+$"                    # ids with the same group go together (one paper)
        share = 0.15
        seed = 0
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    unknown = sorted(set(raw) - CONFIG_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (the keys are {', '.join(sorted(CONFIG_KEYS))})")
    folder = path.parent

    def paths(key: str) -> list[str]:
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{path}: {key} must be a list of file paths")
        return [os.path.normpath(folder / item) for item in value]

    for key in ("features", "crf", "weights", "selection"):
        if not isinstance(raw.get(key, {}), dict):
            raise ConfigError(f"{path}: [{key}] must be a table")
    held_out = raw.get("held_out", [])
    if not isinstance(held_out, list):
        raise ConfigError(f"{path}: held_out must be an array of tables ([[held_out]])")
    features, weights = raw.get("features", {}), raw.get("weights", {})
    crf, selection = dict(raw.get("crf", {})), dict(raw.get("selection", {}))
    if set(features) - {"exclude"}:
        raise ConfigError(f"{path}: [features] takes only 'exclude', not {sorted(set(features) - {'exclude'})[0]!r}")
    exclude = features.get("exclude", [])
    algorithm = crf.pop("algorithm", "lbfgs")
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise ConfigError(f"{path}: features.exclude must be a list of feature group names")
    config = TrainingConfig(
        data=paths("data"),
        test=paths("test"),
        weights={os.path.normpath(folder / name): count for name, count in weights.items()},
        labels=raw.get("labels", "full"),
        exclude_features=exclude,
        algorithm=algorithm,
        max_iterations=crf.pop("max_iterations", 200),
        crf=default_parameters(algorithm) | crf,
        synth=raw.get("synth", 0),
        seed=raw.get("seed", 0),
        format=raw.get("format"),
        lenient=raw.get("lenient", False),
        split_volume_issue=raw.get("split_volume_issue", False),
        dev_fraction=selection.pop("dev_fraction", 0.0),
        max_model_mb=selection.pop("max_model_mb", 0.0),
        select=selection,
        held_out=[part | {"file": os.path.normpath(folder / part["file"])} if isinstance(part, dict) and isinstance(
            part.get("file"), str) else part for part in held_out],
    )
    try:
        return config.check()
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def write_config(config: TrainingConfig, path: str | Path) -> None:
    """Write ``config`` as a TOML file that :func:`load_config` reads back equal. Paths are written as they
    were given: an absolute one as it is, a relative one relative to the file's folder (worked out on the
    path's text, so a folder reached through a symbolic link keeps its name)."""
    path = Path(path)
    folder = os.path.abspath(path.parent)

    def relative(name: str) -> str:
        return name if os.path.isabs(name) else os.path.relpath(os.path.abspath(name), folder)

    lines = [f"data = {_toml_value([relative(name) for name in config.data])}",
             f"test = {_toml_value([relative(name) for name in config.test])}",
             f"labels = {_toml_value(config.labels)}", f"seed = {config.seed}", f"synth = {config.synth}",
             *([f"format = {_toml_value(config.format)}"] if config.format else []),
             f"lenient = {_toml_value(config.lenient)}",
             f"split_volume_issue = {_toml_value(config.split_volume_issue)}",
             "", "[weights]", *(f"{_toml_value(relative(name))} = {count}" for name, count in config.weights.items()),
             "", "[features]", f"exclude = {_toml_value(config.exclude_features)}",
             "", "[crf]", f"algorithm = {_toml_value(config.algorithm)}",
             f"max_iterations = {config.max_iterations}",
             *(f"{name} = {_toml_value(value)}" for name, value in config.crf.items())]
    if config.dev_fraction:
        lines += ["", "[selection]", f"dev_fraction = {_toml_value(config.dev_fraction)}",
                  *([f"max_model_mb = {_toml_value(config.max_model_mb)}"] if config.max_model_mb else []),
                  *(f"{name} = {_toml_value(values)}" for name, values in config.select.items())]
    for part in config.held_out:
        lines += ["", "[[held_out]]", *(f"{key} = {_toml_value(relative(value) if key == 'file' else value)}"
                                         for key, value in part.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
