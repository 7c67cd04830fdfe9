"""Reader for GROBID TEI: every ``<bibl>`` or ``<biblStruct>`` inside a ``<listBibl>`` is one reference.

Unlike the inline format, TEI markup carries no padding: a reference's text is the bibl's text
content in document order (``<author>Smith, J.</author> (<date>2001</date>).`` reads
"Smith, J. (2001)."), with whitespace runs folded to one space and trimmed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers.expat import ErrorString

from tagger.corpus.formats.common import WHITESPACE, Loaded, label_of, mapping, read_text, record_id
from tagger.errors import CorpusError

FORMAT = "tei"
TEI_NAMESPACE = "{http://www.tei-c.org/ns/1.0}"
REFERENCE_ELEMENTS = frozenset({"bibl", "biblStruct"})
# Elements that only structure or mark up the text inside a reference: read through, their text unlabelled unless
# an element around them labels it. Any other element labels its text: as labels.json says ("title", "biblScope",
# ...), or, for a tag the table lacks, ``other``, counted in the warning as every unknown tag is (a <weird>
# element was dropped without a word). The outermost such element around some text labels it.
STRUCTURAL_ELEMENTS = frozenset((
    "bibl", "biblStruct", "listBibl", "analytic", "monogr", "imprint", "series", "relatedItem", "respStmt", "resp",
    "persName", "forename", "surname", "roleName", "nameLink", "addName", "genName", "name", "hi", "emph", "lb",
    "pb", "foreign", "abbr", "expan", "choice", "sic", "corr", "reg", "orig", "seg", "affiliation", "address",
    "q", "quote", "c", "w", "pc", "num", "unclear", "gap", "add", "del", "ref", "meeting", "addrLine", "street",
    "postCode", "postBox", "settlement", "district", "region", "country", "bloc", "placeName", "geogName",
))
# The attribute that refines an element's lookup key: "title@j", "biblScope@page", "idno@DOI".
KEY_ATTRIBUTES = {"title": "level", "biblScope": "unit", "idno": "type", "ptr": "type"}


class LineRecordingBuilder(ElementTree.TreeBuilder):
    """A tree builder that remembers each element's line (where its start tag ends), to name it in errors."""

    def __init__(self) -> None:
        super().__init__()
        self.line = 0  # set by the caller before it feeds each line
        self.lines: dict[ElementTree.Element, int] = {}

    def start(self, tag: str, attributes: dict[str, str]) -> ElementTree.Element:
        element = super().start(tag, attributes)
        self.lines[element] = self.line
        return element


def read(path: Path, lenient: bool = False) -> Loaded:
    """Read every reference of ``path``; one without text raises, or with ``lenient`` is skipped and noted."""
    root, lines = parsed(path)
    try:
        return references_of(path, root, lines, lenient)
    except RecursionError:
        # expat builds trees of any depth; walking them here recurses once per level.
        raise CorpusError(f"{path}: elements nested too deeply to read") from None


def references_of(
    path: Path, root: ElementTree.Element, lines: dict[ElementTree.Element, int], lenient: bool
) -> Loaded:
    """The records of the parsed document ``root`` of ``path``."""
    references = list(reference_elements(root))
    if not references:
        raise CorpusError(f"{path}: empty file, no references")
    loaded = Loaded()
    for number, element in enumerate(references, start=1):
        record = reference_record(element, record_id(path, number), loaded)
        if record["text"]:
            loaded.records.append(record)
        else:
            loaded.fail(f"{path}:{lines[element]}: <{local_name(element.tag)}> has no text", lenient)
    return loaded


