"""Reference-aware tokenisation: spaCy's rule-based tokenizer with reference rules, in pure Python.

``spacy.blank("en")`` splits prose well but references badly: it keeps
``74:1573-1602``, ``Tambov.2019`` or ``//Socio`` whole and runs Chinese text
into one token. The rules below add the separators references use (``//``,
``:``, ``(``, ``№``, en dashes between numbers, glued periods) while keeping
initials (``T.A.``), known abbreviations (``Vol.``, ``pp.``) and identifiers
(DOIs, URLs) whole. Every token keeps its exact character offset into the
original string.

The tokens are the ones spaCy's ``Tokenizer`` gives with these rules and
spaCy's English punctuation rules (``tests/test_tokenizer.py`` checks that on
real references): :class:`ReferenceTokenizer` follows its algorithm (split at
whitespace, strip prefixes and suffixes, split infixes) line for line, in
Python, so that tokenising does not import spaCy, which takes 0.7 s, most of
a one-line parse; the rules come from :mod:`tagger.spacy_rules`.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from tagger import lexicon
from tagger.patterns import YEAR, is_initials
from tagger.spacy_rules import (
    ALPHA,
    ALPHA_LOWER,
    ALPHA_UPPER,
    HYPHENS,
    TOKENIZER_INFIXES,
    TOKENIZER_PREFIXES,
    TOKENIZER_SUFFIXES,
)


class Token(NamedTuple):
    """A token of a reference string: its text and where it sits in the original."""

    text: str
    start: int
    end: int


CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
DASHES = r"\-\u2010-\u2015\u2212"

# A DOI or a URL is one token, however much punctuation it contains.
IDENTIFIER_PATTERN = re.compile(
    r"(?:10\.\d{3,9}/\S+|(?:https?|ftp)://\S+|www\.\S+\.\S+|doi:10\.\S+|arXiv:\S+)",
    re.IGNORECASE,
)
TRAILING_PUNCT = ".,;:)]}\"'»”’"

QUOTES = "[\"“”„«»]"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "January",
          "February", "March", "April", "June", "July", "August", "September", "October", "November", "December")
MONTH_FORMS = tuple(dict.fromkeys(form for month in MONTHS for form in (month, month.upper(), month.lower())))
GLUED_YEAR = rf"{YEAR}(?![0-9])"
GLUED_DAY = (r"\b[0-9]", r"\b[0-9]{2}")  # what may stand right before a glued month: a day (lookbehinds, fixed width)

EXTRA_PREFIXES = [r"//", r"/", r"&", r"№", r"\*", r"#", r"«", r"„", rf"[{CJK_PUNCT}]", rf"[{CJK}]",
                  # what PDF extraction glues to the next word: "-2020." "201 -230" ".Phys .Rev" ".152 ,201"
                  rf"[{DASHES}](?=[0-9])", r"\.(?=[^\W_])"]
EXTRA_SUFFIXES = [
    r"//",
    r"/",
    rf"[{DASHES}]+",
    r"»",
    rf"[{CJK_PUNCT}]",
    rf"[{CJK}]",
    rf"(?<=[{ALPHA_UPPER}{ALPHA_LOWER}])\.",
    r"(?<=[0-9])\.",
]
EXTRA_INFIXES = [
    rf"(?<=[0-9])[{DASHES}:;,.](?=[0-9])",
    rf"(?<=[{ALPHA}])\.(?=[{ALPHA}0-9])",
    r"[,;:](?=\S)",
    r"[()\[\]{}]",
    r"//|/",
    r"&",
    r"№",
    rf"(?<=[{ALPHA}])(?:{HYPHENS})(?=[0-9])",
    rf"(?<=[0-9])(?:{HYPHENS})(?=[{ALPHA}])",
    rf"[{CJK}]",
    rf"[{CJK_PUNCT}]",
    # what PDF extraction glues: an opening quote to the punctuation before it ('sym -metries,"Phys. Rev. B',
    # 'Application."Phys', '117."Pure'), and a month to its year and day ('p .165114, Oct2014 .', 'OCT2014',
    # '15Oct2014')
    rf"(?<=[{ALPHA}0-9])\.(?={QUOTES})",
    # a number glued to the capitalised word after its period: a list marker ('1.Kirchner HJ'), a year
    # ('Publica.2017.Title' is rare, '(2019).Title' is not)
    rf"(?<=[0-9])\.(?=[{ALPHA_UPPER}][{ALPHA_LOWER}])",
    rf"(?<=[,;:.!?]){QUOTES}",
    rf"(?={GLUED_YEAR})(?:" + "|".join(rf"(?<={before}{month})" for month in MONTH_FORMS
                                       for before in (r"(?<![^\W_])", *GLUED_DAY)) + ")",
    rf"(?=(?:{'|'.join(MONTH_FORMS)}){GLUED_YEAR})(?:" + "|".join(rf"(?<={day})" for day in GLUED_DAY) + ")",
]


class _SplitAfter:
    """A zero-width infix match: split after ``position`` without emitting a separator."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        self.position = position

    def start(self) -> int:
        return self.position

    def end(self) -> int:
        return self.position


