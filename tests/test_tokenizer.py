import pytest

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
