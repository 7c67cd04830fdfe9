"""Synthetic references: exact spans from CSL rendering, span-keeping noise, reproducible output."""

import json
import random
import re

import pytest

pytest.importorskip("citeproc")
pytest.importorskip("faker")

from tagger.cli import main  # noqa: E402
from tagger.labels import LABELS  # noqa: E402
from tagger.synth import generate, registry, styles  # noqa: E402
from tagger.synth.noise import add_noise, apply, spaced_punctuation  # noqa: E402
from tagger.synth.records import RecordMaker, record_from_spans, split_names, with_first_page  # noqa: E402
from tagger.synth.render import MARKERS, _marks, extract, load_style, render, verify  # noqa: E402

ARTICLE = {
    "id": "a1",
    "type": "article-journal",
    "author": [{"family": "Иванов", "given": "Иван Иванович"}, {"family": "Petrov", "given": "Petr"}],
    "title": "Направления институциональных изменений",
    "container-title": "Вестник экономики",
    "issued": {"date-parts": [[2014]]},
    "volume": "9",
    "issue": "12",
    "page": "23-26",
    "DOI": "10.1000/xyz123",
}
BOOK = {
    "id": "b1",
    "type": "book",
    "author": [{"family": "Smith", "given": "John A."}],
    "title": "A history of field extraction",
    "publisher": "Northbridge Press",
    "publisher-place": "London",
    "issued": {"date-parts": [[2010, 3, 5]]},
    "edition": "2",
}


def fields(rendered):
    return {label: rendered.text[start:end] for start, end, label, _ in rendered.spans}


def render_expecting(record, style, locale, expected):
    """Render ``record``; its spans must verify and hold exactly the ``expected`` label texts."""
    [rendered] = render([record], style, locale)
    assert verify(rendered, record) == []
    got = fields(rendered)
    for label, text in expected.items():
        assert got[label] == text, (label, rendered.text)
    return rendered


def test_markers_become_spans_and_disappear():
    title_open, title_close = _marks("title")
    year_open, year_close = _marks("issued")
    text, spans, problems = extract(f"Smith.  {title_open}A title{title_close}. {year_open}(2001){year_close}.")
    assert text == "Smith. A title. (2001)."
    assert not any(char in MARKERS for char in text)
    assert [(text[start:end], label) for start, end, label, _ in spans] == [("A title.", "title"), ("(2001).", "year")]
    assert problems == []


def test_unbalanced_markers_are_reported():
    title_open, _ = _marks("title")
    _, year_close = _marks("issued")
    _, _, problems = extract(f"{title_open}A title {year_close}")
    assert any("unbalanced" in problem for problem in problems)
    assert any("unclosed" in problem for problem in problems)


@pytest.mark.parametrize(
    ("style", "locale", "expected"),
    [
        (
            "gost-r-7-0-5-2008",
            "ru-RU",
            {
                "author": "Иванов И. И., Petrov P.",
                "title": "Направления институциональных изменений",
                "venue": "Вестник экономики.",
                "year": "2014.",
                "volume": "Т. 9.",
                "issue": "№ 12.",
                "pages": "С. 23–26.",
            },
        ),
        (
            "china-national-standard-gb-t-7714-2015-numeric",
            "zh-CN",
            {"marker": "[1]", "venue": "Вестник экономики,", "year": "2014,", "volume": "9", "issue": "12"},
        ),
        (
            "din-1505-2",
            "de-DE",
            {"venue": "Вестник экономики", "volume": "Bd. 9", "issue": "Nr. 12,", "pages": "S. 23–26"},
        ),
        ("associacao-brasileira-de-normas-tecnicas", "pt-BR", {"author": "ИВАНОВ, И. И.; PETROV, P."}),
        ("apa", "en-US", {"year": "2014", "volume": "9", "issue": "12", "doi": "10.1000/xyz123"}),
        ("ieee", "en-US", {"pages": "pp. 23–26,", "volume": "vol. 9,", "issue": "no. 12,"}),
    ],
)
def test_rendered_spans_hold_exactly_their_fields(style, locale, expected):
    rendered = render_expecting(ARTICLE, style, locale, expected)
    for start, end, label, _ in rendered.spans:
        assert label in LABELS
        assert rendered.text[start:end] == rendered.text[start:end].strip()


def test_book_fields_and_label_join():
    [rendered] = render([BOOK], "gost-r-7-0-5-2008", "ru-RU")
    assert verify(rendered, BOOK) == []
    got = fields(rendered)
    assert got["title"] == "A history of field extraction."
    assert got["location"] == "London:" and got["publisher"] == "Northbridge Press,"