def _keeps_period(string: str, period: int) -> bool:
    """True if the period at ``period`` ends an initial or a known abbreviation."""
    begin = period
    while begin > 0 and string[begin - 1].isalpha():
        begin -= 1
    word = string[begin:period]
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True
    if len(word) == 2 and word[0].isupper() and word[1].islower() and begin > 0 and string[begin - 1] == ".":
        return True  # the second letter pair of "M.Yu."
    return word.casefold() in lexicon.load("abbreviations")


def _make_infix_finditer(infix_regex: re.Pattern[str]):
    def finditer(string: str) -> list:
        matches = []
        for match in infix_regex.finditer(string):
            if match.group() == "." and _keeps_period(string, match.start()):
                matches.append(_SplitAfter(match.end()))
            else:
                matches.append(match)
        return matches

    return finditer


def _make_suffix_search(suffix_regex: re.Pattern[str]):
    def search(string: str):
        match = suffix_regex.search(string)
        if match is not None and match.group() == "." and _keeps_period(string, match.start()):
            return None
        return match

    return search


def _token_match(string: str) -> bool:
    if is_initials(string):
        return True
    return bool(IDENTIFIER_PATTERN.fullmatch(string)) and string[-1] not in TRAILING_PUNCT


# The rule lists joined as spaCy's compile_prefix_regex, compile_suffix_regex and compile_infix_regex join them.
def prefix_expression() -> str:
    return "|".join("^" + piece for piece in EXTRA_PREFIXES + TOKENIZER_PREFIXES if piece.strip())


def suffix_expression() -> str:
    return "|".join(piece + "$" for piece in EXTRA_SUFFIXES + TOKENIZER_SUFFIXES if piece.strip())


def infix_expression() -> str:
    return "|".join(piece for piece in EXTRA_INFIXES + TOKENIZER_INFIXES if piece.strip())


@functools.cache
def _rules() -> tuple:
    """The compiled rules (60 ms, so compiled on first use): prefix search, suffix search, infix finditer."""
    return (
        re.compile(prefix_expression()).search,
        _make_suffix_search(re.compile(suffix_expression())),
        _make_infix_finditer(re.compile(infix_expression())),
    )


# spaCy searches each whitespace-free chunk for affixes again after every split, which takes time
# quadratic in the chunk's length ("(" * 20,000 took 40 s). Few real chunks are this long, so longer ones
# are split by a simple rule instead (the only place the tokens are not spaCy's): a DOI or URL stays whole,
# runs of letters or digits are tokens, Chinese and Japanese characters and other characters one each.
LONGEST_CHUNK = 1000
SIMPLE_TOKEN = re.compile(rf"[{CJK}{CJK_PUNCT}]|(?:(?![{CJK}])[^\W_])+|\S")
# Whitespace as spaCy's tokenizer finds it (str.isspace; the same characters as \s, checked over all of Unicode).
CHUNK = re.compile(r"\S+")
# Lone surrogates (possible in a Python str) cannot be encoded; they are tokenised as U+FFFD.
SURROGATE = re.compile("[\ud800-\udfff]")


# Token(text, start, end) without the generated __new__ of a named tuple: a third of the time, on every token.
_new_tuple = tuple.__new__


