"""Prodigy's span annotations as ``prodigy db-out`` writes them, one answered task per line:
``{"text", "spans": [{"start", "end", "label", "token_start", "token_end"}], "tokens", "_input_hash",
"_task_hash", "answer"}``.

Only accepted answers are records; rejected and ignored ones are skipped and
counted in one warning. Offsets are Python ``str`` indices into the text.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

from tagger.corpus.formats.annotation import checked_record, identifier
from tagger.corpus.formats.common import Loaded, json_lines, record_id

TOOL = "prodigy"
ANSWERS = ("accept", "reject", "ignore")


def read(path: Path, lenient: bool = False) -> Loaded:
    loaded = Loaded()
    passed: collections.Counter = collections.Counter()
    for number, task in json_lines(path, loaded, lenient):
        answer = task.get("answer")
        if answer not in ANSWERS:
            loaded.fail(f"{path}:{number}: the answer is {answer!r}, not one of {', '.join(ANSWERS)}; "
                        "read the annotations that prodigy db-out writes", lenient)
            continue
        if answer != "accept":
            passed[answer] += 1
            continue
        try:
            spans = task.get("spans", [])
            if not isinstance(spans, list):
                raise ValueError("'spans' must be a list")
            name = identifier(task, TOOL, task.get("id"), record_id(path, number))
            loaded.records.append(checked_record(name, task.get("text"), [_span(span) for span in spans], task))
        except ValueError as error:
            loaded.fail(f"{path}:{number}: {error}", lenient)
    if passed:
        counts = ", ".join(f"{answer} {count}" for answer, count in passed.most_common())
        loaded.notes.append(f"{sum(passed.values())} answers were not accepted ({counts}); they were skipped")
    return loaded


def _span(span: Any) -> Any:
    """The span's offsets and label; Prodigy's token indices and the rest are left behind."""
    if not isinstance(span, dict):
        return span  # checked_record names it
    return {"start": span.get("start"), "end": span.get("end"), "label": span.get("label")}
