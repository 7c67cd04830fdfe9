"""How often a model finds a title of one or two words: the shipped configuration's dev references with their
one title replaced by a short one (``Geschichte``, ``Avaliação``, ``Анализ``, ``A Note``), everything else kept.

    python -m training.short_titles MODEL [MODEL ...]

Real lists hold such titles (humanities monographs, GOST and ABNT books: ``COSTA, A. B. Avaliação. In: ...``),
the corpora's dev references hardly any, so the dev split cannot say how a model reads them. For each model it
prints the share of references whose title field is exactly the short title, the share with no title at all,
and where the title's first word went (its label, ``O`` for none).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from typing import Any

from tagger.model import Tagger
from tagger.research.data import config_dev_split, read_pool
from tagger.research.metrics import fields
from training import run
from training.train import shipped_config

# Invented for this check or common single words, in the corpora's and the synthetic styles' languages.
SHORT_TITLES = ("Something", "Geschichte", "Avaliação", "Анализ", "Ethics", "Micrographia", "Opticks", "Leviathan",
                "Introduction", "Economics", "A Note", "Democracy", "Erkenntnis", "Logik", "Sociologie", "Memoria",
                "Reflections", "Capital", "Методология", "Parsing", "Evolution", "Language", "Systems", "Образование")
EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


def short_title_records(records: list[dict[str, Any]], seed: int = 0) -> list[dict[str, Any]]:
    """Each record with exactly one title span, the title's words replaced by a short title (its surrounding
    quotes and punctuation kept) and the spans after it moved."""
    rng = random.Random(seed)
    changed = []
    for record in records:
        titles = [span for span in record["spans"] if span["label"] == "title"]
        if len(titles) != 1:
            continue
        title, text = titles[0], record["text"]
        before, _, after = EDGES.match(text[title["start"] : title["end"]]).groups()
        replaced = before + rng.choice(SHORT_TITLES) + after
        shift = len(replaced) - (title["end"] - title["start"])
        spans = [{**span, "end": span["end"] + shift} if span is title
                 else {**span, "start": span["start"] + shift, "end": span["end"] + shift}
                 if span["start"] >= title["end"] else span for span in record["spans"]]
        changed.append({"id": record.get("id"), "text": text[: title["start"]] + replaced + text[title["end"] :],
                        "spans": spans})
    return changed


def title_reading(model: Tagger, records: list[dict[str, Any]]) -> tuple[float, float, Counter]:
    """The share of ``records`` whose title is found exactly, the share with none found, and the label the
    title's first word got."""
    exact = missing = 0
    first_word: Counter = Counter()
    for record, reference in zip(records, model.parse_many([record["text"] for record in records])):
        predicted = [span.to_dict() for span in reference.spans]
        found = fields(record["text"], predicted).get("title")
        exact += found == fields(record["text"], record["spans"]).get("title")
        missing += not found
        title = next(span for span in record["spans"] if span["label"] == "title")
        word = re.search(r"\w", record["text"][title["start"] : title["end"]])
        position = title["start"] + (word.start() if word else 0)
        first_word[next((span.label for span in reference.spans if span.start <= position < span.end), "O")] += 1
    return exact / len(records), missing / len(records), first_word


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.short_titles", description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="+", help="model directories")
    args = parser.parse_args(argv)
    config = shipped_config()
    pool, _ = read_pool(config)
    dev, _ = config_dev_split(config, pool)
    records = short_title_records(dev)
    print(f"{len(records):,} dev references, each with a title of one or two words")
    for path in args.models:
        exact, missing, first_word = title_reading(Tagger.load(path), records)
        went = ", ".join(f"{label} {count / len(records):.1%}" for label, count in first_word.most_common(5))
        print(f"{path}: title exact {exact:.1%}, no title {missing:.1%}; the title's first word: {went}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.short_titles"))
