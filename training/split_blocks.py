r"""How well ``tagger.split_references`` recovers references from blocks built out of a corpus.

    python -m training.split_blocks [FILE ...] [--block-size 20] [--seed 0] [--model DIR]
    python -m training.split_blocks --fit FILE=MODEL_DIR [FILE=MODEL_DIR ...] [--fit-seeds 6]

References are taken in file order, 20 to a block, and each block is laid
out as a pasted reference section would be: wrapped with ``textwrap`` at a
width drawn from 60 to 90 columns, once numbered (``1.``, ``[1]`` or ``(1)``,
drawn per block) and once not; unnumbered blocks are either hanging-indented
(lines after a reference's first indented by four spaces) or flush, drawn
per block. A reference counts as recovered when the splitter returns its
exact text (with the number, in numbered blocks). Prints the share recovered
for each layout. ``--model`` has flush lists judged by that model instead of
the shipped one: the shipped model was trained on the training files, so on
their blocks it judges better than it does on unseen text.

``--fit`` fits the weights of ``tagger/blocks/flush_weights.json`` and prints them as that file holds them
(``> tagger/blocks/flush_weights.json`` to replace it). Each
file's flush blocks (seeds 0 to ``--fit-seeds`` - 1) are featurised with a
model trained without that file, so that the tagger sees them as it sees
unseen text at use (a file given to ``--test`` has its overlap removed from
the training pool). The shipped weights come from

    D=../shared/data
    reftagger train --out /tmp/without-anystyle --weight $D/umass/train.jsonl=2 --weight $D/umass/dev.jsonl=2 \
        --data $D/anystyle/extra-good.jsonl $D/anystyle/extra-bad.jsonl $D/parscit/train.jsonl \
               $D/umass/train.jsonl $D/umass/dev.jsonl data/seed-styles.jsonl \
        --test $D/anystyle/test.jsonl $D/umass/test.jsonl $D/anystyle/train.jsonl
    reftagger train --out /tmp/without-umass-parscit --weight $D/umass/dev.jsonl=2 \
        --data $D/anystyle/train.jsonl $D/anystyle/extra-good.jsonl $D/anystyle/extra-bad.jsonl \
               $D/umass/dev.jsonl data/seed-styles.jsonl \
        --test $D/anystyle/test.jsonl $D/umass/test.jsonl $D/umass/train.jsonl $D/parscit/train.jsonl
    python -m training.split_blocks --fit ../shared/data/anystyle/train.jsonl=/tmp/without-anystyle \
        ../shared/data/umass/train.jsonl=/tmp/without-umass-parscit \
        ../shared/data/parscit/train.jsonl=/tmp/without-umass-parscit
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import textwrap
from pathlib import Path

from tagger.blocks import split_references_with
from tagger.blocks.flush import boundaries, boundary_features, make_boundary, tail_of, wrap_width
from tagger.corpus import read_records
from tagger.model import Tagger
from training import run

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
NUMBERS = {"dot": "{}. ", "bracket": "[{}] ", "paren": "({}) "}
FLUSH = "unnumbered, flush"
# L2 regularisation of the break weights (scikit-learn's C): 0.3, 1 and 3 gave the same share within 0.1
# points on blocks of the training files, fitted on one half of their blocks and measured on the other.
REGULARISATION = 1.0


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


def break_examples(block: Block, tagger: Tagger) -> tuple[list[list[str]], list[bool]]:
    """The features of each line end of a flush block that the score decides, with the reference so far
    taken from the truth, and whether a reference starts there."""
    lines = [line.strip() for line in block.text.split("\n")]
    decided = boundaries(lines, wrap_width(lines))
    starts = set(block.first_lines)
    features, truth, head_start = [], [], 0
    for index in range(1, len(lines)):
        if decided[index] is None:
            boundary = make_boundary(tagger, lines[head_start:index], tail_of(lines, decided, index))
            features.append(boundary_features(boundary))
            truth.append(index in starts)
        if index in starts:
            head_start = index
    return features, truth


def fit_weights(pairs: list[tuple[Path, Path]], block_size: int, seeds: int) -> dict[str, float]:
    """Break weights fitted by logistic regression on the flush blocks of each file, featurised with its
    held-out model."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features, truth = [], []
    for path, model_dir in pairs:
        tagger = Tagger.load(model_dir)
        texts = [record["text"] for record in read_records(path)]
        for seed in range(seeds):
            for block in built_blocks(texts, block_size, seed):
                if block.layout == FLUSH:
                    found, right = break_examples(block, tagger)
                    features += found
                    truth += right
        print(f"{path}: {len(truth):,} line ends to decide so far", file=sys.stderr)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(names, 1) for names in features])
    regression = LogisticRegression(C=REGULARISATION, max_iter=10_000).fit(matrix, truth)
    weights = {"bias": float(regression.intercept_[0])}
    weights |= {name: float(weight) for name, weight in zip(vectorizer.feature_names_, regression.coef_[0])}
    return {name: round(weight, 3) for name, weight in weights.items() if round(weight, 3)}


def _pair(text: str) -> tuple[Path, Path]:
    file, separator, model_dir = text.partition("=")
    if not separator:
        raise argparse.ArgumentTypeError(f"expected FILE=MODEL_DIR, got {text!r}")
    return Path(file), Path(model_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.split_blocks", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        default=[DATA_DIR / "anystyle" / "test.jsonl", DATA_DIR / "umass" / "test.jsonl"])
    parser.add_argument("--block-size", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", type=Path, help="model directory to judge flush lists (default: the shipped one)")
    parser.add_argument("--fit", type=_pair, nargs="+", metavar="FILE=MODEL_DIR",
                        help="fit the break weights of flush lists instead, on these training files")
    parser.add_argument("--fit-seeds", type=int, default=6, help="block layouts per file to fit on (default: 6)")
    args = parser.parse_args(argv)
    if args.fit:
        weights = fit_weights(args.fit, args.block_size, args.fit_seeds)
        ordered = dict(sorted(weights.items(), key=lambda item: (item[0] != "bias", item[0])))
        print(json.dumps(ordered, indent=1))
        return 0
    tagger = Tagger.load(args.model) if args.model else None
    for path in args.files:
        counts = evaluate([record["text"] for record in read_records(path)], args.block_size, args.seed, tagger)
        for layout, (right, total) in counts.items():
            print(f"{path}: {layout}: {right:,} of {total:,} references recovered exactly ({right / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.split_blocks"))
