r"""How well the name splitter (``tagger.names.names``, which ``record()`` and every record format use) reads
the hand-labelled author lists of ``data/names.jsonl``.

    python -m training.name_accuracy [FILE] [--errors]

Names are compared in order, the n-th found against the n-th labelled (a name missed or split in two makes the
ones after it wrong too). *family* counts a person's family name and particle both right, or an organisation's
name kept whole; *given* the given names (an organisation counts when kept whole); *exact* every part,
suffix included; *lists* the author lists whose names and et-al mark are all right. Prints one row per style
and the total; ``--errors`` lists the lists read wrong.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from tagger.names import names

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "names.jsonl"
COLUMNS = ("names", "family", "given", "exact", "lists", "lists right")


def read_names(path: Path = NAMES_FILE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def compare(gold: dict[str, str], found: dict[str, str]) -> tuple[bool, bool, bool]:
    """Whether ``found`` has ``gold``'s family name (with its particle), its given names, and all of it."""
    if "literal" in gold:
        right = found == gold
        return right, right, right
    family = found.get("family") == gold["family"] and found.get("particle") == gold.get("particle")
    given = found.get("given") == gold.get("given")
    return family, given, family and given and found.get("suffix") == gold.get("suffix")


def score(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Counts and shares per style and in ``total``: names, family, given, exact (shares of the names), lists,
    lists right (the share of lists read wholly right)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for row in rows:
        found = names(row["text"])
        right = found["et_al"] == row["et_al"] and len(found["names"]) == len(row["names"])
        for style in (row["style"], "total"):
            counts[style]["lists"] += 1
        for index, gold in enumerate(row["names"]):
            checks = compare(gold, found["names"][index] if index < len(found["names"]) else {})
            right = right and all(checks)
            for style in (row["style"], "total"):
                counts[style]["names"] += 1
                for column, ok in zip(("family", "given", "exact"), checks):
                    counts[style][column] += ok
        for style in (row["style"], "total"):
            counts[style]["lists right"] += right
    return {style: {"names": values["names"], "lists": values["lists"],
                    **{column: values[column] / values["names"] for column in ("family", "given", "exact")},
                    "lists right": values["lists right"] / values["lists"]}
            for style, values in sorted(counts.items(), key=lambda item: (item[0] == "total", item[0]))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.name_accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", default=str(NAMES_FILE), help="labelled names (default: data/names.jsonl)")
    parser.add_argument("--errors", action="store_true", help="list the author lists read wrong")
    args = parser.parse_args(argv)
    rows = read_names(Path(args.file))
    print("| style | names | family | given | exact | lists | lists right |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for style, values in score(rows).items():
        print(f"| {style} | {values['names']} | {values['family']:.1%} | {values['given']:.1%} | "
              f"{values['exact']:.1%} | {values['lists']} | {values['lists right']:.1%} |")
    if args.errors:
        for row in rows:
            found = names(row["text"])
            if found != {"names": row["names"], "et_al": row["et_al"]}:
                print(f"{row['id']}: {row['text']!r}\n  found    {found}\n  labelled {row['names']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
