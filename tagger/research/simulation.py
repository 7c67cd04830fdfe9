"""Does ranking by uncertainty pay? The annotation loop of ``reftagger annotate`` replayed with a labelled pool
as the annotator (``reftagger simulate-annotation``).

A model is trained on the configuration's data without the pool. Each round it parses the pool references
not yet taken, a batch of them is chosen and their gold spans added, as an annotator's corrections would be,
and the model is trained again and scored on the pool's own test part: a share of the pool held out by
group (for GROBID, whole papers), never a candidate. Batches are chosen the way ``reftagger annotate`` ranks
them (most uncertain first, near-duplicates collapsed), by either measure of uncertainty (``span``: the least
sure span; ``sequence``: the whole labelling's probability), or at ``random``. Each seed draws its own sample
of candidates from the pool (with ``pool_size``) and its own random batches; the first model is the same for
all.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from tagger.annotate import MEASURES
from tagger.corpus.records import deduplicate, remove_overlap
from tagger.errors import ConfigError
from tagger.research import tell
from tagger.research.config import TrainingConfig
from tagger.research.data import held_out_records, prepare_training, read_files, weighted
from tagger.research.experiments import headline, mean_sd
from tagger.research.training import fit_config

STRATEGIES = (*MEASURES, "random")
CRITERION = "field micro-F1"

# What the forked workers of one simulation share: the featurised data, read once by the parent.
_shared: dict[str, Any] = {}


def simulate_annotation(config: TrainingConfig, pool_file: str, batch: int = 50, rounds: int = 10, seeds: int = 3,
                        strategies: Sequence[str] = STRATEGIES, pool_size: int | None = None,
                        test_share: float = 0.15, group: str = "", jobs: int = 1) -> dict[str, Any]:
    """Replay ``rounds`` rounds of annotating ``batch`` pool references with each strategy and seed; return
    every run's scores after each round, their means and how many references each ranking needed to reach
    random sampling's final score."""
    for strategy in strategies:
        if strategy not in STRATEGIES:
            raise ConfigError(f"strategy {strategy!r}: choose among {', '.join(STRATEGIES)}")
    if config.test:
        raise ConfigError("simulate-annotation scores every model on the pool's held-out part: --test (test = [...] "
                          "in the configuration) has no use here; leave it out")
    if config.synth:
        raise ConfigError("simulate-annotation trains without synthetic references: leave --synth (synth = ...) out")
    if not 0 < test_share < 1:
        raise ConfigError(f"test share {test_share}: must be above 0 and below 1")
    if group:
        try:
            groups = re.compile(group).groups
        except re.error as error:
            raise ConfigError(f"--group {group!r} is not a regular expression: {error}") from None
        if groups < 1:
            raise ConfigError(f"--group {group!r} has no (group): its first group names a reference's group")
    wanted = batch * rounds
    if pool_size is not None and pool_size < wanted:
        raise ConfigError(f"a pool of {pool_size:,} cannot supply {rounds} batches of {batch}")
    [(path, records)] = read_files([pool_file], config.format, config.lenient).items()
    test = held_out_records(records, {"group": group, "share": test_share, "seed": config.seed})
    held = {id(record) for record in test}
    candidates, _ = remove_overlap([record for record in records if id(record) not in held], test)
    candidates = weighted(config.replace(weights={}), deduplicate(candidates))
    if len(candidates) < max(wanted, pool_size or 0):
        raise ConfigError(f"{path}: {len(candidates):,} candidate references after holding out the test part, "
                          f"fewer than the {max(wanted, pool_size or 0):,} the simulation needs")
    # The starting data holds no text of the pool: the simulation adds pool references only through the rounds.
    starting = [record for found in read_files(config.data, config.format, config.lenient).values() for record in found]
    if not remove_overlap(starting, records)[0]:
        raise ConfigError("every starting reference (--data) also occurs in the pool: give other starting data")
    base, summary = prepare_training(config, avoid=[*test, *candidates], tests={})
    tell(f"simulation: {len(base):,} starting references, {len(candidates):,} pool candidates "
         f"({pool_size or len(candidates):,} per seed), {len(test):,} pool test references")

    from tagger.research.fit import featurize_records

    _shared["base"] = featurize_records(base, jobs, "featurising the starting data", config.exclude_features)
    _shared["pool"] = featurize_records(candidates, jobs, "featurising the pool", config.exclude_features)
    _shared.update(config=config, candidates=candidates, test=test, batch=batch, rounds=rounds,
                   pool_size=pool_size)
    started = time.time()
    with tempfile.TemporaryDirectory() as folder:
        _shared["start"] = Path(folder) / "start"
        first = _train_and_score([], _shared["start"], "starting model")
        runs = [(strategy, seed) for seed in range(config.seed, config.seed + seeds) for strategy in strategies]
        rows = [{"strategy": strategy, "seed": seed, "labelled": 0} | first for strategy, seed in runs]
        with tqdm(total=len(runs) * rounds, desc="annotation rounds", unit="model", disable=None) as progress:
            if jobs > 1:
                with multiprocessing.get_context("fork").Pool(min(jobs, len(runs))) as workers:
                    for found in workers.imap_unordered(_run, runs):
                        rows += found
                        progress.update(rounds)
            else:
                for run in runs:
                    rows += _run(run)
                    progress.update(rounds)
    _shared.clear()
    rows.sort(key=lambda row: (STRATEGIES.index(row["strategy"]), row["seed"], row["labelled"]))
    points = _points(rows, strategies)
    return {"kind": "annotation-simulation", "config": config.to_dict(), "pool": path, "pool_group": group,
            "test_share": test_share, "batch": batch, "rounds": rounds, "seeds": seeds, "pool_size": pool_size,
            "starting_references": len(base), "pool_candidates": len(candidates), "pool_test": len(test),
            "data": summary, "runs": rows, "points": points, "needed": _needed(points, strategies, wanted),
            "seconds": round(time.time() - started, 1)}


