"""Extraction noise of PDF text (tagger/synth/noise.py): every kind keeps the spans on their text and is seeded."""

import random
import re

import pytest

from tagger.synth.noise import (
    LEAD_INS,
    NOISE,
    PAGE_FURNITURE,
    add_noise,
    apply_together,
    glued_words,
    hyphenation,
    lead_in,
    lost_ligatures,
    moved_space,
    page_range_dash,
    running_head,
)

# References as (piece, label) lists, joined by single spaces; label None: text outside every span.
REFERENCES = [
    [("[12]", "marker"), ("B. P. Abbott and W. Zhang,", "author"),
     ("Observation of gravitational waves from a binary black hole merger,", "title"), ("Phys. Rev. Lett.", "venue"),
     ("116,", "volume"), ("061102", "pages"), ("(2016).", "year")],
    [("J. Smith, K. Griffin,", "author"), ("Scientific fluid flows in the first offshore field,", "title"),
     ("Mar. Pet. Geol.", "venue"), ("28", "volume"), ("(2011)", "year"), ("478–492.", "pages")],
    [("Abbott B P and Zhang W", "author"), ("2016", "year"), ("Efficient affine superalgebras for 3-4 fields",
     "title"), ("J. Phys. A", "venue"), ("49", "volume"), ("125-30", "pages")],
    [("Иванов И. И.", "author"), ("Направления институциональных изменений", "title"), ("//", None),
     ("Вестник экономики.", "venue"), ("2014.", "year"), ("Т. 9,", "volume"), ("№ 12.", "issue"),
     ("С. 23–26.", "pages")],
    [("Lee, M. (1999).", "author"), ("Reading the connected world", "title"), ("(pp. 5-25).", "pages"),
     ("New York:", "location"), ("Wiley.", "publisher")],
]


def build(pieces):
    """The text and spans ``[start, end, label, label]`` of a reference written as pieces."""
    text, spans = "", []
    for piece, label in pieces:
        text += " " if text else ""
        if label:
            spans.append([len(text), len(text) + len(piece), label, label])
        text += piece
    return text, spans


def run(function, pieces, seed):
    """``function`` on the reference: the old span texts, the new text and the moved spans."""
    text, spans = build(pieces)
    old = [text[start:end] for start, end, _, _ in spans]
    new_text = function(text, spans, random.Random(seed))
    assert_well_formed(new_text, spans)
    return text, old, new_text, spans


def assert_well_formed(text, spans):
    previous_end = 0
    for start, end, _, _ in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


def without_spaces(piece):
    return piece.replace(" ", "")


def one_insertion_removed(new, old, insertions):
    """Whether ``new`` is ``old`` with one of ``insertions`` put in somewhere."""
    return any(
        new[:position] + new[position + len(insertion) :] == old
        for insertion in insertions
        for position in range(len(new))
        if new.startswith(insertion, position)
    )


# kind -> how a span's new text may relate to its old text (equal always passes)
CHANGES = {
    moved_space: lambda new, old: without_spaces(new) == without_spaces(old),
    glued_words: lambda new, old: without_spaces(new) == without_spaces(old) and len(old) - len(new) <= 2,
    hyphenation: lambda new, old: one_insertion_removed(new, old, ["- ", "-", "¬ ", " - ", " -"]),
    page_range_dash: lambda new, old: new in (re.sub(r"(?<=\d)[-–](?=\d)", glyph, old) for glyph in "e?"),
    lost_ligatures: lambda new, old: new == re.sub("ffi|ffl|ff|fi|fl", "", old),
    running_head: lambda new, old: False,
}


@pytest.mark.parametrize("function", list(CHANGES), ids=lambda function: function.__name__)
@pytest.mark.parametrize("pieces", REFERENCES, ids=range(len(REFERENCES)))
def test_each_kind_keeps_every_span_on_its_text(function, pieces):
    changed = 0
    for seed in range(150):
        text, old, new_text, spans = run(function, pieces, seed)
        changed += new_text != text
        for (start, end, label, _), old_piece in zip(spans, old):
            new_piece = new_text[start:end]
            assert new_piece == old_piece or CHANGES[function](new_piece, old_piece), (label, old_piece, new_piece)
            if function is page_range_dash and label != "pages":
                assert new_piece == old_piece
    assert changed or function in (page_range_dash, lost_ligatures)


