import json

import pytest

from tagger.corpus import deduplicate, load, read_jsonl, record_problem, remove_overlap, text_key
from tagger.errors import CorpusError


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gives_a_dataset(tiny_corpus):
    dataset = load(tiny_corpus)
    assert dataset.column_names == ["id", "text", "spans"]
    assert len(dataset) == 8
    assert dataset[0]["spans"][0] == {"start": 0, "end": 9, "label": "author", "source_label": None}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "a"}', "string 'text'"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "title"}]}', "outside the text"),
        ('{"text": "abcdef", "spans": [{"start": 0, "end": 4, "label": "title"}, '
         '{"start": 2, "end": 5, "label": "year"}]}', "overlaps"),
        ('{"text": "abc", "spans": [{"start": "0", "end": 2, "label": "title"}]}', "integer"),
        ('{"text": "abc", "spans": [{"start": true, "end": 2, "label": "title"}]}', "integer"),
        ('{"text": "abc", "spans": [{"start": 2, "end": 1, "label": "title"}]}', "ends where or before it starts"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "journal"}]}',
         "the label 'journal', which is not in the label scheme"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path, line, message):
    good = json.dumps({"text": "fine", "spans": []})
    path = write(tmp_path / "bad.jsonl", [good, line])
    with pytest.raises(CorpusError, match=f"bad.jsonl:2: .*{message}"):
        read_jsonl(path)


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(CorpusError, match="empty file, no references"):
        read_jsonl(write(tmp_path / "empty.jsonl", [""]))
    with pytest.raises(CorpusError, match="no such file"):
        read_jsonl(tmp_path / "absent.jsonl")


def test_invalid_utf8(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"text": "Caf\xe9", "spans": []}\n'.encode("latin-1"))
    with pytest.raises(CorpusError, match="not valid UTF-8"):
        read_jsonl(path)


def test_text_key_and_overlap():
    assert text_key("Smith, J. (2001).") == text_key("smith j 2001")
    records = [{"text": "Smith, J. (2001)."}, {"text": "Other"}, {"text": "SMITH J 2001"}]
    kept, removed = remove_overlap(records, [{"text": "smith j. 2001"}])
    assert kept == [{"text": "Other"}] and removed == 2
    assert deduplicate(records) == records[:2]


def test_record_problem_accepts_a_good_record():
    assert record_problem({"text": "abc", "spans": [{"start": 0, "end": 3, "label": "title"}]}) == ""


def test_loading_a_dataset_without_the_train_extra_says_so_before_reading(monkeypatch, tmp_path):
    import sys

    from tagger.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(MissingExtraError, match=r"a Hugging Face dataset needs datasets: "
                                                r"pip install 'reftagger\[train\]'"):
        load([tmp_path / "not-even-there.jsonl"])
