"""Splitting a pasted reference section into references."""

import json
from pathlib import Path

import pytest

from tagger import split_references
from tagger.blocks import split_references_with
from tagger.cli import main
from tagger.flush_blocks import BREAK_WEIGHTS, FEATURES, certain_break, join_lines, line_end, line_start, wrap_width
from tagger.model import Tagger
from training.split_blocks import FLUSH, break_examples, built_blocks, evaluate, fit_weights

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


def test_years_on_lines_of_their_own_do_not_make_a_numbered_list():
    block = ("Abiteboul, S. and V. Vianu. Datalog extensions for database\n"
             "queries and updates. Journal of Computer Sciences, 43, 62-124,\n"
             "1990.\n"
             "Borgida, A. and T. Imielinski. Decision making in committees: a\n"
             "framework for dealing with inconsistency. Data Engineering, 7,\n"
             "1991.\n"
             "Roe, P. Third.")
    assert split_references(block) == [
        "Abiteboul, S. and V. Vianu. Datalog extensions for database queries and updates. "
        "Journal of Computer Sciences, 43, 62-124, 1990.",
        "Borgida, A. and T. Imielinski. Decision making in committees: a framework for dealing with "
        "inconsistency. Data Engineering, 7, 1991.",
        "Roe, P. Third."]


def test_a_reference_cited_twice_is_kept_twice():
    line = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."
    assert split_references(f"{line}\n{line}\n") == [line, line]
    assert split_references(f"{line}\n\n{line}\n\nDoe, K. (1999). Other.\n") == [line, line, "Doe, K. (1999). Other."]


@pytest.mark.parametrize(("lines", "joined"), [
    (["Berlin: Springer-", "Verlag, 1990."], "Berlin: Springer-Verlag, 1990."),
    (["a two-", "dimensional model"], "a two-dimensional model"),
    (["the develop-", "ment of cities"], "the develop- ment of cities"),  # "development" is a known word
    (["pages 12-", "34."], "pages 12-34."),
    (["pages 5092--", "5096"], "pages 5092--5096"),
    (["A title.", "J. Biol."], "A title. J. Biol."),
])
def test_joining_the_lines_of_a_reference(lines, joined):
    assert join_lines(lines, {"development", "dimensional"}) == joined


def test_a_word_hyphenated_at_a_line_end_keeps_its_space_when_the_tagger_knows_it():
    block = "[1] Smith, J. The develop-\n    ment of cities. 2001.\n[2] Doe, K. A Socio-\n    Economic Study. 1999."
    assert split_references(block) == ["[1] Smith, J. The develop- ment of cities. 2001.",
                                       "[2] Doe, K. A Socio-Economic Study. 1999."]


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


# A flush list (no numbers, no indentation) wrapped at 64 columns. "Abiteboul" and "Borgida" end on lines
# too full for the next reference's first word (their ends cannot be told from the width); "Wilkinson" breaks
# after "In M." before a line that looks like an author list, after "Springer-" and after "and".
FLUSH_LIST = [
    "Abiteboul, S. and V. Vianu. Datalog extensions for database",
    "queries and updates. Journal of Computer Sciences, 43, 62-124.",
    "Borgida, A. and T. Imielinski. Decision making in committees: a",
    "framework for dealing with inconsistency. Data Engineering, 7,",
    "1991.",
    "Wilkinson, R. (1999). Sociology as a marketing feast. Then In M.",
    "Collis, L. Munro, & S. Russell (Eds.), Sociology for the New",
    "Millennium. Melbourne, 7-10 December (pp. 281-289). Springer-",
    "Verlag. Also reprinted with changes in a second volume, and",
    "later in a third one, with a new preface by the editors, 2001.",
    "Eckes, T. (2000). The developmental social psychology of gender.",
]


def test_a_flush_list_is_split_where_references_end_and_nowhere_else():
    assert split_references("\n".join(FLUSH_LIST)) == [
        join_lines(FLUSH_LIST[0:2]), join_lines(FLUSH_LIST[2:5]), join_lines(FLUSH_LIST[5:10]), FLUSH_LIST[10]]


def test_a_blank_line_in_a_flush_list_ends_a_reference():
    # One blank line among 33 lines does not make a blank-separated list, but it still ends a reference.
    lines = FLUSH_LIST * 3
    block = "\n".join(lines[:1]) + "\n\n" + "\n".join(lines[1:])
    assert split_references(block)[:3] == [FLUSH_LIST[0], FLUSH_LIST[1], join_lines(FLUSH_LIST[2:5])]
    assert len(split_references(block)) == 13


