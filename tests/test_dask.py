"""Parsing a Dask DataFrame on a real local cluster of two worker processes: the results of serial
``parse_many``, in order, even when a worker is killed mid-run; the model loaded once per worker, never sent
with the tasks."""

import importlib
import json
import os
import signal
import sys
import time

import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import cloudpickle  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from tagger import MissingExtraError, Tagger  # noqa: E402
from tagger.dask import parse_dataframe  # noqa: E402
from tagger.model import default_model_path  # noqa: E402

COUNT = 3000


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def texts(shared_texts):
    return shared_texts[:COUNT]


@pytest.fixture(scope="module")
def serial(texts):
    return [reference.to_dict() for reference in Tagger.load().parse_many(texts)]


def numbered(texts, partitions):
    return dd.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=partitions)


def assert_serial_results(parsed, serial):
    """The rows are the input rows, in order, each once, each with the spans and fields parse_many gives."""
    assert parsed["id"].tolist() == list(range(len(serial)))
    assert [json.loads(spans) for spans in parsed["spans"]] == [result["spans"] for result in serial]
    assert [json.loads(fields) for fields in parsed["fields"]] == [result["fields"] for result in serial]


def test_two_workers_give_the_results_of_serial_parse_many(client, texts, serial):
    parsed = parse_dataframe(numbered(texts, 12)).compute()
    assert list(parsed.columns) == ["id", "text", "spans", "fields"]
    assert_serial_results(parsed, serial)


def test_the_model_goes_to_the_workers_by_path_and_each_loads_it_once(client, texts, serial):
    model = Tagger.load()
    parsed = parse_dataframe(numbered(texts, 12), model=model)
    graph = cloudpickle.dumps(dict(parsed.__dask_graph__()))
    assert len(graph) < (default_model_path() / "model.crfsuite").stat().st_size / 4  # texts, not the model
    assert_serial_results(parsed.compute(), serial)
    loaded = client.run(lambda: sorted(sys.modules["tagger.model"]._shared))
    assert list(loaded.values()) == [[str(default_model_path().resolve())]] * 2


def test_a_parquet_dataset_round_trips_through_parse_dataframe(client, texts, serial, tmp_path):
    pd.DataFrame({"id": range(300), "text": texts[:300]}).to_parquet(tmp_path / "in.parquet", row_group_size=100)
    parse_dataframe(dd.read_parquet(tmp_path / "in.parquet", split_row_groups=True)).to_parquet(tmp_path / "out")
    assert_serial_results(pd.read_parquet(tmp_path / "out"), serial[:300])


def test_missing_texts_give_missing_results_and_other_values_name_their_row(client):
    frame = dd.from_pandas(pd.DataFrame({"text": ["Smith, J. 2001. A title.", None, np.nan, ""]}), npartitions=2)
    parsed = parse_dataframe(frame).compute()
    assert parsed["spans"].isna().tolist() == parsed["fields"].isna().tolist() == [False, True, True, False]
    assert json.loads(parsed["fields"][0])["year"] == ["2001"]
    assert (parsed["spans"][3], parsed["fields"][3]) == ("[]", "{}")
    mixed = pd.DataFrame({"text": ["Smith, J. 2001. A title.", None, b"Jones, K. 1999.", "x"]}, dtype=object)
    with dask.config.set({"dataframe.convert-string": False}):  # else Dask turns the bytes into "b'Jones...'"
        mixed = dd.from_pandas(mixed, npartitions=2)
    with pytest.raises(TypeError, match=r"column 'text', row 0 of partition 1 \(index 2\): b'Jones.* bytes, not str"):
        parse_dataframe(mixed).compute()


@pytest.mark.parametrize("frame, column, error, message", [
    ({"text": [1, 2]}, "text", TypeError, "column 'text' holds int64, not text"),
    ({"text": ["a"]}, "title", ValueError, r"no column 'title' \(its columns: text\)"),
    ({"text": ["a"], "spans": ["gold"]}, "text", ValueError, "already has a column 'spans'"),
])
def test_a_wrong_column_is_refused_before_any_work(frame, column, error, message):
    with pytest.raises(error, match=message):
        parse_dataframe(dd.from_pandas(pd.DataFrame(frame), npartitions=1), column)


def test_a_directory_that_is_not_a_model_is_refused_before_any_work(tmp_path):
    from tagger.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="model metadata not found"):
        parse_dataframe(numbered(["Smith, J. 2001."], 1), model=tmp_path)


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost_or_repeated(client, texts, serial):
    future = client.compute(parse_dataframe(numbered(texts, 40)))
    worker, pid = busy_worker(client)
    assert not future.done()  # killed mid-run
    os.kill(pid, signal.SIGKILL)
    assert_serial_results(future.result(timeout=120), serial)
    assert pid not in client.run(os.getpid).values()  # it really died, and another took its place


def busy_worker(client, timeout=60):
    """The address and process id of a worker once it holds at least two finished partitions."""
    def finished(dask_scheduler):
        return {address: len(state.has_what) for address, state in dask_scheduler.workers.items()}

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = client.run_on_scheduler(finished)
        busy = [address for address, count in held.items() if count >= 2]
        if busy:
            return busy[0], client.run(os.getpid, workers=busy[:1])[busy[0]]
        time.sleep(0.05)
    raise AssertionError("no worker finished two partitions in time")


def test_without_dask_importing_tagger_dask_says_how_to_install_it(monkeypatch):
    monkeypatch.delitem(sys.modules, "tagger.dask")
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)  # import dask.dataframe now raises ImportError
    with pytest.raises(MissingExtraError, match=r"tagger.dask needs dask.dataframe: pip install 'reftagger\[dask\]'"):
        importlib.import_module("tagger.dask")
