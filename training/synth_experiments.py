"""How much synthetic data to train with: leave-one-corpus-out, in-domain and held-out-style scores.

    python -m training.synth_experiments --sizes 0 10000 25000 [--jobs 2] [--json OUT]

For each synthetic-set size and each of AnyStyle, ParsCit and UMass, trains on
the training files of the other two corpora (and data/seed-styles.jsonl) plus
that many synthetic references rendered from records derived from those two
corpora and from generated records (tagger.synth), with the shipped model's
CRF settings. Each model is scored on

- the held-out corpus's *dev* data (AnyStyle: the first 800 references of its
  training file; ParsCit: every other reference of its only file, from the first; UMass: its dev
  file) - the size is chosen on these;
- the held-out corpus's *report* data (AnyStyle and UMass: their test files;
  ParsCit: the remaining references of its file) - reported, never used for a choice;
- synthetic references from the registry's held-out styles and fresh records.

With ``--in-domain`` it also trains on 90% of the full training pool with and
without synthetic data and scores the other 10% (the shipped model's dev split):
the in-domain cost, if any, of the synthetic data.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tagger.corpus import deduplicate, read_jsonl, remove_overlap
from tagger.model import Tagger
from tagger.research.data import read_pool, split_dev
from tagger.research.evaluation import evaluate_model
from tagger.research.fit import fit_records
from tagger.synth import generate
from training import run
from training.train import shipped_config

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

CORPORA = ("anystyle", "parscit", "umass")
SETTINGS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200}  # the settings these experiments were run with (README)
HELD_OUT_STYLES = 2000


def evaluation_sets(data_dir: Path, corpus: str) -> tuple[list, list]:
    """(dev, report) references of a held-out corpus."""
    if corpus == "anystyle":
        return read_jsonl(data_dir / "anystyle/train.jsonl")[:800], read_jsonl(data_dir / "anystyle/test.jsonl")
    if corpus == "parscit":  # alternate references: the file is ordered by source, its halves differ a lot
        records = read_jsonl(data_dir / "parscit/train.jsonl")
        return records[::2], records[1::2]
    return read_jsonl(data_dir / "umass/dev.jsonl"), read_jsonl(data_dir / "umass/test.jsonl")


def synthetic(size: int, corpus: list, avoid: list, seed: int = 0) -> list:
    if not size:
        return []
    references, _ = generate(size, seed=seed, corpus=corpus)
    return remove_overlap(references, avoid)[0]


def _f1(scores: dict[str, Any]) -> dict[str, float]:
    return {"field_f1": round(scores["field"]["micro"]["f1"], 4), "word_f1": round(scores["word"]["micro"]["f1"], 4),
            "exact": round(scores["reference_exact"], 4), "n": scores["n"]}


def leave_one_out(job: tuple[str, int, Path, str]) -> dict[str, Any]:
    corpus, size, data_dir, workdir = job
    started = time.time()
    dev, report = evaluation_sets(data_dir, corpus)
    held_out_styles = generate(HELD_OUT_STYLES, seed=1, held_out=True)[0]
    pool = []
    for path in shipped_config().data:  # the shipped model's training files, but the held-out corpus's
        if Path(path).parent.name != corpus:
            pool.extend(read_jsonl(path))
    pool, removed = remove_overlap(deduplicate(pool), dev + report)
    extra = synthetic(size, pool, dev + report)
    model_dir = fit_records(pool + extra, Path(workdir) / f"{corpus}-{size}", **SETTINGS)
    model = Tagger.load(model_dir)
    return {
        "experiment": "leave-one-corpus-out", "held_out": corpus, "synthetic": len(extra), "real": len(pool),
        "removed_as_overlap": removed, "dev": _f1(evaluate_model(model, dev)),
        "report": _f1(evaluate_model(model, report)),
        "held_out_styles": _f1(evaluate_model(model, held_out_styles)), "seconds": round(time.time() - started),
    }


def in_domain(job: tuple[str, int, Path, str]) -> dict[str, Any]:
    _, size, data_dir, workdir = job
    started = time.time()
    pool, _ = read_pool(shipped_config())
    dev, rest = split_dev(pool, 0.1, 0)
    extra = synthetic(size, rest, dev)
    model = Tagger.load(fit_records(rest + extra, Path(workdir) / f"in-domain-{size}", **SETTINGS))
    held_out_styles = generate(HELD_OUT_STYLES, seed=1, held_out=True)[0]
    return {"experiment": "in-domain", "synthetic": len(extra), "real": len(rest),
            "dev": _f1(evaluate_model(model, dev)), "held_out_styles": _f1(evaluate_model(model, held_out_styles)),
            "seconds": round(time.time() - started)}


def run_job(job: tuple[str, int, Path, str]) -> dict[str, Any]:
    return in_domain(job) if job[0] == "in-domain" else leave_one_out(job)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.synth_experiments", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000, 25000], help="synthetic set sizes")
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA), choices=CORPORA)
    parser.add_argument("--in-domain", action="store_true", help="also the in-domain experiment")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                        help="folder of the held-out corpora's evaluation files (the training files are those of "
                        "training/shipped.toml)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every result as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        jobs = [(corpus, size, args.data_dir, workdir) for size in args.sizes for corpus in args.corpora]
        if args.in_domain:
            jobs += [("in-domain", size, args.data_dir, workdir) for size in args.sizes]
        results = []
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            for result in pool.imap_unordered(run_job, jobs):
                print(json.dumps(result), file=sys.stderr, flush=True)
                results.append(result)
    print(f"{'experiment':<22}{'synthetic':>10}{'dev F1':>9}{'report F1':>11}{'held-out styles F1':>20}")
    for result in sorted(results, key=lambda r: (r["experiment"], r.get("held_out", ""), r["synthetic"])):
        name = result["experiment"] if result["experiment"] == "in-domain" else f"without {result['held_out']}"
        report = result.get("report", {}).get("field_f1", float("nan"))
        print(f"{name:<22}{result['synthetic']:>10}{result['dev']['field_f1']:>9.4f}{report:>11.4f}"
              f"{result['held_out_styles']['field_f1']:>20.4f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.synth_experiments"))