@pytest.mark.parametrize("function", list(CHANGES), ids=lambda function: function.__name__)
def test_each_kind_is_seeded(function):
    for pieces in REFERENCES:
        for seed in range(20):
            assert run(function, pieces, seed)[2:] == run(function, pieces, seed)[2:]
    if function not in (page_range_dash, lost_ligatures):  # these two do the same thing whatever the seed
        assert len({run(function, REFERENCES[0], seed)[2] for seed in range(20)}) > 1


def test_moved_space_puts_spaces_before_punctuation_and_glues_parentheses():
    text = build(REFERENCES[0])[0]
    texts = {run(moved_space, REFERENCES[0], seed)[2] for seed in range(100)}
    for piece in ("B .P .Abbott", "Zhang ,Observation", "Phys .Rev .Lett .116 ,061102", "061102 ( 2016)."):
        assert any(piece in moved for moved in texts), piece
    assert all(without_spaces(moved) == without_spaces(text) for moved in texts)
    glued = {run(moved_space, REFERENCES[1], seed)[2] for seed in range(100)}
    assert any("(2011)478–492." in moved for moved in glued)


def test_glued_words_lose_one_or_two_spaces_between_words_never_between_numbers():
    across = set()
    for seed in range(200):
        text, _, new_text, _ = run(glued_words, REFERENCES[2], seed)
        assert 1 <= len(text) - len(new_text) <= 2
        assert "49125" not in new_text  # volume and pages: a line break between numbers keeps its space
        across.add(new_text)
    assert any("W2016" in glued or "2016Efficient" in glued for glued in across)  # across two fields
    assert any("gravitationalwaves" in run(glued_words, REFERENCES[0], seed)[2] for seed in range(200))


def test_hyphenation_breaks_a_word_of_letters():
    texts = {run(hyphenation, REFERENCES[1], seed)[2] for seed in range(200)}
    assert any(re.search(r"\w- \w", text) for text in texts) and any(re.search(r"\w -\w", text) for text in texts)
    assert all(re.search(r"[^\W\d_]{3}(?:- |-|¬ | - | -)[^\W\d_]{3}", text) for text in texts)


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (REFERENCES[1], {"478e492.", "478?492."}),
        (REFERENCES[3], {"С. 23e26.", "С. 23?26."}),
        (REFERENCES[4], {"(pp. 5e25).", "(pp. 5?25)."}),
        (REFERENCES[2], {"125e30", "125?30"}),
        (REFERENCES[0], {"061102"}),
    ],
)
def test_page_range_dash_only_in_page_ranges(pieces, expected):
    seen = set()
    for seed in range(30):
        text, _, new_text, spans = run(page_range_dash, pieces, seed)
        [(start, end, _, _)] = [span for span in spans if span[2] == "pages"]
        seen.add(new_text[start:end])
        assert new_text[:start] == text[:start]  # "3-4 fields" in a title keeps its hyphen
    assert seen == expected


def test_lost_ligatures_drop_their_letters_everywhere():
    _, _, new_text, spans = run(lost_ligatures, REFERENCES[1], 0)
    assert new_text == "J. Smith, K. Grin, Scientic uid ows in the rst oshore eld, Mar. Pet. Geol. 28 (2011) 478–492."
    assert new_text[spans[0][0] : spans[0][1]] == "J. Smith, K. Grin,"
    text, spans = build([("Scientiﬁc ﬂows", "title")])  # ligature characters, from the ligatures kind
    assert lost_ligatures(text, spans, random.Random(0)) == "Scientic ows" and spans[0][:2] == [0, 12]


def gaps(text, spans):
    """The text outside the spans: before each span, and after the last."""
    ends = [0] + [end for _, end, _, _ in spans]
    return [text[end:span[0]] for end, span in zip(ends, spans)] + [text[ends[-1] :]]


