import pytest

from tagger import features
from tagger.features import (
    coarse_class,
    featurize,
    lexicon_hits,
    prefix,
    suffix,
    word_case,
    word_identifier,
    word_lower,
    word_number,
    word_punctuation,
    word_script,
    word_shape,
)
from tagger.tokenizer import tokenize


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (word_lower, "Smith", "smith"),
        (word_lower, "2019", "0000"),
        (prefix, "Physics", "phy"),
        (suffix, "Physics", "ics"),
        (prefix, "1949", "000"),  # digits collapsed: the affixes of 1949 and 1950 are one
        (suffix, "112e129", "000"),
        (suffix, "Phys.", "ys."),
        (prefix, "Rev", ""),  # three characters or fewer: the word itself says it
        (word_shape, "Smith", "Xx"),
        (word_shape, "T.A.", "X.X."),
        (word_shape, "1573", "d"),
        (word_shape, "标题", "a"),
        (word_case, "Smith", "title"),
        (word_case, "SMITH", "upper"),
        (word_case, "smith", "lower"),
        (word_case, "ApJ", "mixed"),
        (word_case, "T.A.", "initials"),
        (word_case, "J", "single-upper"),
        (word_case, "标题", "uncased"),
        (word_case, "1999", ""),
        (word_script, "Иванов", "cyrillic"),
        (word_script, "Smith", "latin"),
        (word_script, "计算", "cjk"),
        (word_script, "Ελλάδα", "greek"),
        (word_script, "42", ""),
        (word_number, "2014", "year"),
        (word_number, "2019a", "year-suffix"),
        (word_number, "1234", "digits4"),
        (word_number, "12", "digits2"),
        (word_number, "112e129", "range"),  # an extraction's lost dash
        (word_number, "45?51", "range"),
        (word_number, "3e2", "alnum"),  # not a range: the second number is the smaller
        (word_number, "211101", "digits5"),
        (word_number, "e0123456", "letter-number"),
        (word_number, "2nd", "ordinal"),
        (word_number, "xii", "roman"),
        (word_number, "Smith", ""),
        (word_identifier, "10.1016/j.cell.2009.01.042", "doi"),
        (word_identifier, "https://doi.org/10.1/x", "doi"),
        (word_identifier, "http://example.org/a", "url"),
        (word_identifier, "arXiv:math/0410570", "arxiv"),
        (word_identifier, "Smith", ""),
        (word_punctuation, "(", "bracket"),
        (word_punctuation, "//", "separator"),
        (word_punctuation, "“", "quote"),
        (word_punctuation, ",", "comma"),
        (word_punctuation, "a", ""),
    ],
)
def test_word_features(function, text, expected):
    assert function(text) == expected


@pytest.mark.parametrize(
    ("text", "lexicon"),
    [
        ("pp.", "page_markers"),
        ("С.", "page_markers"),
        ("Bd.", "volume_markers"),
        ("Т.", "volume_markers"),
        ("№", "issue_markers"),
        ("Hrsg.", "editor_markers"),
        ("主编", "editor_markers"),
        ("März", "months"),
        ("сентября", "months"),
        ("Journal", "journal_words"),
        ("Verlag", "publisher_words"),
        ("Москва", "location_words"),
        ("Maria", "given_names"),
    ],
)
def test_lexicon_hits(text, lexicon):
    assert lexicon in lexicon_hits(text)


def test_coarse_classes():
    assert coarse_class("2014") == "year"
    assert coarse_class(",") == ","
    assert coarse_class("pp.", ("page_markers",)) == "page_markers"
    assert coarse_class("Smith") == "title"


def test_featurize_gives_one_attribute_list_per_token():
    text = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."
    tokens = tokenize(text)
    sequence = featurize(tokens, text)
    assert len(sequence) == len(tokens)
    first, year = sequence[0], sequence[4]
    assert b"w=smith" in first and b"-1:edge" in first
    assert b"index=0" in first
    assert b"num=year" in year
    assert b"depth=1" in year and b"-1:w=(" in year and b"1:w=)" in year
    assert all(isinstance(attribute, bytes) for attributes in sequence for attribute in attributes)


def test_featurize_empty():
    assert featurize([], "") == []


def test_feature_version_is_a_string():
    assert isinstance(features.FEATURE_VERSION, str) and features.FEATURE_VERSION


def test_punctuation_style_is_seen_by_every_token():
    spaced = "Smith , J. . Title , Journal , 2001 ."
    tight = "Smith, J. Title, Journal, 2001."
    for text, style in ((spaced, b"spaced"), (tight, b"tight")):
        sequence = featurize(tokenize(text), text)
        assert all(b"style=" + style in attributes for attributes in sequence)
        assert b"w|style=smith|" + style in sequence[0]


def test_every_attribute_belongs_to_one_feature_group_or_is_always_kept():
    """FEATURE_GROUPS names every attribute featurize makes (what --exclude-features can leave out)."""
    import json
    from pathlib import Path

    from tagger.features import FEATURE_GROUPS

    always = {"w", "num", "id", "punct", "bias"}
    lines = (Path(__file__).resolve().parent.parent / "data" / "seed-styles.jsonl").read_text(encoding="utf-8")
    texts = [json.loads(line)["text"] for line in lines.splitlines()[:200]]
    names = set()
    for text in texts:
        for attributes in featurize(tokenize(text), text):
            names.update(attribute.decode().partition("=")[0] for attribute in attributes)
    offsets = FEATURE_GROUPS["neighbours"]
    for name in names:
        offset, _, own = name.partition(":") if name.partition(":")[0] in offsets else ("", "", name)
        groups = [group for group, members in FEATURE_GROUPS.items() if group != "neighbours" and own in members]
        # a neighbour beyond the reference's edge ("-1:edge") belongs to the neighbours group alone
        assert len(groups) == 1 or (not groups and (own in always or (offset and own == "edge"))), name
    assert {name.partition(":")[0] for name in names if ":" in name} >= set(offsets)
