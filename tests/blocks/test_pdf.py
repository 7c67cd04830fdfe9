"""Reading a PDF's lines and finding its reference section; the same for a paper as plain text."""

import pytest

from tagger.blocks.layout import SectionLine
from tagger.blocks.pdf import PdfLine, read_pdf_lines, reference_section, text_reference_section, whole_document
from tagger.errors import InputError, PdfError

LAYOUTS = [(columns, layout) for columns in (1, 2) for layout in ("numbered", "hanging", "flush")]


def references_for(columns: int, references: list[str]) -> list[str]:
    """Enough references to cross a page break: two columns hold twice as many."""
    if columns == 1:
        return references
    return references + [f"{reference} Reprinted {2000 + index}." for index, reference in enumerate(references)]


@pytest.fixture(scope="module")
def papers(tmp_path_factory, write_reference_pdf, sample_references):
    """Every layout written once: (columns, layout) -> (what was written, the section found, the lines read)."""
    folder = tmp_path_factory.mktemp("papers")
    built = {}
    for columns, layout in LAYOUTS:
        path = folder / f"{columns}-{layout}.pdf"
        pdf = write_reference_pdf(path, references_for(columns, sample_references), columns=columns, layout=layout,
                                  appendix=True)
        lines = read_pdf_lines(path)
        built[columns, layout] = pdf, reference_section(lines), lines
    return built


@pytest.mark.parametrize(("columns", "layout"), LAYOUTS)
def test_the_section_is_exactly_the_reference_lines_in_order(papers, columns, layout):
    pdf, section, _ = papers[columns, layout]
    assert [(line.text, line.page) for line in section] == [(line.text, line.page) for line in pdf.lines]
    assert pdf.lines[0].page < pdf.lines[-1].page  # across a page break, past a running head and page number
    assert all(line.has_geometry for line in section)


@pytest.mark.parametrize(("columns", "layout"), [case for case in LAYOUTS if case[1] != "flush"])
def test_continuation_lines_are_indented_further_than_first_lines(papers, columns, layout):
    pdf, section, _ = papers[columns, layout]
    first = [line.indent for line, built in zip(section, pdf.lines) if _first(built, pdf.lines)]
    rest = [line.indent for line, built in zip(section, pdf.lines) if not _first(built, pdf.lines)]
    assert min(rest) > max(first) + 1.0


@pytest.mark.parametrize("columns", [1, 2])
def test_a_flush_list_starts_every_line_at_the_column_edge(papers, columns):
    _, section, _ = papers[columns, "flush"]
    assert max(line.indent for line in section) < 0.2


@pytest.mark.parametrize(("columns", "layout"), LAYOUTS)
def test_a_references_short_last_line_has_a_small_fill_and_a_wrapped_line_a_large_one(papers, columns, layout):
    pdf, section, _ = papers[columns, layout]
    longest = max(len(line.text) for line in pdf.lines)
    wrapped = []
    for line, built in zip(section, pdf.lines):
        last = built is pdf.lines[-1] or pdf.lines[pdf.lines.index(built) + 1].reference != built.reference
        if last and len(built.text) < 0.3 * longest:
            assert line.fill < 0.45, line
        if not last:
            wrapped.append(line.fill)
    assert min(wrapped) > 0.6 and sum(wrapped) / len(wrapped) > 0.85  # a long next word leaves a gap


@pytest.mark.parametrize("columns", [1, 2])
def test_space_between_references_shows_in_the_gap(tmp_path, write_reference_pdf, sample_references, columns):
    pdf = write_reference_pdf(tmp_path / "spaced.pdf", sample_references, columns=columns, layout="flush",
                              reference_gap=0.6)
    section = reference_section(read_pdf_lines(tmp_path / "spaced.pdf"))
    gaps = [(line.gap, _first(built, pdf.lines)) for line, built in zip(section, pdf.lines) if line.gap is not None]
    assert min(gap for gap, first in gaps if first) > max(gap for gap, first in gaps if not first) + 0.4


