"""Annotation tools' exports read back: Label Studio's JSON, doccano's and Prodigy's JSONL."""

import hashlib
import json
import warnings
from pathlib import Path

import pytest

from tagger.cli import main
from tagger.corpus import formats
from tagger.errors import CorpusError, CorpusWarning
from tagger.labels import LABELS

TEXT = "Smith, J. (2001). Title. J. Biol., 3(2), 1-10."
OTHER_TEXT = "Ivanov I. I. Kniga. M.: Nauka, 1999."


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def offsets(text: str, piece: str, label: str) -> tuple[int, int, str]:
    start = text.index(piece)
    return start, start + len(piece), label


AUTHOR, YEAR, TITLE, VENUE = (offsets(TEXT, "Smith, J.", "author"), offsets(TEXT, "2001", "year"),
                              offsets(TEXT, "Title", "title"), offsets(TEXT, "J. Biol.", "venue"))
EXPORTED = {"id": "abc", "sha1": sha1(TEXT), "uncertainty": 0.31}


def spans_of(records: list[dict]) -> list[list[tuple]]:
    return [[(span["start"], span["end"], span["label"]) for span in record["spans"]] for record in records]


def result(identifier: str, text: str, start: int, end: int, *labels: str, kind: str = "labels") -> dict:
    return {"id": identifier, "from_name": "label", "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, "text": text[start:end], "labels": list(labels)}}


def annotation(results: list[dict], updated_at: str | None = None, cancelled: bool = False) -> dict:
    found = {"id": 1, "result": results, "was_cancelled": cancelled}
    return found | ({"updated_at": updated_at} if updated_at else {})


def task(identifier: int, annotations: list[dict], text: str = TEXT, exported: dict | None = None) -> dict:
    data = {"text": text} | ({"reftagger": exported} if exported is not None else {})
    return {"id": identifier, "data": data, "annotations": annotations,
            "predictions": [{"result": [result("p1", text, 0, 3, "title")]}]}


def label_studio_tasks() -> list[dict]:
    """The latest annotation of task 7 is listed first; a cancelled later one and an older one do not count."""
    latest = annotation([result("v", TEXT, *VENUE), result("a", TEXT, *AUTHOR), result("y", TEXT, *YEAR),
                         {"id": "c", "type": "choices", "value": {"choices": ["book"]}},
                         {"id": "t", "type": "textarea", "value": {"text": ["a note"]}}], "2026-12-07T10:00:00Z")
    older = annotation([result("a", TEXT, *AUTHOR)], "2026-12-06T10:00:00Z")
    cancelled = annotation([result("t", TEXT, *TITLE)], "2026-12-08T10:00:00Z", cancelled=True)
    made_elsewhere = task(8, [annotation([result("a", OTHER_TEXT, 0, 12, "author")]),
                              annotation([result("a", OTHER_TEXT, 0, 12, "author"),
                                          result("y", OTHER_TEXT, 31, 35, "year")])], OTHER_TEXT)  # no updated_at
    return [task(7, [latest, older, cancelled], exported=EXPORTED), made_elsewhere,
            task(9, [annotation([result("a", TEXT, *AUTHOR)], cancelled=True)]), task(10, [])]


def write_json(path: Path, content) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def write_lines(path: Path, lines: list) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def doccano_lines() -> list[dict]:
    return [{"id": 3, "text": TEXT, "label": [list(YEAR), list(AUTHOR)], "reftagger": EXPORTED},
            {"id": 4, "text": OTHER_TEXT, "entities": [{"id": 1, "label": "author", "start_offset": 0,
                                                        "end_offset": 12}], "relations": []},
            {"text": OTHER_TEXT, "label": []}]


def prodigy_line(text: str, spans: list[tuple], answer: str = "accept", **extra) -> dict:
    return {"text": text, "spans": [{"start": start, "end": end, "label": label, "token_start": 0, "token_end": 1}
                                    for start, end, label in spans],
            "tokens": [{"text": text[:5], "start": 0, "end": 5, "id": 0}], "_input_hash": 1, "_task_hash": 2,
            "answer": answer, **extra}


def prodigy_lines() -> list[dict]:
    return [prodigy_line(TEXT, [TITLE, AUTHOR], reftagger=EXPORTED), prodigy_line(OTHER_TEXT, [(0, 12, "author")]),
            prodigy_line(TEXT, [AUTHOR], "reject"), prodigy_line(TEXT, [], "ignore")]


def read_warned(path: Path, **options) -> tuple[list[dict], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = formats.read_records(path, **options)
    assert all(warning.category is CorpusWarning for warning in caught)
    return records, [str(warning.message) for warning in caught]


def test_label_studio_reads_each_tasks_latest_annotation_that_was_not_cancelled(tmp_path):
    path = write_json(tmp_path / "project-1.json", label_studio_tasks())
    records, messages = read_warned(path)
    assert [record["id"] for record in records] == ["abc", "label-studio:8"]
    assert [record["text"] for record in records] == [TEXT, OTHER_TEXT]
    assert spans_of(records) == [[AUTHOR, YEAR, VENUE], [(0, 12, "author"), (31, 35, "year")]]
    assert set(records[0]) == {"id", "text", "spans"}
    assert messages == [f"{path}: 2 tasks have no annotation (none, or only cancelled ones); they were skipped"]


def test_label_studio_offsets_in_utf16_code_units_are_told_by_the_spans_text(tmp_path):
    text = "𝑁𝑎𝑡𝑢𝑟𝑒 Smith, J. 2001"  # mathematical italic letters, as PDFs give them: two UTF-16 units each
    utf16 = lambda index: len(text[:index].encode("utf-16-le")) // 2  # noqa: E731
    start, end = text.index("Smith, J."), text.index("Smith, J.") + len("Smith, J.")
    found = result("a", text, utf16(start), utf16(end), "author")
    found["value"]["text"] = "Smith, J."
    path = write_json(tmp_path / "math.json", [task(1, [annotation([found, result("v", text, 0, 6, "venue")])],
                                                    text)])
    assert spans_of(formats.read_records(path)) == [[(0, 6, "venue"), (start, end, "author")]]


def test_doccano_reads_both_shapes_and_names_records_by_exported_id_tool_id_or_line(tmp_path):
    path = write_lines(tmp_path / "all.jsonl", doccano_lines())
    records, messages = read_warned(path)
    assert [record["id"] for record in records] == ["abc", "doccano:4", "all-3"]
    assert spans_of(records) == [[AUTHOR, YEAR], [(0, 12, "author")], []]
    assert messages == []


def test_prodigy_reads_accepted_answers_and_counts_the_others_in_one_warning(tmp_path):
    path = write_lines(tmp_path / "db-out.jsonl", prodigy_lines())
    records, messages = read_warned(path)
    assert [record["id"] for record in records] == ["abc", "db-out-2"]
    assert spans_of(records) == [[AUTHOR, TITLE], [(0, 12, "author")]]
    assert records[0]["spans"][0] == {"start": AUTHOR[0], "end": AUTHOR[1], "label": "author"}  # no token indices
    assert messages == [f"{path}: 2 answers were not accepted (reject 1, ignore 1); they were skipped"]


def label_studio_with(**changes) -> list[dict]:
    """Task 7 of the fixture with its latest annotation's results, its data or its text changed."""
    tasks = label_studio_tasks()
    first = tasks[0]
    if "results" in changes:
        first["annotations"][0]["result"] = changes["results"]
    if "data" in changes:
        first["data"] = changes["data"]
    return tasks


def shifted_author() -> dict:
    found = result("x1", TEXT, *AUTHOR)
    found["value"]["text"] = "Smyth, J."
    return found


ALLOWED = f"allowed: {', '.join(LABELS)}"
ERRORS = [
    ("label-studio", lambda: label_studio_with(results=[result("x1", TEXT, AUTHOR[0], AUTHOR[1], "author", "title")]),
     "task 7: result x1 has 2 labels (author, title); a span takes exactly one"),
    ("label-studio", lambda: label_studio_with(results=[result("x1", TEXT, AUTHOR[0], AUTHOR[1])]),
     "task 7: result x1 has no label"),
    ("label-studio", lambda: label_studio_with(data={"reference": TEXT, "reftagger": EXPORTED}),
     "task 7: its data has no 'text' (keys: 'reference', 'reftagger')"),
    ("label-studio", lambda: label_studio_with(results=[shifted_author()]),
     "task 7: result x1: the span 0-9 is 'Smith, J.' in the text but 'Smyth, J.' in the annotation; "
     "the text was changed in the annotation tool; spans would not fit it"),
    ("label-studio", lambda: label_studio_with(data={"text": TEXT + " ", "reftagger": EXPORTED}),
     "task 7: the text was changed in the annotation tool; spans would not fit it (its sha1 differs"),
    ("label-studio", lambda: label_studio_with(results=[result("x1", TEXT, *AUTHOR), result("x2", TEXT, 4, 12,
                                                                                           "title")]),
     "task 7: span 4-12 overlaps or precedes the span before it"),
    ("label-studio", lambda: {"tasks": []}, "expected a JSON array of Label Studio tasks, not dict"),
    ("doccano", lambda: [{"id": 3, "text": TEXT, "label": [[0, 90, "author"]]}],
     ":1: span 0-90 lies outside the text (length 46)"),
    ("doccano", lambda: [{"id": 3, "text": TEXT, "label": [[9, 9, "author"]]}],
     ":1: span 9-9 ends where or before it starts"),
    ("doccano", lambda: [{"id": 3, "text": TEXT, "label": [[11, 15, "year"], [0, 9, "author"], [5, 12, "title"]]}],
     ":1: span 5-12 overlaps or precedes the span before it"),
    ("doccano", lambda: [{"id": 3, "text": TEXT, "entities": [{"label": "journal", "start_offset": 25,
                                                                "end_offset": 33}]}],
     f":1: span 25-33 has the label 'journal', which is not in the label scheme; {ALLOWED}"),
    ("doccano", lambda: [{"id": 3, "text": TEXT, "label": ["author"]}],
     ":1: label 'author' is not [start, end, label]; is this a sequence-labelling project's export?"),
    ("doccano", lambda: [{"id": 3, "text": TEXT}], ":1: no spans: expected 'label'"),
    ("doccano", lambda: [{"id": 3, "label": []}], ":1: no 'text'"),
    ("prodigy", lambda: [prodigy_line(TEXT, [AUTHOR]), prodigy_line(TEXT.upper(), [AUTHOR], reftagger=EXPORTED)],
     ":2: the text was changed in the annotation tool; spans would not fit it"),
    ("prodigy", lambda: [prodigy_line(TEXT, [(0, 9, "other")])],
     f":1: span 0-9 has the label 'other', which is not in the label scheme; {ALLOWED}"),
    ("prodigy", lambda: [prodigy_line(TEXT, [AUTHOR], "maybe")],
     ":1: the answer is 'maybe', not one of accept, reject, ignore"),
]


@pytest.mark.parametrize(("format_name", "content", "message"), ERRORS)
def test_a_bad_record_is_an_error_naming_the_file_and_the_record(tmp_path, format_name, content, message):
    writer, suffix = (write_json, ".json") if format_name == "label-studio" else (write_lines, ".jsonl")
    path = writer(tmp_path / f"export{suffix}", content())
    with pytest.raises(CorpusError) as error:
        formats.read_records(path, format_name)
    assert str(error.value).startswith(f"{path}{'' if message.startswith(':') else ': '}{message}")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("export.json", '[{"id": 1, "data": {"text": "a"},\n "annotations": [}]', "export.json:2: not valid JSON"),
    ("export.jsonl", '{"text": "a", "label": []}\n{"text": \n', "export.jsonl:2: not valid JSON"),
])
def test_a_file_that_is_not_json_names_the_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        formats.read_records(path, "label-studio" if name.endswith(".json") else "doccano")


