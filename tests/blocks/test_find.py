"""Finding the references of a paper: PDFs the tests build, plain-text papers, and the ``find`` command."""

import difflib
import json
import warnings

import pytest

import tagger
from tagger import InputError, NoReferenceHeadingWarning, PdfError
from tagger.cli import main


def key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def in_order(expected: list[str], found: list[str]) -> list[tuple[int, int]]:
    """Pairs (expected index, found index) of the references found exactly, in order."""
    matcher = difflib.SequenceMatcher(None, [key(text) for text in expected], [key(text) for text in found],
                                      autojunk=False)
    return [(block.a + offset, block.b + offset) for block in matcher.get_matching_blocks()
            for offset in range(block.size)]


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("layout", ["numbered", "hanging", "flush"])
def test_references_come_back_from_a_pdf_in_order_with_their_page(tmp_path, write_reference_pdf, sample_references,
                                                                  tagger_model, columns, layout):
    references = sample_references * columns  # enough to cross a page break in two columns too
    paper = write_reference_pdf(tmp_path / "paper.pdf", references, columns=columns, layout=layout, body_pages=2,
                                appendix=True)
    expected = [f"[{number}] {text}" if layout == "numbered" else text
                for number, text in enumerate(references, start=1)]
    found = tagger.find_references(tmp_path / "paper.pdf", tagger_model)
    matched = in_order(expected, [reference.text for reference in found])
    assert len(matched) >= 0.95 * len(expected), [reference.text for reference in found]
    assert all(found[position].page == paper.start_pages[index] for index, position in matched)
    assert len(set(paper.start_pages)) > 1  # the list crossed a page break
    assert found[0].reference.fields.get("year")


def test_a_paper_as_plain_text(tmp_path, tagger_model):
    paper = tmp_path / "paper.txt"
    paper.write_text("A Study of Things\n\nIntroduction\nSome body text that cites [1] and [2].\n\f"
                     "References\n"
                     "[1] Smith, J. A title about things that runs over\n    two lines. J. Biol. 3, 1-10, 2001.\n"
                     "[2] Doe, K. Another title. Berlin: Springer, 1999.\n\f"
                     "[3] Roe, P. The third. Oxford: OUP, 2010.\n"
                     "Appendix A. Proofs\nThe proof goes here.\n", encoding="utf-8")
    found = tagger.find_references(paper, tagger_model)
    assert [(reference.text, reference.page) for reference in found] == [
        ("[1] Smith, J. A title about things that runs over two lines. J. Biol. 3, 1-10, 2001.", 2),
        ("[2] Doe, K. Another title. Berlin: Springer, 1999.", 2),
        ("[3] Roe, P. The third. Oxford: OUP, 2010.", 3)]
    assert found[1].to_dict()["page"] == 2 and found[1].reference.fields["year"] == ["1999"]


def test_a_running_head_naming_the_references_on_the_next_page_does_not_start_a_new_section(tmp_path, tagger_model):
    # A new user's paper: "Bibliography" atop the page after the "References" heading was read as the section's
    # heading, and the references before it were dropped without a word.
    references = [f"{name}, A. ({1990 + index}). A study of things number {index}. Journal of Things, {index}, 1-10."
                  for index, name in enumerate(["Adams", "Baker", "Clark", "Davis", "Evans", "Fox", "Grant", "Hill"])]
    contents = "Contents\n1 Introduction\nReferences\n\f"
    body = "Introduction\nSome body text.\n\fMore body text.\n\f"
    paper = tmp_path / "paper.txt"
    paper.write_text(contents + body + "References\n" + "\n".join(references[:4]) + "\n\fBibliography\n"
                     + "\n".join(references[4:]) + "\n", encoding="utf-8")
    found = tagger.find_references(paper, tagger_model)
    assert [(reference.text, reference.page) for reference in found] == [
        (text, 4 if index < 4 else 5) for index, text in enumerate(references)]


def test_running_heads_alternating_with_a_chapters_title_and_a_heading_at_a_pages_foot(tmp_path, tagger_model):
    references = [f"{name}, A. ({1990 + index}). A study of things number {index}. Journal of Things, {index}, 1-10."
                  for index, name in enumerate(["Adams", "Baker", "Clark", "Davis", "Evans", "Fox", "Grant", "Hill"])]
    heads = ["References", "Chapter 3. Things", "References", "Chapter 3. Things"]
    pages = [f"{head}\n{references[2 * index]}\n{references[2 * index + 1]}\n{index + 3}\n"
             for index, head in enumerate(heads)]
    body = "Introduction\nSome body text.\nMore body text here, and more.\nReferences\n2\n\f"  # at the foot
    paper = tmp_path / "paper.txt"
    paper.write_text("Contents\n1 Introduction\nReferences\n\f" + body + "\f".join(pages), encoding="utf-8")
    found = tagger.find_references(paper, tagger_model)
    assert [reference.text for reference in found] == references


