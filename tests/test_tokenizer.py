import functools
from string import ascii_letters

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tagger.tokenizer import is_initials, tokenize


def texts(string):
    return [token.text for token in tokenize(string)]


@pytest.mark.parametrize(
    ("string", "expected"),
    [
        ("Vol.9", ["Vol.", "9"]),
        ("//Socio", ["//", "Socio"]),
        ("Yu/", ["Yu", "/"]),
        ("12.-", ["12", ".", "-"]),
        ("23-26", ["23", "-", "26"]),
        ("23–26", ["23", "–", "26"]),
        ("74:1573-1602", ["74", ":", "1573", "-", "1602"]),
        ("3(2)", ["3", "(", "2", ")"]),
        ("&Ermatovich", ["&", "Ermatovich"]),
        ("Tambov.2019", ["Tambov", ".", "2019"]),
        ("Phys.Rev.Lett.", ["Phys", ".", "Rev", ".", "Lett", "."]),
        ("T.A.", ["T.A."]),
        ("T.A.,", ["T.A.", ","]),
        ("M.Yu.", ["M.Yu."]),
        ("W.-P. de Roever", ["W.-P.", "de", "Roever"]),
        ("10.1016/j.cell.2009.01.042", ["10.1016/j.cell.2009.01.042"]),
        ("https://doi.org/10.1/x", ["https://doi.org/10.1/x"]),
        ("doi:10.1000/xyz123.", ["doi:10.1000/xyz123", "."]),
        ("(http://x.org/a).", ["(", "http://x.org/a", ")", "."]),
        ("pp.23-26", ["pp.", "23", "-", "26"]),
        ("(2011).", ["(", "2011", ")", "."]),
        ("No. 12", ["No.", "12"]),
        ("Perry,Strings", ["Perry", ",", "Strings"]),
        ("2001;12(3):45-9.", ["2001", ";", "12", "(", "3", ")", ":", "45", "-", "9", "."]),
        ("Т. 9, № 12. – С. 23–26.", ["Т.", "9", ",", "№", "12", ".", "–", "С.", "23", "–", "26", "."]),
        ("Иванов И. И. Название // Журнал.", ["Иванов", "И.", "И.", "Название", "//", "Журнал", "."]),
        ("计算机学报, 2019", ["计", "算", "机", "学", "报", ",", "2019"]),
        ("标题[J].", ["标", "题", "[", "J", "]", "."]),
        ("Hrsg. von", ["Hrsg.", "von"]),
        # what PDF extraction glues on: a dash before a number, a period before the next word
        ("finansy. -2020. - № 4", ["finansy", ".", "-", "2020", ".", "-", "№", "4"]),
        ("Commun .Math .Phys .152 ,201 -230( 1993)",
         ["Commun", ".", "Math", ".", "Phys", ".", "152", ",", "201", "-", "230", "(", "1993", ")"]),
        # an opening quote glued to the punctuation before it, and a month glued to its year
        ('tons,"Phys. Rev. B', ["tons", ",", '"', "Phys", ".", "Rev", ".", "B"]),
        ('fields."Phys', ["fields", ".", '"', "Phys"]),
        ("insulators:“Application", ["insulators", ":", "“", "Application"]),
        ('Smith, J."Title"', ["Smith", ",", "J.", '"', "Title", '"']),
        ("p .165114, Oct2014 .", ["p", ".", "165114", ",", "Oct", "2014", "."]),
        ("17 September1993,", ["17", "September", "1993", ","]),
        ("Dec1993)", ["Dec", "1993", ")"]),
        ("Mayer2014 XMay2014 Oct20145 JINST11", ["Mayer2014", "XMay2014", "Oct20145", "JINST11"]),
        # the same after a number, a month in capitals or lower case, and a day glued before the month
        ('Phys. Rev. 117."Pure', ["Phys", ".", "Rev", ".", "117", ".", '"', "Pure"]),
        ("1988.“Predictors", ["1988", ".", "“", "Predictors"]),
        ("OCT2014 (sept2001)", ["OCT", "2014", "(", "sept", "2001", ")"]),
        ("15Oct2014 3May1999", ["15", "Oct", "2014", "3", "May", "1999"]),
        ("p15Oct2014 2015Oct2014 115Oct2014", ["p15Oct2014", "2015Oct2014", "115Oct2014"]),
        # a number glued to the capitalised word after its period: a list marker, a year; not a single capital
        # or a lower-case word
        ("1.Kirchner HJ,Okonkwo AE", ["1", ".", "Kirchner", "HJ", ",", "Okonkwo", "AE"]),
        ("2013.Resources Partitioning", ["2013", ".", "Resources", "Partitioning"]),
        ("2.A 3.x", ["2.A", "3.x"]),
        ("... and", ["...", "and"]),
        ("", []),
        ("   ", []),
    ],
)
def test_tokens(string, expected):
    assert texts(string) == expected


