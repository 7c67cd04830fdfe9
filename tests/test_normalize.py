"""Normalizers and the record formats, checked by the programs that consume them."""


import pytest

from tagger import normalize
from tagger.normalize import record
from tagger.output import citation_key, to_bibtex, to_csl, to_ris

N = normalize.names


@pytest.mark.parametrize(("value", "names", "et_al"), [
    ("Smith, J.", [{"family": "Smith", "given": "J."}], False),
    ("J. Smith", [{"family": "Smith", "given": "J."}], False),
    ("Smith J", [{"family": "Smith", "given": "J"}], False),
    ("SMITH, John", [{"family": "Smith", "given": "John"}], False),
    ("van der Berg, J.", [{"family": "Berg", "given": "J.", "particle": "van der"}], False),
    ("de la Torre, M.", [{"family": "Torre", "given": "M.", "particle": "de la"}], False),
    ("Ivanov I.I.", [{"family": "Ivanov", "given": "I.I."}], False),
    ("Иванов И. И.", [{"family": "Иванов", "given": "И. И."}], False),
    ("Smith, J., Jones, K., & Brown, L.",
     [{"family": "Smith", "given": "J."}, {"family": "Jones", "given": "K."}, {"family": "Brown", "given": "L."}],
     False),
    ("Smith J, Jones K, et al.", [{"family": "Smith", "given": "J"}, {"family": "Jones", "given": "K"}], True),
    ("Müller, K. und Schmidt, L.", [{"family": "Müller", "given": "K."}, {"family": "Schmidt", "given": "L."}], False),
    ("Иванов И. И., Петров П. П. и др.",
     [{"family": "Иванов", "given": "И. И."}, {"family": "Петров", "given": "П. П."}], True),
    ("John Smith and Jane Doe", [{"family": "Smith", "given": "John"}, {"family": "Doe", "given": "Jane"}], False),
    ("Ludwig van Beethoven", [{"family": "Beethoven", "given": "Ludwig", "particle": "van"}], False),
    ("Smith, J., Jr.", [{"family": "Smith", "given": "J.", "suffix": "Jr."}], False),
    ("J.-P. Serre", [{"family": "Serre", "given": "J.-P."}], False),
    ("Shiryaev M.Yu.", [{"family": "Shiryaev", "given": "M.Yu."}], False),
    ("In K. Lee (Eds.),", [{"family": "Lee", "given": "K."}], False),
    ("под ред. А. Б. Иванова", [{"family": "Иванова", "given": "А. Б."}], False),
    ("ed. Rodney M. Thomson", [{"family": "Thomson", "given": "Rodney M."}], False),
    ("Ng A, Li F-F.", [{"family": "Ng", "given": "A"}, {"family": "Li", "given": "F-F."}], False),
    ("O'NEIL, J.", [{"family": "O'Neil", "given": "J."}], False),
])
def test_names(value, names, et_al):
    assert N(value) == {"names": names, "et_al": et_al}


@pytest.mark.parametrize(("value", "expected"), [
    ("2019", {"year": 2019, "date-parts": [2019]}),
    ("(2019a).", {"year": 2019, "suffix": "a", "date-parts": [2019]}),
    ("12 May 2019", {"year": 2019, "date-parts": [2019, 5, 12]}),
    ("May 12, 2019", {"year": 2019, "date-parts": [2019, 5, 12]}),
    ("2019-05-12", {"year": 2019, "date-parts": [2019, 5, 12]}),
    ("1.12.2019", {"year": 2019, "date-parts": [2019, 12, 1]}),
    ("März 2020", {"year": 2020, "date-parts": [2020, 3]}),
    ("12 марта 2014 г.", {"year": 2014, "date-parts": [2014, 3, 12]}),
    ("15 березня 2019", {"year": 2019, "date-parts": [2019, 3, 15]}),  # month numbers: lexicons/months.txt
    ("Jänner 2020", {"year": 2020, "date-parts": [2020, 1]}),
    ("sept. 1999", {"year": 1999, "date-parts": [1999, 9]}),
    ("Summer 2001", {"year": 2001, "date-parts": [2001]}),  # a season is a month word with no number
    ("n.d.", {"literal": "n.d."}),
])
def test_dates(value, expected):
    assert normalize.date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("387-9", {"first": "387", "last": "389", "page": "387–389"}),
    ("1200-9", {"first": "1200", "last": "1209", "page": "1200–1209"}),
    ("pp. 11-19.", {"first": "11", "last": "19", "page": "11–19"}),
    ("С. 23–26.", {"first": "23", "last": "26", "page": "23–26"}),
    ("S. 23--26", {"first": "23", "last": "26", "page": "23–26"}),
    ("S12–S19", {"first": "S12", "last": "S19", "page": "S12–S19"}),
    ("e0123456", {"first": "e0123456", "page": "e0123456"}),
    ("xi-xv", {"page": "xi-xv"}),
    ("083105–3", {"first": "083105", "page": "083105"}),  # an article number and its page count
    ("702 p.", {"count": "702"}),  # a book's length
    ("350 с.", {"count": "350"}),
])
def test_pages(value, expected):
    assert normalize.pages(value) == expected


