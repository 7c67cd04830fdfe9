"""The per-language word lists in tagger/synth/words/ that synthetic references are assembled from."""

import json
import re
import string
import unicodedata
from pathlib import Path

import pytest

WORDS_DIR = Path(__file__).resolve().parent.parent.parent / "tagger" / "synth" / "words"
LANGUAGES = ["en", "ru", "uk", "zh", "de", "pt", "es", "fr", "tr"]
MINIMUM_COUNTS = {
    "title_words": 200,
    "title_templates": 25,
    "journals": 40,
    "journal_abbreviations": 20,
    "proceedings": 15,
    "book_series": 10,
    "publishers": 25,
    "places": 20,
    "universities": 15,
    "websites": 10,
    "months": 12,
    "degree_terms": 4,
}
KEYS = list(MINIMUM_COUNTS)
PLACEHOLDERS = {"a", "b", "c"}
SCRIPT_OF_LANGUAGE = {"ru": "cyrillic", "uk": "cyrillic", "zh": "cjk"}
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")


def load(language: str) -> dict[str, list[str]]:
    return json.loads((WORDS_DIR / f"{language}.json").read_text(encoding="utf-8"))


def script_of(character: str) -> str:
    """'latin', 'cyrillic', 'cjk' or 'other' for one character."""
    name = unicodedata.name(character, "")
    if name.startswith("CJK "):
        return "cjk"
    if not character.isalpha():
        return "other"
    return name.split(" ")[0].lower() if name.startswith(("LATIN", "CYRILLIC")) else "other"


def share_in_script(items: list[str], script: str) -> float:
    return sum(any(script_of(ch) == script for ch in item) for item in items) / len(items)


def placeholders_in(template: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_is_canonical_json_with_exactly_the_keys_in_order(language):
    path = WORDS_DIR / f"{language}.json"
    assert path.is_file(), f"{path} is missing"
    data = load(language)
    assert list(data) == KEYS
    # Pretty-printed, non-ASCII kept as is: diffs stay readable.
    assert path.read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_list_is_long_enough_unique_and_clean(language, key):
    items = load(language)[key]
    assert isinstance(items, list) and all(isinstance(item, str) for item in items)
    assert len(items) >= MINIMUM_COUNTS[key]
    duplicates = sorted({item for item in items if items.count(item) > 1})
    assert not duplicates, f"{language}/{key}: duplicates {duplicates}"
    bad = [item for item in items if not item or item != item.strip() or "  " in item]
    assert not bad, f"{language}/{key}: empty or badly spaced {bad}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_twelve_months(language):
    months = load(language)["months"]
    assert len(months) == 12
    if language == "zh":
        assert months == [f"{number}月" for number in range(1, 13)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_use_only_a_b_c_and_format(language):
    for template in load(language)["title_templates"]:
        fields = placeholders_in(template)
        assert fields, f"{language}: {template!r} has no placeholder"
        assert set(fields) <= PLACEHOLDERS, f"{language}: {template!r} uses {set(fields) - PLACEHOLDERS}"
        filled = template.format(a="X", b="Y", c="Z")
        assert "{" not in filled and "}" not in filled
        if language == "zh":
            assert " " not in template, f"zh template with a space: {template!r}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", ["title_words", "journals"])
def test_lists_are_in_the_language_script(language, key):
    script = SCRIPT_OF_LANGUAGE.get(language, "latin")
    assert share_in_script(load(language)[key], script) >= 0.9


def test_chinese_title_words_are_two_to_four_han_characters():
    bad = [word for word in load("zh")["title_words"]
           if not 2 <= len(word) <= 4 or any(script_of(ch) != "cjk" for ch in word)]
    assert not bad


@pytest.mark.parametrize("language", ["en", "ru", "uk", "pt", "es", "fr", "tr"])
def test_title_words_are_mostly_lowercase(language):
    words = load(language)["title_words"]
    assert sum(word[0].islower() for word in words) / len(words) >= 0.9


def test_german_nouns_are_capitalised():
    words = load("de")["title_words"]
    assert sum(word[0].isupper() for word in words) / len(words) >= 0.9


def test_ukrainian_is_not_russian():
    russian = set(load("ru")["title_words"])
    ukrainian = load("uk")["title_words"]
    distinct = [word for word in ukrainian if UKRAINIAN_LETTERS & set(word) or word not in russian]
    assert len(distinct) / len(ukrainian) >= 0.3


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_no_latin_lookalikes_inside_cyrillic_words(language):
    """A Latin 'a' or 'o' typed into a Cyrillic word would make a token no real reference has."""
    data = load(language)
    mixed = [item for items in data.values() for item in items
             for word in re.findall(r"\w+", item)
             if {"latin", "cyrillic"} <= {script_of(ch) for ch in word}]
    assert not mixed


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_is_nfc(language):
    """Precomposed (NFC), so that a word from these lists matches the same word typed in a reference."""
    data = load(language)
    assert all(unicodedata.is_normalized("NFC", item) for items in data.values() for item in items)
