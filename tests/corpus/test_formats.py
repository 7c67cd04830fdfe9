"""Corpus formats: readers against hand-written expectations, exact round trips, and clear errors."""

import json
import warnings
from pathlib import Path

import pytest

from tagger.corpus import formats, load
from tagger.errors import CorpusError, CorpusWarning

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
DATA_DIR = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "data"


def expected(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()]


def text_and_spans(records: list[dict]) -> list[tuple]:
    return [(r["text"], [(s["start"], s["end"], s["label"]) for s in r["spans"]]) for r in records]


@pytest.mark.parametrize(("fixture", "format_name", "unknown"), [
    ("sequence-sample.xml", "anystyle-xml", {"signal": 1}),
    ("conll-sample.conll", "conll", {"journal": 1}),
    ("sequence-sample.expected.jsonl", "jsonl", {}),
])
def test_reader_output_equals_the_hand_written_records(fixture, format_name, unknown):
    assert formats.detect(FIXTURES / fixture) == format_name
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = formats.read(FIXTURES / fixture)
    assert loaded.records == expected(fixture.split(".")[0] + ".expected.jsonl")
    assert dict(loaded.unknown) == unknown
    # One warning counts the tags mapped to "other"; none when every tag is in the table.
    assert [str(warning.message).split(": ", 1)[1] for warning in caught] == [
        f"1 span whose tags the {format_name} table does not list were labelled 'other': {tag} (1)" for tag in unknown
    ]


@pytest.mark.parametrize("format_name", ["jsonl", "anystyle-xml", "conll"])
@pytest.mark.parametrize("fixture", ["sequence-sample.xml", "conll-sample.conll"])
def test_read_write_read_gives_identical_records(tmp_path, fixture, format_name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        first = formats.read(FIXTURES / fixture).records
        if format_name == "anystyle-xml" and fixture.startswith("conll"):
            first = first[1:]  # "#5  pp." has two spaces between fields: AnyStyle XML cannot carry that
        out = tmp_path / ("out." + {"jsonl": "jsonl", "anystyle-xml": "xml", "conll": "conll"}[format_name])
        formats.write(first, out, format_name)
        again = formats.read(out).records
    assert text_and_spans(again) == text_and_spans(first) and [r["id"] for r in again] == [r["id"] for r in first]
    if format_name == "jsonl" or fixture.endswith(".xml") and format_name == "anystyle-xml":
        assert again == first  # in JSONL, or AnyStyle XML back to itself, a record comes back whole, source tags too
    if format_name == "conll":  # CoNLL is written with the scheme's labels: the source tags become those
        assert all(span["source_label"] == span["label"] for record in again for span in record["spans"])


def test_conll_carries_any_spacing_and_tokens_cut_inside_words(tmp_path):
    record = {"id": "odd", "text": "Smith,J.(2001)\tTitle\u00a0x  \n y", "spans": [
        {"start": 0, "end": 5, "label": "author"}, {"start": 8, "end": 14, "label": "year"},
        {"start": 15, "end": 22, "label": "title"}]}
    out = tmp_path / "odd.conll"
    formats.write([record], out, "conll")
    assert "SpaceAfter=No" in out.read_text() and "SpacesAfter=\\t" in out.read_text()
    assert text_and_spans(formats.read(out).records) == text_and_spans([record])


def test_a_record_a_format_cannot_carry_is_refused_and_nothing_is_written(tmp_path):
    glued = {"id": "glued", "text": "Smith,(2001)", "spans": [
        {"start": 0, "end": 6, "label": "author"}, {"start": 6, "end": 12, "label": "year"}]}
    fine = {"id": "fine", "text": "Smith, (2001)", "spans": [
        {"start": 0, "end": 6, "label": "author"}, {"start": 7, "end": 13, "label": "year"}]}
    out = tmp_path / "out.xml"
    with pytest.raises(CorpusError, match="record glued: AnyStyle XML joins segments with single spaces"):
        formats.write([fine, glued], out, "anystyle-xml")
    assert list(tmp_path.iterdir()) == []  # no output, no temporary file left
    skipped = formats.write([fine, glued], out, "anystyle-xml", lenient=True)
    assert len(skipped) == 1 and formats.read(out).records == [fine | {"spans": [
        {"start": 0, "end": 6, "label": "author", "source_label": "author"},
        {"start": 7, "end": 13, "label": "year", "source_label": "date"}]}]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.xml", '<?xml version="1.0"?>\n<dataset>\n<sequence><author>A</title>\n</sequence></dataset>\n',
     "bad.xml:3: not well-formed XML: mismatched tag"),
    ("bad.xml", b'<dataset>\n<sequence>\n<author>Caf\xe9</author></sequence></dataset>\n',
     "bad.xml:3: not valid UTF-8"),
    ("bad.conll", "Smith\tB-author\nno-tab-here\n", "bad.conll:2: expected TOKEN<TAB>TAG"),
    ("bad.conll", "Smith\tB-author\n2001\tX-year\n", "bad.conll:2: tag 'X-year' is not O, B-label or I-label"),
    ("bad.conll", "Smith\tB-author\tSpaceAfter=Maybe\n", "bad.conll:1: third column 'SpaceAfter=Maybe'"),
    ("bad.jsonl", '{"text": "ab", "spans": []}\n{"text": "ab", "spans": [{"start": 0, "end": 5, "label": "title"}]}\n',
     "bad.jsonl:2: span 0-5 lies outside the text"),
    ("empty.conll", "\n\n", "empty.conll: empty file, no references"),
    ("what.txt", "just some words\nand more\n", "what.txt: cannot tell its format"),
])
def test_malformed_input_names_the_file_and_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CorpusError) as error:
        formats.read(path)
    assert str(error.value).startswith(str(tmp_path / message.split(":")[0]))
    assert message.split(":", 1)[1] in str(error.value)


