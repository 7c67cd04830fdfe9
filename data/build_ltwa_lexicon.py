"""Regenerate ``tagger/lexicons/ltwa_words.txt`` and ``ltwa_abbreviations.txt`` from the ISO 4 LTWA.

    pip install pyiso4 && python data/build_ltwa_lexicon.py
    python data/build_ltwa_lexicon.py --csv LTWA_20210702.csv [--out DIR]

The List of Title Word Abbreviations (LTWA, ISSN International Centre) gives the ISO 4 abbreviation of about
56,000 words and word stems of journal titles; the pyiso4 package (its code under the MIT licence) ships it as
a tab-separated file. data/README.md tells the list's terms. Knowing that "Phys." abbreviates a title word, or
that "Zeitschrift" is one, helps the tagger find venues it never saw in training. The output is committed, so
pyiso4 is not a dependency of reftagger itself.

``ltwa_words.txt`` holds the title words, composed (NFC) and casefolded: a full word as it is (``journal``),
a stem with a trailing hyphen (``internation-``: any word starting with "internation"), and the end of a
compound with a leading hyphen (``-buch``: any word ending with "buch"), as the LTWA writes them.
``ltwa_abbreviations.txt`` holds the abbreviations of whole words and stems, casefolded, without their final
period (``j``, ``phys``). Phrases ("Ann Arbor") are left out: no single token can match them.
Rebuilding from the same CSV rewrites both files byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from pathlib import Path
from typing import NamedTuple

OUT = Path(__file__).resolve().parent.parent / "tagger" / "lexicons"
NOT_ABBREVIATED = {"n.a.", "n.a", "n. a."}
# Languages whose own script is not Latin: the LTWA holds them transliterated (ISO 9, ISO 843, ...), a form
# references seldom use. Russian and Ukrainian are kept all the same, since the tagger meets their
# transliterated titles. An entry is dropped only when every one of its languages is in this set.
TRANSLITERATED_ONLY = frozenset({"gre", "grc", "geo", "arm", "bul", "mac", "bel", "kaz", "kir", "mon", "tat",
                                 "yid", "iku"})
ANNOTATION = re.compile(r"\(.*?\)")  # "Band (book)": the note tells homographs apart, it is not part of the word


class LtwaRow(NamedTuple):
    """One line of the LTWA: a word or stem, its abbreviation (or "n.a."), its ISO 639-2 language codes."""

    word: str
    abbreviation: str
    languages: tuple[str, ...]


def find_pyiso4_csv() -> Path:
    """The LTWA CSV shipped inside the installed pyiso4 package (the newest, if it ships several)."""
    try:
        import pyiso4
    except ImportError:
        sys.exit("pyiso4 is not installed: run `pip install pyiso4`, or pass the LTWA file with --csv PATH")
    candidates = sorted(Path(pyiso4.__file__).parent.glob("LTWA_*.csv"))
    if not candidates:
        sys.exit(f"no LTWA_*.csv in {Path(pyiso4.__file__).parent}: pass the LTWA file with --csv PATH")
    return candidates[-1]


def read_rows(path: Path) -> list[LtwaRow]:
    """The rows of an LTWA file (tab-separated, header ``WORD ABBREVIATIONS LANGUAGE CODES``)."""
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line_number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3:
            sys.exit(f"{path}:{line_number}: expected 3 tab-separated fields, found {len(fields)}: {line!r}")
        word, abbreviation, languages = fields
        codes = tuple(code.strip() for code in languages.split(",") if code.strip())
        rows.append(LtwaRow(word, abbreviation, codes))
    return rows


def normalise(text: str) -> str:
    """Composed (NFC), then casefolded as ``tagger.lexicon`` casefolds: the LTWA file mixes decomposed and
    composed accents, references mostly compose them, and a few letters (``ǰ``) casefold to two characters."""
    return unicodedata.normalize("NFC", text.strip()).casefold()


def is_kept(row: LtwaRow) -> bool:
    """Whether the row serves a language references write in Latin script (or Russian, Ukrainian)."""
    return not row.languages or not set(row.languages) <= TRANSLITERATED_ONLY


def title_word(row: LtwaRow) -> str | None:
    """The row's word, stem or compound ending; ``None`` for a phrase, which no single token can match."""
    word = normalise(ANNOTATION.sub("", row.word))
    if not word.strip("-") or any(character.isspace() for character in word):
        return None
    return word


def abbreviation(row: LtwaRow) -> str | None:
    """The abbreviation of a whole word or stem without its final period; ``None`` where there is none.

    "n.a." (not abbreviated), a value without a final period (the word kept as it is), the abbreviation of a
    compound's end ("-bd."), and abbreviations of several parts ("b.-arts", "Alcalá Hen.") give ``None``.
    """
    text = normalise(row.abbreviation)
    if text in NOT_ABBREVIATED or not text.endswith(".") or text.startswith("-"):
        return None
    text = text[:-1]
    if not text or "." in text or any(character.isspace() for character in text):
        return None
    return text


def build(rows: list[LtwaRow]) -> tuple[list[str], list[str]]:
    """The sorted, unique title words and abbreviations of the rows kept."""
    words, abbreviations = set(), set()
    for row in rows:
        word = title_word(row) if is_kept(row) else None
        if word is None:
            continue
        words.add(word)
        short_form = abbreviation(row)
        if short_form is not None:
            abbreviations.add(short_form)
    return sorted(words), sorted(abbreviations)


def header(csv_path: Path, what: str) -> str:
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()[:16]
    return (f"# ISO 4 List of Title Word Abbreviations (LTWA, ISSN International Centre): {what}.\n"
            f"# Source: {csv_path.name} (sha256 {digest}...).\n"
            "# Generated by data/build_ltwa_lexicon.py; do not edit by hand. See data/README.md.\n")


def write(path: Path, head: str, entries: list[str]) -> None:
    path.write_text(head + "\n".join(entries) + "\n", encoding="utf-8", newline="\n")
    print(f"{path.name}: {len(entries)} entries, {path.stat().st_size} bytes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="the LTWA file (default: the one shipped with pyiso4)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output directory (default: {OUT})")
    arguments = parser.parse_args(argv)
    csv_path = arguments.csv or find_pyiso4_csv()
    words, abbreviations = build(read_rows(csv_path))
    arguments.out.mkdir(parents=True, exist_ok=True)
    words_head = header(csv_path, "title words, casefolded; 'stem-' starts a word, '-ending' ends a compound")
    write(arguments.out / "ltwa_words.txt", words_head, words)
    abbreviations_head = header(csv_path, "abbreviations of words and stems, casefolded, without the final period")
    write(arguments.out / "ltwa_abbreviations.txt", abbreviations_head, abbreviations)


if __name__ == "__main__":
    main()
