"""Token features for the CRF: small pure functions, registered once, in order.

A *word feature* looks at one token's text and returns a symbol from a small
closed set, or ``""`` when it has nothing to say (an empty symbol emits no CRF
attribute). Word features depend on the text only, so they are computed once
per distinct token text and cached. *Sequence features* look at a token in its
reference: position, bracket and quote state, how many field separators came
before it, and the word features of its neighbours.

Bump ``FEATURE_VERSION`` whenever any function below changes what it returns:
models record the version they were trained with and refuse to load with
another.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from tagger import lexicon, title_words
from tagger.patterns import YEAR, is_initials

if TYPE_CHECKING:  # only named in annotations: importing the tokenizer imports spaCy (0.7 s)
    from tagger.tokenizer import Token

FEATURE_VERSION = "12"

YEAR_PATTERN = re.compile(rf"{YEAR}[a-z]?")
ROMAN_PATTERN = re.compile(r"(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.IGNORECASE)
ORDINAL_PATTERN = re.compile(r"\d+(st|nd|rd|th|e|er|ème|º|ª|-?е|-?й)", re.IGNORECASE)
ISBN_PATTERN = re.compile(r"(97[89][-\d]{10,14}|\d{9}[\dXx]|\d[-\d]{9,15}[\dXx])")
OPENING = {"(": ")", "[": "]", "{": "}"}
CLOSING = {")", "]", "}"}
QUOTES = {'"', "“", "”", "„", "«", "»", "‘", "’", "'", "‹", "›", "''", "``"}
SEPARATORS = frozenset({".", "//", "/", "–", "—", "-", ";", ":"})


def _bare(text: str) -> str:
    """Casefolded text without a trailing period, the key for lexicon lookups."""
    return text.casefold().rstrip(".")


DIGIT = re.compile(r"\d")
ALPHANUMERIC = re.compile(r"[^\W_]")
LETTER_NUMBER = re.compile(r"[A-Za-z]\d+")
# A page range whose dash PDF extraction turned into "e" or "?" (one publisher's fonts): "112e129", "45?51".
GLUED_RANGE = re.compile(r"(\d{1,6})[e?](\d{1,6})")
DOI_START = re.compile(r"(doi:)?10\.\d{3,9}/")
ARXIV_NUMBER = re.compile(r"\d{4}\.\d{4,5}(v\d+)?")


def word_lower(text: str) -> str:
    """The token itself, casefolded; digits collapsed so numbers share weights."""
    return DIGIT.sub("0", text.casefold())


def word_shape(text: str) -> str:
    """Character classes with runs collapsed: ``Smith`` -> ``Xx``, ``T.A.`` -> ``X.X.``."""
    shape = []
    for char in text[:12]:
        if char.isupper():
            symbol = "X"
        elif char.islower():
            symbol = "x"
        elif char.isdigit():
            symbol = "d"
        elif char.isalpha():
            symbol = "a"  # uncased scripts: CJK, Arabic, Hebrew
        else:
            symbol = char
        if not shape or shape[-1] != symbol:
            shape.append(symbol)
    return "".join(shape)


@functools.lru_cache(maxsize=100_000)
def word_case(text: str) -> str:
    """Capitalisation pattern of a word, or ``""`` for tokens without letters."""
    letters = "".join(filter(str.isalpha, text))
    if not letters:
        return ""
    if is_initials(text):
        return "initials"
    if len(letters) == 1:
        return "single-upper" if letters.isupper() else "single-lower"
    if letters.upper() == letters.lower():
        return "uncased"
    if letters.isupper():
        return "upper"
    if letters.islower():
        return "lower"
    if letters[0].isupper() and letters[1:].islower():
        return "title"
    return "mixed"


def word_script(text: str) -> str:
    """Writing system of the first letter: latin, cyrillic, greek, cjk or other."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            for script in ("LATIN", "CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
                if name.startswith(script):
                    return "cjk" if script in {"HIRAGANA", "KATAKANA", "HANGUL"} else script.lower()
            return "other"
    return ""


