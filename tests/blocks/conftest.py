"""PDFs of papers with a reference section, built by the tests with fpdf2, and the references they hold.

The fixture ``build_reference_pdf`` gives the function that writes such a PDF and returns the page each
reference starts on; ``write_reference_pdf`` gives the same function returning every reference line as well
(what a reader of the PDF should find); ``sample_references`` gives thirty references of varied styles.

    def test_splits_a_pdf(tmp_path, build_reference_pdf, sample_references):
        pages = build_reference_pdf(tmp_path / "paper.pdf", sample_references, columns=2, layout="hanging")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest

SAMPLE_REFERENCES = [
    "Chen, H., Tafalla, M., Greene, T. P., Myers, P. C., & Wilner, D. J. (1997). Near-infrared spectra of young "
    "stellar objects. The Astrophysical Journal, 475(1), 163-172.",
    "Basso, D. M., Beattie, M. S. & Bresnahan, J. C. A sensitive and reliable locomotor rating scale for open "
    "field testing in rats. Journal of Neurotrauma 12, 1-21 (1995).",
    "Gurney, M. E. et al. Motor neuron degeneration in mice that express a human Cu,Zn superoxide dismutase "
    "mutation. Science 264, 1772-1775 (1994).",
    "Hallier, A. The Monastic Theology of Aelred of Rievaulx: An Experiential Theology. Shannon: Irish University "
    "Press, 1969.",
    "Dennemarker J, Lohmuller T, Mayerle J, Tacke M, Lerch MM, Coussens LM, Peters C, Reinheckel T. Deficiency "
    "for the cysteine protease cathepsin L promotes tumor progression in mouse epidermis. Oncogene. 2010;29(11):"
    "1611-21.",
    "Kurth AE, Spielberg F, Cleland CM, Lambdin B, Bangsberg DR, Frick PA, et al. Computerized counseling reduces "
    "HIV-1 viral load and sexual transmission risk: findings from a randomized controlled trial. J Acquir Immune "
    "Defic Syndr. 2013;62(4):400-8.",
    "Reynolds, I. and Nobuhiro, E. (2016). Residents who fled Fukushima fear return to ghost town. Bloomberg, "
    "20 October.",
    "Borazjani, I. & Sotiropoulos, F. On the role of form and kinematics on the hydrodynamics of body/caudal fin "
    "swimming. Journal of Experimental Biology 213, 89-107 (2010).",
    "Gattellari M, Voigt KJ, Butow PN, Tattersall MH: When the treatment goal is not cure: are cancer patients "
    "equipped to make informed decisions? Journal of Clinical Oncology 20: 503-13, 2002.",
    "Horn, W., El Goresy, A. Fe-Cr-Ni-metals in rocks from the floor of the Rochechouart crater: material of the "
    "impacting body? Meteoritics, v. 14, p. 424. 1979.",
    "Jacknis, I. (1991). George Hunt, collector of Indian specimens. In A. Jonaitis (Ed.), Chiefly Feasts: The "
    "Enduring Kwakiutl Potlatch (pp. 177-224). Seattle: University of Washington Press.",
    "Beautrais AL: National strategies for the reduction and prevention of suicide. Crisis 26: 1-3, 2005.",
    "Schumpeter, J. A. Capitalism, Socialism and Democracy. London: Routledge, 1992.",
    "Perrault, C. Contes. Paris: Editions Garnier Freres, 1967.",
    "O'Rourke, J. G. et al. C9orf72 BAC transgenic mice display typical pathologic features of ALS/FTD. Neuron "
    "88, 892-901, doi:10.1016/j.neuron.2015.10.027 (2015).",
    "Berman, G. (2008). Harnessing Diversity: Addressing Racial and Religious Discrimination in Employment. "
    "Melbourne: Victorian Multicultural Commission.",
    "Rosanvallon, P. La Democratie inachevee. Histoire de la souverainete du peuple en France. Paris: Gallimard, "
    "2000.",
    "Rouyet, L., Kristensen, L., Derron, M.-H., Michoud, C., Blikra, L. H., Jaboyedoff, M., & Lauknes, T. R. "
    "(2016). Evidence of rock slope breathing using ground-based InSAR. Geomorphology, 289, 152-169.",
    "Clemens, G., Bird, B., Weida, M., Rowlette, J. and Baker, M. J. Quantum cascade laser-based mid-infrared "
    "spectrochemical imaging of tissues. Spectroscopy Europe, 2014, 26, 14-19.",
    "Palme, H., Grieve, R. A. F. The chemical composition of the impact melt at the Clearwater East impact "
    "structure, Quebec, Canada. Meteoritics, v. 13, pp. 595-596. 1978.",
    "U.S. Department of the Interior, National Park Service. (1998). NPS-28: Cultural Resource Management "
    "Guideline. Washington, DC: U.S. Department of the Interior.",
    "Allen, J. P. The Inflection of the Verb in the Pyramid Texts. Bibliotheca Aegyptia 2. Malibu: Undena, 1984.",
    "Janhall, S., Andreae, M. O., & Poschl, U. (2010). Biomass burning aerosol emissions from vegetation fires: "
    "particle number and mass emission factors and size distributions. Atmospheric Chemistry and Physics, 10(3), "
    "1427-1439.",
    "Jantzen, W., Steffens, J. Inklusion und das Problem der Grenze. Zeitschrift fur gemeinsames Leben, Lernen "
    "und Arbeiten 4/5 (2014), S. 48-53.",
    "Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., Kaiser, L., & Polosukhin, I. "
    "(2017). Attention is all you need. In Advances in Neural Information Processing Systems 30 (pp. 5998-6008).",
    "Lafferty, J., McCallum, A., & Pereira, F. (2001). Conditional random fields: Probabilistic models for "
    "segmenting and labeling sequence data. In Proceedings of ICML (pp. 282-289).",
    "Councill, I. G., Giles, C. L., & Kan, M.-Y. (2008). ParsCit: an open-source CRF reference string parsing "
    "package. In Proceedings of LREC 2008. Marrakech, Morocco.",
    "Lopez, P. (2009). GROBID: Combining automatic bibliographic data recognition and term extraction for "
    "scholarship publications. In Research and Advanced Technology for Digital Libraries (pp. 473-474). Springer.",
    "Tkaczyk, D., Szostek, P., Fedoryszak, M., Dendek, P. J., & Bolikowski, L. (2015). CERMINE: automatic "
    "extraction of structured metadata from scientific literature. International Journal on Document Analysis "
    "and Recognition, 18(4), 317-335.",
    "Knuth, D. E. The Art of Computer Programming, Volume 1: Fundamental Algorithms. 3rd ed. Reading, MA: "
    "Addison-Wesley, 1997.",
]

BODY_SENTENCES = [
    "Reference lists are the part of a paper that other tools read most often, yet they arrive in many forms.",
    "Some journals number their references, others sort them by author and indent every line after the first.",
    "We collected papers from several fields and measured how often each layout occurs in practice.",
    "The results show that no single rule splits every list correctly, which motivates a learned approach.",
    "In the following section we describe the data, the features and the evaluation in more detail.",
    "Earlier work has relied on hand-written patterns that break whenever a new citation style appears.",
    "Reference parsing has a long history (Smith & Jones, 2019; Brown, 2005).",
    "Early systems used rules; later work used CRFs (Lee & Kim, 2020), and some used both (Garcia, 2017).",
    "Neural models now dominate the field (Lample et al., 2016).",
]

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4, in millimetres as fpdf2 measures
MARGIN = 20.0
GUTTER = 8.0
HEAD_BASELINE, FIRST_BASELINE, LAST_BASELINE, FOOT_BASELINE = 12.0, 26.0, 270.0, 286.0
POINT = 25.4 / 72  # millimetres per point
INDENT = {"numbered": 7.0, "hanging": 5.0, "flush": 0.0}
# matplotlib (a test dependency) ships DejaVu, a font that covers Cyrillic and Greek.
UNICODE_FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"


@dataclasses.dataclass(frozen=True)
class ReferenceLine:
    """One line of a reference as the PDF shows it: its text as read (a number label and the text joined by
    a space), its 1-based page and the index of its reference."""

    text: str
    page: int
    reference: int


@dataclasses.dataclass(frozen=True)
class ReferencePdf:
    """What :func:`write_reference_pdf` wrote: the page each reference starts on and every reference line."""

    start_pages: list[int]
    lines: list[ReferenceLine]


class _Writer:
    """Places lines of text on the pages of an fpdf2 document, column by column, page by page."""

    def __init__(self, columns: int, running_head: bool, unicode: bool) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.family = "Times"
        if unicode:
            if not UNICODE_FONT.is_file():
                pytest.skip(f"references beyond Latin-1 need the font {UNICODE_FONT}")
            self.pdf.add_font("Serif", "", str(UNICODE_FONT))
            self.pdf.add_font("Serif", "B", str(UNICODE_FONT.with_name("DejaVuSerif-Bold.ttf")))
            self.family = "Serif"
        self.columns, self.running_head = columns, running_head
        self.size = 10.0 if columns == 1 else 9.0
        self.column_width = (PAGE_WIDTH - 2 * MARGIN - (columns - 1) * GUTTER) / columns
        self.column, self.y = columns - 1, LAST_BASELINE + 1  # the first line opens a page
        self.column_top = FIRST_BASELINE  # where columns start on this page: below a title on the first

    @property
    def page(self) -> int:
        return self.pdf.page

    @property
    def pitch(self) -> float:
        return 1.2 * self.size * POINT

    def font(self, size: float | None = None, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size or self.size)

    def new_column(self) -> None:
        self.column += 1
        if self.column == self.columns:
            self.pdf.add_page()
            self.column, self.column_top = 0, FIRST_BASELINE
            if self.running_head:
                self.font(8)
                self.pdf.text(MARGIN, HEAD_BASELINE, f"Journal of Reference Studies 12 (2024) {100 + self.page}")
                self.pdf.text(PAGE_WIDTH / 2 - 1, FOOT_BASELINE, str(self.page))
                self.font()
        self.y = self.column_top

    def left(self) -> float:
        return MARGIN + self.column * (self.column_width + GUTTER)

    def line(self, text: str, indent: float = 0.0, label: str = "") -> None:
        """Write one line at the next baseline of the column, ``label`` at the column's edge."""
        if self.y > LAST_BASELINE:
            self.new_column()
        if label:
            self.pdf.text(self.left(), self.y, label)
        self.pdf.text(self.left() + indent, self.y, text)
        self.y += self.pitch

    def space(self, millimetres: float) -> None:
        self.y += millimetres

    def wrap(self, text: str, first_width: float, width: float) -> list[str]:
        """Greedy word wrap: as many words as fit on each line."""
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if current and self.pdf.get_string_width(candidate) > (width if lines else first_width):
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def paragraph(self, text: str) -> None:
        for number, line in enumerate(self.wrap(text, self.column_width - 4, self.column_width)):
            self.line(line, indent=4.0 if number == 0 else 0.0)

    def heading(self, text: str, size: float = 11.0) -> None:
        if self.y + 4 > LAST_BASELINE:
            self.new_column()
        self.space(3)
        self.font(size, "B")
        self.line(text)
        self.font()
        self.space(1)