class ReferenceTokenizer:
    """Tokens with offsets, as spaCy's ``Tokenizer`` (``_split_affixes`` and ``_attach_tokens``) finds them with
    the rules above, no special cases and no URL match.

    Each distinct chunk of text between whitespace is split once and its pieces kept: chunks recur across
    references (``J.``, ``Biol.,``, ``pp.``). The cache holds at most ``cache_size`` chunks, so that memory stays
    bounded on an endless stream; past that it starts afresh.
    """

    def __init__(self, cache_size: int = 100_000) -> None:
        self.cache_size = cache_size
        self._pieces: dict[str, tuple[tuple[int, int], ...]] = {}

    def __call__(self, text: str) -> list[Token]:
        """Split ``text`` into tokens with exact character offsets; whitespace is dropped.

        A token's text is ``text[start:end]``, except that a lone surrogate character in it reads as U+FFFD.
        """
        if not text.isascii():
            text = SURROGATE.sub("\ufffd", text)
        cache = self._pieces
        tokens = []
        for chunk in CHUNK.finditer(text):
            string = chunk.group()
            pieces = cache.get(string)
            if pieces is None:
                if len(string) > LONGEST_CHUNK:
                    pieces = ((0, len(string)),) if _token_match(string) else tuple(
                        piece.span() for piece in SIMPLE_TOKEN.finditer(string))
                elif string.isascii() and (string.isalpha() or string.isdigit()):
                    # No rule splits plain ASCII letters or digits: every prefix, suffix and infix needs a
                    # character of another kind (tested against spaCy on such strings). Cheaper to see than
                    # to cache, so such chunks take no room in the cache.
                    pieces = ((0, len(string)),)
                else:
                    pieces = split_chunk(string)
                    if len(cache) >= self.cache_size:
                        cache.clear()
                    cache[string] = pieces
            offset = chunk.start()
            for start, end in pieces:
                start += offset
                end += offset
                tokens.append(_new_tuple(Token, (text[start:end], start, end)))
        return tokens


def split_chunk(string: str) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` pieces of a chunk without whitespace: prefixes and suffixes stripped in turn until
    none is left or the rest is one token (an initial, a DOI), then the rest split at its infixes."""
    prefix_search, suffix_search, infix_finditer = _rules()
    begin, end = 0, len(string)  # the middle, not yet split off
    prefixes, suffixes = [], []
    last_size = -1
    while begin < end and end - begin != last_size:
        middle = string[begin:end]
        if _token_match(middle):
            break
        last_size = end - begin
        match = prefix_search(middle)
        prefix = match.end() - match.start() if match is not None else 0
        match = suffix_search(middle[prefix:])
        suffix = match.end() - match.start() if match is not None else 0
        if prefix and suffix and prefix + suffix <= end - begin:
            prefixes.append((begin, begin + prefix))
            suffixes.append((end - suffix, end))
            begin, end = begin + prefix, end - suffix
        elif prefix:
            prefixes.append((begin, begin + prefix))
            begin += prefix
        elif suffix:
            suffixes.append((end - suffix, end))
            end -= suffix
    pieces = prefixes
    if begin < end:
        middle = string[begin:end]
        if _token_match(middle):
            pieces.append((begin, end))
        else:
            start = 0
            for match in infix_finditer(middle):
                infix_start, infix_end = match.start(), match.end()
                if infix_start == 0:
                    continue
                if infix_start != start:
                    pieces.append((begin + start, begin + infix_start))
                if infix_start != infix_end:  # zero-width: a split with no separator token
                    pieces.append((begin + infix_start, begin + infix_end))
                start = infix_end
            if begin + start < end:
                pieces.append((begin + start, end))
    pieces.extend(reversed(suffixes))
    return tuple(pieces)


# Shared by every caller; a dict's reads and writes are atomic, and a piece list, once written, never changes.
_TOKENIZER = ReferenceTokenizer()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with exact character offsets; whitespace is dropped.

    A token's text is ``text[start:end]``, except that a lone surrogate
    character in it reads as U+FFFD.
    """
    return _TOKENIZER(text)
