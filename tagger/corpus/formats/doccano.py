"""doccano's JSONL export of a sequence-labelling project, one text per line.

Two shapes: the older ``{"id", "text", "label": [[start, end, label], ...]}``
and the newer ``{"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [...]}``. Offsets are Python ``str`` indices into
the text. A line with no spans is a record with no spans: doccano's export
does not tell an unlabelled text from one nobody has looked at (export only
approved texts for that). Texts that ``reftagger annotate`` exported and that come back with the model's
predictions unchanged are counted in a warning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tagger.corpus.formats.annotation import as_predicted, checked_record, identifier, unreviewed_note
from tagger.corpus.formats.common import Loaded, json_lines, record_id

TOOL = "doccano"


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    unreviewed = 0
    for number, task in json_lines(path, loaded, lenient):
        try:
            name = identifier(task, TOOL, task.get("id"), record_id(path, number))
            loaded.records.append(checked_record(name, task.get("text"), _spans(task), task))
            unreviewed += as_predicted(task, loaded.records[-1])
        except ValueError as error:
            loaded.fail(f"{path}:{number}: {error}", lenient)
    if unreviewed:
        loaded.notes.append(unreviewed_note(unreviewed, len(loaded.records)))
    return loaded


def _spans(task: dict[str, Any]) -> list[Any]:
    if isinstance(task.get("entities"), list):
        return [_entity(entity) for entity in task["entities"]]
    if isinstance(task.get("label"), list):
        return [_triple(item) for item in task["label"]]
    raise ValueError(f"no spans: expected 'label' ([[start, end, label], ...]) or 'entities' "
                     f"(doccano's sequence-labelling export); the line has {', '.join(map(repr, task)) or 'no keys'}")


def _entity(entity: Any) -> dict[str, Any]:
    if not isinstance(entity, dict) or not {"start_offset", "end_offset", "label"} <= entity.keys():
        raise ValueError(f"entity {entity!r} needs 'start_offset', 'end_offset' and 'label'")
    return {"start": entity["start_offset"], "end": entity["end_offset"], "label": entity["label"]}


def _triple(item: Any) -> dict[str, Any]:
    if not isinstance(item, list) or len(item) != 3:
        raise ValueError(f"label {item!r} is not [start, end, label]; is this a sequence-labelling project's export?")
    start, end, label = item
    return {"start": start, "end": end, "label": label}