def test_build_reference_pdf_gives_the_page_each_reference_starts_on(tmp_path, build_reference_pdf,
                                                                     write_reference_pdf, sample_references):
    pages = build_reference_pdf(tmp_path / "a.pdf", sample_references, columns=2, layout="hanging", body_pages=2)
    pdf = write_reference_pdf(tmp_path / "b.pdf", sample_references, columns=2, layout="hanging", body_pages=2)
    assert pages == pdf.start_pages == [next(line.page for line in pdf.lines if line.reference == index)
                                        for index in range(len(sample_references))]
    assert pages[0] == 3 and pages == sorted(pages)


def test_two_columns_are_read_left_then_right(papers):
    pdf, _, lines = papers[2, "hanging"]
    lines = [line for line in lines if line.page == pdf.lines[0].page and line.column >= 0]
    columns = [line.column for line in lines]
    assert columns == sorted(columns) and set(columns) == {0, 1}
    left, right = ([line for line in lines if line.column == column] for column in (0, 1))
    assert left[0].column_right < right[0].column_left
    assert [line.top for line in left] == sorted(line.top for line in left)


def test_a_paper_without_body_or_running_heads(tmp_path, write_reference_pdf, sample_references):
    pdf = write_reference_pdf(tmp_path / "bare.pdf", sample_references[:5], body_pages=0, running_head=False)
    section = reference_section(read_pdf_lines(tmp_path / "bare.pdf"))
    assert [line.text for line in section] == [line.text for line in pdf.lines]
    assert {line.page for line in section} == {1} and section[0].gap is None


def test_a_heading_beyond_latin_1(tmp_path, write_reference_pdf, sample_references):
    pdf = write_reference_pdf(tmp_path / "ru.pdf", sample_references[:8], heading="Список литературы")
    section = reference_section(read_pdf_lines(tmp_path / "ru.pdf"))
    assert [line.text for line in section] == [line.text for line in pdf.lines]


def test_no_heading_gives_none_and_the_whole_document_without_furniture(tmp_path, write_reference_pdf,
                                                                         sample_references):
    pdf = write_reference_pdf(tmp_path / "none.pdf", sample_references[:3], heading="Further reading on parsing")
    lines = read_pdf_lines(tmp_path / "none.pdf")
    assert reference_section(lines) is None
    document = whole_document(lines)
    assert [line.text for line in document[-len(pdf.lines):]] == [line.text for line in pdf.lines]
    assert not any(line.text.startswith("Journal of Reference Studies") for line in document)
    assert len(document) == len(lines) - 2 * pdf.lines[-1].page  # a running head and a page number a page


def _first(built, lines) -> bool:
    index = lines.index(built)
    return index == 0 or lines[index - 1].reference != built.reference


def pdf_lines(texts: list[str], page: int = 1) -> list[PdfLine]:
    """Lines of one column, one under the other, in the middle of the page."""
    return [PdfLine(text=text, page=page, x0=72.0, x1=72.0 + 5.0 * len(text), top=200.0 + 12.0 * index,
                    bottom=211.0 + 12.0 * index, font_size=10.0, column=0, column_left=72.0, column_right=522.0,
                    page_width=595.0, page_height=842.0) for index, text in enumerate(texts)]


REFERENCE_TEXTS = ["[1] Smith, J. A title. J. Biol. 3, 1-10, 2001.", "[2] Doe, K. Another title.", "Berlin, 1999."]


@pytest.mark.parametrize("heading", [
    "References", "REFERENCES", "References:", "7 References", "7. References", "VII. REFERENCES", "A. References",
    "R E F E R E N C E S", "R EFERENCES", "Bibliography", "Literature Cited", "LITERATURE CITED", "Works Cited",
    "Literatur", "Literaturverzeichnis", "L I T E R A T U R", "Bibliographie", "Références", "Referencias",
    "Bibliografía", "Bibliografia", "Список литературы", "СПИСОК ЛИТЕРАТУРЫ", "Литература", "Література", "参考文献",
])
def test_reference_headings(heading):
    section = reference_section(pdf_lines(["Some body text that ends here.", heading, *REFERENCE_TEXTS]))
    assert [line.text for line in section] == REFERENCE_TEXTS