@pytest.mark.parametrize(("line", "start"), [
    ("Smith, J. A. (2001). Title", "surname_initials"),
    ("Garcia M, Lopez P. Cell growth", "surname_capitals"),
    ("J. A. Smith and K. Doe. Title", "initials_surname"),
    ("Lynch, Kevin. The Image of the City.", "surname_given"),
    ("Kevin Lynch and Anne Doe. Title", "given_surname"),
    ("[12] Smith, J.", "bracket_label"),
    ("[12]房平.研究模型应用[M].", "bracket_label"),
    ("[Smi98] J. Smith", "bracket_label"),
    ("12. Garcia M, Lopez P.", "number_then_name"),
    ("———. 1836. Tales of a Grandfather.", "repeated_author"),
    ("American Bar Association (1990). Report", "organisation"),
    ("in inductive concept learning.", "in"),
    ("In Proceedings of the ACM", "in"),
    ("inductive concept learning.", "lower"),
    ("http://www.example.org/a?b=c", "link_piece"),
    ("1990.", "year"),
    ("(1990) ;", "open"),
    ("Proceedings of the Tenth Conference", "capital"),
])
def test_how_a_line_starts(line, start):
    assert line_start(line) == start


@pytest.mark.parametrize(("line", "end"), [
    ("Journal of Things, 3, 12-34.", "pages"),
    ("Cambridge: MIT Press, 1990.", "year"),
    ("retrieved from http://x.org/a.pdf", "link"),
    ("Berlin: Springer-", "broken_word"),
    ("Knowledge Representation. In M.", "initial"),
    ("Smith, J. and", "connective"),
    ("Theories of Memory. Eds.", "abbreviation"),
    ("a title,", ","),
    ("a title", "letter"),
])
def test_how_a_line_ends(line, end):
    assert line_end(line) == end


FULL = "A line of text that fills the whole width of the list up to 1990."


@pytest.mark.parametrize(("previous", "line", "expected"), [
    ("Smith, J. A title.", "Doe, K. Another.", True),  # "Doe," would have fitted on the line before
    (FULL, "[3] Roe, P. Third.", True),
    (FULL, "Doe, K. Another.", None),  # a full line: the score decides
    (FULL[:-6] + " and", "Doe, K. Another.", False),
    (FULL[:-6] + " Wiley-", "Blackwell, 1990.", False),
    (FULL, "in the city of Berlin.", False),
    (FULL, "http://example.org/?a=b", False),
    (FULL[:-9] + " Proc. of", "[ARPA] Image Understanding Workshop, 1987.", False),
])
def test_certain_breaks(previous, line, expected):
    assert certain_break(previous, line, len(FULL)) is expected


def test_the_wrap_width_ignores_a_url_beyond_the_margin():
    assert wrap_width(["a b c d", "http://example.org/a/very/long/path/beyond/the/margin", "e f"]) == 7


def test_every_break_weight_names_a_feature():
    names = {feature.__name__ for feature in FEATURES}
    assert "bias" in BREAK_WEIGHTS
    assert {name.partition("=")[0] for name in BREAK_WEIGHTS} - {"bias"} <= names


def test_built_blocks_know_where_each_reference_starts(tiny_records):
    for block in built_blocks([record["text"] for record in tiny_records], 4, 0):
        lines = block.text.split("\n")
        assert [lines[index].strip() for index in block.first_lines] == [
            reference[: len(lines[index].strip())] for reference, index in zip(block.references, block.first_lines)]


def test_break_weights_are_fitted_on_a_corpus_with_its_model(tiny_corpus, tiny_model, tiny_records):
    texts = [record["text"] for record in tiny_records] * 6
    tagger = Tagger.load(tiny_model)
    examples = [break_examples(block, tagger)
                for seed in range(3) for block in built_blocks(texts, 12, seed) if block.layout == FLUSH]
    assert any(truth for _, truths in examples for truth in truths)  # some breaks only the score can find
    weights = fit_weights([(tiny_corpus, tiny_model)], 4, 12)
    assert "bias" in weights and all(isinstance(weight, float) for weight in weights.values())


def test_a_flush_list_can_be_judged_by_another_model(tiny_model):
    block = "\n".join(FLUSH_LIST)
    assert join_lines(FLUSH_LIST[0:2]) in split_references_with(block, Tagger.load(tiny_model))
