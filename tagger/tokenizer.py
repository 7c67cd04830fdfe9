"""Reference-aware tokenisation on top of spaCy's rule-based tokenizer.

``spacy.blank("en")`` splits prose well but references badly: it keeps
``74:1573-1602``, ``Tambov.2019`` or ``//Socio`` whole and runs Chinese text
into one token. The rules below add the separators references use (``//``,
``:``, ``(``, ``№``, en dashes between numbers, glued periods) while keeping
initials (``T.A.``), known abbreviations (``Vol.``, ``pp.``) and identifiers
(DOIs, URLs) whole. Every token keeps its exact character offset into the
original string.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, HYPHENS
from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab

from tagger import lexicon
from tagger.patterns import is_initials


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
OFFSET_ATTRIBUTES = [IDX, LENGTH]

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


@functools.cache
def build_spacy_tokenizer() -> Tokenizer:
    """Return spaCy's English tokenizer with reference-specific rules added.

    Built in one call with every rule: each rule set on a built tokenizer makes spaCy reload all its
    special cases (English has 8,000), which took a second at start-up."""
    # Only token boundaries are used: no lexical attributes (shape, like_num, stop word, ...) are computed
    # for new words, which costs more than splitting them.
    vocab = Vocab(lex_attr_getters={})
    tokenizer = Tokenizer(
        vocab,
        # English contractions and emoticons ("Ill." -> "I" "ll.") do not occur in references.
        rules={},
        prefix_search=compile_prefix_regex(EXTRA_PREFIXES + list(TOKENIZER_PREFIXES)).search,
        suffix_search=_make_suffix_search(compile_suffix_regex(EXTRA_SUFFIXES + list(TOKENIZER_SUFFIXES))),
        infix_finditer=_make_infix_finditer(compile_infix_regex(EXTRA_INFIXES + list(TOKENIZER_INFIXES))),
        token_match=_token_match,
        url_match=None,
    )
    # Word pieces recur across references far beyond spaCy's default 10,000 cached chunks.
    tokenizer.max_cache_size = 100_000
    return tokenizer


# spaCy searches each whitespace-free chunk for affixes again after every split, which takes time
# quadratic in the chunk's length ("(" * 20,000 took 40 s). No real token is this long (long URLs
# run to a few hundred characters), so longer chunks are split by a simple rule instead.
LONGEST_CHUNK = 1000
LONG_CHUNK = re.compile(rf"\S{{{LONGEST_CHUNK + 1},}}")
SIMPLE_TOKEN = re.compile(r"[^\W_]+|\S")
# spaCy keeps every distinct token text it has seen in its vocabulary; on an endless stream of
# references that grows without bound, so past this many the tokenizer is built afresh.
VOCABULARY_LIMIT = 200_000
# spaCy's tokenizer calls back into Python (the rules above), where another thread could enter it
# and change its cache and vocabulary mid-call; tokenising holds the GIL anyway, so a lock costs nothing.
_TOKENIZER_LOCK = threading.Lock()
# Lone surrogates (possible in a Python str) cannot be encoded; they are tokenised as U+FFFD.
SURROGATE = re.compile("[\ud800-\udfff]")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with exact character offsets; whitespace is dropped.

    A token's text is ``text[start:end]``, except that a lone surrogate
    character in it reads as U+FFFD.
    """
    if not text:
        return []
    if not text.isascii():
        text = SURROGATE.sub("\ufffd", text)
    if len(text) <= LONGEST_CHUNK or not LONG_CHUNK.search(text):
        return _spacy_tokens(text, 0)
    tokens = []
    position = 0
    for chunk in LONG_CHUNK.finditer(text):
        tokens += _spacy_tokens(text[position : chunk.start()], position)
        tokens += [
            Token(piece.group(), chunk.start() + piece.start(), chunk.start() + piece.end())
            for piece in SIMPLE_TOKEN.finditer(chunk.group())
        ]
        position = chunk.end()
    return tokens + _spacy_tokens(text[position:], position)


def _spacy_tokens(text: str, offset: int) -> list[Token]:
    """The tokens spaCy finds in ``text``, with offsets shifted by ``offset``."""
    if not text:
        return []
    with _TOKENIZER_LOCK:
        tokenizer = build_spacy_tokenizer()
        if len(tokenizer.vocab) > VOCABULARY_LIMIT:
            build_spacy_tokenizer.cache_clear()
            tokenizer = build_spacy_tokenizer()
        # Reading offsets as one array avoids creating a spaCy Token object per token.
        offsets = tokenizer(text).to_array(OFFSET_ATTRIBUTES).tolist()
    tokens = []
    for start, length in offsets:
        piece = text[start : start + length]
        if not piece.isspace():
            tokens.append(Token(piece, offset + start, offset + start + length))
    return tokens