@functools.lru_cache(maxsize=100_000)
def word_number(text: str) -> str:
    """Kind of number: year, short/long number, ordinal, roman numeral, article number, a page range glued
    by an extraction's lost dash."""
    if text.isdigit():
        if YEAR_PATTERN.fullmatch(text):
            return "year"
        return f"digits{min(len(text), 5)}"
    if YEAR_PATTERN.fullmatch(text):
        return "year-suffix"  # 2019a
    if ORDINAL_PATTERN.fullmatch(text):
        return "ordinal"
    if len(text) > 1 and ROMAN_PATTERN.fullmatch(text):
        return "roman"
    if DIGIT.search(text):
        glued = GLUED_RANGE.fullmatch(text)
        if glued and int(glued[1]) < int(glued[2]):
            return "range"
        if ISBN_PATTERN.fullmatch(text):
            return "isbn"
        if LETTER_NUMBER.fullmatch(text):
            return "letter-number"  # e0123456, A62, S12
        return "alnum"
    return ""


def word_identifier(text: str) -> str:
    """DOI, URL, e-mail or arXiv identifier."""
    lowered = text.casefold()
    if DOI_START.match(lowered) or "doi.org/" in lowered:
        return "doi"
    if lowered.startswith(("http://", "https://", "ftp://", "www.")):
        return "url"
    if lowered.startswith("arxiv:") or ARXIV_NUMBER.fullmatch(lowered):
        return "arxiv"
    if "@" in text and "." in text:
        return "email"
    return ""


def word_punctuation(text: str) -> str:
    """The punctuation class of a token made only of punctuation."""
    if ALPHANUMERIC.search(text):
        return ""
    if text in OPENING or text in CLOSING:
        return "bracket"
    if text in QUOTES:
        return "quote"
    if text in SEPARATORS:
        return "separator"
    if text in {",", "&"}:
        return "comma"
    return "other"


def word_length(text: str) -> str:
    return str(min(len(text), 8))


def prefix(text: str) -> str:
    """The first three characters of a longer token, casefolded, digits collapsed as in :func:`word_lower`: a
    year's ``194`` would otherwise tie a label to the decade (``(1949)`` was tagged issue, ``(1950)`` year)."""
    return word_lower(text[:3]) if len(text) > 3 else ""


def suffix(text: str) -> str:
    """The last three characters of a longer token, as :func:`prefix`."""
    return word_lower(text[-3:]) if len(text) > 3 else ""


def ends_with_period(text: str) -> str:
    return "yes" if len(text) > 1 and text.endswith(".") else ""


def word_ltwa(text: str) -> str:
    """What the ISO 4 title-word list (LTWA) says of a word (:func:`tagger.title_words.kind`): an abbreviation
    of a journal-title word (``Phys.``), a title word (``Journal``), a word starting with a title-word stem
    (``International``), or both; ``""`` for none, and for single letters and numbers."""
    bare = _bare(text)
    return title_words.kind(bare) if len(bare) > 1 and bare.isalpha() else ""


LEXICONS = (
    "months",
    "page_markers",
    "volume_markers",
    "issue_markers",
    "editor_markers",
    "edition_markers",
    "journal_words",
    "publisher_words",
    "location_words",
    "note_words",
    "connectives",
    "abbreviations",
    "given_names",
    "family_names",
)

# (name, function, also used for the neighbour window)
WORD_FEATURES: tuple[tuple[str, Callable[[str], str], bool], ...] = (
    ("w", word_lower, True),
    ("shape", word_shape, True),
    ("case", word_case, False),
    ("script", word_script, False),
    ("num", word_number, True),
    ("id", word_identifier, False),
    ("punct", word_punctuation, True),
    ("len", word_length, False),
    ("pre", prefix, False),
    ("suf", suffix, False),
    ("period", ends_with_period, False),
    ("ltwa", word_ltwa, True),
)
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)


MARKER_LEXICONS = ("page_markers", "volume_markers", "issue_markers", "editor_markers", "months")


@functools.cache
def _lexicon_index() -> dict[str, tuple[str, ...]]:
    """Every lexicon entry mapped to the names of the lexicons holding it, in ``LEXICONS`` order."""
    index: dict[str, list[str]] = {}
    for name in LEXICONS:
        for entry in lexicon.load(name):
            index.setdefault(entry, []).append(name)
    return {entry: tuple(names) for entry, names in index.items()}


