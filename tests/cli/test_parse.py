import json
import os
import re
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


REPOSITORY = Path(__file__).resolve().parent.parent.parent


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
        (lambda p, m: ["evaluate", "--model", m, "--data", str(p / "refs.txt"), "--json", str(p)],
         "is a folder; --json names the file to write"),
    ],
)
def test_misplaced_paths_are_named(tmp_path, capsys, tiny_model, argv, message):
    (tmp_path / "refs.txt").write_text("x\n", encoding="utf-8")
    status, out, err = run(capsys, *argv(tmp_path, str(tiny_model)))
    assert status == 1 and message in err and out == ""


def test_invalid_utf8_can_be_replaced_and_parsing_goes_on(tmp_path, capsys, tiny_model):
    source = tmp_path / "latin1.txt"
    source.write_bytes("fine line\nCaf\xe9 au lait\nlast\n".encode("latin-1"))
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model), "--errors", "replace")
    assert status == 0, err
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["fine line", "Caf\ufffd au lait", "last"]


def test_a_byte_order_mark_is_dropped_only_at_the_start(tmp_path, capsys, tiny_model):
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbfSmith, J. (2001).\n\xef\xbb\xbfnext\n")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 0
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["Smith, J. (2001).", "\ufeffnext"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"fine\nPK\x03\x04\x00\x00binary\n", "bin.dat:2: contains a NUL byte: this looks like a binary file"),
        (b"\xff\xd8\xff\xe0 JFIF\n", "bin.dat:1: not valid UTF-8"),
        # a PDF's first lines are ASCII: without this it printed a result for "%PDF-1.3" before failing
        (b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "bin.dat: is a PDF, and parse reads references one per line "
         "of text: reftagger find "),
    ],
)
def test_binary_input_is_one_clear_line(tmp_path, capsys, tiny_model, content, message):
    source = tmp_path / "bin.dat"
    source.write_bytes(content)
    status, _, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 1 and message in err and err.count("\n") == 1


def test_a_read_error_names_the_file(capsys, tiny_model):
    # Reading /proc/self/mem from its start fails with EIO: a real read error, not a simulated one.
    status, _, err = run(capsys, "parse", "/proc/self/mem", "--model", str(tiny_model))
    assert status == 1 and "/proc/self/mem: cannot read: Input/output error" in err and err.count("\n") == 1


def test_a_file_that_cannot_be_opened_names_the_reason(tmp_path, capsys, tiny_model, monkeypatch):
    import tagger.cli.inputs

    def refuse(path, mode="r", *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(tagger.cli.inputs, "open", refuse, raising=False)  # root may read any file, so simulate it
    (tmp_path / "locked.txt").write_text("x\n")
    status, _, err = run(capsys, "parse", str(tmp_path / "locked.txt"), "--model", str(tiny_model))
    assert status == 1 and "locked.txt: cannot open: Permission denied" in err


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda m: (m / "model.crfsuite").write_bytes((m / "model.crfsuite").read_bytes()[:-100]), "checksum"),
        (lambda m: (m / "meta.json").write_text("{not json"), "not valid JSON"),
        (lambda m: (m / "meta.json").write_text(
            json.dumps({**json.loads((m / "meta.json").read_text()), "feature_version": "0"})), "feature set '0'"),
    ],
)
def test_corrupt_or_incompatible_model_is_one_clear_line(tmp_path, capsys, tiny_model, damage, message):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    damage(model)
    status, out, err = run(capsys, "parse", "--model", str(model))
    assert status == 1 and message in err and str(model) in err and err.count("\n") == 1 and out == ""


def test_a_line_that_fails_keeps_its_place_and_is_reported(tmp_path, capsys, tiny_model, tiny_records, monkeypatch):
    from tagger.model import Tagger

    original = Tagger._parse_batch

    def fragile(self, batch, confidence=False):
        if any("BOOM" in text for text in batch):
            raise RuntimeError("simulated failure")
        return original(self, batch, confidence)

    monkeypatch.setattr(Tagger, "_parse_batch", fragile)
    lines = [tiny_records[0]["text"], "BOOM here", tiny_records[1]["text"]]
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [result["text"] for result in results] == lines
    assert results[1] == {"text": "BOOM here", "spans": [], "fields": {}, "error": "RuntimeError: simulated failure"}
    assert results[0]["fields"]["year"] == ["2001"] and "error" not in results[2]
    assert f"{source}:2: could not be parsed (RuntimeError: simulated failure)" in err
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "tagged")
    assert out.splitlines()[1] == "BOOM here" and len(out.splitlines()) == 3