def test_lenient_skips_and_counts_bad_records(tmp_path):
    path = tmp_path / "mixed.conll"
    path.write_text("Smith\tB-author\n2001\tB-year\n\nbroken line\n\nJones\tB-author\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="1 bad record skipped .*mixed.conll:4: expected TOKEN"):
        loaded = formats.read(path, lenient=True)
    assert [r["text"] for r in loaded.records] == ["Smith 2001", "Jones"]


def test_load_gives_a_dataset_from_any_format_with_source_labels():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        dataset = load([FIXTURES / "sequence-sample.xml", FIXTURES / "conll-sample.conll"])
    assert dataset.column_names == ["id", "text", "spans"] and len(dataset) == 4
    assert dataset[0]["spans"][4] == {"start": 56, "end": 65, "label": "venue", "source_label": "journal"}


def test_a_record_with_whitespace_anystyle_xml_would_fold_is_refused(tmp_path):
    doubled = {"id": "doubled", "text": "Smith,  J. Title", "spans": [
        {"start": 0, "end": 10, "label": "author"}, {"start": 11, "end": 16, "label": "title"}]}
    with pytest.raises(CorpusError, match="record doubled: AnyStyle XML"):
        formats.write([doubled], tmp_path / "out.xml", "anystyle-xml")
    formats.write([doubled], tmp_path / "out.conll", "conll")  # CoNLL carries it
    assert text_and_spans(formats.read(tmp_path / "out.conll").records) == text_and_spans([doubled])


def test_written_files_get_the_usual_mode_or_keep_the_old_one(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        out = tmp_path / "new.jsonl"
        formats.write(expected("sequence-sample.expected.jsonl"), out, "jsonl")
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        formats.write(expected("sequence-sample.expected.jsonl"), out, "jsonl")
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


@pytest.mark.parametrize("opening", ["<listBibl>", '<listBibl xmlns="http://www.tei-c.org/ns/1.0">'])
def test_a_tei_file_that_starts_with_its_list_is_told_apart_from_inline_tags(tmp_path, opening):
    path = tmp_path / "refs.xml"
    path.write_text(f"{opening}\n  <bibl><author>Smith, J.</author> (<date>2001</date>).</bibl>\n</listBibl>\n")
    assert formats.detect(path) == "tei"
    assert formats.read(path).records[0]["text"] == "Smith, J. (2001)."


def test_a_file_whose_every_record_is_bad_is_an_error_even_when_lenient(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="bad.conll: every record is bad .1.; the first: .*bad.conll:1: expected"):
        formats.read(path, lenient=True)


def test_jsonl_records_without_an_id_are_named_after_their_file_and_line(tmp_path):
    path = tmp_path / "refs.jsonl"
    path.write_text('\n{"text": "a b", "spans": []}\n{"id": "own", "text": "c", "spans": []}\n', encoding="utf-8")
    assert [record["id"] for record in formats.read(path).records] == ["refs-2", "own"]


def test_a_directory_or_an_empty_file_of_unknown_kind_is_named(tmp_path):
    with pytest.raises(CorpusError, match="is a directory, not a corpus file"):
        formats.read(tmp_path)
    (tmp_path / "refs.xml").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match="refs.xml: empty file, no references"):
        formats.read(tmp_path / "refs.xml")


def test_a_label_tag_nested_in_another_in_anystyle_xml_is_refused_not_flattened(tmp_path):
    # <author><title>Romero</title>, C.</author> lost its title without a word (a researcher's trial); markup
    # that is no label (<i>) is still flattened into the segment.
    path = tmp_path / "nested.xml"
    path.write_text('<?xml version="1.0"?>\n<dataset>\n'
                    "<sequence><author>Smith, J.</author> <title>A <i>fine</i> title</title></sequence>\n"
                    "<sequence><author><title>Romero</title>, C.</author> <date>2001</date></sequence>\n"
                    "</dataset>\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"nested.xml: sequence 2: <title> inside <author>"):
        formats.read(path)
    with pytest.warns(CorpusWarning, match="1 bad record skipped"):
        [record] = formats.read(path, lenient=True).records
    assert record["text"] == "Smith, J. A fine title"


def test_ids_given_to_more_than_one_record_are_warned_of(tmp_path):
    # Accepted without a word before (a researcher's trial); the dev split groups references by id.
    path = tmp_path / "dup.jsonl"
    record = {"text": "Smith, J. 2001.", "spans": [{"start": 0, "end": 9, "label": "author"}]}
    path.write_text("".join(json.dumps({"id": name, **record}) + "\n" for name in ("a", "b", "a", "c", "b")),
                    encoding="utf-8")
    with pytest.warns(CorpusWarning, match="2 ids given to more than one record, the first: 'a'"):
        assert len(formats.read(path).records) == 5
    path.write_text("".join(json.dumps({"id": name, **record}) + "\n" for name in ("a", "b")), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        formats.read(path)


def test_an_anystyle_dataset_without_sequences_is_read_as_one_and_said_to_be_empty(tmp_path):
    # It was taken for inline text ("tags but no reference text (read as inline ...)"; a researcher's trial).
    path = tmp_path / "nodata.xml"
    path.write_text('<?xml version="1.0"?>\n<dataset></dataset>\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="nodata.xml: empty file, no references"):
        formats.read(path)
