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

from tagger import lexicon
from tagger.tokenizer import Token, is_initials

FEATURE_VERSION = "6"

YEAR_PATTERN = re.compile(r"(1[5-9]\d\d|20[0-4]\d)[a-z]?")
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


def word_lower(text: str) -> str:
    """The token itself, casefolded; digits collapsed so numbers share weights."""
    lowered = text.casefold()
    if any(c.isdigit() for c in lowered):
        return re.sub(r"\d", "0", lowered)
    return lowered


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


def word_case(text: str) -> str:
    """Capitalisation pattern of a word, or ``""`` for tokens without letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return ""
    if is_initials(text):
        return "initials"
    if len(letters) == 1:
        return "single-upper" if letters[0].isupper() else "single-lower"
    if all(c.isupper() for c in letters):
        return "upper"
    if all(c.islower() for c in letters):
        return "lower"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    if not any(c.isupper() or c.islower() for c in letters):
        return "uncased"
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


def word_number(text: str) -> str:
    """Kind of number: year, short/long number, ordinal, roman numeral, article number."""
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
    if any(c.isdigit() for c in text):
        if ISBN_PATTERN.fullmatch(text):
            return "isbn"
        if re.fullmatch(r"[A-Za-z]\d+", text):
            return "letter-number"  # e0123456, A62, S12
        return "alnum"
    return ""


def word_identifier(text: str) -> str:
    """DOI, URL, e-mail or arXiv identifier."""
    lowered = text.casefold()
    if re.match(r"(doi:)?10\.\d{3,9}/", lowered) or "doi.org/" in lowered:
        return "doi"
    if lowered.startswith(("http://", "https://", "ftp://", "www.")):
        return "url"
    if lowered.startswith("arxiv:") or re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", lowered):
        return "arxiv"
    if "@" in text and "." in text:
        return "email"
    return ""


def word_punctuation(text: str) -> str:
    """The punctuation class of a token made only of punctuation."""
    if any(c.isalnum() for c in text):
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


def _lexicon_feature(name: str) -> Callable[[str], str]:
    def feature(text: str) -> str:
        return "yes" if _bare(text) in lexicon.load(name) else ""

    feature.__name__ = f"in_{name}"
    feature.__doc__ = f"Whether the token (casefolded, trailing period dropped) is in lexicons/{name}.txt."
    return feature


def prefix(text: str) -> str:
    return text[:3].casefold() if len(text) > 3 else ""


def suffix(text: str) -> str:
    return text[-3:].casefold() if len(text) > 3 else ""


def ends_with_period(text: str) -> str:
    return "yes" if len(text) > 1 and text.endswith(".") else ""


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
    *((name, _lexicon_feature(name), True) for name in LEXICONS),
)
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)


MARKER_LEXICONS = ("page_markers", "volume_markers", "issue_markers", "editor_markers", "months")


@functools.lru_cache(maxsize=200_000)
def coarse_class(text: str) -> str:
    """One symbol per token for structural n-grams: number kind, marker kind, case, or the punctuation itself."""
    number = word_number(text)
    if number:
        return number
    if not any(c.isalnum() for c in text):
        return text[:2]
    bare = _bare(text)
    for name in MARKER_LEXICONS:
        if bare in lexicon.load(name) and len(bare) > 1:
            return name
    return word_case(text) or "other"


@functools.lru_cache(maxsize=200_000)
def word_features(text: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
    """CRF attributes of one token text, and the attributes it lends to its neighbours."""
    own = []
    window = []
    for name, function, in_window in WORD_FEATURES:
        value = function(text)
        if value:
            own.append(f"{name}={value}")
            if in_window:
                window.append(f"{name}={value}")
    lent = {offset: tuple(f"{offset}:{attribute}" for attribute in window) for offset in NEIGHBOUR_OFFSETS}
    return tuple(own), lent


def _chunk_edges(text: str, tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """For each token, the first and last character class of its whitespace-delimited chunk.

    spaCy splits "Title." into "Title" and "."; the chunk keeps what a
    whitespace tokenizer (AnyStyle's) would see: the punctuation glued to a word.
    """
    edges = []
    chunk_start = chunk_end = -1
    for token in tokens:
        if token.start >= chunk_end:
            chunk_start = token.start
            while chunk_start > 0 and not text[chunk_start - 1].isspace():
                chunk_start -= 1
            chunk_end = token.end
            while chunk_end < len(text) and not text[chunk_end].isspace():
                chunk_end += 1
        edges.append((_edge_class(text[chunk_start]), _edge_class(text[chunk_end - 1])))
    return edges


def _edge_class(char: str) -> str:
    if char.isdigit():
        return "d"
    if char.isupper():
        return "X"
    if char.isalpha():
        return "x"
    return char


def _segment_ids(tokens: Sequence[Token], text: str, separators: frozenset[str] | set[str]) -> list[int]:
    """Index of the segment each token is in; segments end at separators followed by a space."""
    ids = []
    segment = 0
    for token in tokens:
        ids.append(segment)
        if token.text in separators and (token.end >= len(text) or text[token.end].isspace()):
            segment += 1
    return ids


def _sequence_state(tokens: Sequence[Token], text: str) -> list[list[str]]:
    """Position, spacing, bracket/quote depth, segment and chunk context of each token."""
    states = []
    depth = 0
    in_quote = False
    year_seen = False
    count = len(tokens)
    segments = _segment_ids(tokens, text, SEPARATORS)
    segment_sizes: dict[int, int] = {}
    for segment in segments:
        segment_sizes[segment] = segment_sizes.get(segment, 0) + 1
    segment_years = {segment for token, segment in zip(tokens, segments) if YEAR_PATTERN.fullmatch(token.text)}
    edges = _chunk_edges(text, tokens)
    for index, token in enumerate(tokens):
        space_before = token.start > 0 and text[token.start - 1].isspace()
        space_after = token.end < len(text) and text[token.end].isspace()
        segment = segments[index]
        first_of_segment = index == 0 or segments[index - 1] != segment
        opener = tokens[index - 1].text if first_of_segment and index > 0 else ""
        state = [
            f"pos={10 * index // count}",
            f"to_end={min(count - 1 - index, 4)}",
            f"ws={int(space_before)}{int(space_after)}",
            f"depth={min(depth, 2)}",
            f"quote={int(in_quote)}",
            f"seps={min(segment, 6)}",
            f"year_seen={int(year_seen)}",
            f"seg_year={int(segment in segment_years)}",
            f"seg_len={_size_bucket(segment_sizes[segment])}",
            f"chunk={edges[index][0]}{edges[index][1]}",
        ]
        if first_of_segment:
            state.append(f"seg_first={opener or 'start'}")
        if index < 3:
            state.append(f"index={index}")
        states.append(state)
        if token.text in OPENING:
            depth += 1
        elif token.text in CLOSING and depth > 0:
            depth -= 1
        if token.text in QUOTES:
            in_quote = not in_quote
        if YEAR_PATTERN.fullmatch(token.text):
            year_seen = True
    return states


def _size_bucket(size: int) -> str:
    for limit in (1, 2, 3, 5, 8, 12, 20):
        if size <= limit:
            return str(limit)
    return "many"


def featurize(tokens: Sequence[Token], text: str) -> list[list[str]]:
    """CRF attribute lists, one per token, for a tokenised reference."""
    per_word = [word_features(token.text) for token in tokens]
    lowered = [word_lower(token.text) for token in tokens]
    classes = ["^", *(coarse_class(token.text) for token in tokens), "$"]
    states = _sequence_state(tokens, text)
    count = len(tokens)
    sequence = []
    for index in range(count):
        attributes = ["bias", *per_word[index][0], *states[index]]
        for offset in NEIGHBOUR_OFFSETS:
            neighbour = index + offset
            if 0 <= neighbour < count:
                attributes.extend(per_word[neighbour][1][offset])
            else:
                attributes.append(f"{offset}:edge")
        previous = lowered[index - 1] if index > 0 else "^"
        following = lowered[index + 1] if index + 1 < count else "$"
        attributes.append(f"bigram-1={previous}|{lowered[index]}")
        attributes.append(f"bigram+1={lowered[index]}|{following}")
        # classes is padded by one on each side: classes[index + 1] is this token's.
        before, here, after = classes[index], classes[index + 1], classes[index + 2]
        attributes.append(f"classes={before}|{here}|{after}")
        if index > 0:
            attributes.append(f"classes-2={classes[index - 1]}|{before}|{here}")
        if index + 3 < len(classes):
            attributes.append(f"classes+2={here}|{after}|{classes[index + 3]}")
        for offset in (-3, 3):
            neighbour = index + offset
            if 0 <= neighbour < count:
                attributes.append(f"{offset}:w={lowered[neighbour]}")
        sequence.append(attributes)
    return sequence
