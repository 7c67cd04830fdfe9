"""Worker processes: the same results as one process, and clear errors when they cannot start or die."""

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tagger import MAX_LENGTH, ReferenceTooLongWarning, Tagger

REPOSITORY = Path(__file__).resolve().parent.parent


def test_workers_for_a_program_read_from_stdin_fail_at_once_with_a_clear_error(tiny_model):
    import os

    program = (
        "from tagger import Tagger\n"
        f"model = Tagger.load({str(tiny_model)!r})\n"
        "list(model.parse_many(['Smith, J. 2001. Title.'] * 10, batch_size=2, n_process=2))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run([sys.executable, "-"], input=program, capture_output=True, text=True, timeout=60,
                            env=env)
    assert result.returncode == 1
    assert "WorkerError: n_process > 1 starts worker processes" in result.stderr
    assert result.stderr.count("Traceback") == 1  # the program's own; no worker restarted over and over


def test_a_worker_that_cannot_load_the_model_ends_the_stream_with_a_clear_error(tiny_model, tmp_path):
    import shutil

    from tagger.errors import WorkerError

    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    model = Tagger.load(copy)
    (copy / "model.crfsuite").write_bytes(b"gone")  # the workers load it again, and fail
    with pytest.raises(WorkerError, match="worker process"):
        list(model.parse_many(["Smith, J. 2001. Title."] * 10, batch_size=2, n_process=2))


def test_two_processes_give_the_results_of_one_on_varied_and_odd_input(varied_references):
    model = Tagger.load()
    texts = varied_references(600) + ["", " ", "\ud800 x", "(" * 3000, "😀 2001"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceTooLongWarning)
        assert list(model.parse_many(texts, batch_size=50, n_process=2)) == list(model.parse_many(texts))


def test_long_reference_warnings_reach_the_caller_even_from_worker_processes(tiny_model, capfd):
    model = Tagger.load(tiny_model)
    texts = ["Smith, J. 2001. Title.", "y" * (MAX_LENGTH + 1), "Jones, K. 1999."]
    for n_process in (1, 2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = list(model.parse_many(texts, batch_size=1, n_process=n_process))
        assert [str(warning.message)[:36] for warning in caught] == ["a reference of 10,001 characters: on"]
        assert caught[0].filename == __file__  # it points at the caller, not into the package
        assert [result.text for result in results] == texts
    assert "ReferenceTooLongWarning" not in capfd.readouterr().err  # no worker printed one of its own