def _run(run: tuple[str, int]) -> list[dict[str, Any]]:
    """One strategy and seed: ``rounds`` batches chosen by the latest model, each followed by training again."""
    strategy, seed = run
    candidates, batch = _shared["candidates"], _shared["batch"]
    available = list(range(len(candidates)))
    if _shared["pool_size"] is not None:
        available = sorted(random.Random(seed).sample(available, _shared["pool_size"]))
    chooser = random.Random(f"{strategy} {seed}")
    chosen: list[int] = []
    rows = []
    model = _shared["start"]
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(1, _shared["rounds"] + 1):
            left = sorted(set(available) - set(chosen))
            chosen += _choose(strategy, model, left, batch, chooser)
            model = Path(folder) / f"round {round_number}"
            scores = _train_and_score(chosen, model, f"{strategy} seed {seed}, {len(chosen)} labelled")
            rows.append({"strategy": strategy, "seed": seed, "labelled": len(chosen)} | scores)
    return rows


def _choose(strategy: str, model_dir: Path, left: list[int], batch: int, chooser: random.Random) -> list[int]:
    """The next ``batch`` of pool indices: ``reftagger annotate``'s ranking with the model in ``model_dir``, or
    a random sample."""
    if strategy == "random":
        return chooser.sample(left, batch)
    from tagger.annotate import tasks
    from tagger.model import Tagger

    candidates = _shared["candidates"]
    ranked = tasks([(str(index), candidates[index]["text"]) for index in left], Tagger.load(model_dir),
                   limit=batch, measure=strategy)
    return [int(task.identifier) for task in ranked]


def _train_and_score(chosen: Sequence[int], out_dir: Path, description: str) -> dict[str, float]:
    from tagger.model import Tagger
    from tagger.research.evaluation import evaluate_model

    started = time.time()
    features, labels = _shared["base"]
    pool_features, pool_labels = _shared["pool"]
    fit_config([*features, *(pool_features[index] for index in chosen)],
               [*labels, *(pool_labels[index] for index in chosen)], _shared["config"], out_dir,
               description=description)
    scores = headline(evaluate_model(Tagger.load(out_dir), _shared["test"], reliability=False))
    tell(f"{description}: {CRITERION} {scores[CRITERION]:.4f} [{time.time() - started:.0f} s]")
    return scores


def _points(rows: Sequence[dict[str, Any]], strategies: Sequence[str]) -> list[dict[str, Any]]:
    """Mean and sd over seeds of each strategy's scores at each number of labelled references."""
    points = []
    for strategy in strategies:
        for labelled in sorted({row["labelled"] for row in rows}):
            at = [row for row in rows if row["strategy"] == strategy and row["labelled"] == labelled]
            numbers = mean_sd([{key: value for key, value in row.items()
                                if key not in ("strategy", "seed", "labelled")} for row in at])
            points.append({"strategy": strategy, "labelled": labelled, **numbers})
    return points


def _needed(points: Sequence[dict[str, Any]], strategies: Sequence[str], wanted: int) -> dict[str, Any]:
    """For each ranking, the fewest labelled references at which its mean score reaches random sampling's mean
    at ``wanted`` (None: never within the rounds run)."""
    if "random" not in strategies:
        return {}
    target = next(point[CRITERION]["mean"] for point in points
                  if point["strategy"] == "random" and point["labelled"] == wanted)
    needed: dict[str, Any] = {"random_at_end": target}
    for strategy in strategies:
        if strategy != "random":
            reached = [point["labelled"] for point in points
                       if point["strategy"] == strategy and point[CRITERION]["mean"] >= target]
            needed[strategy] = min(reached) if reached else None
    return needed