def write_reference_pdf(path: str | Path, references: list[str], *, columns: int = 1, layout: str = "numbered",
                        running_head: bool = True, body_pages: int = 1, reference_gap: float = 0.0,
                        heading: str = "References", appendix: bool = False) -> ReferencePdf:
    """Write a paper to ``path``: ``body_pages`` pages of body text (a title across the columns on the first),
    a paragraph, the ``heading`` and the ``references``, wrapped to the column, flowing over columns and pages.

    ``layout``: ``"numbered"`` ("[1]" at the column edge, the text indented after it), ``"hanging"`` (lines
    after a reference's first indented) or ``"flush"`` (no indentation). ``reference_gap``: extra space
    between references, in line heights. ``running_head``: a running head in the top margin and the page
    number centred in the bottom one, on every page. ``appendix``: an "Appendix A" heading and a paragraph
    after the last reference. Text beyond Latin-1 needs the DejaVu font (the test is skipped without it).
    """
    unicode = any(not text.isascii() and not _latin1(text) for text in [*references, heading])
    writer = _Writer(columns, running_head, unicode)
    writer.font()
    sentences = iter(BODY_SENTENCES * 1000)
    if body_pages:
        writer.new_column()
        writer.font(14, "B")
        writer.pdf.text(MARGIN, writer.y, "Splitting Reference Lists Read From PDF Files Across Two Columns")
        writer.font()
        writer.space(10)
        writer.column_top = writer.y
        while writer.page <= body_pages:
            writer.paragraph(" ".join(next(sentences) for _ in range(4)))
        writer.paragraph(" ".join(next(sentences) for _ in range(3)))
    writer.heading(heading)
    indent = INDENT[layout]
    first_width = writer.column_width - (indent if layout == "numbered" else 0.0)
    start_pages, lines = [], []
    for index, reference in enumerate(references):
        label = f"[{index + 1}]" if layout == "numbered" else ""
        for number, text in enumerate(writer.wrap(reference, first_width, writer.column_width - indent)):
            shift = indent if number or layout == "numbered" else 0.0
            writer.line(text, indent=shift, label=label if number == 0 else "")
            if number == 0:
                start_pages.append(writer.page)
            lines.append(ReferenceLine(f"{label} {text}" if label and number == 0 else text, writer.page, index))
        writer.space(reference_gap * writer.pitch)
    if appendix:
        writer.heading("Appendix A. Derivations")
        writer.paragraph(" ".join(next(sentences) for _ in range(3)))
    writer.pdf.output(str(path))
    return ReferencePdf(start_pages, lines)


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def build_reference_pdf(path: str | Path, references: list[str], **options) -> list[int]:
    """Write a paper with a reference section to ``path`` (options as for :func:`write_reference_pdf`) and
    return the 1-based page each reference starts on."""
    return write_reference_pdf(path, references, **options).start_pages


@pytest.fixture(scope="session")
def tagger_model():
    """The shipped reference tagger."""
    from tagger.model import default_tagger

    return default_tagger()


@pytest.fixture(name="build_reference_pdf", scope="session")
def build_reference_pdf_fixture() -> Callable[..., list[int]]:
    """:func:`build_reference_pdf`: ``(path, references, *, columns=1, layout="numbered", running_head=True,
    body_pages=1, reference_gap=0.0, heading="References", appendix=False) -> start page per reference``."""
    return build_reference_pdf


@pytest.fixture(name="write_reference_pdf", scope="session")
def write_reference_pdf_fixture() -> Callable[..., ReferencePdf]:
    """:func:`write_reference_pdf`, which returns every reference line with its page as well."""
    return write_reference_pdf


@pytest.fixture(scope="session")
def sample_references() -> list[str]:
    """Thirty references of varied styles and lengths, Latin-1 only (fpdf2's core fonts)."""
    return list(SAMPLE_REFERENCES)