def lexicon_hits(text: str) -> tuple[str, ...]:
    """Names of the lexicons that hold the token (casefolded, trailing period dropped)."""
    return _lexicon_index().get(_bare(text), ())


def coarse_class(text: str, hits: tuple[str, ...] = ()) -> str:
    """One symbol per token for structural n-grams: number kind, marker kind, case, or the punctuation itself."""
    number = word_number(text)
    if number:
        return number
    if not ALPHANUMERIC.search(text):
        return text[:2]
    if len(_bare(text)) > 1:
        for name in MARKER_LEXICONS:
            if name in hits:
                return name
    return word_case(text) or "other"


class WordInfo(NamedTuple):
    """Everything the featuriser needs to know about one token text; computed once per text."""

    attributes: tuple[bytes, ...]  # the token's own CRF attributes
    lent: tuple[tuple[bytes, ...], ...]  # what it shows its neighbours, one tuple per NEIGHBOUR_OFFSETS entry
    lowered: bytes
    coarse: bytes
    is_year: bool
    is_separator: bool
    bracket: int  # +1 opens, -1 closes, 0 neither
    is_quote: bool
    is_title_abbreviation: bool  # an LTWA abbreviation (word_ltwa starts "abbr")


NEIGHBOUR_PREFIXES = tuple(f"{offset}:".encode() for offset in NEIGHBOUR_OFFSETS)


# 50,000 entries of about 1.5 KB: enough for the words that recur, bounded on an endless stream.
@functools.lru_cache(maxsize=50_000)
def word_info(text: str) -> WordInfo:
    """The word features of one token text (cached: most token texts recur)."""
    own = []
    window = []
    for name, function, in_window in WORD_FEATURES:
        value = function(text)
        if value:
            attribute = f"{name}={value}".encode()
            own.append(attribute)
            if in_window:
                window.append(attribute)
    hits = lexicon_hits(text)
    for name in hits:
        attribute = f"{name}=yes".encode()
        own.append(attribute)
        window.append(attribute)
    return WordInfo(
        tuple(own),
        tuple([tuple([prefix + attribute for attribute in window]) for prefix in NEIGHBOUR_PREFIXES]),
        word_lower(text).encode(),
        coarse_class(text, hits).encode(),
        bool(YEAR_PATTERN.fullmatch(text)),
        text in SEPARATORS,
        1 if text in OPENING else -1 if text in CLOSING else 0,
        text in QUOTES,
        any(attribute.startswith(b"ltwa=abbr") for attribute in own),
    )


def _edge_class(char: str) -> str:
    if char.isdigit():
        return "d"
    if char.isupper():
        return "X"
    if char.isalpha():
        return "x"
    return char


@functools.lru_cache(maxsize=10_000)
def _chunk_attribute(first: str, last: str) -> bytes:
    return f"chunk={_edge_class(first)}{_edge_class(last)}".encode()


def _size_bucket(size: int) -> str:
    for limit in (1, 2, 3, 5, 8, 12, 20):
        if size <= limit:
            return str(limit)
    return "many"


# Sequence attributes are drawn from small closed sets: build them once.
POSITION = tuple(f"pos={decile}".encode() for decile in range(10))
TO_END = tuple(f"to_end={distance}".encode() for distance in range(5))
SPACING = {
    (before, after): f"ws={int(before)}{int(after)}".encode() for before in (False, True) for after in (False, True)
}
DEPTH = tuple(f"depth={depth}".encode() for depth in range(3))
QUOTE = (b"quote=0", b"quote=1")
SEPARATORS_BEFORE = tuple(f"seps={count}".encode() for count in range(7))
YEAR_SEEN = (b"year_seen=0", b"year_seen=1")
SEGMENT_YEAR = (b"seg_year=0", b"seg_year=1")
SEGMENT_LENGTH = tuple(f"seg_len={_size_bucket(size)}".encode() for size in range(22))
INDEX = (b"index=0", b"index=1", b"index=2")
TITLE_RUN = (b"", b"ltwa_run=1", b"ltwa_run=2", b"ltwa_run=3+")
# Stands in for the neighbours beyond either end of a reference.
EDGE_INFO = WordInfo(
    attributes=(),
    lent=tuple((f"{offset}:edge".encode(),) for offset in NEIGHBOUR_OFFSETS),
    lowered=b"",
    coarse=b"",
    is_year=False,
    is_separator=False,
    bracket=0,
    is_quote=False,
    is_title_abbreviation=False,
)


