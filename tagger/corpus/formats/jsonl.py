"""DESIGN.md's JSONL: one ``{"id", "text", "spans": [{"start", "end", "label"}]}`` object per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tagger.corpus.formats.common import Loaded, json_lines, record_id
from tagger.corpus.records import record_problem

HEADER = FOOTER = ""


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    unanswered = 0
    for number, record in json_lines(path, loaded, lenient):
        unanswered += "reftagger" in record and "answer" not in record
        problem = record_problem(record)
        if problem:
            loaded.fail(f"{path}:{number}: {problem}", lenient)
            continue
        # Without an id of its own, a record is named after its file and line, as other formats' records are.
        loaded.records.append(record if "id" in record else {"id": record_id(path, number), **record})
    if unanswered:
        loaded.notes.append(f"{unanswered} records are tasks written by reftagger annotate that carry no answer: "
                            "their spans are the model's predictions, not an annotator's (Prodigy's export, "
                            "read with --from prodigy, carries one)")
    return loaded


def render_record(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
