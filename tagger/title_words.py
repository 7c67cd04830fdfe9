"""Journal-title words from the ISO 4 List of Title Word Abbreviations (LTWA, kept by the ISSN International
Centre), read from the copy that ships with the ``pyiso4`` package, once, on first use.

The LTWA lists the words of serial titles (``journal``, ``physics``), stems that start such words
(``internation-``) and their abbreviations (``j``, ``phys``, ``internat``). A reference's venue is written
in these words, abbreviated or not; its title mostly is not. Rows serving only languages that references
write transliterated from another script, phrases, "n.a." (not abbreviated) and abbreviations of several
parts are left out.

Reading the list's 56,000 rows takes 0.2 s, a fifth of a one-line parse from a cold start, so the three sets it
gives are kept in a cache file (``marshal`` after its SHA-256, read in 0.03 s) in ``$REFTAGGER_CACHE_DIR``, by default
``$XDG_CACHE_HOME/reftagger`` or ``~/.cache/reftagger``. The file's name holds a hash of the list file's path,
size and time and of this module's code, so a new list or new reading rules make a new file. Where the folder
cannot be written the list is read each time; a damaged cache file is read past and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import re
import unicodedata
from pathlib import Path

from tagger.errors import ModelIncompatibleError
from tagger.files import write_bytes_whole

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


Lists = tuple[frozenset[str], frozenset[str], frozenset[str]]


@functools.cache
def _lists() -> Lists:
    """Whole title words, stems (without their trailing "-") and abbreviations (without their final period)."""
    path = _ltwa_path()
    cache = _cache_file(path)
    if cache is not None:
        try:
            data = cache.read_bytes()
            if hashlib.sha256(data[32:]).digest() == data[:32]:
                lists = marshal.loads(data[32:])
                if isinstance(lists, tuple) and len(lists) == 3 and all(isinstance(part, frozenset) for part in lists):
                    return lists
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache yet, or a damaged one: read the list and write it afresh
    lists = _read(path)
    if cache is not None:
        payload = marshal.dumps(lists)
        _write(cache, hashlib.sha256(payload).digest() + payload)  # its checksum first: damage is noticed
    return lists


def cache_folder() -> Path:
    """Where reftagger keeps what it derives from other packages' data: ``$REFTAGGER_CACHE_DIR`` (``~`` expanded,
    a relative path taken from the current folder), else ``$XDG_CACHE_HOME/reftagger`` (ignored unless absolute,
    as the XDG specification says), else ``~/.cache/reftagger``."""
    folder = os.environ.get("REFTAGGER_CACHE_DIR")
    if folder:
        return Path(folder).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "reftagger"


def _cache_file(source: Path) -> Path | None:
    try:
        status = source.stat()
        key = hashlib.sha256(f"{source}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
        key.update(Path(__file__).read_bytes())
        return cache_folder() / f"ltwa-{key.hexdigest()[:20]}.marshal"
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all; a folder that cannot be written only costs the next start the time to
    read the list again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_whole(path, data)
    except OSError:
        pass


def _read(path: Path) -> Lists:
    """The three sets, read from the list itself."""
    text = path.read_text(encoding="utf-8")
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