STYLE_PUNCTUATION = frozenset({",", ".", ";", ":"})


def _punctuation_style(tokens: Sequence[Token], space_before: list[bool]) -> bytes:
    """``spaced`` when most commas and periods have a space before them (" , " - text extracted
    from PDFs and re-tokenised, as in UMass), else ``tight``.

    Corpora in the two styles follow different span conventions (whether "In"
    belongs to the venue, for one); conjoined with the word, this lets the
    model learn each where the text shows which it is.
    """
    punctuation = spaced = 0
    for token, before in zip(tokens[1:], space_before[1:]):
        if token.text in STYLE_PUNCTUATION:
            punctuation += 1
            spaced += before
    return b"spaced" if punctuation >= 2 and 2 * spaced > punctuation else b"tight"


# The attributes by group, for leaving a group out when training (``reftagger train --exclude-features``): each
# group's attribute names (the part before "="). A neighbour's attribute ("-1:w=...") belongs to "neighbours"
# and, by the part after the offset, to its own group. The word's identity and number, identifier and
# punctuation kinds (w, num, id, punct) and the bias belong to no group: they are always kept.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "lexicon": LEXICONS,
    "title_words": ("ltwa", "ltwa_run"),
    "shape": ("shape", "case", "script", "len", "period"),
    "affixes": ("pre", "suf"),
    "neighbours": tuple(str(offset) for offset in NEIGHBOUR_OFFSETS),
    "word_pairs": ("bigram-1", "bigram+1", "-3:w", "3:w"),
    "class_ngrams": ("classes", "classes-2", "classes+2"),
    "segments": ("seps", "seg_year", "seg_len", "seg_first", "year_seen"),
    "style": ("style", "w|style"),
    "layout": ("pos", "to_end", "ws", "depth", "quote", "chunk", "index"),
}


def _title_abbreviation_runs(tokens: Sequence[Token], infos: Sequence[WordInfo]) -> list[int]:
    """For each token, the length of the run of abbreviated title words closed by periods it stands in
    ("Phys. Rev. Lett." and "Phys . Rev . Lett ." are runs of 3; the periods count as in the run), or 0."""
    count = len(tokens)
    closed = [info.is_title_abbreviation and (tokens[index].text.endswith(".") or (
        index + 1 < count and tokens[index + 1].text == ".")) for index, info in enumerate(infos)]
    runs = [0] * count
    start = 0
    while start < count:
        if not closed[start]:
            start += 1
            continue
        end, words = start, 0
        while end < count and (closed[end] or tokens[end].text == "."):
            words += closed[end]
            end += 1
        runs[start:end] = [words] * (end - start)
        start = end
    return runs


def featurize(tokens: Sequence[Token], text: str) -> list[list[bytes]]:
    """CRF attribute lists, one per token, for a tokenised reference.

    Attributes are UTF-8 ``bytes``: pycrfsuite copies bytes as they are but
    encodes every ``str`` it is given, and the per-token cache of encoded
    attributes saves that work on the hot path.

    Each token's list is its word features (:func:`word_info`), what its
    neighbours within two tokens lend it, and its :func:`context_features`.
    """
    infos, context = context_features(tokens, text)
    padded = [EDGE_INFO, EDGE_INFO, *infos, EDGE_INFO, EDGE_INFO]  # padded[index + 2] is this token's
    return [
        [
            *info.attributes,
            *padded[index].lent[0],
            *padded[index + 1].lent[1],
            *padded[index + 3].lent[2],
            *padded[index + 4].lent[3],
            *attributes,
        ]
        for index, (info, attributes) in enumerate(zip(infos, context))
    ]


