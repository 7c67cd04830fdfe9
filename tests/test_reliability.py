"""Reliability of parsing: any string gives a well-formed result, in bounded time, from any thread."""

import json
import threading
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tagger
from tagger import MAX_LENGTH, Reference, ReferenceTooLongWarning, Tagger
from tagger.tokenizer import tokenize

REPOSITORY = Path(__file__).resolve().parent.parent

# Every code point Python allows in a str, lone surrogates included.
ANY_CHARACTER = st.characters(exclude_categories=())
# Pieces of references mixed with control characters, RTL text, emoji, combining marks and long runs.
PIECES = st.sampled_from(
    ["Smith, J.", "(2001).", "A title.", "J. Biol.,", "3(2),", "1-10.", "//", "Т. 9, № 12. – С. 23–26.",
     "王明. 标题[J].", "מאמר", "مرجع", "😀👍🏽🇩🇪", "\u202e", "\u200d\u200b\ufeff", "\x00", "\x0b\x0c\x1c\x85\u2028",
     "e\u0301", "\ud800", "\udfff", " ", "\t", "\n", "doi:10.1000/xyz", "https://x.org/a?b=c"]
)
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    st.lists(st.one_of(PIECES, st.text(ANY_CHARACTER, max_size=5)), max_size=40).map("".join),
    st.builds(lambda char, count: char * count, ANY_CHARACTER, st.integers(0, 3000)),
    st.text(st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2000\u3000"), max_size=20),
)


def assert_well_formed(reference: Reference, text: str) -> None:
    assert isinstance(reference, Reference) and reference.text == text
    previous_end = 0
    for span in reference.spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        previous_end = span.end
    reference.to_dict()  # fields are built on first use: that must not fail either


@pytest.fixture(scope="module")
def model(tiny_model):
    return Tagger.load(tiny_model)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_string_gives_sorted_spans_inside_the_text(model, text):
    assert_well_formed(model.parse(text), text)
    tokens = tokenize(text)
    assert all(0 <= a.start < a.end <= b.start for a, b in zip(tokens, tokens[1:]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXTS, max_size=12), batch_size=st.integers(1, 5))
def test_parse_many_gives_one_result_per_input_in_order(model, texts, batch_size):
    results = list(model.parse_many(texts, batch_size=batch_size))
    assert results == [model.parse(text) for text in texts]


@pytest.mark.parametrize(
    "text",
    ["(" * 20_000, ")" * 20_000, "." * 20_000, "a." * 20_000, "a" * 200_000, "1" * 50_000, "http://" + "a/" * 20_000,
     "e\u0301" * 5_000, " ".join(["(" * 999] * 10)],
)
def test_pathological_strings_return_quickly(model, text):
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceTooLongWarning)
        reference = model.parse(text)
    assert time.perf_counter() - started < 3, "tokenising a long run of punctuation must not be quadratic"
    assert_well_formed(reference, text)


def test_only_the_first_max_length_characters_are_tagged_and_the_text_is_kept(model, tiny_records):
    head = tiny_records[0]["text"]
    text = head + " " + "x" * MAX_LENGTH
    with pytest.warns(ReferenceTooLongWarning, match=f"{len(text):,} characters: only the first {MAX_LENGTH:,}"):
        reference = model.parse(text)
    assert reference.text == text
    assert reference.spans and reference.spans[-1].end <= MAX_LENGTH
    assert reference.spans[: 3] == model.parse(head).spans[: 3]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.parse("x" * MAX_LENGTH)  # at the limit: no warning


def test_lone_surrogates_are_tagged_as_replacement_characters(model):
    text = "Smith, J. (2001). A \ud800title. J. Biol., 3(2), 1-10."
    reference = model.parse(text)
    assert_well_formed(reference, text)
    assert [label for _, label in model.tag(text)] == [
        label for _, label in model.tag(text.replace("\ud800", "\ufffd"))
    ]


def test_one_tagger_shared_by_eight_threads_gives_serial_results(varied_references):
    shared = Tagger.load()
    texts = varied_references(1000)
    expected = [reference.to_dict() for reference in Tagger.load().parse_many(texts)]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            turn = worker * 125  # each thread starts elsewhere in the list
            rotated = texts[turn:] + texts[:turn]
            parsed = [shared.parse(text).to_dict() for text in rotated[:500]]
            parsed += [reference.to_dict() for reference in shared.parse_many(rotated[500:], batch_size=64)]
            results[worker] = parsed == expected[turn:] + expected[:turn]
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == {worker: True for worker in range(8)}


def test_the_tokenizer_cache_stays_bounded_on_a_stream():
    from tagger.tokenizer import ReferenceTokenizer

    tokenizer = ReferenceTokenizer(cache_size=50)
    tokens = [tokenizer(f"word{index} other{index}") for index in range(60)]
    assert len(tokenizer._pieces) <= 50
    for index in range(100):  # plain words, which the rules never split, as well
        tokenizer(f"plain{chr(97 + index % 26)}{chr(97 + index // 26)} {index}")
    assert len(tokenizer._pieces) <= 50
    assert tokens[-1] == [("word59", 0, 6), ("other59", 7, 14)]
    assert tokenizer("word0 other0") == tokens[0]


def test_module_parse_is_the_shipped_model():
    assert tagger.parse("Smith, J. (2001). A title.").fields["year"] == ["2001"]


@pytest.mark.parametrize("labels", [5, None, "author", [["author"]]])
def test_badly_typed_labels_in_meta_are_a_corrupt_model(tiny_model, tmp_path, labels):
    import shutil

    from tagger import ModelCorruptError

    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["labels"] = labels
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelCorruptError, match="'labels' must be a list of label names"):
        Tagger.load(copy)


@pytest.mark.parametrize("texts", [None, 5])
def test_parse_many_of_something_not_iterable_says_what_it_takes(model, texts):
    with pytest.raises(TypeError, match="parse_many takes an iterable of reference strings, not"):
        list(model.parse_many(texts))
