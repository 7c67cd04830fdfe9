"""Finding the references of a paper: a PDF or a plain-text file in, parsed references with their page out.

The reference section is found by its heading (:mod:`tagger.blocks.pdf`), cut
into references by :func:`tagger.blocks.sections.split_section` (with the
PDF's line geometry when there is one) and each reference parsed. A document
without a reference heading is read whole: a plain-text file is then taken
for a pasted reference list; in a PDF only the pieces that parse as
references (an author or title, and a year) are kept, with a warning.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tagger.blocks.layout import SectionLine
from tagger.blocks.sections import split_section
from tagger.errors import InputError, NoReferenceHeadingWarning
from tagger.files import decoded_line, refuse_binary

if TYPE_CHECKING:
    from tagger.model import Tagger
    from tagger.reference import Reference


@dataclasses.dataclass(frozen=True)
class FoundReference:
    """A reference found in a document: the parsed reference and the page its first line stands on
    (``None`` when the input has no pages: plain text without form feeds)."""

    reference: Reference
    page: int | None

    @property
    def text(self) -> str:
        return self.reference.text

    def to_dict(self) -> dict[str, Any]:
        return {**self.reference.to_dict(), "page": self.page}


def find_references(path: str | os.PathLike[str], tagger: Tagger | None = None, *,
                    confidence: bool = False, errors: str = "strict") -> list[FoundReference]:
    """The references of the paper at ``path`` (a PDF: named ``.pdf`` or starting as one; else UTF-8 text),
    parsed by ``tagger`` (default: the shipped model), in order, each with its page. ``errors`` is what invalid
    UTF-8 in a text file gives: an :class:`~tagger.errors.InputError` naming the line (``strict``) or U+FFFD
    for each bad byte (``replace``).

    Without a reference heading a PDF keeps what parses as references (an author or title, and a year) and a
    text file is read whole as a reference list; both warn (:class:`~tagger.errors.NoReferenceHeadingWarning`).

    >>> import tagger, pathlib, tempfile
    >>> paper = pathlib.Path(tempfile.mkdtemp()) / "paper.txt"
    >>> _ = paper.write_text("Intro text.\\n\\nReferences\\n[1] Smith, J. A title. J. Biol. 3, 1-10, 2001.\\n"
    ...                      "[2] Doe, K. Another title. Berlin: Springer, 1999.\\n", encoding="utf-8")
    >>> [found.reference.fields["year"] for found in tagger.find_references(paper)]
    [['2001'], ['1999']]
    """
    source = Path(path)
    if _is_pdf(source):
        from tagger.blocks.pdf import read_pdf_lines, reference_section, whole_document

        lines = read_pdf_lines(source)
        section = reference_section(lines)
        if section is not None:
            return _parsed(section, tagger, confidence)
        warnings.warn(f"{source}: no reference heading found; kept what parses as references in the whole text",
                      NoReferenceHeadingWarning, stacklevel=2)
        return [found for found in _parsed(whole_document(lines), tagger, confidence)
                if _looks_like_reference(found.reference)]
    return references_in_text(_read_text(source, errors), tagger, source=str(source), confidence=confidence)


def references_in_text(text: str, tagger: Tagger | None = None, *, source: str = "the text",
                       confidence: bool = False) -> list[FoundReference]:
    """:func:`find_references` for a paper's text (``pdftotext`` output, say; pages from form feeds); ``source``
    names it in the warning given when it has no reference heading and is read whole."""
    from tagger.blocks.pdf import text_lines, text_reference_section

    if not text.strip():  # an empty paper has no references, and no heading to warn about
        return []
    section = text_reference_section(text)
    if section is None:
        warnings.warn(f"{source}: no reference heading found; the whole text was read as a reference list",
                      NoReferenceHeadingWarning, stacklevel=2)
        section = [SectionLine(line) for line, _ in text_lines(text)]
    return _parsed(section, tagger, confidence)


def _parsed(lines: list[SectionLine], tagger: Tagger | None, confidence: bool) -> list[FoundReference]:
    from tagger.model import default_tagger

    tagger = tagger or default_tagger()
    found = split_section(lines, tagger)
    parsed = tagger.parse_many([reference.text for reference in found], confidence=confidence)
    return [FoundReference(reference, piece.page) for reference, piece in zip(parsed, found)]


def _is_pdf(path: Path) -> bool:
    """Whether the file is to be read as a PDF: its name ends in ``.pdf`` (if it is none, the PDF reader says
    so) or it starts as a PDF does (``%PDF-`` within its first kilobyte), whatever its name."""
    if path.suffix.casefold() == ".pdf":
        return True
    try:
        with path.open("rb") as handle:
            return b"%PDF-" in handle.read(1024)
    except OSError:
        return False


def _read_text(path: Path, errors: str = "strict") -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a paper") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    return decoded_text(data, str(path), errors)


def decoded_text(data: bytes, name: str, errors: str = "strict") -> str:
    """A paper's text file as text: UTF-8, a byte-order mark dropped; a NUL byte (a binary file) or, with
    ``errors`` ``strict``, invalid UTF-8 is an :class:`InputError` naming the line (``replace``: U+FFFD), as
    ``reftagger parse`` reads its input."""
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")  # no UTF-8 sequence holds a newline byte
    for number, raw in enumerate(lines, start=1):  # a binary file is said to be one before any bad byte is named
        refuse_binary(raw, f"{name}:{number}")
    return "\n".join(decoded_line(raw, f"{name}:{number}", errors, READ_ON)
                     for number, raw in enumerate(lines, start=1))


# How to read on past invalid UTF-8 in a paper's text.
READ_ON = ('--errors replace (errors="replace" in find_references) reads such bytes as U+FFFD, and iconv -f latin1 '
           "-t utf-8 converts Latin-1")


# A piece of a PDF without a reference heading that starts with a title longer than this is prose.
TITLE_WORDS = 40


def _looks_like_reference(reference: Reference) -> bool:
    """Whether a piece of a PDF without a reference heading is kept as a reference: it starts with its author
    (or editor, or a title of at most ``TITLE_WORDS`` words, and then names where it appeared), holds a year (two
    at most), something besides its author and year, and one title, venue and publisher at most. Body text
    citing works ("... a long history (Smith & Jones, 2019; Brown, 2005). Early systems ...") starts otherwise,
    cites more, reads as several titles and publishers, or is cut into a paragraph and an author and year."""
    fields = reference.fields
    first = next((span.label for span in reference.spans if span.label != "marker"), None)
    if first == "title" and (not fields.keys() & {"venue", "publisher", "volume", "pages", "doi", "url"}
                             or len(" ".join(fields["title"]).split()) > TITLE_WORDS):
        return False  # "Neural models now dominate the field (Lample et al., 2016).", or a paragraph of them
    if not fields.keys() - {"author", "editor", "year", "marker"}:
        return False  # "Brown, 2005).", the end of a citation in the body's text
    return (first in ("author", "editor", "title") and 1 <= len(fields.get("year", ())) <= 2
            and all(len(fields.get(label, ())) <= 1 for label in ("title", "venue", "publisher")))