def context_features(tokens: Sequence[Token], text: str) -> tuple[list[WordInfo], list[list[bytes]]]:
    """Each token's :class:`WordInfo`, and the attributes that depend on more than one word.

    These are the part of :func:`featurize` that cannot be cached per word
    text: a token's position; the spacing around it; bracket depth and quote
    state; how many field separators (". ", " // ", ": ", " - ") came before it, and
    whether its separator-delimited segment holds a year and how long it is;
    the first and last character class of its whitespace-delimited chunk (the
    punctuation glued to a word, as a whitespace tokenizer would see it);
    word bigrams; and n-grams of coarse token classes ("digits|-|digits").
    """
    count = len(tokens)
    if not count:
        return [], []
    infos = [word_info(token.text) for token in tokens]
    length = len(text)
    space_before = [token.start > 0 and text[token.start - 1].isspace() for token in tokens]
    space_after = [token.end < length and text[token.end].isspace() for token in tokens]

    style = _punctuation_style(tokens, space_before)
    style_attribute = b"style=" + style
    segments = []
    segment = 0
    for index, info in enumerate(infos):
        segments.append(segment)
        if info.is_separator and (space_after[index] or tokens[index].end >= length):
            segment += 1
    segment_sizes = [0] * (segment + 1)
    segment_has_year = [False] * (segment + 1)
    for info, segment in zip(infos, segments):
        segment_sizes[segment] += 1
        segment_has_year[segment] = segment_has_year[segment] or info.is_year

    title_runs = _title_abbreviation_runs(tokens, infos)

    chunks = [b""] * count
    chunk_start = 0
    for index in range(count):
        if space_after[index] or index == count - 1:
            edge = _chunk_attribute(tokens[chunk_start].text[0], tokens[index].text[-1])
            chunks[chunk_start : index + 1] = [edge] * (index + 1 - chunk_start)
            chunk_start = index + 1

    # Padded by one boundary symbol on each side, so that no lookup needs a bounds check.
    classes = [b"^", *(info.coarse for info in infos), b"$"]
    lowered = [b"^", *(info.lowered for info in infos), b"$"]
    style_suffix = b"|" + style
    sequence = []
    depth = 0
    in_quote = False
    year_seen = False
    # "a|b" for each pair of neighbouring words and classes (pairs[index] joins index - 1 and index).
    word_pairs = [first + b"|" + second for first, second in zip(lowered, lowered[1:])]
    class_pairs = [first + b"|" + second for first, second in zip(classes, classes[1:])]
    for index, info in enumerate(infos):
        segment = segments[index]
        here = lowered[index + 1]
        current = classes[index + 1]
        attributes = [
            b"bias",
            POSITION[10 * index // count],
            TO_END[min(count - 1 - index, 4)],
            SPACING[space_before[index], space_after[index]],
            DEPTH[min(depth, 2)],
            QUOTE[in_quote],
            SEPARATORS_BEFORE[min(segment, 6)],
            YEAR_SEEN[year_seen],
            SEGMENT_YEAR[segment_has_year[segment]],
            SEGMENT_LENGTH[min(segment_sizes[segment], 21)],
            chunks[index],
            style_attribute,
            b"w|style=" + here + style_suffix,
            b"bigram-1=" + word_pairs[index],
            b"bigram+1=" + word_pairs[index + 1],
            b"classes=" + class_pairs[index] + b"|" + classes[index + 2],
        ]
        if index == 0:
            attributes.append(b"seg_first=start")
        elif segments[index - 1] != segment:
            attributes.append(b"seg_first=" + lowered[index])
        if index < 3:
            attributes.append(INDEX[index])
        if title_runs[index]:
            attributes.append(TITLE_RUN[min(title_runs[index], 3)])
        if index > 0:
            attributes.append(b"classes-2=" + classes[index - 1] + b"|" + class_pairs[index])
        if index + 1 < count:
            attributes.append(b"classes+2=" + current + b"|" + class_pairs[index + 2])
        if index >= 3:
            attributes.append(b"-3:w=" + lowered[index - 2])
        if index + 3 < count:
            attributes.append(b"3:w=" + lowered[index + 4])
        sequence.append(attributes)

        if info.bracket > 0:
            depth += 1
        elif info.bracket < 0 and depth > 0:
            depth -= 1
        if info.is_quote:
            in_quote = not in_quote
        if info.is_year:
            year_seen = True
    return infos, sequence