@pytest.mark.parametrize("heading", ["References\n", ""])
def test_a_flush_reference_across_a_page_break_of_plain_text_stays_whole(tmp_path, tagger_model, heading):
    """pdftotext ends a page's last line before its form feed (``scanned\\n\\ftheses``): that is no blank
    line, which would end the reference (a new user's paper came back with one reference in two)."""
    paper = tmp_path / "paper.txt"
    paper.write_text(heading + "Dempster, A. P., Laird, N. M., & Rubin, D. B. (1977). Maximum likelihood from\n"
                     "incomplete data via the EM algorithm. J. R. Stat. Soc. B, 39(1), 1-38.\n"
                     "Ferreira, R., & Lima, A. (2019). Extracting bibliographic metadata from scanned\n\f"
                     "theses in Portuguese. Revista Brasileira de Ciência da Informação, 22(3), 10-20.\n"
                     "Gupta, S. (2015). Machine learning for document engineering. New York: Springer.\n",
                     encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoReferenceHeadingWarning)
        found = tagger.find_references(paper, tagger_model)
    assert [reference.text[:8] for reference in found] == ["Dempster", "Ferreira", "Gupta, S"]
    assert found[1].text.endswith("from scanned theses in Portuguese. Revista Brasileira de Ciência da Informação, "
                                  "22(3), 10-20.")
    assert [reference.page for reference in found] == ([1, 1, 2] if heading else [None, None, None])


