"""Journal-title words from the ISO 4 List of Title Word Abbreviations (LTWA, kept by the ISSN International
Centre), read from the copy that ships with the ``pyiso4`` package, once, on first use.

The LTWA lists the words of serial titles (``journal``, ``physics``), stems that start such words
(``internation-``) and their abbreviations (``j``, ``phys``, ``internat``). A reference's venue is written
in these words, abbreviated or not; its title mostly is not. Rows serving only languages that references
write transliterated from another script, phrases, "n.a." (not abbreviated) and abbreviations of several
parts are left out.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from pathlib import Path

from tagger.errors import ModelIncompatibleError

# The LTWA copy the features were fitted with: a model records the feature version, the version the file.
LTWA_FILE = "LTWA_20210702.csv"
NOT_ABBREVIATED = {"n.a.", "n.a", "n. a."}
# ISO 639-2 codes of languages the list gives only transliterated from another script.
TRANSLITERATED_ONLY = frozenset({"gre", "grc", "geo", "arm", "bul", "mac", "bel", "kaz", "kir", "mon", "tat",
                                 "yid", "iku"})
ANNOTATION = re.compile(r"\(.*?\)")  # "Band (book)": the note tells homographs apart, it is not part of the word


SPACE = re.compile(r"\s")


def _normalise(text: str) -> str:
    """Composed, then casefolded: the file mixes decomposed and composed accents."""
    text = text.strip()
    return (text if text.isascii() else unicodedata.normalize("NFC", text)).casefold()


@functools.cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Whole title words, stems (without their trailing "-") and abbreviations (without their final period)."""
    text = _ltwa_path().read_text(encoding="utf-8")
    words, stems, abbreviations = set(), set(), set()
    for line in text.splitlines()[1:]:
        word, _, rest = line.partition("\t")
        short, _, languages = rest.partition("\t")
        codes = set(languages.replace(" ", "").split(",")) - {""}
        if codes and codes <= TRANSLITERATED_ONLY:
            continue
        word = _normalise(ANNOTATION.sub("", word))
        if not word.strip("-") or SPACE.search(word) or word.startswith("-"):
            continue  # a phrase, or the end of a compound ("-buch"), which no whole token is
        (stems if word.endswith("-") else words).add(word.rstrip("-"))
        short = _normalise(short)
        if short not in NOT_ABBREVIATED and short.endswith(".") and not short.startswith("-"):
            short = short[:-1]
            if short and "." not in short and not SPACE.search(short):
                abbreviations.add(short)
    return frozenset(words), frozenset(stems), frozenset(abbreviations)


def _ltwa_path() -> Path:
    """The LTWA file inside the installed pyiso4 package, found without importing pyiso4 (which builds its own
    index of the list on import)."""
    spec = importlib.util.find_spec("pyiso4")
    path = Path(next(iter(spec.submodule_search_locations or ()), "")) / LTWA_FILE if spec else None
    if path is None or not path.is_file():
        raise ModelIncompatibleError(
            f"the title-word features read {LTWA_FILE} from the pyiso4 package, which is "
            + ("not installed" if spec is None else f"installed without it ({path})")
            + ": pip install 'pyiso4>=0.1.6,<0.2'")
    return path


def kind(word: str) -> str:
    """``abbr`` (an abbreviation of a title word), ``word`` (a title word), ``stem`` (a word starting with a
    title-word stem), ``abbr-word`` or ``abbr-stem`` (both), or ``""``: for a casefolded word without its final
    period, of two letters or more.

    >>> [kind(word) for word in ("phys", "journal", "internationale", "model", "smith")]
    ['abbr', 'abbr-word', 'stem', 'abbr-word', '']
    """
    words, stems, abbreviations = _lists()
    found = "word" if word in words else "stem" if any(word[:end] in stems for end in range(len(word), 2, -1)) else ""
    if word in abbreviations:
        return "abbr-" + found if found else "abbr"
    return found