PHYSICS_ARTICLE = with_first_page({
    "id": "p1",
    "type": "article-journal",
    "author": [{"family": "Abbott", "given": "Benjamin P."}, {"family": "Zhang", "given": "Wei"}],
    "title": "Observation of gravitational waves from a binary black hole merger",
    "container-title": "Phys. Rev. Lett.",
    "issued": {"date-parts": [[2016]]},
    "volume": "116",
    "issue": "6",
    "page": "061102-061110",
})


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("american-physics-society", {"venue": "Phys. Rev. Lett.",
                                      "volume": "116,", "pages": "061102", "year": "2016"}),
        ("american-physics-society-without-titles", {"author": "B. P. Abbott and W. Zhang,", "pages": "061102"}),
        ("institute-of-physics-numeric", {"author": "Abbott B P and Zhang W", "year": "2016", "pages": "061102–10"}),
        ("institute-of-physics-harvard", {"venue": "Phys. Rev. Lett.", "volume": "116"}),
        ("royal-society-of-chemistry", {"venue": "Phys. Rev. Lett.,", "year": "2016,", "pages": "061102–061110."}),
        ("elsevier-without-titles", {"venue": "Phys. Rev. Lett.", "volume": "116", "year": "2016"}),
        ("the-astrophysical-journal", {"author": "Abbott, B. P., & Zhang, W.", "venue": "Phys Rev Lett,"}),
        ("beilstein-journal-of-organic-chemistry", {"author": "Abbott, B. P.; Zhang, W.", "year": "2016,"}),
    ],
)
def test_physics_and_chemistry_styles(style, expected):
    """APS, IOP, RSC, Elsevier numbered ("116 (2016) 061102–061110"), ApJ and ACS-like journal references."""
    assert style in registry()["families"]["physics-chemistry"]["styles"]
    render_expecting(PHYSICS_ARTICLE, style, "en-US", expected)


def test_every_physics_and_chemistry_style_renders_generated_records_with_exact_spans():
    maker = RecordMaker("en", 3)
    records = [maker.record(f"r{index}") for index in range(25)]
    for style in registry()["families"]["physics-chemistry"]["styles"]:
        rendered = render(records, style, "en-US")
        checked = [item for item, record in zip(rendered, records) if item and verify(item, record) == []]
        assert len(checked) >= 23, style
        for item in checked:
            for start, end, label, _ in item.spans:
                assert label in LABELS and item.text[start:end] == item.text[start:end].strip()


@pytest.mark.parametrize(
    ("page", "first"), [("23-26", "23"), ("e25165", "e25165"), ("061102–061110", "061102"), (None, None)]
)
def test_records_carry_the_first_page_that_physics_styles_print(page, first):
    record = {"id": "r", **({"page": page} if page else {})}
    assert with_first_page(record).get("page-first") == first


def test_verify_catches_a_span_on_the_wrong_text():
    [rendered] = render([ARTICLE], "apa", "en-US")
    spans = fields(rendered)
    assert spans["title"]
    moved = [
        (start + 1, end, label, variable) if label == "title" else (start, end, label, variable)
        for start, end, label, variable in rendered.spans
    ]
    rendered.spans = moved
    assert any("title" in problem for problem in verify(rendered, ARTICLE))


def test_apply_keeps_every_span_on_its_text():
    rng = random.Random(5)
    for _ in range(3000):
        text = "Smith, J. A title here. Journal 5, 1-9."
        spans = [[0, 9, "author", "a"], [10, 23, "title", "t"], [24, 31, "venue", "v"], [32, 34, "volume", "n"]]
        start = rng.randint(0, len(text))
        end = min(len(text), start + rng.choice([0, 0, 1, 2]))
        replacement = rng.choice(["", " ", "x", "- ", "ﬁ", ".."])
        before = [(text[a:b], a, b) for a, b, _, _ in spans]
        changed = apply(text, spans, start, end, replacement)
        if changed is None:
            assert [(text[a:b], a, b) for a, b, _, _ in spans] == before  # nothing moved
            continue
        for (old, old_start, old_end), (new_start, new_end, _, _) in zip(before, spans):
            if old_end <= start or (start == end == old_end):
                assert (new_start, new_end) == (old_start, old_end)
                assert changed[new_start:new_end] == old
            elif old_start >= end and not (old_start < start):
                assert changed[new_start:new_end] == old
            else:  # the edit fell inside this span
                assert changed[new_start:new_end] == old[: start - old_start] + replacement + old[end - old_start :]
            assert changed[new_start:new_end] == changed[new_start:new_end].strip()
            assert new_start < new_end


