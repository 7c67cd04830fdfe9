"""The annotation simulation (``reftagger simulate-annotation``): which references each strategy takes, round
after round. Training is replaced by the shipped model, so these tests see the choices, not the learning; the
command's test in tests/cli/test_research.py trains for real."""

from __future__ import annotations

import json

import pytest

import tagger.research.simulation as simulation
from tagger.annotate import tasks
from tagger.errors import ConfigError
from tagger.model import Tagger, default_model_path
from tagger.research.config import TrainingConfig

GROUP = r"^grobid-(?!citations)(.+)-\d+$"


@pytest.fixture
def pool(shared_data, tmp_path):
    lines = (shared_data / "grobid" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:400]
    path = tmp_path / "pool.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [json.loads(line) for line in lines]


def test_each_run_takes_new_candidates_each_round_as_annotate_ranks_them(pool, corpora, monkeypatch):
    path, records = pool
    trained = []  # (description, texts trained on from the pool)

    def instead_of_training(chosen, out_dir, description):
        out_dir.symlink_to(default_model_path(), target_is_directory=True)
        trained.append((description, [simulation._shared["candidates"][index]["text"] for index in chosen]))
        strategy = description.split()[0]
        return {"field micro-F1": 0.5 + len(chosen) / (500 if strategy == "random" else 250),
                "field macro-F1": 0.0, "word micro-F1": 0.0, "reference exact": 0.0}

    monkeypatch.setattr(simulation, "_train_and_score", instead_of_training)
    config = TrainingConfig(data=[str(corpora["a"])])
    result = simulation.simulate_annotation(config, str(path), batch=10, rounds=3, seeds=2, pool_size=120,
                                            group=GROUP)
    test_texts = {record["text"] for record in records} - {record["text"] for record in simulation_candidates(
        records, result)}
    assert result["pool_test"] + result["pool_candidates"] <= len(records)
    runs = {}
    for description, texts in trained[1:]:
        strategy, _, seed = description.split(",")[0].split()
        runs.setdefault((strategy, int(seed)), []).append(texts)
    assert sorted(runs) == [(strategy, seed) for strategy in ("random", "sequence", "span") for seed in (0, 1)]
    for rounds in runs.values():
        assert [len(texts) for texts in rounds] == [10, 20, 30]
        assert all(earlier == later[: len(earlier)] for earlier, later in zip(rounds, rounds[1:]))
        assert len(set(rounds[-1])) == 30 and not set(rounds[-1]) & test_texts
    # the first batch of a ranking is reftagger annotate's first ten among the seed's sample of candidates
    first = runs["span", 0][0]
    sample = _seed_sample(result, records, seed=0)
    expected = tasks([(str(index), text) for index, text in enumerate(sample)], Tagger.load(), limit=10)
    assert first == [task.reference.text for task in expected]
    assert runs["random", 0][0] != runs["random", 1][0]
    assert [row["labelled"] for row in result["runs"] if row["strategy"] == "span" and row["seed"] == 1] == [
        0, 10, 20, 30]
    # random reaches 0.5 + 30/500 = 0.56 at the end; the rankings (0.5 + n/250) reach it at 15, so at 20
    assert result["needed"] == {"random_at_end": pytest.approx(0.56), "span": 20, "sequence": 20}


def simulation_candidates(records, result):
    """The pool records that were candidates: all but the held-out test part (as many as the result says)."""
    from tagger.research.data import held_out_records

    test = held_out_records(records, {"group": GROUP, "share": 0.15, "seed": 0})
    assert len(test) == result["pool_test"]
    return [record for record in records if record not in test]


def _seed_sample(result, records, seed):
    import random

    candidates = [record["text"] for record in simulation_candidates(records, result)]
    assert len(candidates) == result["pool_candidates"]  # the first 400 GROBID references hold no duplicates
    return [candidates[index] for index in sorted(random.Random(seed).sample(range(len(candidates)), 120))]


def test_a_pool_too_small_or_an_unknown_strategy_is_refused(pool, corpora):
    path, _ = pool
    config = TrainingConfig(data=[str(corpora["a"])])
    with pytest.raises(ConfigError, match="fewer than the 5,000 the simulation needs"):
        simulation.simulate_annotation(config, str(path), batch=500, rounds=10)
    with pytest.raises(ConfigError, match="a pool of 100 cannot supply 10 batches of 50"):
        simulation.simulate_annotation(config, str(path), pool_size=100)
    with pytest.raises(ConfigError, match="strategy 'entropy'"):
        simulation.simulate_annotation(config, str(path), strategies=["entropy"])
