"""Reading the input of ``reftagger parse``: lines of UTF-8 text from files or standard input, each with where
it came from, and (``--block``) the references of each input read as one reference section."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import IO, Any, NamedTuple

from tagger.errors import InputError
from tagger.files import decoded_line, refuse_binary

# Longest input line held in memory, in bytes. A longer line is not a reference (only its first
# MAX_LENGTH characters would be tagged anyway); it is skipped, and reported, without being read whole.
LINE_LIMIT = 1_000_000
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


class Line(NamedTuple):
    """One input line: where it came from, its text without the line ending, and its size in bytes.

    ``text`` is ``None`` for a line longer than ``LINE_LIMIT`` bytes, which is not read whole.
    """

    source: str
    number: int
    text: str | None
    size: int


def read_lines(paths: Sequence[str], stdin: IO[bytes] | None, errors: str = "strict") -> Iterator[Line]:
    """Every line of the inputs; ``-`` or no path means standard input.

    ``errors`` is ``strict`` (invalid UTF-8 is an :class:`InputError` naming the
    line) or ``replace`` (each invalid byte becomes U+FFFD). A byte-order mark
    at the start of an input is dropped; a NUL byte means the input is not text, and a PDF gets pointed to
    ``reftagger find``.
    """
    for path in paths or ["-"]:
        if path == "-":
            if stdin is None:
                raise InputError("standard input is closed: name the input files")
            yield from _decode_lines(stdin, "<stdin>", errors)
            continue
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, not a file of references")
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise InputError(f"{path}: cannot open: {error.strerror}") from None
        with handle:
            yield from _decode_lines(handle, path, errors)


def _decode_lines(handle: IO[bytes], name: str, errors: str) -> Iterator[Line]:
    number = 0
    try:
        while raw := handle.readline(LINE_LIMIT + 1):
            number += 1
            if number == 1 and raw.startswith(b"%PDF-"):
                shown = "FILE.pdf" if name == "<stdin>" else name
                raise InputError(f"{name}: is a PDF, and parse reads references one per line of text: "
                                 f"reftagger find {shown} finds and parses the references of a PDF")
            refuse_binary(raw, f"{name}:{number}")
            if len(raw) > LINE_LIMIT and not raw.endswith(b"\n"):
                yield Line(name, number, None, _skip_line(handle, raw))
                continue
            if number == 1 and raw.startswith(BYTE_ORDER_MARK):
                raw = raw[len(BYTE_ORDER_MARK) :]
                if not raw:  # a file holding only a byte-order mark has no lines
                    return
            line = decoded_line(raw, f"{name}:{number}", errors, "--errors replace reads such bytes as U+FFFD")
            yield Line(name, number, line.rstrip("\r\n"), len(raw))
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror}") from None


def _skip_line(handle: IO[bytes], start: bytes) -> int:
    """Read to the end of the overlong line that begins with ``start``, keeping nothing; its size in bytes."""
    size, piece = len(start), start
    while piece and not piece.endswith(b"\n"):
        piece = handle.readline(LINE_LIMIT)
        size += len(piece)
    return size


def block_references(lines: Iterator[Line], model: Any = None) -> Iterator[Line]:
    """The references of each input read as one reference section (``tagger.split_references``, with
    ``model`` judging flush lists; ``None``: the shipped model); a result's number is the reference's place
    in its input."""
    from tagger.blocks import split_references_with

    for found in _inputs(lines):
        references = split_references_with("\n".join(line.text or "" for line in found), model)
        for number, reference in enumerate(references, start=1):
            yield Line(found[0].source, number, reference, sum(line.size for line in found) if number == 1 else 0)


def _inputs(lines: Iterator[Line]) -> Iterator[list[Line]]:
    """The lines of each input apart: a new input starts at its line 1, even one named as the input before
    it (the same file given twice)."""
    found: list[Line] = []
    for line in lines:
        if found and (line.number == 1 or line.source != found[-1].source):
            yield found
            found = []
        found.append(line)
    if found:
        yield found