def parsed(path: Path) -> tuple[ElementTree.Element, dict[ElementTree.Element, int]]:
    """The document's root and each element's line; bad UTF-8 and malformed XML name the line at fault.

    Not ``common.parse_xml``: a bibl without text is reported with its line, which needs the lines here.
    """
    text = read_text(path)
    builder = LineRecordingBuilder()
    parser = ElementTree.XMLParser(target=builder)
    try:
        # Fed line by line so that the builder knows the line of every start tag it receives.
        for number, line in enumerate(text.split("\n"), start=1):
            builder.line = number
            parser.feed(line + "\n")
        return parser.close(), builder.lines
    except ElementTree.ParseError as error:
        line, _column = error.position
        raise CorpusError(f"{path}:{line}: not well-formed XML: {ErrorString(error.code)}") from None


def local_name(tag: str) -> str:
    """An element's TEI name, the same with or without the TEI namespace."""
    return tag.removeprefix(TEI_NAMESPACE)


def reference_elements(element: ElementTree.Element, in_list: bool = False) -> Iterator[ElementTree.Element]:
    """The outermost bibl/biblStruct elements inside a listBibl, in document order.

    A bibl nested in another (a ``relatedItem``) is part of the outer reference, not one of its own.
    """
    name = local_name(element.tag)
    if in_list and name in REFERENCE_ELEMENTS:
        yield element
        return
    for child in element:
        yield from reference_elements(child, in_list or name == "listBibl")


def reference_record(bibl: ElementTree.Element, identifier: str, loaded: Loaded) -> dict[str, Any]:
    """The record of one bibl: its folded text, and a span over each labelled element's text."""
    text, regions = folded_text(bibl)
    has_article_title = any(
        local_name(element.tag) == "title" and element.get("level") == "a" for element in bibl.iter()
    )
    spans = []
    for element, start, end in regions:
        start, end = trimmed(text, start, end)
        if start < end:
            key = lookup_key(element, has_article_title)
            spans.append({"start": start, "end": end, "label": label_of(key, FORMAT, loaded), "source_label": key})
    return {"id": identifier, "text": text.rstrip(" "), "spans": spans}


def folded_text(bibl: ElementTree.Element) -> tuple[str, list[tuple[ElementTree.Element, int, int]]]:
    """The bibl's text, and the region of it each outermost labelled element covers.

    Whitespace runs are folded as the text grows, so they fold across element boundaries too and the
    offsets need no remapping afterwards. Regions are not yet trimmed; the text may end in one space.
    """
    text = ""
    regions: list[tuple[ElementTree.Element, int, int]] = []
    for chunk, element in text_chunks(bibl, None):
        piece = WHITESPACE.sub(" ", chunk)
        if piece.startswith(" ") and (not text or text.endswith(" ")):
            piece = piece[1:]
        if element is not None:
            start = regions.pop()[1] if regions and regions[-1][0] is element else len(text)
            regions.append((element, start, len(text) + len(piece)))
        text += piece
    return text, regions


def text_chunks(
    element: ElementTree.Element, labelled: ElementTree.Element | None
) -> Iterator[tuple[str, ElementTree.Element | None]]:
    """Every text and tail below ``element`` in document order, with the outermost element around it that is not
    structure (:data:`STRUCTURAL_ELEMENTS`): the one that labels it."""
    yield element.text or "", labelled
    for child in element:
        if labelled is None and local_name(child.tag) not in STRUCTURAL_ELEMENTS:
            yield from text_chunks(child, child)
        else:
            yield from text_chunks(child, labelled)
        yield child.tail or "", labelled


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards past spaces: a span never begins or ends with whitespace."""
    region = text[start:end]
    return start + len(region) - len(region.lstrip(" ")), end - len(region) + len(region.rstrip(" "))


def lookup_key(element: ElementTree.Element, has_article_title: bool) -> str:
    """The labels.json key of a labelled element: "tag@attribute-value" when the table has it, else the bare tag."""
    name = local_name(element.tag)
    attribute = KEY_ATTRIBUTES.get(name)
    value = element.get(attribute) if attribute else None
    if name == "title" and value == "m" and has_article_title:
        value = "m+a"  # the book that contains the cited chapter is its venue, not its title
    key = f"{name}@{value}"
    return key if value is not None and key in mapping(FORMAT) else name
