import json
from collections import Counter

import pytest

from tagger.corpus import record_problem
from training import seed_styles

COMMITTED = [json.loads(line) for line in seed_styles.OUT.read_text(encoding="utf-8").splitlines()]


def style_of(record: dict) -> str:
    return record["id"].rsplit("-", 1)[0].removeprefix("seed-")


def labelled_pieces(record: dict) -> list[tuple[str, str]]:
    return [(span["label"], record["text"][span["start"] : span["end"]]) for span in record["spans"]]


def test_same_seed_same_references():
    first = seed_styles.generate(60, seed=3, translated_count=30)
    assert first == seed_styles.generate(60, seed=3, translated_count=30)
    assert first != seed_styles.generate(60, seed=4, translated_count=30)


def test_translated_styles_leave_the_other_references_as_they_were():
    assert seed_styles.generate(80, seed=7, translated_count=40)[:80] == seed_styles.generate(80, seed=7)


def test_every_style_appears_and_spans_are_exact():
    records = seed_styles.generate(100, seed=1, translated_count=70)
    assert {style_of(record) for record in records} == set(seed_styles.STYLES) | set(seed_styles.TRANSLATED_STYLES)
    assert len({record["id"] for record in records}) == len(records)
    for record in records:
        assert record_problem(record) == ""
        for span in record["spans"]:
            piece = record["text"][span["start"] : span["end"]]
            assert piece == piece.strip() and piece


@pytest.mark.parametrize("style", sorted(seed_styles.TRANSLATED_STYLES))
def test_translated_style_references_are_whitespace_folded_and_have_their_core_fields(style):
    records = [record for record in seed_styles.generate(0, seed=2, translated_count=140) if style_of(record) == style]
    assert len(records) == 20
    for record in records:
        assert record["text"] == " ".join(record["text"].split())
        labels = {span["label"] for span in record["spans"]}
        assert {"title", "year"} <= labels
        assert ("author" in labels) == (style != "statistical-yearbook")


# The first committed reference of each translated style, label by label.
FIRST_TRANSLATED_REFERENCES = {
    "gost-english-article": [
        ("author", "Kalinin L. L."),
        ("title", "Current state and management of microfinance organizations in the region."),
        ("venue", "Management: Theory and Practice."), ("year", "2015."), ("issue", "No.7."), ("pages", "P. 221–227.")],
    "gost-english-book": [
        ("marker", "[11]"), ("author", "Jumanazarova N.D."),
        ("title", "Theoretical Foundations Of The Forecasting Of Tax Administration"), ("note", "Textbook."),
        ("author", "N.D. Jumanazarova, V.T. Dubenko, B.D. Kholmatov."), ("location", "Kharkiv,"), ("year", "2015."),
        ("pages", "418 p.")],
    "gost-english-chapter": [
        ("author", "Reva L. M."), ("title", "Features Of The Modernization Of Family Entrepreneurship In The Region"),
        ("author", "L.M. Reva, A.I. Konstantinova, F.V. Chayka"),
        ("venue", "Bulletin Of Young Scientists Of Yekaterinburg Agrarian University."),
        ("editor", "Ed. By T.E. Mirzoyev."), ("location", "Yekaterinburg:"),
        ("publisher", "Publishing House Of Omsksue,"), ("year", "2007."), ("volume", "Vol. 9."),
        ("pages", "P. 221-233.")],
    "conference-materials": [
        ("author", "Khaydarov R. D."), ("title", "Some Issues Of Stimulation Of Tax Administration"),
        ("venue", "Materials Of The VIII Regional Forum Of Economists."), ("volume", "Part 3."),
        ("location", "Namangan:"), ("publisher", "Kazan State Technical University Press,"), ("year", "2015."),
        ("pages", "P. 192-200.")],
    "statistical-yearbook": [
        ("marker", "[20]"), ("title", "Socio-Economic Situation Of Turkmenistan In 2002."), ("location", "Moscow:"),
        ("publisher", "Committee On Statistics Of The Ministry Of Economy Of Turkmenistan,"), ("year", "2003."),
        ("pages", "336 P.")],
    "central-asian-author-year": [
        ("marker", "53."), ("author", "Usmonova M.T., Sirobaba R. &Gushchina F.I."), ("year", "(2004)."),
        ("title", "Mechanisms For The Financing Of The Banking System In Modern Conditions."),
        ("venue", "Bulletin of Ufa State University,"), ("volume", "Vol. 20,"), ("issue", "No. 11,"),
        ("pages", "pp. 66-70.")],
    "vancouver-medical": [
        ("marker", "16."), ("author", "Lavrenteva GL, Orekhova FO, Telichenko PR, et al."),
        ("title", "Community-Acquired Pneumonia In Adolescents: Early Diagnosis."), ("venue", "Eurasian Med J."),
        ("year", "2013;"), ("volume", "16"), ("issue", "(2):"), ("pages", "70-81."),
        ("doi", "doi: 10.19072/j.8007.152")],
}


@pytest.mark.parametrize("style", sorted(FIRST_TRANSLATED_REFERENCES))
def test_first_committed_reference_of_each_translated_style(style):
    assert set(FIRST_TRANSLATED_REFERENCES) == set(seed_styles.TRANSLATED_STYLES)
    first = next(record for record in COMMITTED if style_of(record) == style)
    assert labelled_pieces(first) == FIRST_TRANSLATED_REFERENCES[style]


@pytest.mark.parametrize(("text", "expected"), [
    ('Publishing Center of FSBEI HE "SamSTU"', 'Publishing Center Of Fsbei He "Samstu"'),
    ("Materials of the II All-Russian Conference", "Materials Of The II All-Russian Conference"),
    ("the 10th anniversary", "The 10th Anniversary"),
])
def test_every_word(text, expected):
    assert seed_styles.every_word(text) == expected


@pytest.mark.parametrize(("first", "last", "expected"), [(387, 389, "387-9"), (70, 81, "70-81"), (120, 124, "120-4"),
                                                         (99, 103, "99-103"), (245, 261, "245-61")])
def test_vancouver_pages(first, last, expected):
    assert seed_styles.vancouver_pages(first, last) == expected


def test_committed_file_is_what_the_generator_writes(tmp_path):
    """data/seed-styles.jsonl is reproducible with the documented command."""
    out = tmp_path / "seed.jsonl"
    seed_styles.main(["--out", str(out)])
    assert out.read_bytes() == seed_styles.OUT.read_bytes()
    counts = Counter(style_of(record) for record in COMMITTED)
    assert len(COMMITTED) == 745
    assert all(counts[style] == 50 for style in seed_styles.STYLES)
    assert all(counts[style] == 35 for style in seed_styles.TRANSLATED_STYLES)
    assert COMMITTED[0]["spans"][0]["source_label"].startswith("seed:")