def test_spaced_punctuation_splits_off_punctuation_but_not_initials():
    text = "Smith, J. A. Title here. Phys. Rev. D 47, 4586-4590 (1993)."
    pieces = [("author", "Smith, J. A."), ("title", "Title here."), ("venue", "Phys. Rev. D"), ("volume", "47,"),
              ("pages", "4586-4590"), ("year", "(1993).")]
    spans = [[text.index(piece), text.index(piece) + len(piece), label, label] for label, piece in pieces]
    spaced = spaced_punctuation(text, spans, random.Random(1))
    assert spaced == "Smith , J. A. Title here . Phys . Rev . D 47 , 4586--4590 (1993) ."
    assert [spaced[start:end] for start, end, _, _ in spans] == [
        "Smith , J. A.", "Title here .", "Phys . Rev . D", "47 ,", "4586--4590", "(1993) ."]


def test_noise_keeps_spans_valid_and_is_seeded(shared_data):
    lines = (shared_data / "anystyle" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:1500]
    applied_kinds = set()
    for number, line in enumerate(lines):
        reference = json.loads(line)
        spans = [[span["start"], span["end"], span["label"], span["label"]] for span in reference["spans"]]
        texts = [reference["text"][start:end] for start, end, _, _ in spans]
        text, applied = add_noise(reference["text"], spans, random.Random(number), scale=3.0)
        again = [[span["start"], span["end"], span["label"], span["label"]] for span in reference["spans"]]
        assert add_noise(reference["text"], again, random.Random(number), scale=3.0)[0] == text
        applied_kinds.update(applied)
        previous_end = 0
        for (start, end, _, _), old in zip(spans, texts):
            assert previous_end <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()
            if not applied:
                assert text[start:end] == old
            previous_end = end
    assert applied_kinds == {
        "list_marker", "lost_space", "hyphenation", "ligatures", "doubled_space", "punctuation", "capitals", "ocr",
        "spaced_punctuation", "moved_space", "glued_words", "page_range_dash", "lost_ligatures", "running_head",
        "lead_in",
    }


def test_registry_lists_enough_loadable_styles_with_a_held_out_group():
    families = registry()["families"]
    every = [style for family in families.values() for style in family["styles"]]
    assert len(every) >= 60 and len(set(every)) == len(every)
    held_out = set(registry()["held_out"])
    assert held_out <= set(every)
    training = {style for members in styles().values() for style in members}
    assert training.isdisjoint(held_out) and training | held_out == set(every)
    assert len({family for family, members in styles(held_out=True).items() if members}) >= 5
    for style in every:
        load_style(style, "en-US")


def test_generation_is_reproducible_and_exact():
    first, summary = generate(60, seed=3)
    second, _ = generate(60, seed=3)
    assert first == second
    assert summary["made"] == 60
    assert generate(60, seed=4)[0] != first
    for reference in first:
        previous_end = 0
        for span in reference["spans"]:
            assert previous_end <= span["start"] < span["end"] <= len(reference["text"])
            assert span["label"] in LABELS
            previous_end = span["end"]
    assert {reference["style"] for reference in first}.isdisjoint(registry()["held_out"])


def test_held_out_generation_uses_only_held_out_styles():
    references, _ = generate(30, seed=3, held_out=True)
    assert {reference["style"] for reference in references} <= set(registry()["held_out"])


def test_processes_do_not_change_the_output():
    assert generate(40, seed=9, processes=2)[0] == generate(40, seed=9)[0]


def test_records_from_labelled_references():
    text = "Smith, J. and Lee, K. (2001). A title. J. Biol. 3(2), 10-19."
    pieces = {"author": "Smith, J. and Lee, K.", "year": "(2001).", "title": "A title.", "venue": "J. Biol.",
              "volume": "3", "issue": "(2)", "pages": "10-19."}
    spans = []
    for label, piece in pieces.items():
        start = text.index(piece)
        spans.append({"start": start, "end": start + len(piece), "label": label})
    record = record_from_spans({"text": text, "spans": sorted(spans, key=lambda span: span["start"])}, "r")
    assert record["author"] == [{"family": "Smith", "given": "J."}, {"family": "Lee", "given": "K."}]
    assert record["type"] == "article-journal"
    assert (record["title"], record["container-title"], record["volume"], record["issue"], record["page"]) == (
        "A title", "J. Biol", "3", "2", "10-19")
    assert record["issued"] == {"date-parts": [[2001]]}
    assert record_from_spans({"text": "A title.", "spans": [{"start": 0, "end": 8, "label": "title"}]}, "r") is None


