"""Tests of the inline-tag (ParsCit/CORA/UMass) and GROBID TEI readers: hand-checked output, errors, lenient mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tagger.corpus.formats import inline, tei
from tagger.errors import CorpusError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
SAMPLES = [(inline, "inline-sample.txt", "inline-sample"), (tei, "tei-sample.xml", "tei-sample")]
TEI_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><back><listBibl>\n'
TEI_TAIL = "</listBibl></back></text></TEI>\n"
# Fragments that garbage is made of: tags (balanced or not), padding, punctuation, odd whitespace, bad bytes.
INLINE_FRAGMENTS = ["<author>", "</author>", "<venue>", "</venue>", "<journal>", "</journal>", "<x>", "</x>", "<br>",
                    "</", "<", ">", " ", "\t", "\n", "\r\n", "\x0c", "\u2028", "a", ",", ":", "é"]
TEI_FRAGMENTS = ["<bibl>", "</bibl>", "<listBibl>", "</listBibl>", "<author>", "</author>", '<title level="m">',
                 '<title level="a">', "</title>", "<ptr/>", "<!-- c -->", "<![CDATA[ x ]]>", "&amp;", "&nbsp;",
                 "<", " ", "\n", "\u00a0", "a", ","]


def tei_document(*bibls: str) -> str:
    """A namespaced TEI document whose listBibl holds ``bibls``, one per line (the first bibl is on line 3)."""
    return TEI_HEAD + "".join(bibl + "\n" for bibl in bibls) + TEI_TAIL


@pytest.mark.parametrize(("reader", "source", "name"), SAMPLES)
def test_sample_matches_hand_written_expectation(reader, source, name):
    expected = [json.loads(line) for line in (FIXTURES / f"{name}.expected.jsonl").read_text("utf-8").splitlines()]
    loaded = reader.read(FIXTURES / source)
    assert loaded.records == expected
    assert loaded.skipped == []


def assert_well_formed(record: dict) -> None:
    """The corpus contract: trimmed non-empty text; sorted, non-overlapping, trimmed, non-empty spans inside it."""
    text = record["text"]
    assert text and text == text.strip()
    previous_end = 0
    for span in record["spans"]:
        covered = text[span["start"] : span["end"]]
        assert previous_end <= span["start"] < span["end"] <= len(text)
        assert covered == covered.strip()
        previous_end = span["end"]


@pytest.mark.parametrize(("reader", "source"), [(reader, source) for reader, source, _name in SAMPLES])
def test_spans_point_exactly_into_the_text(reader, source):
    for record in reader.read(FIXTURES / source).records:
        assert_well_formed(record)


@pytest.mark.parametrize(
    ("reader", "source", "unknown"),
    [(inline, "inline-sample.txt", {"isbn": 1}), (tei, "tei-sample.xml", {"biblScope": 1})],
)
def test_unknown_source_tags_are_counted(reader, source, unknown):
    assert reader.read(FIXTURES / source).unknown == unknown


@pytest.mark.parametrize(
    ("line", "text", "fields"),
    [
        # Padding inside tags is markup; tags side by side still separate their fields.
        ("<author> A. Smith </author><title>Fast</title>", "A. Smith Fast", ["A. Smith", "Fast"]),
        # Punctuation outside a tag and touching it is glued on that side only.
        ("<journal> J. ACM </journal>, <volume> 16 </volume>", "J. ACM, 16", ["J. ACM", "16"]),
        ("<volume>23(6)</volume>:<pages>74--77</pages>", "23(6):74--77", ["23(6)", "74--77"]),
        ("<publisher> MIT </publisher> (<date> 1999 </date>).", "MIT (1999).", ["MIT", "1999"]),
        ("<volume> 23 </volume> : <pages> 5 </pages>", "23 : 5", ["23", "5"]),
        # <br> is a space, even inside a tag.
        ("<title>Art of<br>Programming</title><br>", "Art of Programming", ["Art of Programming"]),
        # Two adjacent tags of one label stay two spans.
        ("<author>A. Smith</author> <author>B. Jones</author>", "A. Smith B. Jones", ["A. Smith", "B. Jones"]),
        # Nested tags merge into the outermost labelled one, with their own glue.
        ("<authors><person>Smith</person>, <person>Jones</person></authors>", "Smith, Jones", ["Smith, Jones"]),
        # venue is a wrapper: its children are fields, loose text inside it is not.
        ("<venue>in : <journal>Phys. Rev.</journal> Vol <volume>4</volume></venue>", "in : Phys. Rev. Vol 4",
         ["Phys. Rev.", "4"]),
        # An empty tag gives no span.
        ("<author>A. Smith</author> <note> </note> <date>1999</date>", "A. Smith 1999", ["A. Smith", "1999"]),
    ],
)
def test_inline_text_and_fields(tmp_path, line, text, fields):
    path = tmp_path / "refs.txt"
    path.write_text(line + "\n", encoding="utf-8")
    [record] = inline.read(path).records
    assert record["text"] == text
    assert [text[span["start"] : span["end"]] for span in record["spans"]] == fields


@pytest.mark.parametrize(
    ("bibl", "text", "fields"),
    [
        # Text content in document order: no space is invented between elements.
        ("<bibl><author>Smith, J.</author> (<date>2001</date>).</bibl>", "Smith, J. (2001).",
         [("Smith, J.", "author"), ("2001", "date")]),
        # Whitespace runs fold across element boundaries, and spans are trimmed.
        ("<bibl>  <author> Smith, \n J. </author>\t <title>  Deep </title> </bibl>", "Smith, J. Deep",
         [("Smith, J.", "author"), ("Deep", "title")]),
        # A book title alone is a title; under an article title it is the venue.
        ('<bibl><title level="m">Book</title></bibl>', "Book", [("Book", "title@m")]),
        ('<bibl><title level="a">Ch</title> <title level="m">Book</title></bibl>', "Ch Book",
         [("Ch", "title@a"), ("Book", "title@m+a")]),
        ('<bibl><title level="s">LNCS</title> <idno type="ISSN">0302-9743</idno></bibl>', "LNCS 0302-9743",
         [("LNCS", "title@s"), ("0302-9743", "idno")]),
        # A ptr with no text has no span; unlabelled elements only contribute their text.
        ('<bibl><hi>Online</hi> <ptr type="web" target="https://x.org"/></bibl>', "Online", []),
        # biblStruct: the outermost labelled element wins, nested markup is flattened; only the
        # whitespace GROBID indents it with separates its fields.
        ('<biblStruct>\n <analytic><author><persName><forename>J.</forename> <surname>Li</surname></persName>'
         '</author></analytic>\n <monogr><imprint><biblScope unit="pp">1-9</biblScope></imprint></monogr>'
         "</biblStruct>", "J. Li 1-9", [("J. Li", "author"), ("1-9", "biblScope@pp")]),
        ("<biblStruct><monogr><title>A</title><title>B</title></monogr></biblStruct>", "AB",
         [("A", "title"), ("B", "title")]),
        # An element the table lacks is a span of its own, labelled other and counted (it was dropped silently).
        ("<bibl><author>Jones</author> <weird>w</weird> <title>T</title></bibl>", "Jones w T",
         [("Jones", "author"), ("w", "weird"), ("T", "title")]),
    ],
)
def test_tei_text_and_fields(tmp_path, bibl, text, fields):
    path = tmp_path / "refs.xml"
    path.write_text(tei_document(bibl), encoding="utf-8")
    [record] = tei.read(path).records
    assert record["text"] == text
    assert [(text[span["start"] : span["end"]], span["source_label"]) for span in record["spans"]] == fields


def test_a_tei_element_the_table_lacks_is_other_and_counted(tmp_path):
    path = tmp_path / "refs.xml"
    path.write_text(tei_document('<bibl><author>Jones</author> <weird>w</weird> <biblScope unit="foo">12</biblScope>'
                                 "</bibl>"), encoding="utf-8")
    loaded = tei.read(path)
    assert [span["label"] for span in loaded.records[0]["spans"]] == ["author", "other", "other"]
    assert loaded.unknown == {"weird": 1, "biblScope": 1}
    # GROBID's address markup is structure: no span, no warning.
    path.write_text(tei_document("<biblStruct><monogr><meeting>ACL <address><addrLine>Vancouver</addrLine>, "
                                 "<country>Canada</country></address></meeting> <date>2017</date></monogr>"
                                 "</biblStruct>"), encoding="utf-8")
    loaded = tei.read(path)
    assert not loaded.unknown and [span["label"] for span in loaded.records[0]["spans"]] == ["year"]


def test_tei_without_namespace(tmp_path):
    path = tmp_path / "plain.xml"
    path.write_text('<listBibl>\n<bibl><author>Li, J.</author> <date>2020</date></bibl>\n</listBibl>\n', "utf-8")
    [record] = tei.read(path).records
    assert record == {
        "id": "plain-1",
        "text": "Li, J. 2020",
        "spans": [
            {"start": 0, "end": 6, "label": "author", "source_label": "author"},
            {"start": 7, "end": 11, "label": "year", "source_label": "date"},
        ],
    }


@pytest.mark.parametrize(
    ("reader", "content", "line", "problem"),
    [
        (inline, b"<author>A</author>\n<booktitle> Proc. ACL <date>1999</date>\n", 2, "unbalanced tag <booktitle>"),
        (inline, b"<author>A</author>\n\n<note> x </notes>\n", 3, "mismatched tag </notes>"),
        (inline, b"</title> x\n", 1, "closing tag </title>"),
        (inline, b"<author></author>\n", 1, "tags but no reference text"),
        (inline, b"<author>A</author>\n<title>B</title>\n<title>caf\xe9</title>\n", 3, "not valid UTF-8"),
        (tei, tei_document("<bibl><author>A</author>", "</bibl>", "<bibl>B</titel>").encode(), 5,
         "not well-formed XML"),
        (tei, tei_document("<bibl>B</bibl>", "<bibl>caf\udce9</bibl>").encode("utf-8", "surrogateescape"), 4,
         "not valid UTF-8"),
        (tei, tei_document("<bibl>B</bibl>", '<bibl><ptr target="https://x.org"/></bibl>').encode(), 4,
         "<bibl> has no text"),
    ],
)
def test_malformed_input_names_file_and_line(tmp_path, reader, content, line, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as raised:
        reader.read(path)
    assert str(raised.value).startswith(f"{path}:{line}: {problem}")


@pytest.mark.parametrize(
    ("reader", "content"),
    [
        (inline, b""),
        (inline, b"\n  \n\t\n"),
        (tei, tei_document().encode()),
        (tei, b"<TEI><text><body><bibl>not in a listBibl</bibl></body></text></TEI>"),
    ],
)
def test_file_without_references_is_an_error(tmp_path, reader, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as raised:
        reader.read(path)
    assert str(raised.value) == f"{path}: empty file, no references"


def test_tei_nested_too_deeply_is_an_error(tmp_path):
    path = tmp_path / "deep.xml"
    path.write_text(tei_document("<bibl>" + "<hi>" * 5000 + "x" + "</hi>" * 5000 + "</bibl>"), encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        tei.read(path)
    assert str(raised.value) == f"{path}: elements nested too deeply to read"


@pytest.mark.parametrize(
    ("reader", "content", "ids", "line"),
    [
        (inline, "<author>A</author>\n<booktitle>B\n<author>C</author>\n", ["refs-1", "refs-3"], 2),
        (tei, tei_document("<bibl>A</bibl>", "<bibl> </bibl>", "<bibl>C</bibl>"), ["refs-1", "refs-3"], 4),
    ],
)
def test_lenient_skips_the_bad_record_and_keeps_the_others(tmp_path, reader, content, ids, line):
    path = tmp_path / "refs.txt"
    path.write_text(content, encoding="utf-8")
    loaded = reader.read(path, lenient=True)
    assert [record["id"] for record in loaded.records] == ids
    assert len(loaded.skipped) == 1
    assert loaded.skipped[0].startswith(f"{path}:{line}: ")
    with pytest.raises(CorpusError):
        reader.read(path)


@settings(max_examples=300, deadline=None)
@given(
    garbage=st.sampled_from([(inline, INLINE_FRAGMENTS, "", ""), (tei, TEI_FRAGMENTS, "<listBibl>", "</listBibl>")]),
    data=st.data(),
    bad_byte=st.booleans(),
    lenient=st.booleans(),
)
def test_garbage_gives_valid_records_or_corpus_error(tmp_path_factory, garbage, data, bad_byte, lenient):
    reader, fragments, head, tail = garbage
    body = "".join(data.draw(st.lists(st.sampled_from(fragments), max_size=30)))
    content = (head + body + tail).encode() + b"\xff" * bad_byte
    path = tmp_path_factory.mktemp("garbage") / "refs.txt"
    path.write_bytes(content)
    try:
        loaded = reader.read(path, lenient=lenient)
    except CorpusError as error:
        assert str(error).startswith(f"{path}:")
        return
    for record in loaded.records:
        assert_well_formed(record)


def test_an_inline_file_without_any_tag_is_refused(tmp_path):
    # Read as inline, plain text or JSON lines became references with nothing labelled, which training and
    # evaluate took without a word (a researcher's trial).
    path = tmp_path / "plain.txt"
    path.write_text('Smith, J. (2001). A title.\n{"text": "Doe, K. 1999.", "spans": []}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="plain.txt: no line holds a tag"):
        inline.read(path)
    path.write_text("Smith, J. (2001). A title.\n<author>Doe, K.</author> 1999.\n", encoding="utf-8")
    loaded = inline.read(path)
    assert [bool(record["spans"]) for record in loaded.records] == [False, True]
    assert loaded.notes == ["1 line of 2 holds no tag: read as references with no field (label them, or leave "
                            "them out)"]
