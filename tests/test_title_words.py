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


@pytest.fixture
def fresh_lists(monkeypatch, tmp_path):
    """The lists read with the cache in a folder of the test's own, and read again afresh afterwards."""
    monkeypatch.setenv("REFTAGGER_CACHE_DIR", str(tmp_path / "cache"))
    title_words._lists.cache_clear()
    yield tmp_path / "cache"
    title_words._lists.cache_clear()


def test_the_lists_are_cached_and_read_back_the_same(fresh_lists):
    read = title_words._read(title_words._ltwa_path())
    assert title_words._lists() == read
    [cache] = fresh_lists.glob("ltwa-*.marshal")
    title_words._lists.cache_clear()
    cache.write_bytes(cache.read_bytes())  # the second call must take the file, not read the list
    assert title_words._lists() == read
    assert list(fresh_lists.iterdir()) == [cache]  # no temporary file left behind


@pytest.mark.parametrize("damage", [b"", b"not marshal data", __import__("marshal").dumps((1, 2, 3))])
def test_a_damaged_cache_is_read_past_and_replaced(fresh_lists, damage):
    title_words._lists()
    [cache] = fresh_lists.glob("ltwa-*.marshal")
    cache.write_bytes(damage)
    title_words._lists.cache_clear()
    assert title_words._lists() == title_words._read(title_words._ltwa_path())
    assert cache.read_bytes() != damage


def test_a_cache_folder_that_cannot_be_written_costs_only_time(monkeypatch, tmp_path, fresh_lists):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REFTAGGER_CACHE_DIR", str(blocker / "cache"))
    assert title_words.kind("phys") == "abbr"


def test_a_cache_changed_by_a_single_byte_is_noticed(fresh_lists):
    title_words._lists()
    [cache] = fresh_lists.glob("ltwa-*.marshal")
    data = bytearray(cache.read_bytes())
    data[len(data) // 2] ^= 0x01
    cache.write_bytes(bytes(data))
    title_words._lists.cache_clear()
    assert title_words._lists() == title_words._read(title_words._ltwa_path())
    assert cache.read_bytes() != bytes(data)


def test_the_cache_folder(monkeypatch, tmp_path):
    from pathlib import Path

    monkeypatch.setenv("REFTAGGER_CACHE_DIR", "~/reftagger-cache")
    assert title_words.cache_folder() == Path.home() / "reftagger-cache"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REFTAGGER_CACHE_DIR", "relative")
    assert title_words.cache_folder() == tmp_path / "relative"
    monkeypatch.delenv("REFTAGGER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "not/absolute")
    assert title_words.cache_folder() == Path.home() / ".cache" / "reftagger"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert title_words.cache_folder() == tmp_path / "xdg" / "reftagger"
