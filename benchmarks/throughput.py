"""Throughput of ``parse_many`` against spaCy's tokenizer alone, measured in one run.

    python benchmarks/throughput.py [--data-dir ../shared/data] [--count 3000] [--repeat 3]

Takes distinct reference strings from the shared corpora: a warm-up set, then
a disjoint measured set. Prints references/second for

- spaCy's default English tokenizer (``spacy.blank("en")``),
- reftagger's tokenizer (the same spaCy tokenizer with reference rules),
- full ``Tagger.parse_many`` (tokenise, featurise, CRF, spans; fields are
  merged from the spans when first read),
- ``parse_many`` plus ``Reference.to_dict()``, one round on further unseen
  references if the corpora hold enough,

the ratio of full parsing to each tokenizer, the model load time and the
process's peak memory. Each figure is the best of ``--repeat`` rounds, each over references
not seen before in the run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FILES = ("anystyle/test.jsonl", "umass/test.jsonl", "anystyle/extra-good.jsonl", "anystyle/extra-ugly.jsonl",
         "parscit/train.jsonl", "umass/train.jsonl", "umass/dev.jsonl", "anystyle/train.jsonl")


def distinct_texts(data_dir: Path) -> list[str]:
    seen, texts = set(), []
    for name in FILES:
        for line in (data_dir / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if text not in seen:
                seen.add(text)
                texts.append(text)
    return texts


def best_rate(run, rounds: list[list[str]]) -> float:
    """References per second of the fastest round; each round is a fresh set of references."""
    best = float("inf")
    for texts in rounds:
        started = time.perf_counter()
        run(texts)
        best = min(best, time.perf_counter() - started)
    return len(rounds[0]) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--count", type=int, default=3000, help="references measured per round")
    parser.add_argument("--warmup", type=int, default=500, help="other references used to warm up")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = distinct_texts(args.data_dir)
    needed = args.warmup + args.count * args.repeat
    if len(texts) < needed:
        sys.exit(f"only {len(texts)} distinct references in {args.data_dir}, {needed} needed")
    warmup = texts[: args.warmup]
    # Each repetition sees references no earlier run has seen, so no cache flatters a later run.
    rounds = [texts[args.warmup + k * args.count : args.warmup + (k + 1) * args.count] for k in range(args.repeat)]

    import spacy

    from tagger import Tagger
    from tagger.tokenizer import build_spacy_tokenizer

    started = time.perf_counter()
    model = Tagger.load()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model.parse(warmup[0])
    first_parse_seconds = time.perf_counter() - started

    default_tokenizer = spacy.blank("en").tokenizer
    reference_tokenizer = build_spacy_tokenizer.__wrapped__()  # a fresh instance: no cache shared with parse
    for text in warmup:
        default_tokenizer(text)
    for _ in model.parse_many(warmup):
        pass

    # The default tokenizer has a vocabulary of its own; parse_many runs before reftagger's tokenizer is
    # timed alone, so any cache they share favours the tokenizer, never parse_many.
    default_rate = best_rate(lambda batch: [default_tokenizer(t) for t in batch], rounds)
    parse_rate = best_rate(lambda batch: list(model.parse_many(batch)), rounds)
    # Fields are merged from the spans on first access; most callers read them, so time that too.
    fields_round = texts[needed : needed + args.count]
    fields_rate = (
        best_rate(lambda batch: [reference.to_dict() for reference in model.parse_many(batch)], [fields_round])
        if len(fields_round) == args.count
        else None
    )
    tokenizer_rate = best_rate(lambda batch: [reference_tokenizer(t) for t in batch], rounds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"references measured:                  {args.count} distinct per round, {args.repeat} rounds "
          f"(after {len(warmup)} warm-up)")
    print(f"spaCy default tokenizer:              {default_rate:10,.0f} references/s")
    print(f"reftagger tokenizer (spaCy + rules):  {tokenizer_rate:10,.0f} references/s")
    print(f"parse_many (single process):          {parse_rate:10,.0f} references/s")
    if fields_rate:
        print(f"parse_many + Reference.to_dict():     {fields_rate:10,.0f} references/s (one further round)")
    print(f"ratio parse_many / default tokenizer: {parse_rate / default_rate:10.3f}")
    print(f"ratio parse_many / reftagger tokenizer: {parse_rate / tokenizer_rate:8.3f}")
    print(f"model load (Tagger.load):             {load_seconds * 1000:10.0f} ms")
    print(f"first parse (builds the tokenizer):   {first_parse_seconds * 1000:10.0f} ms")
    print(f"peak memory (max RSS):                {peak_mb:10.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
