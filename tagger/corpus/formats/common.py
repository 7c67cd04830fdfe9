"""What every corpus reader shares: the record it builds, the label mapping, and how it reports errors."""

from __future__ import annotations

import collections
import functools
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tagger.errors import CorpusError
from tagger.labels import OTHER

WHITESPACE = re.compile(r"\s+")


@dataclass
class Loaded:
    """The records read from one file, the source tags that mapped to ``other``, the records skipped, and
    what the format itself says to leave out (an annotation tool's unannotated or rejected tasks)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    unknown: collections.Counter = field(default_factory=collections.Counter)
    skipped: list[str] = field(default_factory=list)  # "file:line: what is wrong", with --lenient
    notes: list[str] = field(default_factory=list)  # "12 tasks have no annotation...": one warning each

    def fail(self, message: str, lenient: bool) -> None:
        """Report a bad record: raise, or with ``lenient`` remember it and go on."""
        if not lenient:
            raise CorpusError(message)
        self.skipped.append(message)


@functools.cache
def mapping(format_name: str, direction: str = "read") -> dict[str, str | None]:
    """The source tag -> label table of ``format_name`` (``labels.json``, beside this module)."""
    table = json.loads((resources.files("tagger.corpus.formats") / "labels.json").read_text(encoding="utf-8"))
    return table[format_name][direction]


def label_of(tag: str, format_name: str, loaded: Loaded) -> str | None:
    """The label for a source tag: from the format's table, else ``other`` (counted in ``loaded.unknown``)."""
    table = mapping(format_name)
    if tag in table:
        return table[tag]
    loaded.unknown[tag] += 1
    return OTHER


class TextBuilder:
    """Builds a reference's text from pieces joined by single spaces, and the spans over it.

    Each piece has its whitespace folded to single spaces and trimmed; empty
    pieces are dropped. A labelled piece becomes a span over exactly its text.
    """

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[dict[str, Any]] = []

    def add(self, piece: str, label: str | None = None, source_label: str | None = None, glue: bool = False) -> None:
        """Append ``piece``; with ``glue`` no space separates it from what came before."""
        piece = WHITESPACE.sub(" ", piece).strip()
        if not piece:
            return
        if self.text and not glue:
            self.text += " "
        start = len(self.text)
        self.text += piece
        if label is not None:
            span = {"start": start, "end": len(self.text), "label": label}
            if source_label is not None:
                span["source_label"] = source_label
            self.spans.append(span)

    def record(self, identifier: str) -> dict[str, Any]:
        return {"id": identifier, "text": self.text, "spans": self.spans}


def record_id(path: Path, number: int) -> str:
    """``<file stem>-<n>``: every record can be traced back to its place in the file."""
    return f"{path.stem}-{number}"


def read_text(path: Path) -> str:
    """The file's text; invalid UTF-8 or an empty file is a :class:`CorpusError` naming the place."""
    if path.is_dir():
        raise CorpusError(f"{path}: is a directory, not a corpus file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CorpusError(f"{path}:{line}: not valid UTF-8 ({error.reason})") from None
    if not text.strip():
        raise CorpusError(f"{path}: empty file, no references")
    return text


def parse_xml(path: Path) -> ElementTree.Element:
    """The root element of an XML file, namespaces dropped from tag names; errors name the line."""
    try:
        root = ElementTree.fromstring(read_text(path))
    except ElementTree.ParseError as error:
        line, _ = error.position
        reason = str(error).split(":")[0]
        raise CorpusError(f"{path}:{line}: not well-formed XML: {reason}") from None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    return root


def json_lines(path: Path, loaded: Loaded, lenient: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL file; a bad line (not JSON, not an object)
    is reported to ``loaded``."""
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as error:
            loaded.fail(f"{path}:{number}: not valid JSON: {error.msg}", lenient)
            continue
        if not isinstance(task, dict):
            loaded.fail(f"{path}:{number}: expected a JSON object, not {type(task).__name__}", lenient)
            continue
        yield number, task
