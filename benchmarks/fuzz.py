"""Fuzz ``tagger.parse`` with generated strings and check every result is well formed.

    python benchmarks/fuzz.py [--count 100000] [--seed 0] [--failures fuzz-failures.jsonl]

Inputs are drawn from five generators, in turn: real references (from
``../shared/data`` when present, else the project's ``data/``) with random
characters inserted, deleted or replaced; random code points of any kind
(lone surrogates, controls, private use, RTL marks, emoji, combining marks);
concatenations of reference pieces and odd characters; long runs of one
character (up to 30,000, beyond the 10,000-character limit); and whitespace
only. For each input, ``parse`` must return a ``Reference`` holding the input
whose spans are sorted, non-overlapping, inside the text and equal to
``text[start:end]``, with ``to_dict()`` working; every 50th batch also checks
``parse_many`` against ``parse``. The only documented exception for a ``str``
is none at all (a ``ReferenceTooLongWarning`` is a warning); anything raised
is a failure, written with its input to ``--failures``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
import warnings
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_DIR = REPOSITORY.parent / "shared" / "data"
ODD = ["\ud800", "\udfff", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\u200b", "\u200d", "\ufeff",
       "\u202e", "\u202d", "\u0301", "\u0336", "\ufffd", "\ue000", "😀", "👍🏽", "🇩🇪", "مرجع", "עברית", "王明",
       "Иванов", "ﬁ", "\u00ad",
       "\t", "\r", "\n", "  ", "(", ")", "[", "]", "«", "»", "//", "—", "№", "&", "<", ">", '"', "'"]


def references() -> list[str]:
    """The reference strings of the labelled corpora (``blocks/`` holds whole sections, not references)."""
    files = [path for path in sorted(DATA_DIR.glob("*/*.jsonl")) if path.parent.name != "blocks"]
    files = files or sorted((REPOSITORY / "data").glob("*.jsonl"))
    return [json.loads(line)["text"] for path in files for line in path.open(encoding="utf-8") if line.strip()]


def random_character(generator: random.Random) -> str:
    roll = generator.random()
    if roll < 0.4:
        return generator.choice(ODD)
    if roll < 0.7:
        return chr(generator.randrange(0x20, 0x3000))
    return chr(generator.randrange(0, 0x110000))


def mutated(generator: random.Random, texts: list[str]) -> str:
    text = list(generator.choice(texts))
    for _ in range(generator.randint(1, 12)):
        position = generator.randrange(len(text) + 1)
        action = generator.random()
        if action < 0.5:
            text.insert(position, random_character(generator))
        elif action < 0.75 and text:
            del text[min(position, len(text) - 1)]
        elif text:
            text[min(position, len(text) - 1)] = random_character(generator)
    return "".join(text)


def random_code_points(generator: random.Random, texts: list[str]) -> str:
    return "".join(random_character(generator) for _ in range(generator.randint(0, 300)))


def pieces(generator: random.Random, texts: list[str]) -> str:
    words = generator.choice(texts).split(" ")
    return "".join(generator.choice(words + ODD) + generator.choice(["", " ", "", "."]) for _ in range(40))


def long_run(generator: random.Random, texts: list[str]) -> str:
    return generator.choice(["(", ")", ".", "-", "a", "1", "a.", "\u0301", "😀", random_character(generator)]) * (
        generator.choice([1, 100, 999, 1001, 5000, 12000, 30000]))


def whitespace(generator: random.Random, texts: list[str]) -> str:
    return "".join(generator.choice(" \t\r\x0b\x0c\u00a0\u2000\u3000\u2028") for _ in range(generator.randint(0, 30)))


GENERATORS = (mutated, random_code_points, pieces, long_run, whitespace)


def problem(reference: object, text: str) -> str:
    from tagger import Reference

    if not isinstance(reference, Reference) or reference.text != text:
        return "parse did not return a Reference holding the input"
    previous_end = 0
    for span in reference.spans:
        if not previous_end <= span.start < span.end <= len(text):
            return f"span {span.start}-{span.end} out of order or outside the text"
        if text[span.start : span.end] != span.text:
            return f"span {span.start}-{span.end} text differs from the input"
        previous_end = span.end
    reference.to_dict()
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures.jsonl"))
    args = parser.parse_args()

    import tagger
    from tagger import ReferenceTooLongWarning

    warnings.simplefilter("ignore", ReferenceTooLongWarning)
    model = tagger.default_tagger()
    texts = references()
    generator = random.Random(args.seed)
    failures, done, characters = [], 0, 0
    slowest = (0.0, "")
    started = time.perf_counter()
    while done < args.count:
        batch = [GENERATORS[(done + k) % len(GENERATORS)](generator, texts) for k in range(args.batch)]
        for text in batch:
            began = time.perf_counter()
            try:
                found = problem(model.parse(text), text)
            except Exception:  # noqa: BLE001 - every exception is a finding
                found = traceback.format_exc(limit=3)
            slowest = max(slowest, (time.perf_counter() - began, text[:60]))
            if found:
                failures.append({"text": text, "problem": found})
        if (done // args.batch) % 50 == 0 and list(model.parse_many(batch, batch_size=17)) != [
            model.parse(text) for text in batch
        ]:
            failures.append({"text": batch, "problem": "parse_many differs from parse"})
        done += len(batch)
        characters += sum(map(len, batch))
        if done % 10_000 == 0:
            print(f"{done:,} inputs, {len(failures)} failures, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"inputs: {done:,} ({characters:,} characters) in {seconds:.0f} s; failures: {len(failures)}; "
          f"slowest input: {slowest[0]:.2f} s ({slowest[1]!r}...)")
    if failures:
        with args.failures.open("w", encoding="utf-8", errors="backslashreplace") as out:
            for failure in failures:
                out.write(json.dumps(failure) + "\n")
        print(f"failing inputs written to {args.failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
