"""``reftagger parse-parquet``: a Parquet dataset in, a Parquet dataset out with the results of serial
``parse_many`` in input order, on a real local cluster or a running scheduler; mistakes are one line on stderr."""

import json
import shutil
import sys

import pytest

distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
import pandas as pd  # noqa: E402

from tagger import Tagger  # noqa: E402
from tagger.cli import main  # noqa: E402
from tagger.model import default_model_path  # noqa: E402

COUNT = 400


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, shared_texts):
    """Two Parquet files of 200 references each, numbered by ``id``; the text of row 7 is missing."""
    folder = tmp_path_factory.mktemp("parquet") / "references"
    folder.mkdir()
    texts = [None if index == 7 else text for index, text in enumerate(shared_texts[:COUNT])]
    for part in range(2):
        rows = slice(part * COUNT // 2, (part + 1) * COUNT // 2)
        frame = pd.DataFrame({"id": range(COUNT)[rows], "text": texts[rows]})
        frame.to_parquet(folder / f"{part}.parquet", row_group_size=50)
    return folder


@pytest.fixture(scope="module")
def serial(shared_texts):
    return [reference.to_dict() for reference in Tagger.load().parse_many(shared_texts[:COUNT])]


def run(capsys, *argv):
    status = main([str(argument) for argument in argv])
    return status, capsys.readouterr().err


def assert_serial_results(out, serial):
    parsed = pd.read_parquet(out)
    assert list(parsed.columns) == ["id", "text", "spans", "fields"]
    assert parsed["id"].tolist() == list(range(COUNT))
    assert parsed["spans"].isna().tolist() == [index == 7 for index in range(COUNT)]
    expected = serial[:7] + serial[8:]
    assert [json.loads(spans) for spans in parsed["spans"].dropna()] == [result["spans"] for result in expected]
    assert [json.loads(fields) for fields in parsed["fields"].dropna()] == [result["fields"] for result in expected]


def test_a_running_scheduler_parses_a_dataset_partition_by_partition(scheduler, dataset, serial, tmp_path, capsys):
    out = tmp_path / "parsed"
    status, err = run(capsys, "parse-parquet", dataset, out, "--scheduler", scheduler, "--partition-size", "60")
    assert status == 0 and err == f"reftagger: parsed {COUNT} references in 8 partitions into {out}\n"
    assert sorted(path.name for path in out.iterdir()) == [f"part.0000{number}.parquet" for number in range(8)]
    assert_serial_results(out, serial)


def test_a_local_cluster_of_its_own_gives_the_same(dataset, serial, tmp_path, capsys):
    out = tmp_path / "new" / "parsed"
    status, err = run(capsys, "parse-parquet", dataset / "1.parquet", out, "--workers", "1")
    assert status == 0 and err == f"reftagger: parsed {COUNT // 2} references in 4 partitions into {out}\n"
    parsed = pd.read_parquet(out)
    assert parsed["id"].tolist() == list(range(COUNT // 2, COUNT))
    assert [json.loads(fields) for fields in parsed["fields"]] == [result["fields"] for result in serial[COUNT // 2:]]


def test_a_failure_on_the_workers_is_one_line_and_leaves_no_output(scheduler, dataset, tmp_path, capsys):
    model = tmp_path / "model"
    shutil.copytree(default_model_path(), model)
    (model / "model.crfsuite").write_bytes(b"gone")  # its meta.json still reads: the workers find out
    status, err = run(capsys, "parse-parquet", dataset, tmp_path / "parsed", "--scheduler", scheduler, "--model", model)
    assert status == 1 and err.startswith("reftagger: error: model file") and err.count("\n") == 1
    assert not (tmp_path / "parsed").exists()


@pytest.mark.parametrize("arguments, message", [
    (["{missing}", "{out}"], "{missing}: not found"),
    (["{dataset}", "{out}", "--text-column", "title"],
     "{dataset}: no column 'title' (its columns: id, text); name the column of reference strings with --text-column"),
    (["{dataset}", "{dataset}"], "{dataset}: exists already, and parse-parquet never overwrites: remove it or name "
                                 "another OUT"),
    (["{not_parquet}", "{out}"], "{not_parquet}: not a Parquet file or dataset ("),
    (["{dataset}", "{out}", "--text-column", "id"], "{dataset}: column 'id' holds int64[pyarrow], not text"),
    (["{dataset}", "{out}", "--scheduler", "tcp://127.0.0.1:9"],
     "cannot reach the Dask scheduler at tcp://127.0.0.1:9 (Timed out trying to connect"),
])
def test_mistakes_are_one_line_on_stderr_and_write_nothing(arguments, message, dataset, tmp_path, capsys):
    names = {"dataset": dataset, "out": tmp_path / "parsed", "missing": tmp_path / "missing",
             "not_parquet": tmp_path / "notes.parquet"}
    (tmp_path / "notes.parquet").write_text("not Parquet\n", encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status, err = run(capsys, "parse-parquet", *[argument.format(**names) for argument in arguments])
    assert status == 1 and err.startswith(f"reftagger: error: {message.format(**names)}") and err.count("\n") == 1
    assert not (tmp_path / "parsed").exists()


def test_scheduler_and_workers_together_are_a_usage_error(dataset, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["parse-parquet", str(dataset), str(tmp_path / "out"), "--scheduler", "tcp://x:1", "--workers", "2"])
    assert exit.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_without_distributed_it_says_how_to_install_it(dataset, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    status, err = run(capsys, "parse-parquet", dataset, tmp_path / "out")
    assert status == 1
    assert err == "reftagger: error: reftagger parse-parquet needs distributed: pip install 'reftagger[dask]'\n"