@pytest.mark.parametrize(("volume", "issue", "expected"), [
    ("9(12)", "", {"volume": "9", "issue": "12"}),
    ("3(2),", "", {"volume": "3", "issue": "2"}),
    ("Vol.9. No. 12", "", {"volume": "9", "issue": "12"}),
    ("Т. 9, № 12", "", {"volume": "9", "issue": "12"}),
    ("Bd. 9", "Nr. 12", {"volume": "9", "issue": "12"}),
    ("Vol. 36", "", {"volume": "36"}),
    ("", "(4)", {"issue": "4"}),
    ("", "(4).", {"issue": "4"}),
    ("", "12).", {"issue": "12"}),
    # GOST's issue with the journal's running number in brackets: the brackets stay paired (was "12(3")
    ("Т. 5,", "№12(3).", {"volume": "5", "issue": "12(3)"}),
    ("", "No. 9 (83).", {"issue": "9 (83)"}),
])
def test_volume_and_issue(volume, issue, expected):
    assert normalize.volume_issue(volume, issue) == expected


@pytest.mark.parametrize(("function", "value", "expected"), [
    (normalize.doi, "doi:10.1016/j.cell.2009.01.042.", "10.1016/j.cell.2009.01.042"),
    (normalize.doi, "https://doi.org/10.1000/xyz123),", "10.1000/xyz123"),
    (normalize.url, "URL: <http://x.org/a?b=c>.", "http://x.org/a?b=c"),
    (normalize.url, "Available at: https://example.com/page", "https://example.com/page"),
])
def test_identifiers(function, value, expected):
    assert function(value) == expected


@pytest.mark.parametrize(("fields", "kind"), [
    ({"author": ["A"], "title": ["T"], "venue": ["J. Biol."], "volume": ["3"], "pages": ["1-2"]}, "article-journal"),
    ({"author": ["A"], "title": ["T"], "publisher": ["Wiley"], "location": ["NY"]}, "book"),
    ({"author": ["A"], "title": ["T"], "editor": ["B"], "venue": ["The book"], "publisher": ["Wiley"]}, "chapter"),
    ({"author": ["A"], "title": ["T"], "venue": ["Proc. ACL"], "pages": ["1-9"]}, "paper-conference"),
    ({"author": ["A"], "title": ["T"], "note": ["PhD thesis"], "publisher": ["MIT"]}, "thesis"),
    ({"author": ["A"], "title": ["T"], "note": ["Technical Report TR-12"]}, "report"),
    ({"title": ["T"], "url": ["https://x.org"]}, "webpage"),
])
def test_reference_type(fields, kind):
    assert normalize.reference_type(fields) == kind


def test_record_keeps_what_it_cannot_read():
    item = record({"title": ["T"], "year": ["n.d."], "pages": ["xi-xv"], "author": ["Anonymous"]})
    assert item["issued"] == {"literal": "n.d."} and item["page"] == "xi-xv" and "page-first" not in item
    assert item["author"] == [{"family": "Anonymous"}]
    assert citation_key(item) == "anonymous"
    csl = to_csl(item, "k")
    assert csl["issued"] == {"literal": "n.d."} and csl["page"] == "xi-xv"
    assert to_bibtex(item, "k").startswith("@book{k,\n") and "TY  - BOOK" in to_ris(item)


