"""Labelled-reference formats: read any of them into records, write some of them back.

Readers: ``jsonl`` (DESIGN.md's format), ``anystyle-xml``, ``inline`` (ParsCit,
CORA and UMass inline tags), ``tei`` (GROBID) and ``conll`` (BIO). Writers:
``jsonl``, ``anystyle-xml`` and ``conll``; read -> write -> read gives the same
records. Source tags map to labels through ``labels.json``; a tag it does not
list becomes ``other`` and is counted in a :class:`CorpusWarning`.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from tagger.corpus.formats.common import Loaded, read_text
from tagger.errors import CorpusError, CorpusWarning
from tagger.files import write_whole

# Format name -> the module that reads it (``read``) and, for writable formats, writes it
# (``HEADER``, ``render_record``, ``FOOTER``); imported when first used.
READERS = {"jsonl": "jsonl", "anystyle-xml": "anystyle", "inline": "inline", "tei": "tei", "conll": "conll"}
WRITERS = ("jsonl", "anystyle-xml", "conll")
EXTENSIONS = {".jsonl": "jsonl", ".json": "jsonl", ".conll": "conll", ".bio": "conll", ".tsv": "conll"}
INLINE_TAG = re.compile(r"<([A-Za-z][\w-]*)>.*?</\1>")
BIO_LINE = re.compile(r"^[^\t\n]+\t(?:O|[BI]-\S+)(?:\t\S+)?$", re.MULTILINE)


def _module(format: str) -> ModuleType:
    return importlib.import_module(f"tagger.corpus.formats.{READERS[format]}")


def detect(path: Path) -> str:
    """The format of ``path``, from its extension or, failing that, its first lines."""
    if path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    try:
        with open(path, "rb") as handle:  # the first 20 kB tell the format; the reader reads the file itself
            head = handle.read(20_000).decode("utf-8", "ignore")
    except OSError:
        head = ""
    if not head.strip():
        read_text(path)  # a directory, an unreadable, empty or undecodable file: the error that names it
    start = head.lstrip()
    if start.startswith("{"):
        return "jsonl"
    if re.search(r"<dataset[\s>]", head) and re.search(r"<sequence[\s>]", head):
        return "anystyle-xml"
    if re.search(r"<(?:\w+:)?(?:TEI|listBibl)[\s>]", head):
        return "tei"
    if BIO_LINE.search(head):
        return "conll"
    if INLINE_TAG.search(head):
        return "inline"
    raise CorpusError(f"{path}: cannot tell its format; name it ({', '.join(READERS)})")


def read(path: str | Path, format: str | None = None, lenient: bool = False) -> Loaded:
    """Read one labelled file; ``format`` ``None`` detects it. Warns of tags mapped to ``other``
    and, with ``lenient``, of the records skipped."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file")
    name = format or detect(path)
    if name not in READERS:
        raise CorpusError(f"{path}: unknown format {name!r}; known: {', '.join(READERS)}")
    try:
        loaded = _module(name).read(path, lenient)
    except CorpusError as error:
        if format is None:  # say what the file was taken for: a wrong guess reads as nonsense errors
            raise CorpusError(f"{error} (read as {name}, told from the file's name or content; --from names the "
                              "format)") from None
        raise
    if not loaded.records:
        if loaded.skipped:
            raise CorpusError(f"{path}: every record is bad ({len(loaded.skipped)}); the first: {loaded.skipped[0]}")
        raise CorpusError(f"{path}: empty file, no references")
    if loaded.unknown:
        counts = ", ".join(f"{tag} ({count})" for tag, count in loaded.unknown.most_common())
        warnings.warn(f"{path}: {sum(loaded.unknown.values())} spans whose tags the {name} table does not "
                      f"list were labelled 'other': {counts}", CorpusWarning, stacklevel=2)
    if loaded.skipped:
        warnings.warn(f"{path}: {len(loaded.skipped)} bad records skipped (--lenient); the first: "
                      f"{loaded.skipped[0]}", CorpusWarning, stacklevel=2)
    return loaded


def read_records(path: str | Path, format: str | None = None, lenient: bool = False) -> list[dict[str, Any]]:
    """The records of one labelled file in any supported format (``None``: detected); errors name
    ``file:line``."""
    return read(path, format, lenient).records


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL corpus, each checked; errors name ``file:line``."""
    return read_records(path, "jsonl")


def write(records: Iterable[dict[str, Any]], path: str | Path, format: str, lenient: bool = False) -> list[str]:
    """Write ``records`` to ``path`` in ``format`` all at once: a failure leaves no half-written file.
    Returns the messages of the records left out (``lenient``)."""
    skipped: list[str] = []
    write_whole(path, document(records, format, lenient, skipped))
    return skipped


def document(records: Iterable[dict[str, Any]], format: str, lenient: bool = False,
             skipped: list[str] | None = None) -> Iterator[str]:
    """The text of a whole file of ``records`` in ``format``, piece by piece. A record the format
    cannot carry is a :class:`CorpusError`, or with ``lenient`` is left out and noted in ``skipped``."""
    if format not in WRITERS:
        raise CorpusError(f"cannot write {format!r}; writable formats: {', '.join(WRITERS)}")
    module = _module(format)
    yield module.HEADER
    for record in records:
        try:
            yield module.render_record(record)
        except ValueError as error:
            if not lenient:
                raise CorpusError(str(error)) from None
            if skipped is not None:
                skipped.append(str(error))
    yield module.FOOTER