def test_an_overlong_line_is_tagged_in_part_and_named(tmp_path, capsys, tiny_model, tiny_records):
    from tagger import MAX_LENGTH

    source = tmp_path / "refs.txt"
    long_line = tiny_records[0]["text"] + " x" * MAX_LENGTH
    source.write_text(f"{tiny_records[1]['text']}\n{long_line}\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 0
    second = json.loads(out.splitlines()[1])
    assert second["text"] == long_line and second["spans"][-1]["end"] <= MAX_LENGTH
    assert f"warning: {source}:2: {len(long_line):,} characters; only the first {MAX_LENGTH:,} were tagged" in err


def test_json_output_is_one_array_of_every_result(tmp_path, capsys, tiny_model, tiny_records):
    source = tmp_path / "refs.txt"
    source.write_text(f"{tiny_records[0]['text']}\n\n", encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "json")
    assert status == 0 and [result["text"] for result in json.loads(out)] == [tiny_records[0]["text"], ""]
    source.write_text("", encoding="utf-8")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "json")
    assert status == 0 and json.loads(out) == []


def run_cli(arguments: list[str], **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    return subprocess.Popen([sys.executable, "-m", "tagger.cli", *arguments], env=env, **options)


def test_a_full_disk_is_one_clear_line(tmp_path, tiny_model, tiny_records):
    source = tmp_path / "refs.txt"
    source.write_text((tiny_records[0]["text"] + "\n") * 2000, encoding="utf-8")
    with open("/dev/full", "w") as full:  # every write to /dev/full fails with ENOSPC
        process = run_cli(["parse", str(source), "--model", str(tiny_model)], stdout=full, stderr=subprocess.PIPE,
                          text=True)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err == "reftagger: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("output_format", ["jsonl", "json"])
def test_ctrl_c_exits_130_without_a_traceback(tmp_path, tiny_model, tiny_records, output_format):
    import signal

    source = tmp_path / "many.txt"
    source.write_text((tiny_records[0]["text"] + "\n") * 200_000, encoding="utf-8")
    process = run_cli(["parse", str(source), "--model", str(tiny_model), "--format", output_format],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()  # parsing is under way
    process.send_signal(signal.SIGINT)
    out, err = process.stdout.read(), process.stderr.read()  # not communicate(): it skips what readline buffered
    process.wait(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in err and err == ""
    if output_format == "jsonl":
        assert all(json.loads(line) for line in (first + out).splitlines())  # whole lines only
    else:
        assert 0 < len(json.loads(first + out)) < 200_000  # the array is closed: valid JSON


def test_the_command_line_starts_without_loading_spacy():
    # Ctrl-C while heavy modules import would print a traceback; the CLI imports them only inside main().
    result = subprocess.run([sys.executable, "-c", "import sys, tagger.cli; print(sorted({'spacy', 'numpy', "
                             "'tagger.model'} & set(sys.modules)))"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPOSITORY)}, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.parametrize(("redirect", "message"), [("<&-", "standard input is closed"), (">&-", "")])
def test_closed_standard_streams_give_no_traceback(tmp_path, tiny_model, redirect, message):
    source = tmp_path / "refs.txt"
    source.write_text("Smith, J. (2001). A title.\n", encoding="utf-8")
    argument = "" if redirect == "<&-" else str(source)
    command = f"{sys.executable} -m tagger.cli parse {argument} --model {tiny_model} {redirect}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and message in result.stderr


def test_a_line_over_the_size_limit_is_skipped_without_being_read_whole(tmp_path, capsys, tiny_model, tiny_records,
                                                                          monkeypatch):
    import tagger.cli.inputs

    monkeypatch.setattr(tagger.cli.inputs, "LINE_LIMIT", 1000)
    lines = [tiny_records[0]["text"], "x" * 5000, tiny_records[1]["text"]]
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = run(capsys, "parse", str(source), "--model", str(tiny_model))
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [result["text"] for result in results] == [lines[0], "", lines[2]]
    assert results[1]["error"] == "a line of 5,001 bytes, longer than the limit of 1,000: not read"
    assert f"{source}:2: could not be parsed (a line of 5,001 bytes" in err
    assert results[2]["fields"]["year"] == ["1999"]


def test_a_file_holding_only_a_byte_order_mark_has_no_lines(tmp_path, capsys, tiny_model):
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbf")
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model))
    assert status == 0 and out == ""


def test_too_many_processes_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["parse", "--processes", "99999999999"])
    assert exit_info.value.code == 2 and "at most 64" in capsys.readouterr().err


def test_json_output_escapes_what_splitlines_would_break_at(tmp_path, capsys, tiny_model):
    lines = ["Smith\u2028J. (2001).", "A\x85B\u2029C"]
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for output_format in ("jsonl", "json"):
        status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", output_format)
        assert status == 0 and not {"\x85", "\u2028", "\u2029"} & set(out)
        results = [json.loads(line) for line in out.splitlines()] if output_format == "jsonl" else json.loads(out)
        assert [result["text"] for result in results] == lines


def test_evaluate_refuses_a_directory_for_json_before_working(tmp_path, capsys, tiny_model, tiny_corpus):
    status, out, err = run(capsys, "evaluate", "--model", str(tiny_model), "--data", str(tiny_corpus),
                           "--json", str(tmp_path))
    assert status == 1 and "is a folder; --json names the file to write" in err and out == ""


