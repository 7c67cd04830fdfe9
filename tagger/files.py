"""File helpers shared by the library and the research commands: a file's SHA-256, writing a file whole, and
reading a line of an input file as text."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from tagger.errors import InputError


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_whole(path: str | Path, pieces: Iterable[str]) -> None:
    """Write the text ``pieces`` to ``path`` all at once (a temporary file beside it, renamed into place): a
    failure leaves no half-written file and the old one as it was."""
    _replace_whole(Path(path), "w", lambda out: out.writelines(pieces))


def write_bytes_whole(path: str | Path, data: bytes) -> None:
    """:func:`write_whole` for bytes."""
    _replace_whole(Path(path), "wb", lambda out: out.write(data))


def _replace_whole(path: Path, mode: str, write: Callable[[IO], object]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    # mkstemp makes the file private (0600); give it the mode a plain open() would, or the old file's.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
    try:
        text = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
        with os.fdopen(handle, mode, **text) as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def refuse_binary(raw: bytes, where: str) -> None:
    """An :class:`InputError` naming ``where`` (``FILE:LINE``) when the line ``raw`` holds a NUL byte: the input
    is a binary file, not text."""
    if b"\0" in raw:
        raise InputError(f"{where}: contains a NUL byte: this looks like a binary file, not text")


def decoded_line(raw: bytes, where: str, errors: str, hint: str) -> str:
    """The line ``raw`` of an input file as UTF-8 text; with ``errors`` ``strict``, invalid UTF-8 is an
    :class:`InputError` naming ``where`` (``FILE:LINE``), the byte of the line, and ``hint`` (how to read on)."""
    try:
        return raw.decode("utf-8", errors)
    except UnicodeDecodeError as error:
        raise InputError(f"{where}: not valid UTF-8 (byte {error.start + 1} of the line); {hint}") from None
