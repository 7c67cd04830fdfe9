"""tagger/lexicons/ltwa_*.txt: title words and abbreviations of the ISO 4 LTWA, built by data/build_ltwa_lexicon.py.

The files are committed; these tests keep them well-formed, check that they hold the entries a venue feature
relies on, check the builder's rules on a small LTWA of their own, and — where pyiso4 is installed — that the
builder rewrites the committed files byte for byte.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest

from tagger import lexicon

REPOSITORY = Path(__file__).resolve().parent.parent.parent
LEXICONS = REPOSITORY / "tagger" / "lexicons"
BUILDER = REPOSITORY / "data" / "build_ltwa_lexicon.py"
FILES = ("ltwa_words", "ltwa_abbreviations")


def load_builder():
    specification = importlib.util.spec_from_file_location("build_ltwa_lexicon", BUILDER)
    builder = importlib.util.module_from_spec(specification)
    specification.loader.exec_module(builder)
    return builder


def entries(name: str) -> list[str]:
    """The lines of ``lexicons/<name>.txt`` after its ``#`` header, in file order."""
    lines = (LEXICONS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name}.txt must end with a single newline"
    body = lines[:-1]
    header_length = next(index for index, line in enumerate(body) if not line.startswith("#"))
    assert header_length > 0, f"{name}.txt has lost its header naming the source"
    return body[header_length:]


@pytest.mark.parametrize("name", FILES)
def test_file_is_sorted_casefolded_unique_and_has_no_empty_lines(name):
    lines = entries(name)
    assert len(lines) > 10_000
    assert all(line and line == line.strip() and "\t" not in line and " " not in line for line in lines)
    assert not any(line.startswith("#") for line in lines)
    assert all(line == unicodedata.normalize("NFC", line).casefold() for line in lines)
    assert lines == sorted(set(lines))


@pytest.mark.parametrize("name", FILES)
def test_lexicon_loader_reads_every_entry(name):
    assert lexicon.load(name) == set(entries(name))


def test_total_size_stays_compact():
    assert sum((LEXICONS / f"{name}.txt").stat().st_size for name in FILES) < 1_500_000


def test_abbreviations_have_no_period_and_no_hyphen_at_either_end():
    assert not [line for line in entries("ltwa_abbreviations") if "." in line or line[0] == "-" or line[-1] == "-"]


def test_words_are_words_stems_or_compound_endings():
    assert all(line.strip("-") and "--" not in line for line in entries("ltwa_words"))


@pytest.mark.parametrize("abbreviation", ["j", "phys", "rev", "lett", "chem", "soc", "proc", "math", "int",
                                          "z", "zh", "izv"])
def test_known_abbreviation_is_listed(abbreviation):
    assert abbreviation in lexicon.load("ltwa_abbreviations")


@pytest.mark.parametrize("word", ["journal", "physics", "internation-", "review-", "letter-", "zeitschrift-",
                                  "revue-", "rivista", "-buch", "zhurnal", "izvesti-", "žurnalas"])
def test_known_word_or_stem_is_listed(word):
    assert word in lexicon.load("ltwa_words")


@pytest.mark.parametrize("absent", ["n.a", "ann arbor", "-bd", "b.-arts", "journal.", "-agōgē", "adoulōtos",
                                    "agrokompas"])
def test_phrases_compound_ends_periods_and_transliterated_greek_or_bulgarian_are_left_out(absent):
    assert absent not in lexicon.load("ltwa_words") | lexicon.load("ltwa_abbreviations")


SMALL_LTWA = "\n".join([
    "WORD\tABBREVIATIONS\tLANGUAGE CODES",
    "Journal\tJ.\tfre, eng",
    "abstract-\tabstr.\teng",
    "-band (book)\t-bd.\tger",
    "Ann Arbor\tn.a.\teng",
    "labor (work)\tn.a.\tmul",
    "beaux-arts\tb.-arts\tfre",
    "Belletristik\tBelletr. \tger",
    "Boserup\tBoserup\tdan",
    "z\u030curnal\tz\u030curn.\trus",  # decomposed, as in the LTWA file
    "-ago\u0304ge\u0304\t-ag.\tgre",
    "politik-\tpolit.\tgre, ger",
    "axenda\tn.a.\t",
]) + "\n"


def test_builder_rules_on_a_small_ltwa(tmp_path):
    csv_path = tmp_path / "LTWA_test.csv"
    csv_path.write_text(SMALL_LTWA, encoding="utf-8")
    load_builder().main(["--csv", str(csv_path), "--out", str(tmp_path)])
    words = (tmp_path / "ltwa_words.txt").read_text(encoding="utf-8").splitlines()
    abbreviations = (tmp_path / "ltwa_abbreviations.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in words if not line.startswith("#")] == [
        "-band", "abstract-", "axenda", "beaux-arts", "belletristik", "boserup", "journal", "labor", "politik-",
        "žurnal"]
    assert [line for line in abbreviations if not line.startswith("#")] == [
        "abstr", "belletr", "j", "polit", "žurn"]


def test_builder_reproduces_the_committed_files_byte_for_byte(tmp_path):
    pytest.importorskip("pyiso4", reason="pyiso4 is not installed (pip install pyiso4): cannot rebuild the LTWA "
                                         "lexicons to compare them with the committed files")
    load_builder().main(["--out", str(tmp_path)])
    for name in FILES:
        rebuilt = (tmp_path / f"{name}.txt").read_bytes()
        assert rebuilt == (LEXICONS / f"{name}.txt").read_bytes(), (
            f"{name}.txt differs from what data/build_ltwa_lexicon.py writes from the installed pyiso4's LTWA: "
            "rerun the builder and commit its output")
