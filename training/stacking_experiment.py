"""An experiment: does a stacked second CRF pass, which sees the first pass's labels across the reference, place
the title/venue boundary better than one pass?

    python -m training.stacking_experiment [--config runs/e4.toml] [--max-iterations N] [--limit N]

The training side is the configuration's pool without its dev split (no synthetic references). It is split into
two seeded folds by reference; a CRF trained on each fold labels the other (jackknife), so every training
reference gets first-pass labels from a model that never saw it. The baseline is a CRF trained on the whole
training side, which is also the first pass on the dev sets. The second CRF is trained on the whole training side
with each token's features plus stacking attributes (:func:`stack_attributes`): the first-pass label of the token
and of its neighbours, the label bigram, the majority first-pass label of its piece (the run of tokens between
separators) and of the pieces around it, its place in its piece, and which labels the first pass gave before and
after it in the reference.

Baseline and stacked model are scored through the same decode path, the library's own (clean-up tokens, state
scores, Viterbi, post-decode rules, spans), on the dev split (whole and per corpus) and on each held-out part of
a training file; the test files are never read into a score. Tagging time is measured for one and two passes in
the same run. A Markdown table goes to stdout and everything to ``OUT/results.json``. Nothing in the library or in
``models/`` is changed: this script only reports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tagger.batching import MAX_LENGTH
from tagger.cleanup import tokens_for_tagging
from tagger.corpus.records import text_key
from tagger.crf import LinearChainCRF
from tagger.features import FEATURE_VERSION, featurize
from tagger.labels import LABELS
from tagger.model import MODEL_FILE, Tagger
from tagger.reference import spans_from_labels
from tagger.research import tell
from tagger.research.data import config_dev_split, file_weight, held_out_parts, read_pool, test_files, weighted
from tagger.research.evaluation import evaluate_model
from tagger.research.fit import featurize_records, pycrfsuite
from tagger.research.metrics import CountTable, count_table, word_labels
from tagger.research.metrics import scores as metric_scores
from tagger.research.significance import paired_test
from tagger.research.training import fit_config
from tagger.rules import apply_rules
from tagger.state_scores import WordScores
from tagger.tokenizer import Token
from training import run

# Tokens that end a piece: the punctuation references put between their fields.
SEPARATORS = frozenset({".", ",", ":", ";", "(", ")", "[", "]", "//", "/", '"', "“", "”", "«", "»", "„",
                        "。", "，", "：", "；", "（", "）"})
# Labels whose presence earlier or later in the reference a token is told about.
CONTEXT_LABELS = ("author", "title", "venue", "year", "editor", "publisher")
TRAINING_COMMANDS = "reftagger train|training.train|reftagger loco"
POLL_SECONDS = 60
BATCH_SIZE = 256  # as Tagger.parse_many


class CpuGate:
    """Waits, before each training step, until no other model training runs, for at most ``budget`` seconds
    over the whole run (then goes on anyway, with one process)."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.waited = 0.0

    def wait(self, step: str) -> None:
        while True:
            found = subprocess.run(["pgrep", "-f", TRAINING_COMMANDS], capture_output=True, text=True).stdout.split()
            others = [pid for pid in found if int(pid) not in _own_processes()]
            if not others:
                return
            if self.waited >= self.budget:
                tell(f"{step}: other trainings still run (pids {', '.join(others)}), but the {self.budget / 60:.0f}"
                     " minutes of waiting are used up: going on with one process")
                return
            tell(f"{step}: another training runs (pids {', '.join(others)}); waiting {POLL_SECONDS} s "
                 f"({self.waited / 60:.0f} of {self.budget / 60:.0f} minutes waited)")
            time.sleep(POLL_SECONDS)
            self.waited += POLL_SECONDS


