"""Label Studio's JSON export: an array of tasks, ``{"id", "data": {"text", "reftagger"}, "annotations":
[{"result": [{"type": "labels", "value": {"start", "end", "text", "labels": [label]}}], "was_cancelled",
"updated_at"}], "predictions": [...]}``.

A task's record is its most recently updated annotation that was not
cancelled (the last in the list when they carry no ``updated_at``); a task
with none is skipped and counted in one warning. Predictions are not read,
nor results other than ``labels`` (choices, text areas, relations). Label
Studio counts offsets in UTF-16 code units, as the browser does: where the
text holds characters beyond U+FFFF, a span's ``value.text`` tells which
counting it used.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tagger.corpus.formats.annotation import TEXT_CHANGED, checked_record, identifier
from tagger.corpus.formats.common import Loaded, read_text, record_id
from tagger.errors import CorpusError

TOOL = "label-studio"


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    try:
        tasks = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(tasks, list):
        raise CorpusError(f"{path}: expected a JSON array of Label Studio tasks, not {type(tasks).__name__}")
    unannotated = 0
    for number, task in enumerate(tasks, start=1):
        own_id = task.get("id") if isinstance(task, dict) else None
        where = f"{path}: task {own_id}" if own_id is not None else f"{path}: task number {number}"
        try:
            annotation = _chosen(task)
            if annotation is None:
                unannotated += 1
                continue
            loaded.records.append(_record(task, annotation, path, number))
        except ValueError as error:
            loaded.fail(f"{where}: {error}", lenient)
    if unannotated:
        loaded.notes.append(f"{unannotated} tasks have no annotation (none, or only cancelled ones); "
                            "they were skipped")
    return loaded


def _chosen(task: Any) -> dict[str, Any] | None:
    """The task's most recently updated annotation that was not cancelled, or ``None``."""
    if not isinstance(task, dict):
        raise ValueError(f"expected a task object, not {type(task).__name__}")
    annotations = task.get("annotations")
    kept = [annotation for annotation in annotations if isinstance(annotation, dict)
            and not annotation.get("was_cancelled")] if isinstance(annotations, list) else []
    if not kept:
        return None
    times = [_time(annotation.get("updated_at")) for annotation in kept]
    if None in times:
        return kept[-1]
    return kept[max(range(len(kept)), key=lambda index: (times[index], index))]


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _record(task: dict[str, Any], annotation: dict[str, Any], path: Path, number: int) -> dict[str, Any]:
    data = task.get("data")
    if not isinstance(data, dict) or "text" not in data:
        keys = ", ".join(map(repr, data)) if isinstance(data, dict) else "none"
        raise ValueError(f"its data has no 'text' (keys: {keys or 'none'}); reftagger reads the text of a "
                         "<Text name=... value=\"$text\"/> task")
    text, results = data["text"], annotation.get("result", [])
    if not isinstance(results, list):
        raise ValueError("the annotation's 'result' must be a list")
    spans = [_span(result, text) for result in results if isinstance(result, dict) and result.get("type") == "labels"]
    name = identifier(data, TOOL, task.get("id"), record_id(path, number))
    return checked_record(name, text, spans, data)


def _span(result: dict[str, Any], text: Any) -> dict[str, Any]:
    value = result.get("value")
    name = f"result {result['id']}" if "id" in result else "a result"
    if not isinstance(value, dict):
        raise ValueError(f"{name} has no 'value' object")
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels:
        raise ValueError(f"{name} has no label")
    if len(labels) > 1:
        raise ValueError(f"{name} has {len(labels)} labels ({', '.join(map(str, labels))}); a span takes exactly "
                         "one")
    start, end = value.get("start"), value.get("end")
    quoted = value.get("text")
    if isinstance(text, str) and isinstance(quoted, str) and _is_offset(start) and _is_offset(end):
        start, end = _offsets(text, start, end, quoted, name)
    return {"start": start, "end": end, "label": labels[0]}


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _offsets(text: str, start: int, end: int, quoted: str, name: str) -> tuple[int, int]:
    """``start``, ``end`` as Python indices: as given, or converted from UTF-16 code units; the span's
    text must be ``quoted`` either way."""
    if 0 <= start < end <= len(text) and text[start:end] == quoted:
        return start, end
    converted = _from_utf16(text, start), _from_utf16(text, end)
    if None not in converted and text[converted[0] : converted[1]] == quoted:
        return converted  # type: ignore[return-value]
    raise ValueError(f"{name}: the span {start}-{end} is {text[start:end]!r} in the text but {quoted!r} in the "
                     f"annotation; {TEXT_CHANGED}")


def _from_utf16(text: str, offset: int) -> int | None:
    """The index into ``text`` of its ``offset``-th UTF-16 code unit, or ``None`` (inside a surrogate pair,
    or past the end)."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index if units == offset else None
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text) if units == offset else None