@pytest.mark.parametrize(
    "string",
    [
        "3. Bondarskaya, T.A., Directions Of The Impact / Shiryaev M.Yu. // Socio-Economic Phenomena. - 2014. - Vol.9.",
        "[1] 王明. 标题[J]. 计算机学报, 2019, 42(3): 1-10.",
        "Smith J,Jones K.Title.J Biol 2001;12(3):45-9.",
        "  leading and\ttabs\nand newlines\u00a0and nbsp  ",
        "emoji 🎉 and combining e\u0301 and RTL עברית",
    ],
)
def test_tokens_point_into_the_original(string):
    tokens = tokenize(string)
    assert tokens
    for token in tokens:
        assert string[token.start : token.end] == token.text
        assert token.text.strip() == token.text
    assert all(a.end <= b.start for a, b in zip(tokens, tokens[1:]))
    # Nothing but whitespace is lost.
    assert "".join(t.text for t in tokens) == "".join(string.split())


def test_no_long_cjk_token():
    string = "中华人民共和国国家标准信息与文献参考文献著录规则北京中国标准出版社二零一五年第一版"
    assert max(len(token.text) for token in tokenize(string)) < 40


@pytest.mark.parametrize(
    ("string", "expected"),
    [("J.", True), ("T.A.", True), ("M.Yu.", True), ("W.-P.", True), ("И.И.", True),
     ("Vol.", False), ("ApJ.", False), ("J", False), ("2.", False), ("AB.", False)],
)
def test_initials(string, expected):
    assert is_initials(string) is expected


# --- the tokenizer is spaCy's: the same rules, and the same tokens as spaCy's own Tokenizer given them ---


def spacy_tokenizer():
    """spaCy's Tokenizer with reftagger's rules, built as tagger.tokenizer builds its patterns."""
    from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
    from spacy.vocab import Vocab

    from tagger import tokenizer

    return Tokenizer(
        Vocab(lex_attr_getters={}),
        rules={},
        prefix_search=compile_prefix_regex(tokenizer.EXTRA_PREFIXES + list(TOKENIZER_PREFIXES)).search,
        suffix_search=tokenizer._make_suffix_search(
            compile_suffix_regex(tokenizer.EXTRA_SUFFIXES + list(TOKENIZER_SUFFIXES))),
        infix_finditer=tokenizer._make_infix_finditer(
            compile_infix_regex(tokenizer.EXTRA_INFIXES + list(TOKENIZER_INFIXES))),
        token_match=tokenizer._token_match,
        url_match=None,
    )


@functools.cache
def _spacy():
    return spacy_tokenizer()


def spacy_tokens(spacy, string):
    return [(token.text, token.idx, token.idx + len(token.text)) for token in spacy(string)
            if not token.text.isspace()]


def test_the_copied_rules_are_the_installed_spacys():
    import spacy
    from spacy.lang import char_classes, punctuation

    from tagger import spacy_rules

    assert spacy_rules.SPACY_VERSION == spacy.__version__, "run python -m training.vendor_spacy_rules"
    for name in ("ALPHA", "ALPHA_LOWER", "ALPHA_UPPER", "HYPHENS"):
        assert getattr(spacy_rules, name) == getattr(char_classes, name), name
    for name in ("TOKENIZER_PREFIXES", "TOKENIZER_SUFFIXES", "TOKENIZER_INFIXES"):
        assert getattr(spacy_rules, name) == list(getattr(punctuation, name)), name


