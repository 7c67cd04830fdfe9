"""Training one model directory from a :class:`~tagger.research.config.TrainingConfig`: the one path that
``reftagger train``, ``python -m training.train`` and the shipped model go through.

In order: the training files are read into a pool (texts of the test files and duplicates removed); with a
dev split, a seeded share of the pool is held out; synthetic references are rendered from the rest; each CRF
setting to choose among is trained on the rest and scored on the dev split, and the best one wins (its model
also calibrates confidence); the final model is trained on the whole pool (weighted) and the synthetic
references, scored on the test files (and on the dev split, as a regression check), and written with a
``meta.json`` that records all of it. With a dev split but one setting, nothing waits on the choice: given
two jobs, the final model trains beside the dev-split model.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from tagger.errors import WorkerError
from tagger.labels import LABELS, OUTSIDE
from tagger.research import tell
from tagger.research.config import TrainingConfig
from tagger.research.data import config_dev_split, portable, read_pool, synthetic_references, test_files, weighted
from tagger.research.versions import versions
from tagger.wording import counted

SELECTION_CRITERION = "core field micro-F1 on the dev split (model trained without it)"


def fit_config(features: list, labels: list, config: TrainingConfig, out_dir: Path,
               description: str = "training CRF", parameters: dict[str, Any] | None = None) -> Path:
    """Train a model directory on featurised data with ``config``'s algorithm and CRF parameters (or
    ``parameters`` in their place)."""
    from tagger.research.fit import fit

    used = sorted({label for sequence in labels for label in sequence})
    return fit(features, labels, out_dir, algorithm=config.algorithm,
               parameters=dict(config.crf if parameters is None else parameters),
               max_iterations=config.max_iterations, description=description,
               meta={"labels": [label for label in (*LABELS, OUTSIDE) if label in used]})


def train_model(config: TrainingConfig, out_dir: str | Path, jobs: int = 1, command: str | None = None,
                evaluate: bool = True) -> dict[str, Any]:
    """Train a model directory at ``out_dir`` as ``config`` says and return its ``meta.json``.

    The test files are never trained on; with ``evaluate`` each is scored once the model is trained and its
    scores recorded. The meta records the configuration, the data (paths, SHA-256, counts), the choice of
    CRF setting on the dev split, library versions and the time taken: enough to train the same model again.
    A line on stderr marks each stage.
    """
    from tagger.model import MODEL_FILE, Tagger
    from tagger.research.evaluation import compact, evaluate_model
    from tagger.research.fit import check_training_records, featurize_records, write_meta

    config.check()
    started = time.time()
    out_dir = Path(out_dir)
    tests = test_files(config)
    pool, summary = read_pool(config, tests=tests)
    train = weighted(config, pool)
    check_training_records(train)
    test_records = [record for records in tests.values() for record in records]
    tell(f"training pool: {counted(len(pool), 'reference')} from {counted(len(config.data), 'file')} "
         f"({sum(file['removed_as_test_overlap'] for file in summary['files'].values()):,} removed as test overlap, "
         f"{summary['removed_as_duplicates']:,} as duplicates)")
    dev, rest = config_dev_split(config, pool) if config.dev_fraction else ([], pool)
    if dev:
        tell(f"dev split: {len(dev):,} references held out (seed {config.seed})")
    # Synthetic references are derived from the training side only, so no dev reference reaches training in
    # another style; those whose text matches a dev or test reference are removed.
    synthetic, synthetic_summary = synthetic_references(config, rest, [*dev, *test_records], jobs)
    if config.synth:
        tell(f"synthetic references: {len(synthetic):,} ({synthetic_summary['seconds']} s)")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out_dir.name}.", dir=out_dir.parent) as name:
        # Trained and checked in a folder beside out_dir, then moved in: an interrupted run leaves out_dir as it was.
        folder = Path(name)
        settings = config.settings()  # one, unless there is a dev split to choose on
        selection = None
        # With one setting there is nothing to choose, so the final model can train beside the dev-split
        # model (which still gives the dev score and the calibration) when there is a process to spare.
        beside = train + synthetic if dev and len(settings) == 1 and jobs > 1 else None
        if dev:
            results = _score_settings(config, weighted(config, rest) + synthetic, dev, settings, folder, jobs, beside)
            chosen = _choose(results, config.max_model_mb)["parameters"]
            selection = {"grid": results, "chosen": chosen, "dev_fraction": config.dev_fraction, "seed": config.seed,
                         "criterion": SELECTION_CRITERION + (f", among models of at most {config.max_model_mb} MB"
                                                             if config.max_model_mb else "")}
        parameters = selection["chosen"] if selection else settings[0]
        calibration = _calibration(folder / ("setting " + _setting(parameters)), dev) if selection else None
        if beside is None:
            tell(f"final model: {_setting(parameters)}; training on {len(train):,} references"
                 + (f" and {len(synthetic):,} synthetic ones" if synthetic else ""))
            features, labels = featurize_records(train + synthetic, jobs, exclude=config.exclude_features)
            fit_config(features, labels, config, folder / "final", FINAL, parameters)
            del features, labels
        size = (folder / "final" / MODEL_FILE).stat().st_size
        if not _fits(size, config.max_model_mb):
            tell(f"warning: the final model is {size / 1e6:.1f} MB, over selection.max_model_mb = "
                 f"{config.max_model_mb} (its dev-split model was within it)")
        meta = json.loads((folder / "final" / "meta.json").read_text(encoding="utf-8"))
        meta |= {
            "config": config.to_dict(),
            **({"selection": selection} if selection else {}),
            "training_data": portable(summary, out_dir) | {"synthetic": synthetic_summary,
                                                           "train_references": len(train)},
            "versions": versions(),
            "training_command": command,
            "training_seconds": round(time.time() - started, 1),
        }
        if calibration:
            # Fitted with the chosen setting's model on the dev split it did not train on; parsing with the
            # final model (and the scores below) uses it.
            meta["calibration"] = calibration.to_meta() | {
                "fitted_on": f"the dev split ({len(dev):,} references), parsed by the {_setting(parameters)} model "
                             "trained without it"}
            write_meta(folder / "final", meta)
        if evaluate and (tests or dev):
            # Training kept out every text of the test files, so all of each is scored.
            model = Tagger.load(folder / "final")
            meta["scores"] = {"test": {}}
            for path, records in tests.items():
                meta["scores"]["test"][path] = compact(evaluate_model(model, records))
                tell(f"  {path}: core field micro-F1 {meta['scores']['test'][path]['field']['micro']['f1']:.4f} "
                     f"on {len(records):,} references")
            if dev:
                meta["scores"]["dev_check"] = compact(evaluate_model(model, dev)) | {
                    "note": "the model on the dev split, which it was also trained on: a regression check, "
                            "not a generalisation estimate"}
        write_meta(folder / "final", meta)
        out_dir.mkdir(exist_ok=True)
        for file in ("model.crfsuite", "meta.json"):
            os.replace(folder / "final" / file, out_dir / file)
    return meta


def _calibration(model_dir: Path, dev: Sequence[dict[str, Any]]) -> Any:
    """The confidence calibration of the model in ``model_dir``, fitted on ``dev``."""
    from tagger.model import Tagger
    from tagger.research.evaluation import fit_calibration

    calibration = fit_calibration(Tagger.load(model_dir), dev)
    tell(f"confidence calibration: {len(calibration.raw)} steps fitted on {calibration.fields:,} dev fields")
    return calibration


def _setting(parameters: dict[str, Any]) -> str:
    return " ".join(f"{name}={value}" for name, value in parameters.items())


# The featurised training side (and the final model's, when it trains beside), shared with the forked
# processes that fit the settings.
_SHARED: dict[str, Any] = {}
FINAL = "final model"


def _score_settings(config: TrainingConfig, train: list[dict[str, Any]], dev: list[dict[str, Any]],
                    settings: Sequence[dict[str, Any]], folder: Path, jobs: int,
                    final: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Train a model on ``train`` with each CRF setting (``jobs`` at a time, in forked processes sharing the
    features) and score it on ``dev``; the results in the settings' order. With ``final`` (one setting only),
    the final model is trained on it into ``folder / "final"`` at the same time."""
    from tagger.research.fit import featurize_records

    tell(f"{'scoring the setting' if len(settings) == 1 else f'choosing among {len(settings)} settings'} on the "
         f"dev split; training on {len(train):,} references")
    tasks: list[tuple[str, dict[str, Any]]] = [("dev", parameters) for parameters in settings]
    if final is not None:
        tell(f"final model: {_setting(settings[0])}; training on {len(final):,} references (with the synthetic "
             "ones) beside the dev-split model")
        tasks.insert(0, (FINAL, settings[0]))
    # Both sides in one call, so the references they share are featurised once.
    features, labels = featurize_records([*train, *(final or [])], jobs, "featurising", config.exclude_features)
    _SHARED["features"], _SHARED["labels"] = features[:len(train)], labels[:len(train)]
    if final is not None:
        _SHARED["final"] = features[len(train):], labels[len(train):]
    del features, labels
    _SHARED.update(config=config, dev=dev, folder=folder)
    results = []
    try:
        # An executor, not a Pool: a worker killed mid-fit (out of memory, say) raises BrokenProcessPool here
        # instead of leaving the run waiting for ever.
        with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            for result in pool.map(_run_task, tasks):
                if result is None:
                    continue
                tell(f"  {_setting(result['parameters'])}: dev core field micro-F1 "
                     f"{result['dev_field_micro_f1']:.4f} ({result['seconds']} s)")
                results.append(result)
    except BrokenProcessPool:
        raise WorkerError("a training process died (out of memory?): no model was written") from None
    finally:
        _SHARED.clear()
    return results