def inserted_head(before, after):
    """The ``head`` when ``after`` is ``before`` with one of its spaces replaced by ``" head "``, else ``None``."""
    size = len(after) - len(before) - 1
    for position, char in enumerate(before):
        head = after[position + 1 : position + 1 + size]
        if char == " " and after == f"{before[:position]} {head} {before[position + 1 :]}":
            return head
    return None


def test_running_head_goes_between_fields_and_belongs_to_none():
    heads = set()
    for pieces in REFERENCES:
        text, spans = build(pieces)
        old_gaps = gaps(text, spans)
        for seed in range(100):
            _, old, new_text, moved = run(running_head, pieces, seed)
            assert [new_text[start:end] for start, end, _, _ in moved] == old
            changed = [(before, after) for before, after in zip(old_gaps, gaps(new_text, moved)) if before != after]
            [(before, after)] = changed
            head = inserted_head(before, after)
            assert head and head == head.strip()
            heads.add(head)
    assert any(head.isdigit() for head in heads)
    assert any(re.fullmatch(r"[A-Z][\w .:&-]+ \d+ \d+", head) for head in heads)  # "Journal of Physics A 12 345"
    assert any(head.isupper() and not head.isdigit() for head in heads)
    assert any(head.startswith(piece.split("{")[0]) for head in heads for piece in PAGE_FURNITURE)
    # never the word "References": the model would learn that it belongs to no field, titles holding it included
    assert not any("reference" in head.casefold() for head in heads)


def test_lead_in_goes_before_the_first_author_after_any_marker_in_the_author_s_script():
    seen = set()
    for pieces in REFERENCES:
        text, spans = build(pieces)
        for seed in range(40):
            _, old, new_text, moved = run(lead_in, pieces, seed)
            assert [new_text[start:end] for start, end, _, _ in moved] == old
            first = next(span for span in moved if span[2] != "marker")
            marker_end = moved[0][1] + 1 if moved[0][2] == "marker" else 0
            if first[2] != "author":  # no author first: nothing to lead into
                assert new_text == text
                continue
            lead = new_text[marker_end : first[0]].strip()
            assert new_text == text[:marker_end] + lead + " " + text[marker_end:]
            script = "cyrillic" if pieces[0][0].startswith("Иванов") else "latin"
            assert lead in LEAD_INS[script]
            seen.add(lead)
    assert {"See", "Vgl."} & seen and {"См.", "См.:"} & seen
    untitled = [("[3]", "marker"), ("Reading the connected world.", "title"), ("Wiley.", "publisher")]
    assert all(run(lead_in, untitled, seed)[2] == build(untitled)[0] for seed in range(10))  # no author to lead into


def test_apply_together_makes_all_edits_or_none():
    text, spans = build([("Smith, J.", "author"), ("A title.", "title")])
    moved = apply_together(text, spans, [(8, 8, " "), (9, 10, "")])
    assert moved == "Smith, J .A title." and [moved[a:b] for a, b, _, _ in spans] == ["Smith, J .", "A title."]
    text, spans = build([("Smith, J.", "author"), ("A title.", "title")])
    assert apply_together(text, spans, [(0, 0, "x"), (8, 11, "")]) is None  # the second crosses an edge
    assert spans == build([("Smith, J.", "author"), ("A title.", "title")])[1]


CHANGES_NAMES = [function.__name__ for function in CHANGES if function is not hyphenation]


def test_new_kinds_are_rare_at_scale_one_and_counted_by_name():
    names = [name for name, _, _ in NOISE]
    assert {"moved_space", "glued_words", "page_range_dash", "lost_ligatures", "running_head"} <= set(names)
    assert all(probability <= 0.05 for name, _, probability in NOISE if name in CHANGES_NAMES)
    fired = {name: 0 for name in names}
    for seed in range(400):
        for pieces in REFERENCES:
            text, spans = build(pieces)
            _, applied = add_noise(text, spans, random.Random(seed), scale=1.0)
            for name in applied:
                fired[name] += 1
    for name in CHANGES_NAMES:
        assert fired[name] < 0.08 * 400 * len(REFERENCES), name
