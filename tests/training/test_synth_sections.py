"""training/synth_sections.py: reference sections typeset with real font metrics, broken as PDFs break them."""

import dataclasses
import itertools
import json
import random
import re
from pathlib import Path

import pytest

from training import run
from training.synth_sections import (
    LEADING_MARKER,
    detokenise,
    draw_style,
    hyphenation_points,
    load_font,
    main,
    prepare,
    render_section,
    render_sections,
)

REPOSITORY = Path(__file__).resolve().parent.parent.parent
TEXTS = [json.loads(line)["text"] for name in ("seed-styles.jsonl", "styles-check.jsonl")
         for line in (REPOSITORY / "data" / name).open(encoding="utf-8")]
# Words without hyphens and long enough to be hyphenated.
PLAIN = [
    "Alexander, R. D. and Borgia, G. 1978. Group selection, altruism, and the levels of organization of life. "
    "Annual Review of Ecology and Systematics 9: 449 474.",
    "Allard, R. W. 1975. The mating system and microevolution. Genetics 79: 115 126.",
    "Anderson, C. 1982. A monograph of the genus Peixotoa (Malpighiaceae): Taxonomic history, anatomy and "
    "morphology, chromosomes, distribution, apomixis, new taxa. Contributions from the University of Michigan "
    "Herbarium 15: 1 92.",
    "Antonovics, J. and Levin, D. A. 1980. The ecological and genetic consequences of density dependent "
    "regulation in plants. Annual Review of Ecology and Systematics 11: 411 452.",
] * 3


def sections(layout: str, seed: int, count: int = 6, furniture_inside: bool = True) -> list[dict]:
    return list(itertools.islice(render_sections(TEXTS, seed=seed, source="test", layout=layout,
                                                 furniture_inside=furniture_inside), count))


def folded(text: str) -> str:
    return " ".join(text.split())


def compact(text: str) -> str:
    """Letters and digits only: what line breaks, hyphenation and spacing cannot change."""
    return re.sub(r"[\W_]", "", text)


def covered_lines(record: dict) -> list[bool]:
    """Per line of the block: whether some span covers part of it."""
    covered, offset = [], 0
    for line in record["block"].split("\n"):
        end = offset + len(line)
        covered.append(any(span["start"] < end and span["end"] > offset for span in record["spans"]))
        offset = end + 1
    return covered


def own_lines(record: dict) -> list[list[str]]:
    """Per reference, its lines by their labels: a ``start`` line and the ``continue`` lines after it,
    ``other`` lines skipped."""
    references: list[list[str]] = []
    for line, label in zip(record["block"].split("\n"), record["labels"]):
        if label == "start":
            references.append([line])
        elif label == "continue":
            references[-1].append(line)
    return references


def span_lines(record: dict, span: dict) -> range:
    """The indices of the lines ``span`` covers."""
    return range(record["block"].count("\n", 0, span["start"]), record["block"].count("\n", 0, span["end"]) + 1)


def typeset(texts: list[str], seed: int = 0, **changes) -> dict:
    generator = random.Random(seed)
    plain = {"hyphenation": 0.0, "url_breaks": 0.0, "heading": None, "justified": False}
    style = dataclasses.replace(draw_style(generator, "flush"), **{**plain, **changes})
    return render_section([prepare(text) for text in texts], style, generator, "test")