def test_lenient_skips_bad_records_and_counts_them(tmp_path):
    tasks = label_studio_with(results=[shifted_author()])
    path = write_json(tmp_path / "export.json", tasks)
    records, messages = read_warned(path, lenient=True)
    assert [record["id"] for record in records] == ["label-studio:8"]
    assert messages == [f"{path}: 2 tasks have no annotation (none, or only cancelled ones); they were skipped",
                        f"{path}: 1 bad record skipped (--lenient); the first: {path}: task 7: result x1: the span "
                        "0-9 is 'Smith, J.' in the text but 'Smyth, J.' in the annotation; the text was changed in "
                        "the annotation tool; spans would not fit it"]
    lines = [*doccano_lines(), {"id": 5, "text": TEXT, "label": [[0, 9, "journal"]]}]
    records, messages = read_warned(write_lines(tmp_path / "all.jsonl", lines), lenient=True)
    assert len(records) == 3 and "all.jsonl:4: span 0-9 has the label 'journal'" in messages[0]


def test_a_file_with_nothing_annotated_says_so(tmp_path):
    path = write_json(tmp_path / "export.json", label_studio_tasks()[2:])
    with pytest.raises(CorpusError, match=r"export.json: no references to read: 2 tasks have no annotation"):
        formats.read_records(path)
    path = write_lines(tmp_path / "db-out.jsonl", prodigy_lines()[2:])
    with pytest.raises(CorpusError, match=r"db-out.jsonl: no references to read: 2 answers were not accepted"):
        formats.read_records(path)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("project.json", lambda: json.dumps(label_studio_tasks()), "label-studio"),
    ("project", lambda: json.dumps(label_studio_tasks(), indent=2), "label-studio"),
    ("big.json", lambda: json.dumps([task(1, [annotation([])], "x" * 30_000)]), "label-studio"),
    ("all.jsonl", lambda: "\n".join(map(json.dumps, doccano_lines())), "doccano"),
    ("new.jsonl", lambda: "\n".join(map(json.dumps, doccano_lines()[1:])), "doccano"),
    ("db-out.jsonl", lambda: "\n".join(map(json.dumps, prodigy_lines())), "prodigy"),
    ("db-out", lambda: "\n" + "\n".join(map(json.dumps, prodigy_lines())), "prodigy"),
    ("tokens.jsonl", lambda: json.dumps({"text": TEXT, "_input_hash": 1, "_task_hash": 2, "tokens": [
        {"text": "x", "start": 0, "end": 1, "id": index} for index in range(1000)], "answer": "accept"}), "prodigy"),
    ("refs.json", lambda: json.dumps({"text": TEXT, "spans": []}) + "\n", "jsonl"),
    ("refs.jsonl", lambda: json.dumps({"text": TEXT, "spans": [], "label": "x"}) + "\n", "jsonl"),
    ("array.json", lambda: json.dumps([{"text": TEXT, "spans": []}]), "jsonl"),
    ("empty.jsonl", lambda: "", "jsonl"),
])
def test_detection_tells_the_tools_exports_from_jsonl(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content(), encoding="utf-8")
    assert formats.detect(path) == expected


def test_convert_reads_the_exports_to_jsonl(tmp_path, capsys):
    label_studio = write_json(tmp_path / "project.json", label_studio_tasks())
    prodigy = write_lines(tmp_path / "db-out.jsonl", prodigy_lines())
    assert main(["convert", str(label_studio), str(prodigy), "--to", "jsonl"]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [record["id"] for record in records] == ["abc", "label-studio:8", "abc", "db-out-2"]
    assert spans_of(records)[0] == [AUTHOR, YEAR, VENUE]
    assert "warning: " + f"{label_studio}: 2 tasks have no annotation" in captured.err
    assert "converted 4 references to jsonl" in captured.err
    doccano = write_lines(tmp_path / "doccano.txt", doccano_lines())
    assert main(["convert", str(doccano), "--from", "doccano", "--to", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_load_takes_an_export_by_path(tmp_path):
    pytest.importorskip("datasets")
    from tagger.corpus import load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        dataset = load([write_lines(tmp_path / "all.jsonl", doccano_lines()),
                        write_json(tmp_path / "project.json", label_studio_tasks())])
    assert dataset["id"] == ["abc", "doccano:4", "all-3", "abc", "label-studio:8"]
