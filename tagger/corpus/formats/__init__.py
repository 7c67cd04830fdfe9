"""Labelled-reference formats: read any of them into records, write some of them back.

Readers: ``jsonl`` (DESIGN.md's format), ``anystyle-xml``, ``inline`` (ParsCit,
CORA and UMass inline tags), ``tei`` (GROBID), ``conll`` (BIO), and the exports
of annotation tools, where ``reftagger annotate``'s tasks come back corrected:
``label-studio`` (JSON), ``doccano`` and ``prodigy`` (JSONL). Writers:
``jsonl``, ``anystyle-xml`` and ``conll``; read -> write -> read gives the same
records. Source tags map to labels through ``labels.json``; a tag it does not
list becomes ``other`` and is counted in a :class:`CorpusWarning`.
"""

from __future__ import annotations

import importlib
import json
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from tagger.corpus.formats.common import Loaded, read_text
from tagger.errors import CorpusError, CorpusWarning
from tagger.files import write_whole
from tagger.wording import counted

# Format name -> the module that reads it (``read``) and, for writable formats, writes it
# (``HEADER``, ``render_record``, ``FOOTER``); imported when first used.
READERS = {"jsonl": "jsonl", "anystyle-xml": "anystyle", "inline": "inline", "tei": "tei", "conll": "conll",
           "label-studio": "label_studio", "doccano": "doccano", "prodigy": "prodigy"}
WRITERS = ("jsonl", "anystyle-xml", "conll")
EXTENSIONS = {".jsonl": "jsonl", ".json": "jsonl", ".conll": "conll", ".bio": "conll", ".tsv": "conll"}
INLINE_TAG = re.compile(r"<([A-Za-z][\w-]*)>.*?</\1>")
BIO_LINE = re.compile(r"^[^\t\n]+\t(?:O|[BI]-\S+)(?:\t\S+)?$", re.MULTILINE)
PRODIGY_KEYS = ("_input_hash", "_task_hash", "answer")  # what a Prodigy answer has and other JSONL has not


def _module(format: str) -> ModuleType:
    return importlib.import_module(f"tagger.corpus.formats.{READERS[format]}")


def detect(path: Path) -> str:
    """The format of ``path``, from its extension or, failing that, its first lines. JSON is told apart
    further by its first record: Label Studio's array of tasks, Prodigy's answers, doccano's labels."""
    extension = EXTENSIONS.get(path.suffix.lower())
    if extension not in (None, "jsonl"):
        return extension
    try:
        with open(path, "rb") as handle:  # the first 20 kB tell the format; the reader reads the file itself
            head = handle.read(20_000).decode("utf-8", "ignore")
    except OSError:
        head = ""
    start = head.lstrip("\ufeff \t\r\n")
    json_kind = _json_kind(start)
    if json_kind or extension:
        return json_kind or extension
    if not head.strip():
        read_text(path)  # a directory, an unreadable, empty or undecodable file: the error that names it
    if start.startswith("{"):
        return "jsonl"
    if re.search(r"<dataset[\s>]", head) and (re.search(r"<sequence[\s>]", head)
                                               or re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<dataset[\s>/]", head)):
        return "anystyle-xml"  # a file that starts as a dataset is one even with no sequence in it (yet)
    if re.search(r"<(?:\w+:)?(?:TEI|listBibl)[\s>]", head):
        return "tei"
    if BIO_LINE.search(head):
        return "conll"
    if INLINE_TAG.search(head):
        return "inline"
    raise CorpusError(f"{path}: cannot tell its format; name it with --from ({', '.join(READERS)})")


def _json_kind(start: str) -> str | None:
    """``label-studio``, ``prodigy`` or ``doccano`` when the first JSON value of ``start`` (a file's
    first 20 kB) is theirs, else ``None``."""
    if start.startswith("["):
        try:
            first, _ = json.JSONDecoder().raw_decode(start[1:].lstrip())
        except json.JSONDecodeError:  # a first task longer than 20 kB, or not JSON at all
            return "label-studio" if re.match(r'\[\s*\{', start) and re.search(r'"data"\s*:\s*\{', start) else None
        return "label-studio" if isinstance(first, dict) and isinstance(first.get("data"), dict) else None
    if not start.startswith("{"):
        return None
    line = start.split("\n", 1)[0]
    try:
        first = json.loads(line)
    except json.JSONDecodeError:  # a first line longer than 20 kB (Prodigy's tokens), or not JSON at all
        if re.search(r'"(?:_input_hash|_task_hash|answer)"\s*:', line):
            return "prodigy"
        return "doccano" if re.search(r'"start_offset"\s*:', line) else None
    if not isinstance(first, dict):
        return None
    if any(key in first for key in PRODIGY_KEYS):
        return "prodigy"
    label, entities = first.get("label"), first.get("entities")
    if "spans" not in first and isinstance(label, list) and all(
            isinstance(item, list) and len(item) == 3 for item in label):
        return "doccano"
    if isinstance(entities, list) and all(isinstance(item, dict) and "start_offset" in item for item in entities):
        return "doccano"
    return None


def read(path: str | Path, format: str | None = None, lenient: bool = False) -> Loaded:
    """Read one labelled file; ``format`` ``None`` detects it. Warns of tags mapped to ``other``, of
    tasks an annotation tool's export leaves unannotated or rejected, and, with ``lenient``, of the
    records skipped."""
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
        if loaded.notes:  # an annotation tool's export with nothing annotated (yet)
            bad = f"; {len(loaded.skipped)} bad records, the first: {loaded.skipped[0]}" if loaded.skipped else ""
            raise CorpusError(f"{path}: no references to read: {'; '.join(loaded.notes)}{bad}")
        if loaded.skipped:
            raise CorpusError(f"{path}: every record is bad ({len(loaded.skipped)}); the first: {loaded.skipped[0]}")
        raise CorpusError(f"{path}: empty file, no references")
    if loaded.unknown:
        counts = ", ".join(f"{tag} ({count})" for tag, count in loaded.unknown.most_common())
        warnings.warn(f"{path}: {counted(sum(loaded.unknown.values()), 'span')} whose tags the {name} table does not "
                      f"list were labelled 'other': {counts}", CorpusWarning, stacklevel=2)
    for note in loaded.notes:
        warnings.warn(f"{path}: {note}", CorpusWarning, stacklevel=2)
    repeated = [identifier for identifier, count in Counter(record["id"] for record in loaded.records).items()
                if count > 1]
    if repeated:  # the dev split and held-out parts group by id, and errors name records by it
        warnings.warn(f"{path}: {counted(len(repeated), 'id')} given to more than one record, the first: "
                      f"{repeated[0]!r}", CorpusWarning, stacklevel=2)
    if loaded.skipped:
        warnings.warn(f"{path}: {counted(len(loaded.skipped), 'bad record')} skipped (--lenient); the first: "
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
