r"""How well ``tagger.split_references`` recovers references from blocks built out of a corpus by wrapping at a
fixed number of characters (as plain-text and monospaced copies wrap).

    python -m training.split_blocks [FILE ...] [--block-size 20] [--seed 0] [--model DIR]

References are taken in file order, 20 to a block, and each block is laid
out as a pasted reference section would be: wrapped with ``textwrap`` at a
width drawn from 60 to 90 columns, once numbered (``1.``, ``[1]`` or ``(1)``,
drawn per block) and once not; unnumbered blocks are either hanging-indented
(lines after a reference's first indented by four spaces) or flush, drawn
per block. A reference counts as recovered when the splitter returns its
exact text (with the number, in numbered blocks). Prints the share recovered
for each layout. ``--model``: the reference tagger whose view of the lines the
line splitter reads (default: the shipped one). Sections wrapped the way PDFs
wrap them are measured by ``python -m training.train_splitter``.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import textwrap
from pathlib import Path

from tagger.blocks import split_references_with
from tagger.corpus import read_records
from tagger.model import Tagger
from training import run

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
NUMBERS = {"dot": "{}. ", "bracket": "[{}] ", "paren": "({}) "}
FLUSH = "unnumbered, flush"


@dataclasses.dataclass(frozen=True)
class Block:
    """A laid-out block: its text, the references it holds as they should come back, its layout, and the
    index of the line each reference starts on."""

    text: str
    references: list[str]
    layout: str
    first_lines: list[int]


def build_block(texts: list[str], generator: random.Random, numbered: bool) -> Block:
    """A block laid out from ``texts``."""
    width = generator.randint(60, 90)
    number = NUMBERS[generator.choice(sorted(NUMBERS))]
    hanging = not numbered and generator.random() < 0.5
    lines, references, first_lines = [], [], []
    for index, text in enumerate(texts, start=1):
        reference = (number.format(index) if numbered else "") + text
        wrapped = textwrap.wrap(reference, width=width, break_long_words=False)
        first_lines.append(len(lines))
        lines += wrapped[:1] + [("    " if hanging or numbered else "") + line for line in wrapped[1:]]
        references.append(reference)
    layout = "numbered" if numbered else "unnumbered, hanging indent" if hanging else FLUSH
    return Block("\n".join(lines), references, layout, first_lines)


def built_blocks(texts: list[str], block_size: int, seed: int) -> list[Block]:
    generator = random.Random(seed)
    return [build_block(texts[start : start + block_size], generator, numbered)
            for numbered in (True, False) for start in range(0, len(texts), block_size)]


def evaluate(texts: list[str], block_size: int, seed: int, tagger: Tagger | None = None) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for block in built_blocks(texts, block_size, seed):
        found = set(split_references_with(block.text, tagger))
        right, total = counts.get(block.layout, (0, 0))
        counts[block.layout] = (right + sum(reference in found for reference in block.references),
                                total + len(block.references))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.split_blocks", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[DATA_DIR / "anystyle" / "test.jsonl", DATA_DIR / "umass" / "test.jsonl"])
    parser.add_argument("--block-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", type=Path, help="model directory to judge flush lists (default: the shipped one)")
    args = parser.parse_args(argv)
    tagger = Tagger.load(args.model) if args.model else None
    for path in args.files:
        counts = evaluate([record["text"] for record in read_records(path)], args.block_size, args.seed, tagger)
        for layout, (right, total) in counts.items():
            print(f"{path}: {layout}: {right:,} of {total:,} references recovered exactly ({right / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.split_blocks"))
