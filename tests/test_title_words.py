"""The ISO 4 title-word list as the features read it: words, stems and abbreviations from pyiso4's copy."""

import pytest

from tagger import title_words


@pytest.mark.parametrize(("word", "kind"), [
    ("phys", "abbr"), ("lett", "abbr"), ("chem", "abbr"), ("zh", "abbr"),
    ("journal", "abbr-word"), ("physics", "word"), ("zhurnal", "word"),
    ("internationale", "stem"), ("smith", ""), ("garcia", ""),
])
def test_what_the_list_says_of_a_word(word, kind):
    assert title_words.kind(word) == kind


def test_the_list_is_kept_whole_but_for_what_no_token_can_match():
    words, stems, abbreviations = title_words._lists()
    assert len(words) > 30_000 and len(stems) > 10_000 and len(abbreviations) > 25_000
    assert all(entry == entry.casefold() and " " not in entry and not entry.endswith("-")
               for entry in (*words, *stems, *abbreviations))
    assert "n.a" not in abbreviations and "internation" in stems


def test_a_missing_list_says_how_to_install_it(monkeypatch):
    from tagger.errors import ModelIncompatibleError

    monkeypatch.setattr(title_words, "LTWA_FILE", "LTWA_19990101.csv")
    with pytest.raises(ModelIncompatibleError, match=r"LTWA_19990101.csv from the pyiso4 package.*pip install"):
        title_words._ltwa_path()
