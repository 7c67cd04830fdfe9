"""data/styles-check.jsonl: the hand-labelled check set of references in styles the corpora lack.

It is a test set: these tests keep it valid, large enough per style family,
unseen by training (no shared reference with any training file, no reuse of the
seed generator's names, titles, journals or publishers) and reproducible from
data/build_styles_check.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tagger.labels import LABELS
from training.train import shipped_config

REPOSITORY = Path(__file__).resolve().parent.parent.parent
CHECK_SET = REPOSITORY / "data" / "styles-check.jsonl"
BUILDER = REPOSITORY / "data" / "build_styles_check.py"
SEED = REPOSITORY / "data" / "seed-styles.jsonl"
FAMILIES = ("gost", "gbt", "din", "abnt", "vancouver", "footnote")
IDENTIFIER = re.compile(r"styles-check-(?P<family>[a-z]+)-(?P<number>\d{2})")
# Edited volumes cited as a whole: the editors stand where the author would,
# and are labelled editor (as in the seed DIN "(Hrsg.):" template), so these
# references have an editor span and no author span.
EDITED_VOLUMES = {"styles-check-din-03", "styles-check-vancouver-15"}
# Words inside author/editor spans that are roles or connectives, not names.
ROLE_WORDS = {"под", "ред", "hrsg", "hg", "org", "editors", "ed", "et", "al", "and", "und"}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def letters_and_digits(text: str) -> str:
    """The comparison key of a reference: its letters and digits, casefolded."""
    return "".join(character for character in text.casefold() if character.isalnum())


def span_texts(records: list[dict], labels: set[str]) -> list[tuple[str, str]]:
    """(record id, span text) for every span with one of ``labels``."""
    return [(record["id"], record["text"][span["start"] : span["end"]])
            for record in records for span in record["spans"] if span["label"] in labels]


def name_words(text: str) -> set[str]:
    """Casefolded words of a name list that could identify a person (not initials or role words)."""
    words = {word.casefold() for word in re.findall(r"\w+", text)}
    return {word for word in words
            if word not in ROLE_WORDS and (len(word) >= 3 or any("\u4e00" <= char <= "\u9fff" for char in word))}


RECORDS = read(CHECK_SET)


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_record_is_valid(record):
    assert set(record) == {"id", "text", "spans"}
    assert IDENTIFIER.fullmatch(record["id"])
    text = record["text"]
    assert text and text == " ".join(text.split()), "text must be whitespace-folded"
    previous_end = 0
    for span in record["spans"]:
        assert set(span) == {"start", "end", "label", "source_label"}
        assert previous_end <= span["start"] < span["end"] <= len(text), f"span {span} unsorted, overlapping or outside"
        piece = text[span["start"] : span["end"]]
        assert piece == piece.strip(), f"span {piece!r} has outer whitespace"
        assert span["label"] in LABELS
        assert span["source_label"] == span["label"]
        previous_end = span["end"]


def test_enough_references_in_every_family():
    assert len(RECORDS) >= 72
    assert len({record["id"] for record in RECORDS}) == len(RECORDS)
    families = Counter(IDENTIFIER.fullmatch(record["id"])["family"] for record in RECORDS)
    assert set(families) == set(FAMILIES)
    assert all(count >= 12 for count in families.values()), families


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_record_has_author_title_and_year(record):
    labels = {span["label"] for span in record["spans"]}
    assert {"title", "year"} <= labels
    if record["id"] in EDITED_VOLUMES:
        assert "editor" in labels and "author" not in labels
    else:
        assert "author" in labels


def test_edited_volume_exceptions_exist():
    assert EDITED_VOLUMES <= {record["id"] for record in RECORDS}


def test_never_trained_on():
    assert CHECK_SET.resolve() not in {Path(path).resolve() for path in shipped_config().data}


def test_no_reference_shared_with_the_seed_references():
    seed_keys = {letters_and_digits(record["text"]) for record in read(SEED)}
    shared = [record["id"] for record in RECORDS if letters_and_digits(record["text"]) in seed_keys]
    assert shared == []


def test_no_name_title_journal_or_publisher_taken_from_the_seed_references():
    seed = read(SEED)
    seed_names = set().union(*(name_words(text) for _, text in span_texts(seed, {"author", "editor"})))
    reused_names = {(identifier, word) for identifier, text in span_texts(RECORDS, {"author", "editor"})
                    for word in name_words(text) & seed_names}
    assert reused_names == set()
    for label in ("title", "venue", "publisher", "series"):
        seed_keys = {letters_and_digits(text) for _, text in span_texts(seed, {label})}
        reused = [(identifier, text) for identifier, text in span_texts(RECORDS, {label})
                  if letters_and_digits(text) in seed_keys]
        assert reused == [], label


def test_no_reference_shared_with_the_training_corpora(shared_data):
    corpora = [Path(path).resolve() for path in shipped_config().data if Path(path).resolve().is_relative_to(
        shared_data.resolve())]
    assert {shared_data.resolve() / name for name in (
        "anystyle/train.jsonl", "anystyle/extra-good.jsonl", "anystyle/extra-bad.jsonl", "parscit/train.jsonl",
        "umass/train.jsonl", "umass/dev.jsonl")} <= set(corpora)
    training_keys = {letters_and_digits(record["text"]) for path in corpora for record in read(path)}
    shared = [record["id"] for record in RECORDS if letters_and_digits(record["text"]) in training_keys]
    assert shared == []


def test_builder_reproduces_the_file_byte_for_byte(tmp_path):
    specification = importlib.util.spec_from_file_location("build_styles_check", BUILDER)
    builder = importlib.util.module_from_spec(specification)
    specification.loader.exec_module(builder)
    out = tmp_path / "styles-check.jsonl"
    assert builder.main([str(out)]) == 0
    assert out.read_bytes() == CHECK_SET.read_bytes()