def test_the_patterns_are_joined_as_spacy_joins_them():
    from spacy.lang.punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from tagger import tokenizer

    assert tokenizer.prefix_expression() == compile_prefix_regex(
        tokenizer.EXTRA_PREFIXES + list(TOKENIZER_PREFIXES)).pattern
    assert tokenizer.suffix_expression() == compile_suffix_regex(
        tokenizer.EXTRA_SUFFIXES + list(TOKENIZER_SUFFIXES)).pattern
    assert tokenizer.infix_expression() == compile_infix_regex(
        tokenizer.EXTRA_INFIXES + list(TOKENIZER_INFIXES)).pattern


def test_real_references_get_spacys_tokens():
    """Every fifth reference of five corpora (PDF-extracted GROBID text and the messy ugly set among them) and
    every fifth reference section of GROBID's segmenter evaluation file, line breaks and all."""
    import json

    from tests.conftest import DATA_DIR

    spacy = spacy_tokenizer()
    files = ("anystyle/test.jsonl", "anystyle/extra-ugly.jsonl", "parscit/train.jsonl", "umass/test.jsonl",
             "grobid/train.jsonl", "blocks/grobid-segmenter-eval.jsonl")
    checked = 0
    for name in files:
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[::5]:
            record = json.loads(line)
            text = record.get("text", record.get("block"))  # a block: a whole reference section
            assert [tuple(token) for token in tokenize(text)] == spacy_tokens(spacy, text), text
            checked += 1
    assert checked > 2000


# Strings of reference-like pieces: letters of three scripts, digits, spaces and line breaks, the punctuation the
# rules split on, initials, abbreviations and identifiers.
PIECES = [*"aZé Й中. ,;:()[]-–/&№'\"«»“1290\n\t", "T.A.", "10.1000/x", "http://a.b/c", "pp.", "Vol.", "M.Yu.", "...",
          "Oct", "May", "OCT", "sept", "2014", "15", '."', "Kirchner"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_string_gets_spacys_tokens(string):
    assert [tuple(token) for token in tokenize(string)] == spacy_tokens(_spacy(), string)


def test_parsing_does_not_import_spacy():
    import subprocess
    import sys

    code = ("import sys, tagger; reference = tagger.parse('Smith, J. (2001). A title. J. Biol., 3(2), 1-10.'); "
            "assert reference.fields['year'] == ['2001']; print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# Plain ASCII words and numbers, and letters that rules might split off a number or a word (units, "1st", "'s").
PLAIN = st.one_of(st.text(alphabet=ascii_letters, min_size=1, max_size=12),
                  st.from_regex(r"[0-9]{1,12}", fullmatch=True),
                  st.sampled_from(["s", "st", "th", "km", "m", "kg", "am", "pm", "vs", "etc", "al", "eds", "pp"]))


@given(PLAIN)
@settings(max_examples=300, deadline=None)
def test_plain_ascii_letters_or_digits_are_one_token_for_spacy_too(string):
    """The tokenizer keeps such chunks whole without looking at the rules; spaCy given the rules must agree."""
    assert [tuple(token) for token in tokenize(string)] == spacy_tokens(_spacy(), string) == [(string, 0, len(string))]


def test_chunks_too_long_for_the_rules_keep_identifiers_whole_and_split_cjk():
    url = "https://example.com/" + "a/b-c_d" * 160  # 1,140 characters: past LONGEST_CHUNK
    assert texts(f"Retrieved from {url}") == ["Retrieved", "from", url]
    chinese = "基于深度学习的参考文献解析方法研究" * 70
    assert texts(chinese) == list(chinese)
    assert texts("(" * 1500) == ["("] * 1500
