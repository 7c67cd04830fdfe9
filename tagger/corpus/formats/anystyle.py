"""AnyStyle's XML: ``<dataset><sequence><author>…</author><title>…</title>…</sequence></dataset>``.

The text of a sequence is its segments (and any loose text between them),
each with whitespace folded, joined by single spaces. Nested markup inside a
segment is flattened into it, but a label tag inside another (``<author><title>…``) is an error: the inner
label would be lost. The writer puts a record's id in an ``id``
attribute of its ``<sequence>`` (AnyStyle ignores it), so ids survive a round trip.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tagger.corpus.formats.common import (
    WHITESPACE,
    Loaded,
    TextBuilder,
    label_of,
    mapping,
    parse_xml,
    record_id,
)
from tagger.labels import OTHER

FORMAT = "anystyle-xml"
XML_NAME = re.compile(r"[A-Za-z_][\w.-]*")


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    root = parse_xml(path)
    labels = mapping(FORMAT)
    for number, sequence in enumerate(root.iter("sequence"), start=1):
        nested = next(((inner.tag, segment.tag) for segment in sequence for inner in segment.iter()
                       if inner is not segment and inner.tag in labels), None)
        if nested:  # flattened, the inner label would be lost without a word
            loaded.fail(f"{path}: sequence {number}: <{nested[0]}> inside <{nested[1]}>: AnyStyle's segments do "
                        "not nest", lenient)
            continue
        text = TextBuilder()
        text.add(sequence.text or "")
        for segment in sequence:
            text.add("".join(segment.itertext()), label_of(segment.tag, FORMAT, loaded), segment.tag)
            text.add(segment.tail or "")
        if text.text:
            loaded.records.append(text.record(sequence.get("id") or record_id(path, number)))
    return loaded


HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<dataset>\n'
FOOTER = "</dataset>\n"


def render_record(record: dict[str, Any]) -> str:
    """One ``<sequence>``; a record AnyStyle XML cannot carry raises ``ValueError``."""
    identifier = f' id="{escape(str(record["id"]), {chr(34): "&quot;"})}"' if "id" in record else ""
    return f"  <sequence{identifier}>\n" + "".join(_segments(record)) + "  </sequence>\n"


def _segments(record: dict[str, Any]) -> list[str]:
    text, pieces, lines, position = record["text"], [], [], 0
    tags = mapping(FORMAT, "write")
    for span in [*record["spans"], None]:
        gap = text[position : span["start"] if span else len(text)].strip()
        if gap:
            pieces.append(gap)
            lines.append(f"    {_escape(gap, record)}\n")
        if span is None:
            break
        value = text[span["start"] : span["end"]]
        tag = _tag(span, tags[span["label"]])
        pieces.append(value)
        lines.append(f"    <{tag}>{_escape(value, record)}</{tag}>\n")
        position = span["end"]
    if " ".join(pieces) != text or any(WHITESPACE.sub(" ", piece) != piece for piece in pieces):
        raise ValueError(
            f"record {record.get('id', '?')}: AnyStyle XML joins segments with single spaces and cannot carry "
            "this text exactly (spaces missing or doubled, or other whitespace, in or between fields); use jsonl "
            "or conll, or --lenient "
            "to leave such records out"
        )
    return lines


def _tag(span: dict[str, Any], default: str) -> str:
    """The span's own source tag when reading it back gives the same label (so a round trip keeps it,
    ``<signal>`` too, which any tag not in the table maps to ``other``), else ``default``."""
    source = span.get("source_label")
    if source and XML_NAME.fullmatch(source) and mapping(FORMAT).get(source, OTHER) == span["label"]:
        return source
    return default


def _escape(value: str, record: dict[str, Any]) -> str:
    if any(ord(char) < 0x20 and char not in "\t\n\r" for char in value):
        raise ValueError(f"record {record.get('id', '?')}: holds a control character that XML cannot carry")
    return escape(value)