def test_progress_is_shown_on_a_terminal_stderr(tmp_path, tiny_model, tiny_records):
    import fcntl
    import pty
    import struct
    import termios

    source = tmp_path / "refs.txt"
    source.write_text((tiny_records[0]["text"] + "\n") * 3000, encoding="utf-8")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    process = run_cli(["parse", str(source), "--model", str(tiny_model)], stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b"parsing" in shown and b"%" in shown


def test_tagged_output_keeps_one_line_per_input_line_whatever_the_line_breaks(tmp_path, capsys, tiny_model):
    import html

    lines = ["Smith, J.\r(2001). A\u2028title.", "x\x0by\x0cz\x1c\x1d\x1e\x85end", "a < b"]
    source = tmp_path / "refs.txt"
    source.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    status, out, _ = run(capsys, "parse", str(source), "--model", str(tiny_model), "--format", "tagged")
    assert status == 0
    assert len(out.splitlines()) == 3  # str.splitlines breaks at every one of those characters
    # Python's html.unescape maps some control-character references elsewhere (&#133; to "…"), as HTML does.
    untagged = [html.unescape(re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), re.sub(r"</?[a-z]+>", "", line)))
                for line in out.splitlines()]
    assert untagged == lines


def test_block_parsing_judges_flush_lists_with_the_model_given(tmp_path, capsys, tiny_model, monkeypatch):
    import tagger.blocks

    seen = []
    real = tagger.blocks.split_references_with

    def recording(block, model=None):
        seen.append(model)
        return real(block, model)

    monkeypatch.setattr(tagger.blocks, "split_references_with", recording)
    source = tmp_path / "section.txt"
    source.write_text("[1] Smith, J. (2001). A title. J. Biol., 3, 1-10.\n[2] Jones, K. (1999). Reading.\n",
                      encoding="utf-8")
    status, out, _ = run(capsys, "parse", "--block", "--model", str(tiny_model), str(source))
    assert status == 0 and len(out.splitlines()) == 2
    assert [model.path for model in seen] == [tiny_model]


def test_evaluate_can_split_volume_spans_as_the_shipped_model_was_trained(tmp_path, capsys):
    # AnyStyle labels words, so "175(7):4769–76." is one volume span there; the shipped model tags volume, issue
    # and pages apart. As labelled its pages are wrong; with --split-volume-issue the gold is split the same way.
    rows = []
    for authors, title, venue, numbers in (
        ("Ng, A., Lee, B. (2005).", "Clinical features of infected patients.", "Journal of Immunology,",
         "175(7):4769–76."),
        ("Park, S. (1998).", "Robust path planning for cars.", "Journal of Robotic Systems,", "5:497–525."),
    ):
        text, spans = "", []
        for piece, label in ((authors, "author"), (title, "title"), (venue, "venue"), (numbers, "volume")):
            start = len(text) + (1 if text else 0)
            text = f"{text} {piece}" if text else piece
            spans.append({"start": start, "end": len(text), "label": label})
        rows.append({"text": text, "spans": spans})
    data = tmp_path / "glued.jsonl"
    data.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    pages = {}
    for flag in ((), ("--split-volume-issue",)):
        out_json = tmp_path / f"scores{len(flag)}.json"
        status, _, err = run(capsys, "evaluate", "--data", str(data), "--json", str(out_json), "--resamples", "0",
                             *flag)
        assert status == 0, err
        pages[flag] = json.loads(out_json.read_text())["field"]["pages"]
    assert pages[()]["precision"] == 0.0
    assert pages[("--split-volume-issue",)]["f1"] == 1.0


def test_block_parsing_reads_a_file_given_twice_as_two_sections(tmp_path, capsys, tiny_model):
    # Grouped by file name, the two copies were read as one section (four references for six, [2] lost into [1]);
    # found by a new user.
    source = tmp_path / "section.txt"
    source.write_text("[1] Smith, J. (2001). A title. J. Biol., 3, 1-10.\n[2] Jones, K. (1999). Reading.\n"
                      "[3] Roe, P. (2002). Third.\n", encoding="utf-8")
    status, out, _ = run(capsys, "parse", "--block", "--format", "jsonl", "--model", str(tiny_model), str(source),
                         str(source))
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [result["text"][:3] for result in results] == ["[1]", "[2]", "[3]"] * 2


@pytest.mark.parametrize(("command", "text_format", "warned"), [
    ("parse", "tagged", True), ("parse", "bibtex", True), ("parse", "jsonl", False), ("find", "ris", True),
    ("find", "json", False)])
def test_confidence_asked_for_in_a_format_without_it_is_warned_of(tmp_path, capsys, tiny_model, command,
                                                                  text_format, warned):
    source = tmp_path / "references.txt"
    source.write_text("Smith, J. (2001). A title. J. Biol., 3, 1-10.\n", encoding="utf-8")
    status, _, err = run(capsys, command, "--confidence", "--format", text_format, "--model", str(tiny_model),
                         str(source))
    assert status == 0
    assert (f"--format {text_format} has no place for confidence" in err) == warned
