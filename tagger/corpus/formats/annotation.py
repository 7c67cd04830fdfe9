"""What the readers of annotation tools' exports share (``label-studio``, ``doccano``, ``prodigy``).

``reftagger annotate`` puts a ``reftagger`` object beside each task's text
(``{"id", "sha1", ...}``) and the tools carry it back. Its ``id`` names the
record; its ``sha1`` (of the text, UTF-8) tells whether the text was edited in
the tool, which would leave the spans pointing at the wrong characters. Tasks
made elsewhere have no such object: they are named after the tool and the
task's own id, or after the file and line.
"""

from __future__ import annotations

from typing import Any

from tagger.annotate import spans_sha1, text_sha1
from tagger.corpus.records import record_problem
from tagger.labels import LABELS

TEXT_CHANGED = "the text was changed in the annotation tool; spans would not fit it"


def exported(task: dict[str, Any]) -> dict[str, Any]:
    """The ``reftagger`` object the exporter put in ``task``, or ``{}`` for a task made elsewhere."""
    value = task.get("reftagger")
    return value if isinstance(value, dict) else {}


def as_predicted(task: dict[str, Any], record: dict[str, Any]) -> bool:
    """Whether ``record``'s spans are still exactly the model's predictions that ``reftagger annotate`` put in
    ``task`` (a tool that exports every task, done or not, gives them back unreviewed)."""
    predicted = exported(task).get("predicted")
    return isinstance(predicted, str) and predicted == spans_sha1(
        [(span["start"], span["end"], span["label"]) for span in record["spans"]])


def unreviewed_note(count: int, total: int) -> str:
    """The warning for tasks that came back as the model predicted them."""
    return (f"{count} of {total} texts hold the model's predictions unchanged: not reviewed yet? Trained on, they "
            "teach the model what it already thinks; correct them, or export only reviewed texts")


def identifier(task: dict[str, Any], tool: str, own_id: Any, fallback: str) -> str:
    """The exported id; else ``<tool>:<the tool's id>``; else ``fallback``."""
    exported_id = exported(task).get("id")
    if exported_id is not None:
        return str(exported_id)
    return f"{tool}:{own_id}" if own_id is not None else fallback


def checked_record(identifier: str, text: Any, spans: list[Any], task: dict[str, Any]) -> dict[str, Any]:
    """The corpus record of an annotated text, spans sorted by start; ``ValueError`` says what is wrong."""
    if not isinstance(text, str):
        raise ValueError("no 'text'" if text is None else f"'text' must be a string, not {type(text).__name__}")
    sha1 = exported(task).get("sha1")
    if isinstance(sha1, str) and text_sha1(text) != sha1.strip().lower():
        raise ValueError(f"{TEXT_CHANGED} (its sha1 differs from the one exported)")
    for span in spans:
        label = span.get("label") if isinstance(span, dict) else None
        if isinstance(label, str) and label not in LABELS:
            raise ValueError(f"span {span.get('start')}-{span.get('end')} has the label {label!r}, which is not "
                             f"in the label scheme; allowed: {', '.join(LABELS)}")
        problem = record_problem({"text": text, "spans": [span]})  # types and range, before sorting needs them
        if problem:
            raise ValueError(problem)
    spans = sorted(spans, key=lambda span: (span["start"], span["end"]))
    problem = record_problem({"text": text, "spans": spans})  # overlaps
    if problem:
        raise ValueError(problem)
    return {"id": identifier, "text": text, "spans": spans}