@pytest.mark.parametrize("end", [
    "Appendix", "APPENDIX", "Appendix A", "Appendix A. Proofs of the lemmas", "Appendix B: Data", "A. Appendix",
    "Appendices", "Supplementary Material", "Supplementary Information", "8 Acknowledgements", "Acknowledgments",
    "Anhang", "Anhang A", "Author contributions", "Notes", "NOTES", "Endnotes", "Anmerkungen", "Declarations",
    "Publisher's Note", "Index",
])
def test_headings_that_end_the_list(end):
    section = reference_section(pdf_lines(["References", *REFERENCE_TEXTS, end, "Text of the appendix."]))
    assert [line.text for line in section] == REFERENCE_TEXTS


@pytest.mark.parametrize("line", [
    "Annex to the Treaty of Rome. Brussels: EC.", "Appendix to the report of the commission (pp. 1-20). London:",
    "Supplement 2, S1-S10.", "Supplementary", "Funding agencies and research policy. Oxford, 2010.",
    "Notes in Computer Science 1234, 1-10.", "Index of economic freedom. Washington, 2019.",
])
def test_reference_lines_that_only_look_like_ending_headings_stay(line):
    section = reference_section(pdf_lines(["References", REFERENCE_TEXTS[0], line, REFERENCE_TEXTS[1]]))
    assert [section_line.text for section_line in section] == [REFERENCE_TEXTS[0], line, REFERENCE_TEXTS[1]]


def test_the_last_heading_wins():
    lines = pdf_lines(["2 Literature", "A review of earlier work.", "References", *REFERENCE_TEXTS])
    assert [line.text for line in reference_section(lines)] == REFERENCE_TEXTS


@pytest.mark.parametrize("texts", [[], ["Just text.", "No heading here."], ["References are cited in the text."]])
def test_without_a_heading_the_section_is_none(texts):
    assert reference_section(pdf_lines(texts)) is None


def test_geometry_is_measured_against_the_column():
    lines = pdf_lines(["References", "[1] Smith, J.", "continued here"])
    lines[2] = PdfLine(**{**lines[2].__dict__, "x0": 92.0, "x1": 297.0})
    section = reference_section(lines)
    assert section == [SectionLine("[1] Smith, J.", fill=round(65 / 450, 3), indent=0.0, gap=None, page=1),
                       SectionLine("continued here", fill=round(205 / 450, 3), indent=2.0, gap=0.1, page=1)]


