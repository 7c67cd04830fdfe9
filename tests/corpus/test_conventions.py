"""One convention for volume, issue and year spans across the corpora."""

import pytest

from tagger.corpus.conventions import split_volume_issue


def spans_of(text: str, *labelled: tuple[str, str]) -> dict:
    """A record of ``text`` with each ``(piece, label)`` labelled at its first occurrence."""
    spans = []
    for piece, label in labelled:
        start = text.index(piece)
        spans.append({"start": start, "end": start + len(piece), "label": label})
    return {"text": text, "spans": spans}


def labelled(record: dict) -> list[tuple[str, str]]:
    return [(record["text"][span["start"]:span["end"]], span["label"]) for span in record["spans"]]


@pytest.mark.parametrize(("text", "volume", "expected"), [
    ("Smith J. Parsing. J Biol. 2019;3(2):387-9.", "2019;3(2):",
     [("2019", "year"), ("3", "volume"), ("(2):", "issue")]),
    ("Lee K. Title. Nature 77 (1): 5-9.", "77 (1):", [("77", "volume"), ("(1):", "issue")]),
    ("Doe A. Title. Rev. Econ. Vol. 81, No. 5, pp. 1-3.", "Vol. 81, No. 5,",
     [("Vol. 81", "volume"), ("No. 5,", "issue")]),
    ("Ivanov I. Title // Vestnik. T. 9, № 12. S. 3.", "T. 9, № 12.", [("T. 9", "volume"), ("№ 12.", "issue")]),
])
def test_a_volume_span_holding_an_issue_is_split(text, volume, expected):
    record = spans_of(text, (volume, "volume"), ("Title" if "Title" in text else "Parsing", "title"))
    result = split_volume_issue(record)
    assert labelled(result)[:len(expected)] == expected
    assert labelled(result)[-1][1] == "title" and record["spans"][0]["label"] == "volume"  # input unchanged


@pytest.mark.parametrize(("text", "labelled_pieces"), [
    ("Lee K. Nature 77, 5-9.", [("77,", "volume")]),  # a volume alone
    ("Lee K. Nature 77 (1): 5-9.", [("77", "volume"), ("(1):", "issue")]),  # an issue labelled already
    ("Lee K. (2001). J Biol. 2019;3(2):1-9.", [("2001", "year"), ("2019;3(2):", "volume")]),  # two years
])
def test_records_that_need_no_split_are_left_as_they_are(text, labelled_pieces):
    record = spans_of(text, *labelled_pieces)
    assert split_volume_issue(record) == record
    assert split_volume_issue(record, pages=True) == record


@pytest.mark.parametrize(("text", "volume", "expected"), [
    ("Ng A. Title. J Immunol, 175(7):4769–76, 2005.", "175(7):4769–76,",
     [("175", "volume"), ("(7):", "issue"), ("4769–76,", "pages")]),
    ("Ng A. Title. Phys Rev B 55 (8): R4921-R4924.", "55 (8): R4921-R4924.",
     [("55", "volume"), ("(8):", "issue"), ("R4921-R4924.", "pages")]),
    ("Ng A. Title. J Robot Syst, 5:497–525, 1988.", "5:497–525,", [("5", "volume"), ("497–525,", "pages")]),
])
def test_pages_glued_to_a_volume_are_split_off_when_asked(text, volume, expected):
    # AnyStyle labels words, so pages glued to the volume by a colon are labelled volume with it.
    record = spans_of(text, (volume, "volume"), ("Title", "title"))
    assert labelled(split_volume_issue(record, pages=True))[:len(expected)] == expected
    assert not any(span["label"] == "pages" for span in split_volume_issue(record)["spans"])  # for training


@pytest.mark.parametrize(("text", "labelled_pieces"), [
    ("Lee K. J Biol, 5(2):7-9, pp. 1-3.", [("5(2):7-9,", "volume"), ("pp. 1-3.", "pages")]),  # pages labelled
    ("Lee K. J Biol 33:3: 1-9.", [("33:3:", "volume")]),  # a single number after the colon: issue or page?
])
def test_glued_pages_are_left_where_the_reference_labels_pages_or_they_may_be_an_issue(text, labelled_pieces):
    record = spans_of(text, *labelled_pieces)
    assert split_volume_issue(record, pages=True) == record