@pytest.mark.parametrize("content", ["", "\n \n\f\n"])
def test_an_empty_text_file_gives_one_warning_and_no_references(tmp_path, capsys, content):
    empty = tmp_path / "empty.txt"
    empty.write_text(content, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NoReferenceHeadingWarning: there is no text to want a heading
        assert tagger.find_references(empty) == []
    assert main(["find", str(empty)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip().endswith("empty.txt: no references found")
    assert captured.err.count("\n") == 1


def test_a_text_without_heading_is_read_as_a_pasted_list_with_a_warning(tmp_path, tagger_model):
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("Smith, J. (2001). A title. J. Biol., 3, 1-10.\nDoe, K. (1999). Another. Berlin: Springer.\n",
                      encoding="utf-8")
    with pytest.warns(NoReferenceHeadingWarning, match="pasted.txt: no reference heading"):
        found = tagger.find_references(pasted, tagger_model)
    assert [reference.page for reference in found] == [None, None] and len(found) == 2


def test_a_pdf_is_known_by_its_first_bytes_not_its_name(tmp_path, build_reference_pdf, sample_references,
                                                         tagger_model):
    build_reference_pdf(tmp_path / "paper.pdf", sample_references[:5], layout="hanging")
    (tmp_path / "paper.pdf").rename(tmp_path / "2101.00001v2")
    found = tagger.find_references(tmp_path / "2101.00001v2", tagger_model)
    assert len(in_order(sample_references[:5], [reference.text for reference in found])) == 5


def test_find_reads_a_paper_on_standard_input_and_says_what_a_directory_is(tmp_path, monkeypatch, capsys):
    import io

    text = "References\n1. Smith, J. A title. J. Biol. 3, 1-10, 2001.\n2. Doe, K. Another. Berlin, 1999.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert main(["find", "-"]) == 0
    assert [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()] == ["-", "-"]
    assert main(["find", str(tmp_path)]) == 1
    assert "is a directory, not a paper" in capsys.readouterr().err


@pytest.mark.parametrize("body_pages", [0, 1])
def test_a_pdf_without_heading_keeps_what_parses_as_references_and_warns(tmp_path, build_reference_pdf,
                                                                         sample_references, tagger_model, body_pages):
    # The body's sentences cite works, "(Smith & Jones, 2019; Brown, 2005)": a new user's paper without a
    # heading came back with 32 pieces of its body among its 36 references.
    build_reference_pdf(tmp_path / "paper.pdf", sample_references[:8], heading="", body_pages=body_pages,
                        layout="hanging")
    with pytest.warns(NoReferenceHeadingWarning, match="paper.pdf"):
        found = tagger.find_references(tmp_path / "paper.pdf", tagger_model)
    texts = [reference.text for reference in found]
    assert len(in_order(sample_references[:8], texts)) >= 7
    assert len(texts) <= 9 and not any(sentence in text for text in texts
                                       for sentence in ("Early systems", "long history", "Neural models"))


@pytest.mark.parametrize(("text", "kept"), [
    ("Smith, J. (2001). A title. J. Biol., 3, 1-10.", True),
    ("Annual report on the state of the forests. Rome: FAO, 2011.", True),
    ("Brown, 2005).", False),  # a citation's end, cut from the body's sentence
    ("The results show that no single rule splits every list correctly, which motivates a learned approach. In the "
     "following section we describe the data, the features and the evaluation in more detail. Earlier work has "
     "relied on hand-written patterns that break whenever a new citation style appears. Reference parsing has a "
     "long history (Smith & Jones, 2019;", False),  # a paragraph read as one long title
])
def test_a_piece_of_a_paper_without_heading_is_kept_when_it_reads_as_a_reference(tagger_model, text, kept):
    from tagger.blocks.find import _looks_like_reference

    assert _looks_like_reference(tagger_model.parse(text)) is kept


@pytest.mark.parametrize(("content", "error", "message"), [
    (b"%PDF-1.4\n1 0 obj\n<<", PdfError, "damaged or not a PDF"),
    (None, InputError, "no such file"),
])
def test_bad_pdfs_get_one_error_naming_the_file(tmp_path, tagger_model, content, error, message):
    path = tmp_path / "broken.pdf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=message) as raised:
        tagger.find_references(path, tagger_model)
    assert "broken.pdf" in str(raised.value)


def test_a_text_file_that_is_not_utf8_is_refused_by_line_or_read_with_replacements(tmp_path, tagger_model, capsys):
    path = tmp_path / "latin1.txt"
    path.write_bytes("References\n1. Smith, J. A title. 2001.\n2. Müller, K. Titel. Berlin, 2001.\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt:3: not valid UTF-8 \(byte 5 of the line\)"):
        tagger.find_references(path, tagger_model)
    found = tagger.find_references(path, tagger_model, errors="replace")
    assert [reference.text for reference in found][-1] == "2. M\ufffdller, K. Titel. Berlin, 2001."
    assert main(["find", "--errors", "replace", "--format", "tagged", str(path)]) == 0
    assert "\ufffd" in capsys.readouterr().out


def test_a_text_file_with_a_nul_byte_is_refused_as_parse_refuses_it(tmp_path, tagger_model):
    # find read it and wrote "Smith\u0000 J." where parse said the file was binary (found by a new user).
    path = tmp_path / "nul.txt"
    path.write_bytes(b"References\n1. Smith\x00 J. A title. 2001.\n2. Doe, K. Another. 1999.\n")
    with pytest.raises(InputError, match="nul.txt:2: contains a NUL byte"):
        tagger.find_references(path, tagger_model)


def test_the_find_command_writes_source_number_and_page(tmp_path, build_reference_pdf, sample_references, capsys):
    pages = build_reference_pdf(tmp_path / "paper.pdf", sample_references[:6], columns=2, layout="numbered")
    assert main(["find", str(tmp_path / "paper.pdf")]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [result["number"] for result in results] == [1, 2, 3, 4, 5, 6]
    assert [result["page"] for result in results] == pages
    assert all(result["source"] == str(tmp_path / "paper.pdf") and result["fields"] for result in results)
    assert main(["find", "--format", "bibtex", str(tmp_path / "paper.pdf")]) == 0
    assert capsys.readouterr().out.count("@") == 6


def test_the_find_command_reads_the_other_files_when_one_is_bad(tmp_path, capsys):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.pdf"
    good.write_text("References\n1. Smith, J. A title. J. Biol. 3, 1-10, 2001.\n", encoding="utf-8")
    bad.write_bytes(b"not a pdf at all")
    assert main(["find", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 and "bad.pdf: is damaged or not a PDF" in captured.err
    assert "1 of 2 files could not be read" in captured.err
    assert main(["find", str(bad)]) == 1
    assert capsys.readouterr().err.count("bad.pdf") == 1  # one error, not two


def test_output_to_a_closed_pipe_exits_quietly(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    paper = tmp_path / "paper.txt"
    paper.write_text("References\n" + "".join(f"[{number}] Smith, J. A title. J. Biol. 3, 1-10, 2001.\n"
                                              for number in range(1, 1501)), encoding="utf-8")
    repository = Path(__file__).resolve().parent.parent.parent
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {sys.executable} -m tagger.cli find {paper} | head -1"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(repository)})
    assert result.stdout.count("\n") == 1 and result.returncode == 0
    assert "Traceback" not in result.stderr and "rror" not in result.stderr


def test_a_text_files_bad_byte_is_placed_by_line_and_byte_after_a_byte_order_mark():
    from tagger.blocks.find import decoded_text

    with pytest.raises(InputError, match=r"f:2: not valid UTF-8 \(byte 3 of the line\)"):
        decoded_text(b"\xef\xbb\xbfabc\nde\xff\n", "f")
    with pytest.raises(InputError, match="f:3: contains a NUL byte"):
        decoded_text(b"\xef\xbb\xbf\n\n\x00", "f")
    assert decoded_text(b"\xef\xbb\xbfReferences\n", "f") == "References\n"
    with pytest.raises(ValueError, match="errors must be 'strict' or 'replace'"):
        decoded_text(b"abc", "f", errors="ignore")
