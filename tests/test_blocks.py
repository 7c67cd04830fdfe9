"""Splitting a pasted reference section into references."""

import json
from pathlib import Path

import pytest

from tagger import split_references
from tagger.cli import main
from training.split_blocks import evaluate

REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("block", "references"), [
    ("[1] Smith, J. A title.\n    J. Biol. 3, 1-10.\n[2] Doe, K. Another. 2001.",
     ["[1] Smith, J. A title. J. Biol. 3, 1-10.", "[2] Doe, K. Another. 2001."]),
    ("1. Smith, J. A title. J. Biol.\n3, 1-10.\n2. Doe, K. Another one\n2001. Berlin.\n3. Roe, P. Third.",
     ["1. Smith, J. A title. J. Biol. 3, 1-10.", "2. Doe, K. Another one 2001. Berlin.", "3. Roe, P. Third."]),
    ("(1) First reference, 2001.\n(2) Second reference, wrapped\nover two lines, 2002.",
     ["(1) First reference, 2001.", "(2) Second reference, wrapped over two lines, 2002."]),
    ("Smith, J. (2001). A long title that goes on and\n    on. J. Biol., 3, 1-10.\nDoe, K. (1999). Short.",
     ["Smith, J. (2001). A long title that goes on and on. J. Biol., 3, 1-10.", "Doe, K. (1999). Short."]),
    ("Smith, J. A title.\nJ. Biol. 3.\n\nDoe, K. Another.\n\nRoe, P. Third.\n",
     ["Smith, J. A title. J. Biol. 3.", "Doe, K. Another.", "Roe, P. Third."]),
    ("REFERENCES\n\n1. Ivanov I. I. Title // Socio-\nEconomic Journal. - 2014. - C. 23-\n26.\n\nPage 12\n\n"
     "2. Petrov P. P. Other title. - M.: Nauka, 2001.",
     ["1. Ivanov I. I. Title // Socio-Economic Journal. - 2014. - C. 23-26.",
      "2. Petrov P. P. Other title. - M.: Nauka, 2001."]),
    ("Smith, J. (2001). A title that fills this line up to the\nmargin, and so on. J. Biol., 3, 1-10, 2001.\n"
     "Doe, K. (1999). Another title here.",
     ["Smith, J. (2001). A title that fills this line up to the margin, and so on. J. Biol., 3, 1-10, 2001.",
      "Doe, K. (1999). Another title here."]),
    ("", []),
    ("\n\n  \n", []),
])
def test_split_references(block, references):
    assert split_references(block) == references


@pytest.mark.parametrize(("block", "count"), [
    ("[1] A, B. One. 2001.\n[2] C, D. Two. 2002.\n[3] E. Three.\n[5] F. Five.\n[6] G. Six.", 5),  # a gap
    ("1. A. One.\n2. B. Two.\n3. C. Three.\n4. D. Four.\n4. D2. Again.\n5. E. Five.\n6. F. Six.", 7),  # a repeat
])
def test_a_gap_or_repeat_in_the_numbering_still_starts_references(block, count):
    assert split_references(block) == block.split("\n") and len(block.split("\n")) == count


def test_a_reference_cited_twice_is_kept_twice():
    line = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."
    assert split_references(f"{line}\n{line}\n") == [line, line]
    assert split_references(f"{line}\n\n{line}\n\nDoe, K. (1999). Other.\n") == [line, line, "Doe, K. (1999). Other."]


def test_a_bare_number_ending_a_wrapped_reference_is_kept():
    block = "[1] Ellis, J., Phys. Rev. D 40, 1819 (1989), pp.\n    32\n[2] Doe, K. Another. 2001."
    assert split_references(block)[0] == "[1] Ellis, J., Phys. Rev. D 40, 1819 (1989), pp. 32"


@pytest.mark.parametrize("name", ["seed-styles.jsonl", "styles-check.jsonl"])
def test_references_of_built_blocks_come_back_exactly(name):
    records = [json.loads(line) for line in (REPOSITORY / "data" / name).open(encoding="utf-8")]
    counts = evaluate([record["text"] for record in records], 20, 0)
    share = {layout: right / total for layout, (right, total) in counts.items()}
    assert share["numbered"] >= 0.98 and share["unnumbered, hanging indent"] >= 0.98
    assert share["unnumbered, flush"] >= 0.6  # no number, no indent: the hardest layout (see the README)


def test_parse_block_tags_each_reference_of_a_pasted_section(tmp_path, capsys):
    source = tmp_path / "block.txt"
    source.write_text("References\n\n[1] Smith, J. (2001). A title about\n    things. J. Biol., 3(2), 1-10.\n"
                      "[2] Doe, K. (1999). Another book. Berlin: Springer.\n", encoding="utf-8")
    assert main(["parse", "--block", str(source)]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [result["text"] for result in results] == [
        "[1] Smith, J. (2001). A title about things. J. Biol., 3(2), 1-10.",
        "[2] Doe, K. (1999). Another book. Berlin: Springer."]
    assert results[0]["fields"]["year"] == ["2001"]