def image_only(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")
    pdf.output(str(path))


def blank_pages(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    pdf.output(str(path))


def encrypted(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Times", size=10)
    pdf.text(20, 20, "References")
    pdf.output(str(path))


def truncated(path):
    image_only(path)
    path.write_bytes(path.read_bytes()[:200])


@pytest.mark.parametrize(("make", "says"), [
    (image_only, "no text layer"),
    (blank_pages, r"has nothing on any page \(2 empty pages\)"),
    (encrypted, "password"),
    (truncated, "damaged or not a PDF"),
    (lambda path: path.write_bytes(b"%PDF-1.7\n\x00\xff garbage"), "damaged or not a PDF"),
    (lambda path: path.write_text("References\n[1] Smith, J. A title.\n"), "damaged or not a PDF"),
    (lambda path: path.write_bytes(b""), "damaged or not a PDF"),
    (lambda path: None, "no such file"),
])
def test_unreadable_pdfs_raise_one_pdf_error_naming_the_file(tmp_path, make, says):
    path = tmp_path / "paper.pdf"
    make(path)
    with pytest.raises(PdfError, match=says) as raised:
        read_pdf_lines(path)
    assert str(path) in str(raised.value) and isinstance(raised.value, InputError)


def test_an_owner_password_alone_does_not_stop_reading(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")
    pdf.add_page()
    pdf.set_font("Times", size=10)
    pdf.text(20, 20, "References")
    pdf.output(str(tmp_path / "owner.pdf"))
    assert [line.text for line in read_pdf_lines(tmp_path / "owner.pdf")] == ["References"]


PAGED = ("Journal of Things 4 (2001) 12\nA Study of Things\n\nSome body text here.\n\nREFERENCES\n\n"
         "[1] Smith, J. A title.\n    J. Biol. 3, 1-10.\n"
         "[2] Doe, K. Another.\n\n12\n\fJournal of Things 4 (2001) 13\n\n[3] Roe, P. Third.\n\nAppendix A\n"
         "Proofs.\n\f")


@pytest.mark.parametrize(("text", "expected"), [
    (PAGED, [("[1] Smith, J. A title.", 1), ("    J. Biol. 3, 1-10.", 1), ("[2] Doe, K. Another.", 1),
             ("[3] Roe, P. Third.", 2)]),
    ("Body.\n\n5 Literatur\n\nA, B. One.\n\nC, D. Two.\n\nDanksagung\nWir danken.",
     [("A, B. One.", None), ("", None), ("C, D. Two.", None)]),
    ("Body.\nReferences\nSmith, J. A title. Cambridge University\nPress.\nDoe, K. B. Cambridge University\nPress.\n"
     "Roe, P. C. Cambridge University\nPress.",
     [("Smith, J. A title. Cambridge University", None), ("Press.", None), ("Doe, K. B. Cambridge University", None),
      ("Press.", None), ("Roe, P. C. Cambridge University", None), ("Press.", None)]),
    ("Body.\n\nReferences\n\nSmith, J. One. 2001.\nDoe, K. Two\n\n- 7 -\n\nJ. Things 12\n\n2002.\nRoe, P. Three.\n\n"
     "8\n\nJ. Things 13\n\nMoe, Q. Four.\n\nJ. Things 14\n\n",
     [("Smith, J. One. 2001.", None), ("Doe, K. Two", None), ("2002.", None), ("Roe, P. Three.", None),
      ("Moe, Q. Four.", None)]),
])
def test_text_reference_section(text, expected):
    assert [(line.text, line.page) for line in text_reference_section(text)] == expected
    assert not any(line.has_geometry for line in text_reference_section(text))


def test_a_reference_line_that_ends_two_of_many_pages_stays():
    pages = [f"Journal of Things 4 (2001) {number}\nBody text of page {number}.\n{number}" for number in range(1, 9)]
    pages.append("Journal of Things 4 (2001) 9\nReferences\nSmith, J. A. Title. Cambridge University\nPress.\n9")
    pages.append("Journal of Things 4 (2001) 10\nDoe, K. B. Cambridge University\nPress.\n10")
    section = text_reference_section("\f".join(pages))
    assert [(line.text, line.page) for line in section] == [
        ("Smith, J. A. Title. Cambridge University", 9), ("Press.", 9), ("Doe, K. B. Cambridge University", 10),
        ("Press.", 10)]


def test_a_year_alone_at_the_end_of_a_reference_stays():
    text = "References\n\nSmith, J. A title. J. Biol. 3, 1-10,\n2001\n\nDoe, K. Another. Berlin,\n1999\n\n"
    assert [line.text for line in text_reference_section(text)] == [
        "Smith, J. A title. J. Biol. 3, 1-10,", "2001", "", "Doe, K. Another. Berlin,", "1999"]


@pytest.mark.parametrize("text", ["", "\n\n", "Just a paragraph.\nAnd another line.", "\f\f"])
def test_text_without_a_heading_gives_none(text):
    assert text_reference_section(text) is None


def test_a_word_hyphenated_at_a_line_end_stays_on_its_two_lines(tmp_path):
    # pdfium marks such a hyphen (U+FFFE in pypdfium2 5.x, U+0002 in 4.x) and runs the word on in its text.
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Times", size=10)
    lines = ["References", "Blei, D., Ng, A., & Jordan, M. (2003). Latent Diri-",
             "chlet allocation. Journal of Machine Learning Resear-", "ch, 3, 993-1022."]
    for number, line in enumerate(lines):
        pdf.text(20, 20 + 5 * number, line)
    pdf.output(str(tmp_path / "hyphens.pdf"))
    assert [line.text for line in read_pdf_lines(tmp_path / "hyphens.pdf")] == lines


def test_a_heading_that_heads_no_list_is_passed_over():
    text = ("Body text.\nReferences\n[1] Smith, J. A title. 2001.\n[2] Doe, K. Another. 1999.\n"
            "Appendix A. Tables\nTable 1\nReferences\nAppendix B. More\nMore text.\n")
    section = text_reference_section(text)
    assert [line.text for line in section] == ["[1] Smith, J. A title. 2001.", "[2] Doe, K. Another. 1999."]
