"""CoNLL/BIO, one token per line: ``token<TAB>B-author``, a blank line between references.

Reconstruction of the text: tokens are joined by one space. A third column
carries what follows a token when it is not one space, in CoNLL-U's MISC
notation: ``SpaceAfter=No`` (nothing) or ``SpacesAfter=\\s\\s`` (``\\s`` space,
``\\t`` tab, ``\\n`` newline, ``\\r`` carriage return, ``\\uXXXX`` any other
whitespace character). A ``# id = ...`` line before a reference names it (a
line starting with ``#`` and holding no tab is a comment). Tags are ``O``,
``B-label`` or ``I-label``; an ``I-`` tag that does not continue a span of its label starts one (IOB1). The writer
tags with the scheme's labels (``B-other`` for ``other``), not source tags, so
other BIO tools see only the scheme's classes; it cuts
tokens at whitespace and at span boundaries, so any text whose spans do not
begin or end in whitespace is carried exactly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tagger.corpus.formats.common import Loaded, label_of, read_text, record_id

FORMAT = "conll"
ESCAPES = {"\\s": " ", "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}
ESCAPE = re.compile(r"\\(?:[stnr\\]|u[0-9a-f]{4})")
PIECE = re.compile(r"\S+")


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    block: list[tuple[int, str]] = []
    number = 0
    for line_number, line in enumerate([*read_text(path).split("\n"), ""], start=1):
        line = line.rstrip("\r")
        if line.strip():
            block.append((line_number, line))
            continue
        if any(not _is_comment(entry) for _, entry in block):
            number += 1
            try:
                loaded.records.append(_record(path, number, block, loaded))
            except ValueError as error:
                loaded.fail(str(error), lenient)
        block = []
    return loaded


def _record(path: Path, number: int, block: list[tuple[int, str]], loaded: Loaded) -> dict[str, Any]:
    identifier, text, after = record_id(path, number), "", ""
    spans: list[dict[str, Any]] = []
    current = None  # the span the previous token belongs to
    for line_number, line in block:
        if _is_comment(line):
            if line.startswith("# id = "):
                identifier = line[len("# id = ") :].strip()
            continue
        columns = line.split("\t")
        if len(columns) not in (2, 3) or not columns[0]:
            raise ValueError(f"{path}:{line_number}: expected TOKEN<TAB>TAG[<TAB>SpaceAfter=No|SpacesAfter=...]")
        token, tag = columns[0], columns[1]
        if tag != "O" and not re.fullmatch(r"[BI]-\S+", tag):
            raise ValueError(f"{path}:{line_number}: tag {tag!r} is not O, B-label or I-label")
        start = len(text) + len(after) if text else 0
        text = text + after + token if text else token
        after = _spacing(columns[2] if len(columns) == 3 else "", path, line_number)
        if tag == "O":
            current = None
        elif tag.startswith("I-") and current is not None and current["source_label"] == tag[2:]:
            current["end"] = len(text)
        else:
            current = {"start": start, "end": len(text), "label": label_of(tag[2:], FORMAT, loaded),
                       "source_label": tag[2:]}
            spans.append(current)
    return {"id": identifier, "text": text, "spans": spans}


def _is_comment(line: str) -> bool:
    """``# ...`` lines hold comments; a token line always has a tab (the token itself may be ``#5``)."""
    return line.startswith("#") and "\t" not in line


def _spacing(misc: str, path: Path, line_number: int) -> str:
    """What follows a token: one space, unless the third column says otherwise."""
    if not misc:
        return " "
    if misc == "SpaceAfter=No":
        return ""
    if misc.startswith("SpacesAfter="):
        return ESCAPE.sub(_unescape, misc[len("SpacesAfter=") :])
    raise ValueError(f"{path}:{line_number}: third column {misc!r} is not SpaceAfter=No or SpacesAfter=...")


def _unescape(match: re.Match[str]) -> str:
    found = match.group()
    return chr(int(found[2:], 16)) if found.startswith("\\u") else ESCAPES[found]


def _escape(spacing: str) -> str:
    named = {value: key for key, value in ESCAPES.items()}
    return "".join(named.get(char) or f"\\u{ord(char):04x}" for char in spacing)


HEADER = FOOTER = ""


def render_record(record: dict[str, Any]) -> str:
    """One reference's lines and the blank line after them; a record CoNLL cannot carry raises ``ValueError``."""
    return "".join(_lines(record)) + "\n"


def _lines(record: dict[str, Any]) -> list[str]:
    text, identifier = record["text"], record.get("id")
    if not text or text != text.strip():
        raise ValueError(f"record {identifier}: CoNLL cannot carry an empty text or one that begins or ends "
                         "with whitespace")
    cuts = set()
    for span in record["spans"]:
        if text[span["start"]].isspace() or text[span["end"] - 1].isspace():
            raise ValueError(f"record {identifier}: span {span['start']}-{span['end']} begins or ends with "
                             "whitespace, which CoNLL cannot carry")
        cuts.update((span["start"], span["end"]))
    tokens = []  # (start, end) of each token: whitespace-free pieces cut at span boundaries
    for piece in PIECE.finditer(text):
        edges = [piece.start(), *sorted(cut for cut in cuts if piece.start() < cut < piece.end()), piece.end()]
        tokens += list(zip(edges, edges[1:]))
    lines = [f"# id = {identifier}\n"] if identifier is not None else []
    spans = iter(record["spans"])
    span = next(spans, None)
    for index, (start, end) in enumerate(tokens):
        while span is not None and span["end"] <= start:
            span = next(spans, None)
        if span is not None and span["start"] <= start:
            tag = ("B-" if span["start"] == start else "I-") + span["label"]
        else:
            tag = "O"
        following = text[end : tokens[index + 1][0]] if index + 1 < len(tokens) else " "
        misc = "" if following == " " else "\tSpaceAfter=No" if not following else "\tSpacesAfter=" + _escape(following)
        lines.append(f"{text[start:end]}\t{tag}{misc}\n")
    return lines