@pytest.mark.parametrize(
    ("text", "families"),
    [
        ("Иванов И. И., Петров П. П.", ["Иванов", "Петров"]),
        ("Smith J, Jones K", ["Smith", "Jones"]),
        ("Y. LeCun, L. Bottou, Y. Bengio, and P. Haffner", ["LeCun", "Bottou", "Bengio", "Haffner"]),
        ("McCallum, A., & Nigam, K.", ["McCallum", "Nigam"]),
        ("A. Smith et al.", ["Smith"]),
    ],
)
def test_split_names(text, families):
    assert [name["family"] for name in split_names(text)] == families


def test_cli_writes_the_file_and_reports(tmp_path, capsys):
    out = tmp_path / "synth.jsonl"
    assert main(["synth", "--count", "25", "--seed", "2", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25
    assert json.loads(capsys.readouterr().err)["made"] == 25
    assert not (tmp_path / "synth.jsonl.partial").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--out", "/no/such/folder/x.jsonl"], "folder does not exist"),
        (["--out", "{tmp}"], "is a folder"),
        (["--out", "{tmp}/x.jsonl", "--corpus", "{tmp}/missing.jsonl"], "missing.jsonl"),
    ],
)
def test_cli_errors_are_one_clear_line(tmp_path, capsys, arguments, message):
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]
    assert main(["synth", "--count", "5", *arguments]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


CHAPTER = {
    "id": "c1",
    "type": "chapter",
    "author": [{"family": "Müller", "given": "Hans"}],
    "editor": [{"family": "Weber", "given": "Eva"}],
    "title": "Ein Kapitel",
    "container-title": "Das Buch",
    "publisher": "Springer",
    "publisher-place": "Berlin",
    "issued": {"date-parts": [[1999]]},
    "page": "12-30",
}


@pytest.mark.parametrize(
    ("style", "locale", "expected"),
    [
        ("chicago-notes-bibliography", "en-US", {"venue": "In Das Buch,", "editor": "edited by E. Weber."}),
        ("ieee", "en-US", {"venue": "in Das Buch,", "editor": "E. Weber, Ed.,"}),
        ("associacao-brasileira-de-normas-tecnicas", "pt-BR", {"editor": "WEBER, E. (Org.).", "venue": "Das Buch."}),
        ("din-1505-2", "de-DE", {"editor": "Weber, E. (Hrsg.):", "venue": "Das Buch."}),
        ("gost-r-7-0-5-2008", "ru-RU", {"editor": "под ред. E. Weber.", "venue": "Das Buch"}),
    ],
)
def test_corpus_conventions_for_in_and_editor_words(style, locale, expected):
    """As in the corpora: a bare "In" opens the venue, "In:" does not; editor words belong to the editor."""
    render_expecting(CHAPTER, style, locale, expected)


def test_gost_references_sometimes_repeat_their_authors_after_the_title():
    references, _ = generate(120, seed=5, noise=0.0)  # noise may drop a period of the initials
    repeated = 0
    for reference in references:
        authors = [span for span in reference["spans"] if span["label"] == "author"]
        if reference["family"] == "gost" and len(authors) == 2:
            second = reference["text"][authors[1]["start"] : authors[1]["end"]]
            assert reference["text"][authors[1]["start"] - 3 : authors[1]["start"]] == " / "
            # ours hold up to three names; a style may write its own, with more ("R. Powers, ..., D. Vasquez,")
            assert re.fullmatch(r"(?:(?:\w\. ?)+[\w'’-]+(?:, )?)+,?", second), second
            repeated += 1
    assert repeated >= 3


def test_abnt_articles_sometimes_name_the_journal_s_city_before_the_volume():
    references, _ = generate(400, seed=5, noise=0.0)
    placed = 0
    for reference in references:
        spans = reference["spans"]
        labels = [span["label"] for span in spans]
        if reference["family"] == "abnt" and "location" in labels and "volume" in labels:
            at = labels.index("location")
            if labels[at - 1] == "venue" and labels[at + 1] == "volume":
                text = reference["text"]
                venue, place, volume = spans[at - 1], spans[at], spans[at + 1]
                between = text[venue["end"] : place["start"]] + text[place["end"] : volume["start"]]
                assert text[place["start"] : place["end"]].rstrip(",")[-1:].isalpha()
                assert between.strip(", ") == "" and text[volume["start"]] == "v", text
                placed += 1
    assert placed >= 3


@pytest.mark.parametrize(
    "arguments",
    [["--corpus-share", "2"], ["--noise", "-1"], ["--corpus"], ["--count", "0"]],
)
def test_cli_usage_errors_exit_2(tmp_path, capsys, arguments):
    with pytest.raises(SystemExit) as raised:
        main(["synth", "--out", str(tmp_path / "x.jsonl"), *arguments])
    assert raised.value.code == 2
    assert arguments[0] in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()