def _run_task(task: tuple[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Fit the final model (returns None) or fit and score one setting on the dev split."""
    kind, parameters = task
    if kind == FINAL:
        started = time.time()
        features, labels = _SHARED["final"]
        fit_config(features, labels, _SHARED["config"], _SHARED["folder"] / "final", FINAL, parameters)
        tell(f"  final model fitted ({round(time.time() - started, 1)} s)")
        return None
    return _score_setting(parameters)


def _score_setting(parameters: dict[str, Any]) -> dict[str, Any]:
    from tagger.model import MODEL_FILE, Tagger
    from tagger.research.evaluation import evaluate_model

    started = time.time()
    out = _SHARED["folder"] / ("setting " + _setting(parameters))
    fit_config(_SHARED["features"], _SHARED["labels"], _SHARED["config"], out, _setting(parameters), parameters)
    scores = evaluate_model(Tagger.load(out), _SHARED["dev"], reliability=False)
    return {"parameters": parameters, "dev_field_micro_f1": scores["field"]["micro"]["f1"],
            "dev_word_micro_f1": scores["word"]["micro"]["f1"], "model_bytes": (out / MODEL_FILE).stat().st_size,
            "seconds": round(time.time() - started, 1)}


def _choose(results: list[dict[str, Any]], max_model_mb: float) -> dict[str, Any]:
    """The best of ``results`` on the dev split among those whose model file is within ``max_model_mb``
    megabytes (0: any size); when none is, the smallest, with a warning."""
    allowed = [result for result in results if _fits(result["model_bytes"], max_model_mb)]
    if not allowed:
        smallest = min(results, key=lambda result: result["model_bytes"])
        tell(f"warning: every setting's model is over selection.max_model_mb = {max_model_mb}; taking the "
             f"smallest ({_setting(smallest['parameters'])}, {smallest['model_bytes'] / 1e6:.1f} MB)")
        return smallest
    return max(allowed, key=lambda result: result["dev_field_micro_f1"])


def _fits(size: int, max_model_mb: float) -> bool:
    """Whether a model file of ``size`` bytes is within ``max_model_mb`` megabytes (0: any size)."""
    return not max_model_mb or size <= max_model_mb * 1e6
