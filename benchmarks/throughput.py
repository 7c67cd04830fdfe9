"""Throughput of ``parse_many`` against spaCy's tokenizer alone, measured in one run.

    python benchmarks/throughput.py [--data-dir ../shared/data] [--count 3000] [--repeat 3] [--set corpora|pdf|both]

Two sets of references, measured apart: ``corpora``, distinct reference strings
from the shared corpora, and ``pdf``, the PDF-extracted references of
``grobid/train.jsonl`` (longer than the corpora's average; fewer, so each round
holds at most a third of what is left after the warm-up). From each: a warm-up
set, then disjoint measured sets. Prints references/second for

- spaCy's default English tokenizer (``spacy.blank("en")``),
- reftagger's tokenizer (spaCy's tokenizer algorithm and rules with reference rules, in Python),
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


PDF_FILES = ("grobid/train.jsonl",)


def distinct_texts(data_dir: Path, files: tuple[str, ...] = FILES) -> list[str]:
    seen, texts = set(), []
    for name in files:
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
    parser.add_argument("--set", choices=("corpora", "pdf", "both"), default="both", dest="which")
    args = parser.parse_args()

    import spacy

    from tagger import Tagger

    started = time.perf_counter()
    model = Tagger.load()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model.parse("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
    first_parse_seconds = time.perf_counter() - started
    default_tokenizer = spacy.blank("en").tokenizer

    sets = {"corpora": FILES, "pdf": PDF_FILES}
    for name in ("corpora", "pdf") if args.which == "both" else (args.which,):
        measure(name, distinct_texts(args.data_dir, sets[name]), args, model, default_tokenizer)
    print(f"model load (Tagger.load):             {load_seconds * 1000:10.0f} ms")
    print(f"first parse (compiles the tokenizer): {first_parse_seconds * 1000:10.0f} ms")
    print(f"peak memory (max RSS):                {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.0f} MB")
    return 0


def measure(name: str, texts: list[str], args: argparse.Namespace, model, default_tokenizer) -> None:
    """Time the tokenizers and parse_many on one set of references and print the rates and ratios."""
    from tagger.tokenizer import ReferenceTokenizer

    count = min(args.count, (len(texts) - args.warmup) // args.repeat)
    if count < 100:
        sys.exit(f"only {len(texts)} distinct references in the {name} set, too few to measure")
    warmup = texts[: args.warmup]
    # Each repetition sees references no earlier run has seen, so no cache flatters a later run.
    rounds = [texts[args.warmup + k * count : args.warmup + (k + 1) * count] for k in range(args.repeat)]
    reference_tokenizer = ReferenceTokenizer()  # a fresh instance: no cache shared with parse
    for text in warmup:
        default_tokenizer(text)
    for _ in model.parse_many(warmup):
        pass

    # The default tokenizer has a vocabulary of its own; parse_many runs before reftagger's tokenizer is
    # timed alone, so any cache they share favours the tokenizer, never parse_many.
    default_rate = best_rate(lambda batch: [default_tokenizer(t) for t in batch], rounds)
    parse_rate = best_rate(lambda batch: list(model.parse_many(batch)), rounds)
    # Fields are merged from the spans on first access; most callers read them, so time that too.
    used = args.warmup + count * args.repeat
    fields_round = texts[used : used + count]
    fields_rate = (
        best_rate(lambda batch: [reference.to_dict() for reference in model.parse_many(batch)], [fields_round])
        if len(fields_round) == count
        else None
    )
    tokenizer_rate = best_rate(lambda batch: [reference_tokenizer(t) for t in batch], rounds)
    characters = sum(map(len, texts)) / len(texts)

    print(f"== {name}: {count} distinct references per round, {args.repeat} rounds (after {len(warmup)} warm-up), "
          f"{characters:.0f} characters on average")
    print(f"spaCy default tokenizer:              {default_rate:10,.0f} references/s")
    print(f"reftagger tokenizer:                  {tokenizer_rate:10,.0f} references/s")
    print(f"parse_many (single process):          {parse_rate:10,.0f} references/s")
    if fields_rate:
        print(f"parse_many + Reference.to_dict():     {fields_rate:10,.0f} references/s (one further round)")
    print(f"ratio parse_many / default tokenizer: {parse_rate / default_rate:10.3f}")
    print(f"ratio parse_many / reftagger tokenizer: {parse_rate / tokenizer_rate:8.3f}")


if __name__ == "__main__":
    sys.exit(main())
