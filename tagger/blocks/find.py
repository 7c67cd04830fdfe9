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
                    confidence: bool = False) -> list[FoundReference]:
    """The references of the paper at ``path`` (a ``.pdf``, or any other file read as UTF-8 text), parsed
    by ``tagger`` (default: the shipped model), in order, each with its page.

    >>> import tagger, pathlib, tempfile
    >>> paper = pathlib.Path(tempfile.mkdtemp()) / "paper.txt"
    >>> _ = paper.write_text("Intro text.\\n\\nReferences\\n[1] Smith, J. A title. J. Biol. 3, 1-10, 2001.\\n"
    ...                      "[2] Doe, K. Another title. Berlin: Springer, 1999.\\n", encoding="utf-8")
    >>> [found.reference.fields["year"] for found in tagger.find_references(paper)]
    [['2001'], ['1999']]
    """
    from tagger.model import default_tagger

    tagger = tagger or default_tagger()
    source = Path(path)
    lines, whole = section_of(source)
    found = split_section(lines, tagger)
    parsed = tagger.parse_many([reference.text for reference in found], confidence=confidence)
    results = [FoundReference(reference, found.page) for reference, found in zip(parsed, found)]
    if whole and source.suffix.casefold() == ".pdf":
        warnings.warn(f"{source}: no reference heading found; kept what parses as references in the whole text",
                      NoReferenceHeadingWarning, stacklevel=2)
        results = [result for result in results if _looks_like_reference(result.reference)]
    return results


def section_of(path: Path) -> tuple[list[SectionLine], bool]:
    """The reference section's lines of the document at ``path``, and whether no heading was found (then
    the lines are the whole document's)."""
    if path.suffix.casefold() == ".pdf":
        from tagger.blocks.pdf import read_pdf_lines, reference_section, whole_document

        lines = read_pdf_lines(path)
        section = reference_section(lines)
        return (section, False) if section is not None else (whole_document(lines), True)
    from tagger.blocks.pdf import text_reference_section

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); give a PDF or a UTF-8 text file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    section = text_reference_section(text)
    if section is not None:
        return section, False
    return [SectionLine(line) for line in text.replace("\r\n", "\n").replace("\f", "\n").split("\n")], True


def _looks_like_reference(reference: Reference) -> bool:
    fields = reference.fields
    return "year" in fields and ("author" in fields or "title" in fields)
