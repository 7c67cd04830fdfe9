"""Reader for inline-tagged references (ParsCit, CORA, UMass): one reference per line, fields in ``<tag> ... </tag>``.

The whitespace just inside a tag is markup padding (``<title> Fast parsing . </title>``), so each run of
text between two tags is one piece, folded and trimmed, and pieces are joined by single spaces. Where
text outside a tag touches the tag with no space (``</journal>,`` or ``</volume>:<pages>``) the source
glues them, and so does the text: "J. ACM, 16", "23(6):74--77".
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any, NamedTuple

from tagger.corpus.formats.common import Loaded, TextBuilder, label_of, read_text, record_id
from tagger.errors import CorpusError
from tagger.wording import counted

FORMAT = "inline"
TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)>")
# flux-cim ends every source line with <br>; it separates words like a space.
LINE_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)


class Field(NamedTuple):
    """One occurrence of a labelled tag: all the text inside it, nested tags included, becomes one span."""

    position: int  # which tag of the line opened it, so two adjacent <author> tags stay two spans
    tag: str
    label: str


class Piece(NamedTuple):
    """A run of text between two tags, the field it belongs to (``None``: unlabelled), and whether it is glued."""

    text: str
    field: Field | None
    glue: bool


def read(path: Path, lenient: bool = False) -> Loaded:
    """Read every tagged line of ``path``; a malformed line raises, or with ``lenient`` is skipped and noted."""
    loaded = Loaded()
    # split("\n") rather than splitlines(): form feeds or U+2028 inside a reference must not shift line numbers.
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        tagged = LINE_BREAK.sub(" ", line)
        problem = line_problem(tagged)
        if problem:
            loaded.fail(f"{path}:{number}: {problem}", lenient)
            continue
        # The id carries the line number, as the shared corpora's ids do, so a record leads back to its source.
        loaded.records.append(line_record(tagged, record_id(path, number), loaded))
    untagged = sum(not record["spans"] for record in loaded.records)
    if loaded.records and untagged == len(loaded.records):
        # Plain text or JSON read as inline: every line a reference with nothing labelled, which would train a
        # model on "no field" and score one against no gold (a researcher's trial).
        raise CorpusError(f"{path}: no line holds a tag (<author>...</author>): this is not inline-tagged text")
    if untagged:
        loaded.notes.append(f"{counted(untagged, 'line')} of {len(loaded.records):,} "
                            f"{'holds' if untagged == 1 else 'hold'} no tag: read as references with no field (label "
                            "them, or leave them out)")
    return loaded


def line_problem(line: str) -> str:
    """What makes ``line`` unreadable, or ``""``: tags that do not nest leave the field boundaries unknown."""
    open_tags: list[str] = []
    for closing, tag in TAG.findall(line):
        if not closing:
            open_tags.append(tag)
        elif not open_tags:
            return f"closing tag </{tag}> without an opening tag"
        elif open_tags[-1] != tag:
            return f"mismatched tag </{tag}>: <{open_tags[-1]}> is still open"
        else:
            open_tags.pop()
    if open_tags:
        return f"unbalanced tag <{open_tags[-1]}>: never closed"
    if not TAG.sub("", line).strip():
        return "tags but no reference text"
    return ""


def line_record(line: str, identifier: str, loaded: Loaded) -> dict[str, Any]:
    """The record of a well-nested line: loose pieces stay unlabelled, each field's pieces make one span."""
    builder = TextBuilder()
    for field, group in itertools.groupby(pieces(line, loaded), key=lambda piece: piece.field):
        group_pieces = list(group)
        if field is None:
            for piece in group_pieces:
                builder.add(piece.text, glue=piece.glue)
        else:
            builder.add(joined(group_pieces), field.label, field.tag, glue=group_pieces[0].glue)
    return builder.record(identifier)


def pieces(line: str, loaded: Loaded) -> list[Piece]:
    """The non-blank text runs of ``line`` in order, each with its field and whether it is glued to the one before.

    A run is glued when the text outside a tag touches it: the run starts right after a closing tag
    (``</journal>,``), or the previous run ends right before an opening tag (``:<pages>``). Two tags
    side by side (``</author><title>``) still separate their fields by a space.
    """
    parts = TAG.split(line)
    # split() with the two groups of TAG alternates: text, "/" or "", tag name, text, ...
    texts, closings, tags = parts[0::3], parts[1::3], parts[2::3]
    open_fields: list[Field | None] = []
    result: list[Piece] = []
    glue_next = False
    for position, text in enumerate(texts):
        if text.strip():
            glued_to_closing_tag = position > 0 and closings[position - 1] == "/" and not text[0].isspace()
            field = open_fields[-1] if open_fields else None
            result.append(Piece(text, field, glue_next or glued_to_closing_tag))
            glue_next = position < len(tags) and closings[position] == "" and not text[-1].isspace()
        if position == len(tags):
            break
        if closings[position]:
            open_fields.pop()
        else:
            open_fields.append(opened_field(position, tags[position], open_fields, loaded))
    return result


def opened_field(position: int, tag: str, open_fields: list[Field | None], loaded: Loaded) -> Field | None:
    """The field a newly opened tag belongs to: the enclosing field if any (the outermost labelled tag wins).

    Otherwise the tag's own label starts a field; a wrapper (``venue``, null in labels.json) starts none,
    so its children become fields and the loose text inside it stays unlabelled.
    """
    enclosing = open_fields[-1] if open_fields else None
    if enclosing is not None:
        return enclosing
    label = label_of(tag, FORMAT, loaded)
    return None if label is None else Field(position, tag, label)


def joined(group: list[Piece]) -> str:
    """The text of one field's pieces, glued or spaced as in the source."""
    return "".join(("" if index == 0 or piece.glue else " ") + piece.text.strip() for index, piece in enumerate(group))
