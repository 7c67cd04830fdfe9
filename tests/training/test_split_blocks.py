"""training/split_blocks.py: blocks built from a corpus by wrapping at a fixed width."""

import json
from pathlib import Path

import pytest

from training.split_blocks import built_blocks, evaluate

REPOSITORY = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("name", ["seed-styles.jsonl", "styles-check.jsonl"])
def test_references_of_built_blocks_come_back_exactly(name):
    records = [json.loads(line) for line in (REPOSITORY / "data" / name).open(encoding="utf-8")]
    counts = evaluate([record["text"] for record in records], 20, 0)
    share = {layout: right / total for layout, (right, total) in counts.items()}
    assert share["numbered"] >= 0.98 and share["unnumbered, hanging indent"] >= 0.98
    assert share["unnumbered, flush"] >= 0.6  # no number, no indent: the hardest layout (see the README)


def test_built_blocks_know_where_each_reference_starts(tiny_records):
    for block in built_blocks([record["text"] for record in tiny_records], 4, 0):
        lines = block.text.split("\n")
        assert [lines[index].strip() for index in block.first_lines] == [
            reference[: len(lines[index].strip())] for reference, index in zip(block.references, block.first_lines)]


def test_a_script_given_a_missing_file_says_so_in_one_line(capsys):
    from training import run
    from training.split_blocks import main

    assert run(lambda: main(["no-such-file.jsonl"]), "python -m training.split_blocks") == 1
    assert capsys.readouterr().err == "python -m training.split_blocks: error: no-such-file.jsonl: no such file\n"
