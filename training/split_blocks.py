"""How well ``tagger.split_references`` recovers references from blocks built out of a corpus.

    python -m training.split_blocks [FILE ...] [--block-size 20] [--seed 0]

References are taken in file order, 20 to a block, and each block is laid
out as a pasted reference section would be: wrapped with ``textwrap`` at a
width drawn from 60 to 90 columns, once numbered (``1.``, ``[1]`` or ``(1)``,
drawn per block) and once not; unnumbered blocks are either hanging-indented
(lines after a reference's first indented by four spaces) or flush, drawn
per block. A reference counts as recovered when the splitter returns its
exact text (with the number, in numbered blocks). Prints the share recovered
for each layout.
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
from pathlib import Path

from tagger.blocks import split_references
from tagger.corpus import read_records

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
NUMBERS = {"dot": "{}. ", "bracket": "[{}] ", "paren": "({}) "}


def build_block(texts: list[str], generator: random.Random, numbered: bool) -> tuple[str, list[str], str]:
    """A block laid out from ``texts``, the references it holds as they should come back, and its layout."""
    width = generator.randint(60, 90)
    number = NUMBERS[generator.choice(sorted(NUMBERS))]
    hanging = not numbered and generator.random() < 0.5
    lines, references = [], []
    for index, text in enumerate(texts, start=1):
        reference = (number.format(index) if numbered else "") + text
        wrapped = textwrap.wrap(reference, width=width, break_long_words=False)
        lines += wrapped[:1] + [("    " if hanging or numbered else "") + line for line in wrapped[1:]]
        references.append(reference)
    layout = "numbered" if numbered else "unnumbered, hanging indent" if hanging else "unnumbered, flush"
    return "\n".join(lines), references, layout


def evaluate(texts: list[str], block_size: int, seed: int) -> dict[str, tuple[int, int]]:
    generator = random.Random(seed)
    counts: dict[str, tuple[int, int]] = {}
    for numbered in (True, False):
        for start in range(0, len(texts), block_size):
            block, references, layout = build_block(texts[start : start + block_size], generator, numbered)
            found = set(split_references(block))
            right, total = counts.get(layout, (0, 0))
            counts[layout] = (right + sum(reference in found for reference in references), total + len(references))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.split_blocks", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[DATA_DIR / "anystyle" / "test.jsonl", DATA_DIR / "umass" / "test.jsonl"])
    parser.add_argument("--block-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for path in args.files:
        counts = evaluate([record["text"] for record in read_records(path)], args.block_size, args.seed)
        for layout, (right, total) in counts.items():
            print(f"{path}: {layout}: {right:,} of {total:,} references recovered exactly ({right / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