def _own_processes() -> set[int]:
    """This process and its ancestors, so that pgrep's pattern never matches the experiment itself."""
    import os

    pids, pid = set(), os.getpid()
    while pid > 1:
        pids.add(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return pids


# --- stacking attributes -------------------------------------------------------------------------------------

def piece_indices(tokens: Sequence[Token]) -> list[int | None]:
    """Each token's piece (runs of tokens between separators, numbered from 0); ``None`` for a separator."""
    result: list[int | None] = []
    piece, open_piece = -1, False
    for token in tokens:
        if token.text in SEPARATORS:
            result.append(None)
            open_piece = False
            continue
        if not open_piece:
            piece, open_piece = piece + 1, True
        result.append(piece)
    return result


def stack_attributes(tokens: Sequence[Token], labels: Sequence[str]) -> list[list[bytes]]:
    """The second pass's extra attributes of each token, from the first pass's ``labels``."""
    count = len(tokens)
    pieces = piece_indices(tokens)
    members: dict[int, list[int]] = defaultdict(list)
    for index, piece in enumerate(pieces):
        if piece is not None:
            members[piece].append(index)
    majority = {piece: Counter(labels[index] for index in indices).most_common(1)[0][0]
                for piece, indices in members.items()}
    padded = ["^", "^", *labels, "$", "$"]
    first_at: dict[str, int] = {}
    last_at: dict[str, int] = {}
    for index, label in enumerate(labels):
        first_at.setdefault(label, index)
        last_at[label] = index
    result = []
    previous_piece = -1  # the last piece begun at or before the token
    for index, piece in enumerate(pieces):
        label = labels[index]
        if piece is not None:
            previous_piece = piece
        own = majority[piece] if piece is not None else "SEP"
        before = majority.get(previous_piece - 1 if piece is not None else previous_piece, "^")
        after = majority.get((piece if piece is not None else previous_piece) + 1, "$")
        if piece is None:
            place = "sep"
        else:
            indices = members[piece]
            position = indices.index(index)
            place = ("only" if len(indices) == 1 else "first" if position == 0
                     else "last" if position == len(indices) - 1 else "mid")
        attributes = [
            f"s:l={label}", f"s:l-1={padded[index + 1]}", f"s:l-2={padded[index]}",
            f"s:l+1={padded[index + 3]}", f"s:l+2={padded[index + 4]}",
            f"s:bi={padded[index + 1]}|{label}", f"s:bi+={label}|{padded[index + 3]}",
            f"s:piece={own}", f"s:piece-1={before}", f"s:piece+1={after}",
            f"s:pieces={before}|{own}|{after}", f"s:l|piece={label}|{own}", f"s:place={place}",
            f"s:place|piece={place}|{own}",
        ]
        for context in CONTEXT_LABELS:
            earlier = context in first_at and first_at[context] < index
            later = context in last_at and last_at[context] > index
            attributes.append(f"s:{context}={'b' if earlier else '-'}{'a' if later else '-'}")
        attributes.append(f"s:rel={min(4, 5 * index // count)}")
        result.append([attribute.encode() for attribute in attributes])
    return result


def stacked(features: Sequence[list[bytes]], extra: Sequence[list[bytes]]) -> list[list[bytes]]:
    return [[*own, *more] for own, more in zip(features, extra)]


# --- training -----------------------------------------------------------------------------------------------

def fold_of(record: dict[str, Any], seed: int, folds: int) -> int:
    """A seeded fold by the reference's text, so that equal texts share a fold."""
    digest = hashlib.sha256(f"stack{seed}:{text_key(record['text'])}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def fit_crf(features: list, labels: list, config: Any, folder: Path, description: str, gate: CpuGate) -> LinearChainCRF:
    gate.wait(description)
    started = time.time()
    tell(f"{description}: fitting on {len(features):,} references")
    fit_config(features, labels, config, folder, description)
    tell(f"{description}: {time.time() - started:.0f} s")
    return LinearChainCRF.read(folder / MODEL_FILE)


def decode_features(crf: LinearChainCRF, sequences: Sequence[list[list[bytes]]]) -> list[list[str]]:
    """Best labels of featurised references (state scores from the attributes themselves)."""
    results: list[list[str]] = []
    for start in range(0, len(sequences), BATCH_SIZE):
        batch = sequences[start:start + BATCH_SIZE]
        results += crf.viterbi([crf.scores(sequence) for sequence in batch])
    return results


# --- tagging as the library does, with one or two passes ------------------------------------------------------

class TwoPassTagger:
    """The library's decode path (``Tagger._tag_batch``: clean-up tokens, cached word scores, batched Viterbi,
    post-decode rules), with an optional second pass over the first pass's labels."""

    def __init__(self, first: LinearChainCRF, second: LinearChainCRF | None = None) -> None:
        self.first, self.first_words = first, WordScores(first)
        self.second = second
        self.second_words = WordScores(second) if second is not None else None

    def tag(self, texts: Sequence[str], rules: bool = True) -> list[tuple[list[Token], list[str]]]:
        results: list[tuple[list[Token], list[str]]] = []
        for start in range(0, len(texts), BATCH_SIZE):
            results += self._tag_batch(texts[start:start + BATCH_SIZE], rules)
        return results

    def _tag_batch(self, batch: Sequence[str], rules: bool) -> list[tuple[list[Token], list[str]]]:
        tokenized = [tokens_for_tagging(text[:MAX_LENGTH]) for text in batch]
        present = [tokens for tokens in tokenized if tokens]
        texts = [text for text, tokens in zip(batch, tokenized) if tokens]
        decoded = self.first.viterbi(self.first_words.state_scores(present, texts))
        crf = self.first
        if self.second is not None:
            crf = self.second
            extra = [stack_attributes(tokens, labels) for tokens, labels in zip(present, decoded)]
            scores = self.second_words.state_scores(present, texts)
            flat = self.second.scores([attributes for sequence in extra for attributes in sequence])
            at = 0
            for matrix in scores:
                matrix += flat[at:at + len(matrix)]
                at += len(matrix)
            decoded = self.second.viterbi(scores)
        if rules:
            decoded = [apply_rules(text, tokens, labels, crf.label_index)
                       for text, tokens, labels in zip(texts, present, decoded)]
        found = iter(decoded)
        return [(tokens, next(found) if tokens else []) for tokens in tokenized]


def predicted_spans(texts: Sequence[str], tagged: Sequence[tuple[list[Token], list[str]]]) -> list[list[dict]]:
    return [[span.to_dict() for span in spans_from_labels(text, tokens, labels)]
            for text, (tokens, labels) in zip(texts, tagged)]


# --- scoring ------------------------------------------------------------------------------------------------

def summary(table: CountTable, title_venue: np.ndarray) -> dict[str, Any]:
    """Core micro-F1 at field and word level, exact references, title and venue scores, and the words whose
    gold and predicted labels are title and venue either way round (``title_venue``: per reference)."""
    found = metric_scores(table)
    row = {"n": found["n"], "field": found["field"]["micro"]["f1"], "word": found["word"]["micro"]["f1"],
           "exact": found["reference_exact"]}
    for label in ("title", "venue"):
        for key in ("precision", "recall", "f1"):
            row[f"field {label} {key[0] if key != 'f1' else 'f1'}"] = found["field"][label][key]
        row[f"word {label} f1"] = found["word"][label]["f1"]
    row["title<->venue words"] = int(title_venue.sum())
    return row


def tables(records: Sequence[dict], spans: Sequence[list[dict]]) -> tuple[CountTable, np.ndarray]:
    """The count table of ``spans`` against the gold spans, and each reference's title/venue word confusions
    (the table's confusion matrix is not kept per reference)."""
    texts, gold = [record["text"] for record in records], [record["spans"] for record in records]
    title_venue = np.array([sum({truth, found} == {"title", "venue"}
                                for (_, truth), (_, found) in zip(word_labels(text, right), word_labels(text, guess)))
                            for text, right, guess in zip(texts, gold, spans)], dtype=np.int64)
    return count_table(texts, gold, spans), title_venue


def corpus_of(record: dict[str, Any]) -> str:
    return Path(record["source_file"]).parent.name or Path(record["source_file"]).stem


def timed(function: Any, *arguments: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*arguments)
    return result, time.perf_counter() - started


def crfsuite_tag(model_path: Path, texts: Sequence[str], second_path: Path | None = None) -> list[list[str]]:
    """python-crfsuite's labels (no rules) for ``texts``: featurise, tag, and with ``second_path`` tag again
    with the stacking attributes. A check on the library-path decoder, and a second speed measurement."""
    first = pycrfsuite.Tagger()
    first.open(str(model_path))
    second = None
    if second_path is not None:
        second = pycrfsuite.Tagger()
        second.open(str(second_path))
    results = []
    for text in texts:
        tokens = tokens_for_tagging(text[:MAX_LENGTH])
        if not tokens:
            results.append([])
            continue
        features = featurize(tokens, text)
        labels = first.tag(features)
        if second is not None:
            labels = second.tag(stacked(features, stack_attributes(tokens, labels)))
        results.append(labels)
    return results


# --- the experiment -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    from tagger.research.config import load_config

    parser = argparse.ArgumentParser(prog="python -m training.stacking_experiment",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="runs/e4.toml")
    parser.add_argument("--max-iterations", type=int, help="for every CRF (default: the configuration's)")
    parser.add_argument("--limit", type=int, help="train on only this many references (a quick end-to-end check)")
    parser.add_argument("--dev-limit", type=int, help="score on only this many references of each dev set")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wait-minutes", type=float, default=25.0, help="most time to wait for other trainings")
    parser.add_argument("--timing-repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("runs/stacking"))
    args = parser.parse_args(argv)
    started = time.time()
    gate = CpuGate(args.wait_minutes * 60)
    config = load_config(args.config).replace(synth=0)
    if args.max_iterations:
        config = config.replace(max_iterations=args.max_iterations)
    config.check()
    args.out.mkdir(parents=True, exist_ok=True)

    # Data: the dev split and the held-out parts are scored; the test files only keep their texts out of the pool.
    tests = test_files(config)
    held_out = {f"{path} held out": records for path, records in held_out_parts(tests).items()}
    pool, _ = read_pool(config, tests=tests)
    dev, rest = config_dev_split(config, pool, config.dev_fraction or 0.1)
    if args.limit:
        rest = rest[:: max(1, len(rest) // args.limit)][: args.limit]
    if args.dev_limit:
        dev = dev[:: max(1, len(dev) // args.dev_limit)][: args.dev_limit]
        held_out = {name: records[:: max(1, len(records) // args.dev_limit)][: args.dev_limit]
                    for name, records in held_out.items()}
    once = weighted(config.replace(weights={}), rest)  # the training side's conventions, each reference once
    repeats = [file_weight(config, record["source_file"]) for record in rest]
    folds = [fold_of(record, args.seed, args.folds) for record in rest]
    tell(f"training side: {len(rest):,} references ({sum(repeats):,} weighted), folds "
         f"{dict(sorted(Counter(folds).items()))}; dev {len(dev):,}; "
         + ", ".join(f"{name} {len(records):,}" for name, records in held_out.items()))

    features, labels = featurize_records(once, 1, "featurising the training side", config.exclude_features)
    tell(f"featurised ({time.time() - started:.0f} s so far)")

    def expand(indices: Sequence[int], sequences: Sequence[Any]) -> list:
        return [sequences[index] for index in indices for _ in range(repeats[index])]

    folder = args.out / "models"
    # Jackknife: each fold labelled by a CRF trained on the others.
    first_labels: list[list[str] | None] = [None] * len(rest)
    for fold in range(args.folds):
        inside = [index for index in range(len(rest)) if folds[index] != fold]
        outside = [index for index in range(len(rest)) if folds[index] == fold]
        crf = fit_crf(expand(inside, features), expand(inside, labels), config, folder / f"fold{fold}",
                      f"first pass, fold {fold}", gate)
        for index, found in zip(outside, decode_features(crf, [features[index] for index in outside])):
            first_labels[index] = found
    jackknife_accuracy = _accuracy(first_labels, labels)
    tell(f"jackknife first-pass token accuracy on the training side: {jackknife_accuracy:.4f}")

    all_indices = range(len(rest))
    baseline_crf = fit_crf(expand(all_indices, features), expand(all_indices, labels), config, folder / "baseline",
                           "baseline (first pass on the dev sets)", gate)
    stacked_features = [stacked(sequence, stack_attributes(_tokens(record), found))
                        for record, sequence, found in zip(once, features, first_labels)]
    del features
    stacked_crf = fit_crf(expand(all_indices, stacked_features), expand(all_indices, labels), config,
                          folder / "stacked", "stacked second pass", gate)
    del stacked_features
    training_seconds = time.time() - started

    # Scoring, both through the same (library) decode path.
    baseline, two_pass = TwoPassTagger(baseline_crf), TwoPassTagger(baseline_crf, stacked_crf)
    sets = {"dev": dev, **held_out}
    results: dict[str, Any] = {}
    count_tables: dict[str, dict[str, tuple[CountTable, np.ndarray]]] = {}
    first_pass_dev_accuracy = {}
    for name, records in sets.items():
        texts = [record["text"] for record in records]
        count_tables[name] = {}
        for system, tagger in (("baseline", baseline), ("stacked", two_pass)):
            count_tables[name][system] = tables(records, predicted_spans(texts, tagger.tag(texts)))
        raw_first = baseline.tag(texts, rules=False)
        gold = [_gold_labels(record, tokens) for record, (tokens, _) in zip(records, raw_first)]
        first_pass_dev_accuracy[name] = _accuracy([found for _, found in raw_first], gold)
    for name, records in sets.items():
        groups = {name: list(range(len(records)))}
        if name == "dev":
            by_corpus = defaultdict(list)
            for index, record in enumerate(records):
                by_corpus[corpus_of(record)].append(index)
            groups |= {f"dev {corpus}": indices for corpus, indices in sorted(by_corpus.items())}
        for group, indices in groups.items():
            results[group] = {system: summary(table.subset(indices), title_venue[indices])
                              for system, (table, title_venue) in count_tables[name].items()}
        results[name]["paired test (core field micro-F1)"] = paired_test(
            count_tables[name]["baseline"][0], count_tables[name]["stacked"][0], resamples=10_000)

    # Checks: the decode path against the library's evaluator, and against python-crfsuite.
    dev_texts = [record["text"] for record in dev]
    library = evaluate_model(Tagger.load(folder / "baseline"), dev, reliability=False)
    checks = {"baseline field F1, library evaluate_model": library["field"]["micro"]["f1"],
              "baseline field F1, this script's path": results["dev"]["baseline"]["field"]}

    # Speed: tagging the dev split, warm word caches, best of a few alternating runs; and python-crfsuite.
    one_pass_times, two_pass_times = [], []
    for _ in range(args.timing_repeats):
        one_pass_times.append(timed(baseline.tag, dev_texts)[1])
        two_pass_times.append(timed(two_pass.tag, dev_texts)[1])
    crfsuite_one, crfsuite_one_seconds = timed(crfsuite_tag, folder / "baseline" / MODEL_FILE, dev_texts)
    crfsuite_two, crfsuite_two_seconds = timed(crfsuite_tag, folder / "baseline" / MODEL_FILE, dev_texts,
                                               folder / "stacked" / MODEL_FILE)
    first_tagged = baseline.tag(dev_texts, rules=False)
    _, attribute_seconds = timed(lambda: [stack_attributes(tokens, found) for tokens, found in first_tagged if tokens])
    library_one = [found for _, found in first_tagged]
    library_two = [found for _, found in two_pass.tag(dev_texts, rules=False)]
    checks["python-crfsuite = library decoder, one pass (share of references)"] = _same(crfsuite_one, library_one)
    checks["python-crfsuite = library decoder, two passes (share of references)"] = _same(crfsuite_two, library_two)
    speed = {"references": len(dev_texts), "library path one pass s": min(one_pass_times),
             "library path two passes s": min(two_pass_times),
             "library path ratio": min(two_pass_times) / min(one_pass_times),
             "of which stacking attributes s": attribute_seconds,
             "python-crfsuite one pass s": crfsuite_one_seconds, "python-crfsuite two passes s": crfsuite_two_seconds,
             "python-crfsuite ratio": crfsuite_two_seconds / crfsuite_one_seconds,
             "all runs s": {"one pass": one_pass_times, "two passes": two_pass_times}}

    report = {
        "config": args.config, "feature_version": FEATURE_VERSION, "git": _git_state(),
        "crf": config.crf, "algorithm": config.algorithm, "max_iterations": config.max_iterations,
        "synth": 0, "folds": args.folds, "seed": args.seed, "limit": args.limit, "dev_limit": args.dev_limit,
        "training_references": len(rest), "training_references_weighted": sum(repeats),
        "separators": sorted(SEPARATORS),
        "first-pass token accuracy": {"training side, jackknife": jackknife_accuracy,
                                      **{f"{name}, full model": value
                                         for name, value in first_pass_dev_accuracy.items()}},
        "model_bytes": {name: (folder / name / MODEL_FILE).stat().st_size for name in ("baseline", "stacked")},
        "scores": results, "speed": speed, "checks": checks,
        "cpu_wait_seconds": gate.waited, "training_seconds": round(training_seconds),
        "seconds": round(time.time() - started),
    }
    (args.out / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(markdown(report))
    return 0


def _tokens(record: dict[str, Any]) -> list[Token]:
    from tagger.tokenizer import tokenize

    return tokenize(record["text"])  # as training featurises (tagger.research.fit.example)


def _gold_labels(record: dict[str, Any], tokens: Sequence[Token]) -> list[str]:
    from tagger.reference import labels_from_spans

    return labels_from_spans(tokens, record["spans"], frozenset(LABELS))


def _accuracy(found: Sequence[Sequence[str] | None], gold: Sequence[Sequence[str]]) -> float:
    pairs = [(a, b) for labels, truth in zip(found, gold) for a, b in zip(labels or [], truth)]
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else 0.0


def _same(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]) -> float:
    return float(np.mean([list(a) == list(b) for a, b in zip(first, second)])) if first else 1.0


def _git_state() -> dict[str, Any]:
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], capture_output=True, text=True).stdout.strip()

    return {"head": git("rev-parse", "--short", "HEAD"),
            "changed_in_tagger": git("status", "--porcelain", "--", "tagger").splitlines()}


def markdown(report: dict[str, Any]) -> str:
    columns = ("field", "word", "field title f1", "field venue f1", "title<->venue words", "exact")
    lines = [
        f"max_iterations {report['max_iterations']}, {report['training_references']:,} training references "
        f"({report['training_references_weighted']:,} weighted), feature set {report['feature_version']}",
        "",
        "| set | n | " + " | ".join(f"{column} base | stacked | Δ" for column in columns) + " |",
        "|---|---:|" + "---:|---:|---:|" * len(columns),
    ]
    for name, systems in report["scores"].items():
        base, stack = systems["baseline"], systems["stacked"]
        cells = []
        for column in columns:
            if column == "title<->venue words":
                cells += [str(base[column]), str(stack[column]), f"{stack[column] - base[column]:+d}"]
            else:
                cells += [f"{base[column]:.4f}", f"{stack[column]:.4f}", f"{100 * (stack[column] - base[column]):+.2f}"]
        lines.append(f"| {name} | {base['n']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("(field, word: core micro-F1; Δ in points; title<->venue words: gold title tagged venue plus "
                 "gold venue tagged title)")
    for name, systems in report["scores"].items():
        test = systems.get("paired test (core field micro-F1)")
        if test:
            low, high = test["difference_ci95"]
            lines.append(f"- {name}: stacked - baseline core field F1 {100 * test['difference']:+.2f} points, "
                         f"95% CI {100 * low:+.2f} to {100 * high:+.2f}, randomisation p = {test['p_value']:.4f}")
    for name, systems in report["scores"].items():
        if "paired test (core field micro-F1)" in systems:
            for system in ("baseline", "stacked"):
                row = systems[system]
                lines.append(f"- {name} {system}: title P/R/F1 {row['field title p']:.4f}/{row['field title r']:.4f}/"
                             f"{row['field title f1']:.4f}, venue P/R/F1 {row['field venue p']:.4f}/"
                             f"{row['field venue r']:.4f}/{row['field venue f1']:.4f}")
    speed = report["speed"]
    lines += ["", f"Tagging the dev split ({speed['references']} references): library decode path "
              f"{speed['library path one pass s']:.2f} s one pass, {speed['library path two passes s']:.2f} s two "
              f"passes (x{speed['library path ratio']:.2f}; computing the stacking attributes "
              f"{speed['of which stacking attributes s']:.2f} s of it); "
              f"python-crfsuite {speed['python-crfsuite one pass s']:.2f} s vs "
              f"{speed['python-crfsuite two passes s']:.2f} s (x{speed['python-crfsuite ratio']:.2f})",
              f"First-pass token accuracy: {json.dumps(report['first-pass token accuracy'])}",
              f"Checks: {json.dumps(report['checks'])}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.stacking_experiment"))
