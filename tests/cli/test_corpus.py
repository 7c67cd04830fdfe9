"""reftagger convert and stats: labelled corpora converted between formats and counted, from the command line."""

import json
import warnings
from pathlib import Path

import pytest

from tagger.cli import main
from tagger.corpus import read_records
from tagger.errors import CorpusWarning

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
DATA_DIR = Path(__file__).resolve().parent.parent.parent.parent / "shared" / "data"


def text_and_spans(records: list[dict]) -> list[tuple]:
    return [(r["text"], [(s["start"], s["end"], s["label"]) for s in r["spans"]]) for r in records]


@pytest.mark.skipif(not (DATA_DIR / "anystyle" / "train.jsonl").is_file(), reason="needs ../shared/data")
@pytest.mark.parametrize(("to", "suffix"), [("anystyle-xml", "xml"), ("conll", "conll")])
def test_anystyle_train_converts_and_back_with_identical_records(tmp_path, capsys, to, suffix):
    source = DATA_DIR / "anystyle" / "train.jsonl"
    converted, back = tmp_path / f"train.{suffix}", tmp_path / "back.jsonl"
    assert main(["convert", str(source), "--to", to, "-o", str(converted)]) == 0
    assert main(["convert", str(converted), "--to", "jsonl", "-o", str(back)]) == 0
    assert "converted 1,514 references" in capsys.readouterr().err
    original, returned = read_records(source), read_records(back)
    assert text_and_spans(returned) == text_and_spans(original)
    assert [r["id"] for r in returned] == [r["id"] for r in original]


def test_convert_to_stdout_and_an_unknown_format_is_a_usage_error(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        assert main(["convert", str(FIXTURES / "sequence-sample.xml"), "--to", "conll"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# id = sequence-sample-1\n[3]\tB-marker\n")
    assert "1 span whose tags the anystyle-xml table does not list were labelled 'other': signal (1)" in captured.err
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", str(FIXTURES / "sequence-sample.xml"), "--to", "bibtex"])
    assert exit_info.value.code == 2


def test_stats_reports_counts_duplicates_and_overlaps(tmp_path, capsys):
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    record = {"id": "x-1", "text": "Smith, J. (2001). Title.", "spans": [{"start": 0, "end": 9, "label": "author"}]}
    first.write_text(json.dumps(record) + "\n" + json.dumps(record | {"id": "x-2"}) + "\n", encoding="utf-8")
    second.write_text(json.dumps(record | {"id": "y-1", "text": "SMITH J 2001 TITLE"}) + "\n", encoding="utf-8")
    out = tmp_path / "stats.json"
    assert main(["stats", str(first), str(second), "--json", str(out)]) == 0
    stats = json.loads(out.read_text())
    assert stats["files"][str(first)]["references"] == 2 and stats["files"][str(first)]["duplicate_texts"] == 1
    assert stats["files"][str(first)]["labels"] == {"author": 2}
    assert stats["files"][str(first)]["scripts"] == {"latin": 2}
    assert {"references_of": str(first), "found_in": str(second), "shared": 2, "identical_text": 0,
            "of": 2} in stats["overlaps"]
    assert "2 of 2 (100%) [0] in" in capsys.readouterr().out


@pytest.mark.skipif(not (DATA_DIR / "parscit" / "train.jsonl").is_file(), reason="needs ../shared/data")
def test_stats_finds_the_overlaps_the_data_readme_reports():
    from tagger.corpus.stats import file_stats, overlaps

    named = {name: read_records(DATA_DIR / name) for name in
             ("anystyle/train.jsonl", "anystyle/test.jsonl", "parscit/train.jsonl", "umass/train.jsonl",
              "umass/test.jsonl")}
    found = {(o["references_of"], o["found_in"]): o["identical_text"] for o in overlaps(named)}
    # ../shared/data/README.md: "AnyStyle train contains 488 of the 500 ParsCit CORA references and test 150
    # of them"; "AnyStyle test and train share 204 texts"; "UMass test shares 6 texts with UMass train".
    assert found[("parscit/train.jsonl [parscit-cora]", "anystyle/train.jsonl")] == 488
    assert found[("parscit/train.jsonl [parscit-cora]", "anystyle/test.jsonl")] == 150
    assert found[("anystyle/train.jsonl", "anystyle/test.jsonl")] == 204
    assert found[("umass/test.jsonl", "umass/train.jsonl")] == 6
    assert file_stats(named["parscit/train.jsonl"])["duplicate_texts"] == 25
    assert file_stats(named["anystyle/train.jsonl"])["references"] == 1514
