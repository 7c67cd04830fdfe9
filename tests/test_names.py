"""The name splitter (``tagger.names``) on the strings issue 19 quotes, and measured on three hand-labelled sets of
author lists, each labelled apart from the others: ``data/names.jsonl`` (the rules were written against it),
``data/names-test.jsonl`` (held out at first, then its errors read for a second round of rules) and
``data/names-holdout.jsonl`` (never read while writing the rules)."""

from __future__ import annotations

import pytest

from tagger.names import names
from tagger.normalize import record
from training.name_accuracy import NAMES_FILE, read_names, score

SECOND_FILE = NAMES_FILE.with_name("names-test.jsonl")
HOLDOUT_FILE = NAMES_FILE.with_name("names-holdout.jsonl")


@pytest.mark.parametrize(("value", "expected"), [
    ("王伟, 李小明", [{"family": "王", "given": "伟"}, {"family": "李", "given": "小明"}]),
    ("欧阳明辉, 张丽, 等", [{"family": "欧阳", "given": "明辉"}, {"family": "张", "given": "丽"}]),
    ("Abdullaev Ravshan&Ermatovich", [{"family": "Abdullaev", "given": "Ravshan Ermatovich"}]),
    ("Yusupov B.A.&Karimova D.R.", [{"family": "Yusupov", "given": "B.A."}, {"family": "Karimova", "given": "D.R."}]),
    ("SMITH, John; VAN DER BERG, Klaas",
     [{"family": "Smith", "given": "John"}, {"family": "Berg", "given": "Klaas", "particle": "van der"}]),
    ("Torre, M. de la", [{"family": "Torre", "given": "M.", "particle": "de la"}]),
    ("World Health Organization", [{"literal": "World Health Organization"}]),
    ("ZHANG Hua, LI Jianguo", [{"family": "Zhang", "given": "Hua"}, {"family": "Li", "given": "Jianguo"}]),
    ("SILVA, João; SOUZA, Maria A.", [{"family": "Silva", "given": "João"}, {"family": "Souza", "given": "Maria A."}]),
    ("Van Horn, B. T.", [{"family": "Van Horn", "given": "B. T."}]),
    ("LE GOFF Yannick", [{"family": "Le Goff", "given": "Yannick"}]),
    ("Тошматов Алишер Бахромович", [{"family": "Тошматов", "given": "Алишер Бахромович"}]),
    ("Reynolds TB 3rd, Gupta S", [{"family": "Reynolds", "given": "TB", "suffix": "3rd"},
                                  {"family": "Gupta", "given": "S"}]),
    ("Johansson E; Nordic Stroke Study Group", [{"family": "Johansson", "given": "E"},
                                                {"literal": "Nordic Stroke Study Group"}]),
    # found by a new user: German names joined by a glued slash, ABNT's and Spanish editor words
    ("Schmidt, A./Weber, B.:", [{"family": "Schmidt", "given": "A."}, {"family": "Weber", "given": "B."}]),
    ("SOUZA, C.; LIMA, D. (Orgs.).", [{"family": "Souza", "given": "C."}, {"family": "Lima", "given": "D."}]),
    ("GARCÍA, J. (Coord.)", [{"family": "García", "given": "J."}]),
    ("PÉREZ, L. (comp.)", [{"family": "Pérez", "given": "L."}]),
    ("Orgel, L. E.", [{"family": "Orgel", "given": "L. E."}]),
])
def test_the_names_issue_19_quotes(value, expected):
    assert names(value)["names"] == expected


def test_et_al_in_the_languages_of_the_styles():
    for value in ("Smith J, Lee K, et al.", "王伟, 李小明, 等", "Shevchenko V. P., Grishin M. A. i dr.",
                  "Иванов И. И. и др.", "Müller, H. u. a."):
        assert names(value)["et_al"], value


def test_an_author_repeated_after_the_slash_is_one_author():
    fields = {"author": ["Bondarskaya, T.A.", "Bondarskaya T.A., Minko L.V."], "title": ["Economic Security"]}
    assert record(fields)["author"] == [{"family": "Bondarskaya", "given": "T.A."},
                                        {"family": "Minko", "given": "L.V."}]


@pytest.mark.parametrize("path", [NAMES_FILE, SECOND_FILE], ids=["names", "names-test"])
def test_at_least_95_percent_of_family_and_given_names_right_on_the_sets_the_rules_were_written_for(path):
    total = score(read_names(path))["total"]
    assert total["names"] >= 150
    assert total["family"] >= 0.95 and total["given"] >= 0.95, total


def test_at_least_95_percent_on_the_held_out_names():
    """Never read while the rules were written (its score was measured twice: 94.0% and 93.7%, then 95.4% and
    95.1% after the given-name rule, which came from the second set's errors)."""
    total = score(read_names(HOLDOUT_FILE))["total"]
    assert total["names"] >= 300
    assert total["family"] >= 0.95 and total["given"] >= 0.95, total
