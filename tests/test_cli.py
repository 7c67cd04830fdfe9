import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tagger.cli import main

GOST = ("3. Bondarskaya, T.A., Directions Of The Impact Of Institutional Changes / Shiryaev M.Yu. // "
        "Socio-Economic Phenomena And Processes. - 2014. - Vol.9. No. 12. - Pp. 23-26.")


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_parse_file_gives_one_line_per_input_line(tmp_path, capsys, tiny_model, tiny_records):
    lines = [tiny_records[0]["text"], "", tiny_records[1]["text"], "   "]
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 0, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in results] == lines
    assert results[1] == {"text": "", "spans": [], "fields": {}}
    assert results[3]["spans"] == [] and results[3]["fields"] == {}
    assert results[0]["fields"]["year"] == ["2001"]


def test_parse_formats(tmp_path, capsys, tiny_model, tiny_records):
    source = tmp_path / "refs.txt"
    source.write_text(tiny_records[0]["text"] + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "json")
    assert status == 0 and json.loads(out)[0]["fields"]["year"] == ["2001"]
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "tagged")
    assert status == 0 and out.startswith("<author>Smith, J.</author> <year>(2001).</year>")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "cannot open"),
        (lambda p: p, "is a directory"),
    ],
)
def test_unreadable_input_is_one_clear_line(tmp_path, capsys, tiny_model, make, message):
    status, out, err = run(capsys, "parse", str(make(tmp_path)), "--model", str(tiny_model))
    assert status == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_invalid_utf8_names_the_line(tmp_path, capsys, tiny_model):
    source = tmp_path / "latin1.txt"
    source.write_bytes("fine line\nCaf\xe9 au lait\n".encode("latin-1"))
    status, _, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 1 and f"{source}:2: not valid UTF-8" in err


def test_missing_model_is_one_clear_line(tmp_path, capsys):
    status, _, err = run(capsys, "parse", "--model", str(tmp_path / "none"))
    assert status == 1 and "model directory not found" in err and str(tmp_path / "none") in err


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["parse", "--format", "yaml"])
    assert exit_info.value.code == 2


def test_evaluate_writes_json(tmp_path, capsys, tiny_model, tiny_corpus):
    out_json = tmp_path / "scores.json"
    status, out, err = run(capsys, "evaluate", "--model", str(tiny_model), "--data", str(tiny_corpus),
                           "--json", str(out_json))
    assert status == 0, err
    scores = json.loads(out_json.read_text())
    assert scores["n"] == 8
    assert set(scores["word"]["micro"]) >= {"precision", "recall", "f1"}
    assert 0 <= scores["field"]["micro"]["f1"] <= 1 and 0 <= scores["reference_exact"] <= 1
    assert "core micro" in out


REPOSITORY = Path(__file__).resolve().parent.parent


def test_console_script_reads_stdin_with_the_shipped_model(tmp_path):
    # From another directory: the shipped model is found without help from the working directory.
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run(
        [sys.executable, "-m", "tagger.cli", "parse"],
        input=GOST + "\n\n", capture_output=True, text=True, cwd=tmp_path, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["fields"]["year"] == ["2014"]
    assert second["spans"] == []


def test_output_to_a_closed_pipe_exits_quietly(tmp_path, tiny_model, tiny_records):
    source = tmp_path / "many.txt"
    source.write_text((tiny_records[0]["text"] + "\n") * 20000, encoding="utf-8")
    command = (f"{sys.executable} -m tagger.cli parse {source} --model {tiny_model} | head -1")
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_parse_with_two_processes_keeps_order(tmp_path, capsys, tiny_model, tiny_records):
    lines = [record["text"] for record in tiny_records] * 3
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model), "--processes", "2")
    assert status == 0, err
    assert [json.loads(line)["text"] for line in out.splitlines()] == lines


def test_bad_process_count_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["parse", "--processes", "0"])
    assert exit_info.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_evaluate_removes_what_the_model_trained_on(tmp_path, capsys, tiny_model, tiny_records, tiny_corpus):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    meta = json.loads((model / "meta.json").read_text())
    meta["training_data"] = {"data_dir": str(tiny_corpus.parent), "files": {tiny_corpus.name: {}}}
    (model / "meta.json").write_text(json.dumps(meta))
    data = tmp_path / "eval.jsonl"
    unseen = {"text": "Novak, P. (1990). Unseen things. Rev. Unseen, 2, 3-4.", "spans": []}
    data.write_text(tiny_corpus.read_text() + json.dumps(unseen) + "\n", encoding="utf-8")
    out_json = tmp_path / "scores.json"
    status, _, err = run(capsys, "evaluate", "--model", str(model), "--data", str(data), "--json", str(out_json))
    assert status == 0, err
    assert "removed 8 references" in err
    assert json.loads(out_json.read_text())["n"] == 1
    status, _, err = run(capsys, "evaluate", "--model", str(model), "--data", str(data), "--keep-overlap")
    assert status == 0 and "removed" not in err


def test_lines_before_an_undecodable_file_are_still_written(tmp_path, capsys, tiny_model, tiny_records):
    good = tmp_path / "good.txt"
    good.write_text("\n".join(record["text"] for record in tiny_records[:3]) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine\n\xff\xfe broken\n")
    status, out, err = run(capsys, "parse", str(good), str(bad), "--model", str(tiny_model))
    assert status == 1
    assert [json.loads(line)["text"] for line in out.splitlines()] == [r["text"] for r in tiny_records[:3]] + ["fine"]
    assert f"{bad}:2: not valid UTF-8" in err


def test_tagged_output_escapes_markup(tmp_path, capsys, tiny_model):
    source = tmp_path / "refs.txt"
    source.write_text("Smith, J. (2001). Why a<b & c>d. J. Biol., 3, 1-10.\n", encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "tagged")
    assert status == 0
    assert "a&lt;b &amp; c&gt;d" in out and "a<b" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (lambda p, m: ["evaluate", "--model", m, "--data", str(p)], "is a directory"),
        (lambda p, m: ["parse", "--model", str(p / "refs.txt")], "is a file"),
        (lambda p, m: ["evaluate", "--model", m, "--data", str(p / "refs.txt"), "--json", str(p / "no" / "s.json")],
         "folder does not exist"),
    ],
)
def test_misplaced_paths_are_named(tmp_path, capsys, tiny_model, argv, message):
    (tmp_path / "refs.txt").write_text("x\n", encoding="utf-8")
    status, out, err = run(capsys, *argv(tmp_path, str(tiny_model)))
    assert status == 1 and message in err and out == ""