@pytest.mark.parametrize("furniture_inside", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("layout", ["numbered", "hanging", "flush", "first-line", "mixed"])
def test_spans_hold_the_references_and_the_furniture_that_interrupts_them(layout, seed, furniture_inside):
    for record in sections(layout, seed, furniture_inside=furniture_inside):
        lines = record["block"].split("\n")
        assert all(line.strip() for line in lines)
        assert (len(record["labels"]) == len(record["fill"]) == len(record["indent"]) == len(record["gap"])
                == len(record["page"]) == len(lines))
        assert record["page"] == sorted(record["page"]) and record["page"][0] >= 1
        assert len(record["spans"]) == len(record["references"])
        previous_end = 0
        for span, reference in zip(record["spans"], record["references"]):
            assert previous_end <= span["start"] < span["end"]
            interrupted = any(record["labels"][index] == "other" for index in span_lines(record, span))
            assert not (interrupted and not furniture_inside)
            if not interrupted:
                assert folded(record["block"][span["start"]:span["end"]].replace("\n", " ")) == reference
            assert not record["block"][span["start"]].isspace() and not record["block"][span["end"] - 1].isspace()
            previous_end = span["end"]


@pytest.mark.parametrize("furniture_inside", [True, False])
@pytest.mark.parametrize("layout", ["numbered", "hanging", "flush", "first-line", "mixed"])
def test_the_lines_labelled_as_a_reference_join_to_exactly_its_text(layout, furniture_inside):
    for record in sections(layout, 3, count=10, furniture_inside=furniture_inside):
        assert [folded(" ".join(lines)) for lines in own_lines(record)] == record["references"]


@pytest.mark.parametrize("layout", ["numbered", "hanging", "flush", "first-line", "mixed"])
def test_labels_agree_with_spans(layout):
    for record in sections(layout, 4, count=10):
        covered = covered_lines(record)
        assert all(label == "other" for label, inside in zip(record["labels"], covered) if not inside)
        for span in record["spans"]:
            labels = [record["labels"][index] for index in span_lines(record, span)]
            assert labels[0] == "start" and labels[-1] != "other"
            if "other" not in labels:
                assert labels == ["start"] + ["continue"] * (len(labels) - 1)


@pytest.mark.parametrize("furniture_inside", [True, False])
@pytest.mark.parametrize("layout", ["numbered", "hanging", "flush", "first-line"])
def test_furniture_is_labelled_other_and_left_out_of_the_references(layout, furniture_inside):
    sources = {compact(prepare(text)) for text in TEXTS}
    furniture = inside = 0
    for record in sections(layout, 5, count=10, furniture_inside=furniture_inside):
        for reference in record["references"]:  # nothing but the reference's own text (and its number)
            text = LEADING_MARKER.sub("", reference) if layout == "numbered" else reference
            assert compact(text) in sources
        others = [label == "other" for label in record["labels"]]
        furniture += sum(others)
        inside += sum(other and covered for other, covered in zip(others, covered_lines(record)))
    assert furniture > 0
    assert (inside > 0) if furniture_inside else (inside == 0)


@pytest.mark.parametrize("seed", range(4))
def test_furniture_stands_where_the_page_breaks_even_inside_a_reference(seed):
    record = typeset(PLAIN * 3, seed, page_lines=12, first_page_lines=5, running_head="authors",
                     page_number="bottom", columns=1, first_column=1)
    labels, breaks = record["labels"], 0
    for index in range(1, len(labels)):
        if record["page"][index] != record["page"][index - 1]:
            assert labels[index - 1] == labels[index] == "other"  # the page number at the foot, the head on top
            following = labels.index("start", index) if "start" in labels[index:] else len(labels)
            breaks += "continue" in labels[index:following]
    assert breaks > 0


def test_page_furniture_comes_at_page_breaks():
    record = typeset(PLAIN * 3, page_lines=12, first_page_lines=5, running_head="journal", page_number="top",
                     footer="Preprint submitted to {journal}", heading="References", first_page=3, page_offset=100,
                     columns=1, first_column=1)
    lines = record["block"].split("\n")
    others = [line for line, label in zip(lines, record["labels"]) if label == "other"]
    assert others[0] == "References" and lines[0] == "References"
    assert "104" in others and "105" in others  # printed page numbers: the PDF's page plus the offset
    assert any(line.startswith("Preprint submitted to") for line in others)
    assert record["page"][0] == 3 and record["page"][-1] > 5
    for index in range(1, len(lines)):  # the foot of one page, then the head of the next
        if record["page"][index] != record["page"][index - 1]:
            assert lines[index - 1].startswith("Preprint submitted to") and record["labels"][index] == "other"


def test_two_columns_a_page_break_between_columns_without_furniture():
    record = typeset(PLAIN * 3, page_lines=12, first_page_lines=5, running_head="journal", page_number="none",
                     columns=2, first_column=1)
    first_lines = [index for index, gap in enumerate(record["gap"]) if gap is None]
    assert len(first_lines) > 3
    pages = [record["page"][index] for index in first_lines[1:]]
    assert len(set(pages)) < len(pages)  # two columns on a page: a first line with the page unchanged
    for index in first_lines[1:]:
        if record["page"][index] == record["page"][index - 1]:
            assert record["labels"][index] != "other"


def test_unnumbered_sections_are_alphabetical():
    for record in sections("flush", 0) + sections("hanging", 1):
        assert record["references"] == sorted(record["references"], key=str.casefold)


def test_numbered_sections_count_from_one_with_a_rare_gap_or_repeat():
    steps = []
    for record in sections("numbered", 0):
        numbers = [int(re.match(r"\D*(\d+)", reference).group(1)) for reference in record["references"]]
        assert numbers[0] in (1, 2, 3)
        steps += [after - before for before, after in zip(numbers, numbers[1:])]
    assert set(steps) <= {0, 1, 2, 3} and steps.count(1) > 0.9 * len(steps)


@pytest.mark.parametrize("word, point", [
    ("Genetic", "Ge-netic"),
    ("pollinated", "pol-linated"),
    ("microevolution", "mi-croevolution"),
    ("self-pollinated", "self-pollinated"),  # after the hyphen it has: no hyphen added
    ("(Malpighiaceae):", "(Mal-pighiaceae):"),
])
def test_words_are_hyphenated_between_syllables(word, point):
    assert point in [word[:index] + "-" * hyphen + word[index:] for index, hyphen in hyphenation_points(word)]


@pytest.mark.parametrize("word", ["NASA", "McDonald", "1978.", "the", "Wang,"])
def test_acronyms_names_and_short_words_are_not_hyphenated(word):
    assert all(not hyphen for _, hyphen in hyphenation_points(word))


def test_hyphenated_words_rejoin_to_the_original_words():
    hyphenated = 0
    for seed in range(4):
        record = typeset(PLAIN, seed, hyphenation=1.0, column=230.0, size=10.0)
        hyphenated += sum(reference.count("- ") for reference in record["references"])
        assert sorted(reference.replace("- ", "") for reference in record["references"]) == sorted(PLAIN)
        assert all(line.endswith("-") for line in record["block"].split("\n") if line.endswith("-"))
    assert hyphenated > 4


def test_urls_are_broken_inside_and_nothing_else_changes():
    text = ("Smith, J. 2019. Deep models for text. Neural Computation 31: 45 67. "
            "https://doi.org/10.1162/neco.2019.1234567890/supplementary-material-and-data")
    record = typeset([text] * 6, url_breaks=1.0, column=240.0, size=10.0)
    assert all(reference.replace(" ", "") == text.replace(" ", "") for reference in record["references"])
    assert any(reference != text for reference in record["references"])


@pytest.mark.parametrize("font, character, width", [
    ("Times-Roman", "a", 444), ("Helvetica", "a", 556), ("Computer Modern", "n", 555.2), ("DejaVu Sans", "a", 612.8),
])
def test_widths_come_from_the_font_files(font, character, width):
    assert load_font(font).width(character, 1000) == pytest.approx(width, abs=0.1)


def test_a_wider_font_or_a_narrower_column_takes_more_lines():
    def line_count(**changes) -> int:
        return len(typeset(PLAIN, page_lines=10_000, first_page_lines=10_000, **changes)["page"])

    assert line_count(font="Helvetica", size=10.0, column=240.0) > line_count(font="Times-Roman", size=10.0,
                                                                              column=240.0)
    assert line_count(font="Times-Roman", size=10.0, column=240.0) > line_count(font="Times-Roman", size=10.0,
                                                                                column=450.0)
    assert line_count(font="Times-Roman", size=11.0, column=240.0) > line_count(font="Times-Roman", size=8.0,
                                                                                column=240.0)


def test_justified_lines_fill_the_column_and_ragged_ones_do_not():
    for justified in (True, False):
        record = typeset(PLAIN, justified=justified, layout="hanging", indent=1.5, column=240.0, size=10.0,
                         page_lines=10_000, first_page_lines=10_000)
        last_lines = {record["block"].count("\n", 0, span["end"]) for span in record["spans"]}
        fills = [fill for index, fill in enumerate(record["fill"]) if index not in last_lines]
        assert all(0 < fill <= 1.05 for fill in record["fill"])
        assert (min(fills) > 0.9) if justified else (max(fills) <= 1 and min(fills) < 0.97)
        assert set(record["indent"]) == {0.0, 1.5}


@pytest.mark.parametrize("text, expected", [
    ("[39] K. Setter , B.A . thesis Swarthmore College ( 2001 ) in preparation .",
     "[39] K. Setter, B.A. thesis Swarthmore College (2001) in preparation."),
    ("M. Barriola , T. Vachaspati , Phys . Rev . D43 ( 1991 ) 1056 ; see [ 4 ] : p. 3",
     "M. Barriola, T. Vachaspati, Phys. Rev. D43 (1991) 1056; see [4]: p. 3"),
    ('A. Ashtekar and L. Bombelli , " Statistical geometry , " in preparation .',
     'A. Ashtekar and L. Bombelli, "Statistical geometry," in preparation.'),
    ("Smith, J. (2001). Title : a subtitle. In [3], pp. 1 - 5.",  # not tokenised: as it is
     "Smith, J. (2001). Title : a subtitle. In [3], pp. 1 - 5."),
])
def test_tokenised_text_is_detokenised(text, expected):
    assert detokenise(text) == expected


def test_corpus_text_is_detokenised_before_typesetting():
    assert prepare("[6] A. Ashtekar , Phys . Rev . ( 1991 ) .") == "A. Ashtekar, Phys. Rev. (1991)."


def test_gaps_are_the_leading_within_references_and_more_before_them():
    spaced = 0
    for record in sections("mixed", 7, count=30):
        labels, gaps = record["labels"], record["gap"]
        assert gaps[0] is None
        within = [gaps[index] for index in range(1, len(gaps))
                  if labels[index] == "continue" and labels[index - 1] != "other" and gaps[index] is not None]
        before = [gaps[index] for index in range(1, len(gaps))
                  if labels[index] == "start" and labels[index - 1] != "other" and gaps[index] is not None]
        assert len(set(within)) <= 1 and all(0.1 <= gap <= 0.3 for gap in within)
        assert min(before) >= max(within)
        spaced += min(before) > max(within)
        after_furniture = [gaps[index] for index in range(1, len(gaps))
                           if labels[index - 1] == "other" and labels[index] != "other" and gaps[index] is not None]
        assert all(gap >= 0.5 for gap in after_furniture)
    assert 3 <= spaced <= 20  # extra space between references in about a third of the sections


def test_same_seed_same_sections():
    assert sections("mixed", 3, 4) == sections("mixed", 3, 4)
    assert sections("mixed", 3, 4) != sections("mixed", 4, 4)


def test_the_script_writes_sections_per_file(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": text}) + "\n" for text in PLAIN), encoding="utf-8")
    out = tmp_path / "out" / "sections.jsonl"
    assert main([str(corpus), "--out", str(out), "--sections-per-file", "3", "--layout", "numbered"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [record["id"] for record in records] == ["synth-corpus-0-0", "synth-corpus-0-1", "synth-corpus-0-2"]
    assert "3 sections" in capsys.readouterr().out


def test_the_script_given_a_missing_file_says_so_in_one_line(tmp_path, capsys):
    assert run(lambda: main(["no-such-file.jsonl", "--out", str(tmp_path / "x.jsonl")]),
               "python -m training.synth_sections") == 1
    assert capsys.readouterr().err == "python -m training.synth_sections: error: no-such-file.jsonl: no such file\n"
