"""Pre-annotation (``tagger.annotate``, ``reftagger annotate``): ranking, near-duplicates, the tools' files."""

from __future__ import annotations

import json
import warnings
import xml.etree.ElementTree as ElementTree

import pytest

from tagger.annotate import kind, label_studio_config, render, spans_sha1, tasks, text_sha1, uncertainty
from tagger.cli import main
from tagger.corpus.formats import read_records
from tagger.labels import LABELS
from tagger.model import default_tagger


@pytest.fixture(scope="module")
def references(shared_data) -> list[tuple[str, str]]:
    lines = (shared_data / "grobid" / "train.jsonl").read_text(encoding="utf-8").splitlines()[:200]
    return [(f"grobid:{number}", json.loads(line)["text"]) for number, line in enumerate(lines, 1)]


def test_most_uncertain_first_and_uncertainty_is_the_least_sure_span(references):
    chosen = tasks(references, default_tagger())
    values = [task.uncertainty for task in chosen]
    kinds = [kind(task.reference) for task in chosen]
    first_round = values[: len(set(kinds))]  # one of each kind, most uncertain first; then the second of each
    assert first_round == sorted(first_round, reverse=True) and values[0] == max(values)
    assert len(chosen) == len(references)
    for task in chosen[:20]:
        expected = default_tagger().parse(task.reference.text, confidence=True)
        assert task.uncertainty == pytest.approx(1 - min(span.confidence for span in expected.spans))
        assert task.reference.spans == expected.spans
    assert 0 < values[-1] <= values[0] <= 1


def test_sequence_uncertainty_is_one_minus_the_best_labellings_probability(references):
    tagger = default_tagger()
    chosen = tasks(references[:60], tagger, measure="sequence")
    texts = [task.reference.text for task in chosen]
    assert [task.uncertainty for task in chosen] == pytest.approx(
        [1 - probability for probability in tagger.best_path_probabilities(texts)])
    first_round = [task.uncertainty for task in chosen][: len({kind(task.reference) for task in chosen})]
    assert first_round == sorted(first_round, reverse=True)
    assert {task.identifier for task in chosen} == {identifier for identifier, _ in references[:60]}
    with pytest.raises(ValueError, match="measure must be one of span, sequence"):
        tasks(references[:2], tagger, measure="entropy")


def test_near_duplicates_wait_until_every_kind_has_been_taken_once():
    repeated = [(f"phys:{n}", f"A. Lee, Phys. Rev. B {n + 10}, {n * 7 + 100} (19{n + 60}).") for n in range(20)]
    others = [("a", "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."),
              ("b", "Ivanov I.I. Ekonomika regiona. Moscow: Nauka, 2010. 200 p."),
              ("c", "Doe, Jane. 2015. The Book of Things. New York: Penguin.")]
    kinds_in_repeated = {kind(task.reference) for task in tasks(repeated, default_tagger())}
    assert len(kinds_in_repeated) < 5  # the model reads the twenty alike
    count = len(kinds_in_repeated) + 3
    chosen = tasks(repeated + others, default_tagger(), rank="input", limit=count)
    kinds = [kind(task.reference) for task in chosen]
    assert {"a", "b", "c"} <= {task.identifier for task in chosen}
    assert len(set(kinds)) == len(kinds) == count  # no kind twice while another kind was waiting
    following = tasks(repeated + others, default_tagger(), rank="input", limit=count + 1)[-1]
    assert following.identifier.startswith("phys:")  # then the second of a repeated kind
    assert len(tasks(repeated + others, default_tagger(), rank="input")) == 23  # nothing lost without --limit


def test_random_order_follows_the_seed_and_input_order_the_input(references):
    first = [task.identifier for task in tasks(references[:40], default_tagger(), rank="random", seed=3)]
    again = [task.identifier for task in tasks(references[:40], default_tagger(), rank="random", seed=3)]
    other = [task.identifier for task in tasks(references[:40], default_tagger(), rank="random", seed=4)]
    assert first == again != other
    assert sorted(first) == sorted(identifier for identifier, _ in references[:40])
    with pytest.raises(ValueError, match="rank must be one of"):
        tasks(references[:2], default_tagger(), rank="loudest")


def test_blank_texts_are_no_tasks():
    assert tasks([("x", "   "), ("y", "")], default_tagger()) == []
    assert uncertainty(default_tagger().parse("")) == 0.0


def test_label_studio_tasks_carry_the_predictions_and_the_text_they_belong_to(references):
    chosen = tasks(references[:30], default_tagger(), limit=10)
    exported = json.loads(render(chosen, "label-studio", "reftagger test"))
    assert len(exported) == 10
    for task, item in zip(chosen, exported):
        text = item["data"]["text"]
        assert item["data"]["reftagger"] == {
            "id": task.identifier, "sha1": text_sha1(text), "uncertainty": round(task.uncertainty, 4),
            "predicted": spans_sha1([(span.start, span.end, span.label) for span in task.reference.spans])}
        [prediction] = item["predictions"]
        values = [result["value"] for result in prediction["result"]]
        assert [(value["start"], value["end"], value["labels"][0]) for value in values] == [
            (span.start, span.end, span.label) for span in task.reference.spans]
        assert all(value["text"] == text[value["start"]:value["end"]] for value in values)
    config = ElementTree.fromstring(label_studio_config())
    assert [label.get("value") for label in config.iter("Label")] == list(LABELS)
    assert config.find("Labels").get("toName") == config.find("Text").get("name") == "text"


@pytest.mark.parametrize("tool", ["doccano", "prodigy"])
def test_doccano_and_prodigy_lines_hold_the_model_spans(references, tool):
    chosen = tasks(references[:30], default_tagger(), limit=8)
    lines = [json.loads(line) for line in render(chosen, tool, "v").splitlines()]
    for task, line in zip(chosen, lines):
        spans = line["label"] if tool == "doccano" else [[s["start"], s["end"], s["label"]] for s in line["spans"]]
        assert spans == [[span.start, span.end, span.label] for span in task.reference.spans]
        assert line["reftagger"]["sha1"] == text_sha1(line["text"]) and line["text"] == task.reference.text


def test_anystyle_xml_labels_whole_words_and_reads_back(references, tmp_path):
    chosen = tasks(references, default_tagger())
    path = tmp_path / "tasks.xml"
    path.write_text(render(chosen, "anystyle-xml", "v"), encoding="utf-8")
    records = read_records(path, "anystyle-xml")
    assert [record["text"] for record in records] == [task.reference.text for task in chosen]
    for record in records:  # every span starts and ends at whitespace or the text's ends
        text = record["text"]
        assert all((span["start"] == 0 or text[span["start"] - 1] == " ")
                   and (span["end"] == len(text) or text[span["end"]] == " ") for span in record["spans"])


def test_the_command_writes_the_tasks_and_the_label_studio_config(tmp_path, capsys, references):
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(text for _, text in references[:25]) + "\n\n", encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["annotate", str(source), "--to", "label-studio", "-o", str(out), "--limit", "7"]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 7
    assert ElementTree.parse(f"{out}.config.xml").getroot().tag == "View"
    assert "7 tasks of 25 references (uncertainty order)" in capsys.readouterr().err


def test_the_command_ranks_by_the_measure_asked_for(tmp_path, references):
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(text for _, text in references[:40]) + "\n", encoding="utf-8")
    written = {}
    for measure in ("span", "sequence"):
        out = tmp_path / f"{measure}.jsonl"
        assert main(["annotate", str(source), "--to", "doccano", "-o", str(out), "--uncertainty", measure]) == 0
        written[measure] = [json.loads(line)["reftagger"] for line in out.read_text(encoding="utf-8").splitlines()]
    expected = {task.identifier: round(task.uncertainty, 4)
                for task in tasks([(f"refs.txt:{n}", text) for n, (_, text) in enumerate(references[:40], 1)],
                                  default_tagger(), measure="sequence")}
    assert {meta["id"]: meta["uncertainty"] for meta in written["sequence"]} == expected
    assert [meta["id"] for meta in written["span"]] != [meta["id"] for meta in written["sequence"]]


def test_a_dash_writes_the_tasks_and_the_converted_export_to_standard_output(tmp_path, capsys, references):
    source = tmp_path / "refs.txt"
    source.write_text("\n".join(text for _, text in references[:3]) + "\n", encoding="utf-8")
    assert main(["annotate", str(source), "--to", "doccano", "-o", "-"]) == 0
    printed = capsys.readouterr()
    assert len(printed.out.splitlines()) == 3 and "written to standard output" in printed.err
    tasks_file = tmp_path / "tasks.jsonl"
    tasks_file.write_text(printed.out, encoding="utf-8")
    assert main(["convert", str(tasks_file), "--to", "jsonl", "-o", "-"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3 and not (tmp_path / "-").exists()
    assert main(["annotate", str(source), "--to", "label-studio", "-o", "-"]) == 1
    assert "give a file name" in capsys.readouterr().err


def test_prodigy_tasks_no_one_answered_read_with_a_warning(tmp_path, references):
    from tagger.errors import CorpusWarning

    tasks_file = tmp_path / "tasks.jsonl"
    tasks_file.write_text(render(tasks(references[:4], default_tagger()), "prodigy", "v"), encoding="utf-8")
    with pytest.warns(CorpusWarning, match="4 records are tasks written by reftagger annotate that carry no answer"):
        assert len(read_records(tasks_file)) == 4


def test_the_command_refuses_input_without_references_and_a_missing_folder(tmp_path, capsys):
    blank = tmp_path / "blank.txt"
    blank.write_text("\n  \n", encoding="utf-8")
    assert main(["annotate", str(blank), "--to", "doccano", "-o", str(tmp_path / "t.jsonl")]) != 0
    assert "no references to annotate" in capsys.readouterr().err
    assert main(["annotate", str(blank), "--to", "doccano", "-o", str(tmp_path / "no" / "t.jsonl")]) != 0
    assert "its folder does not exist" in capsys.readouterr().err
    assert not (tmp_path / "t.jsonl").exists()


def exported(tool: str, text: str) -> str:
    """The file each tool exports when the annotator accepts every prediction as it is."""
    if tool == "label-studio":
        tasks_ = json.loads(text)
        for number, task in enumerate(tasks_, 1):
            task["id"] = number
            task["annotations"] = [{"id": number, "result": task["predictions"][0]["result"], "was_cancelled": False,
                                    "updated_at": "2026-12-07T10:00:00Z"}]
        return json.dumps(tasks_)
    if tool == "prodigy":
        lines = [json.loads(line) | {"answer": "accept", "_input_hash": 1, "_task_hash": 2}
                 for line in text.splitlines()]
        return "".join(json.dumps(line) + "\n" for line in lines)
    return text  # doccano exports what it imported, with its own id


@pytest.mark.parametrize(("tool", "suffix"), [("label-studio", ".json"), ("doccano", ".jsonl"),
                                               ("prodigy", ".jsonl")])
def test_predictions_exported_and_read_back_give_the_same_spans(references, tmp_path, tool, suffix):
    chosen = tasks(references[:60], default_tagger())
    path = tmp_path / f"export{suffix}"
    path.write_text(exported(tool, render(chosen, tool, "v")), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records = read_records(path)  # the format told from the file
    unchanged = [str(warning.message) for warning in caught if "predictions unchanged" in str(warning.message)]
    # doccano exports every task, reviewed or not: those that come back exactly as predicted are counted.
    assert unchanged == ([f"{path}: 60 of 60 texts hold the model's predictions unchanged: not reviewed yet? "
                          "Trained on, they teach the model what it already thinks; correct them, or export only "
                          "reviewed texts"] if tool == "doccano" else [])
    assert [record["id"] for record in records] == [task.identifier for task in chosen]
    assert [record["text"] for record in records] == [task.reference.text for task in chosen]
    assert [[(span["start"], span["end"], span["label"]) for span in record["spans"]] for record in records] == [
        [(span.start, span.end, span.label) for span in task.reference.spans] for task in chosen]


def test_a_real_label_studio_export_reads_into_the_annotators_spans():
    """tests/fixtures/annotation/README.md says how Label Studio 1.23.2 made this file."""
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "annotation" / "label-studio-export.json"
    with pytest.warns(UserWarning, match="1 tasks have no annotation"):  # the one skipped in the tool
        records = read_records(path)
    read = {record["text"].split()[0]: [(record["text"][span["start"]:span["end"]], span["label"])
                                       for span in record["spans"]] for record in records}
    assert read == {
        "A.": [("A. Lee, B. Kim", "author"), ("Stable spin liquids", "title"), ("Phys. Rev. Lett.", "venue"),
               ("66", "volume"), ("(1991)", "year"), ("1955", "pages")],
        "Kuhn,": [("Kuhn, Thomas S.", "author"), ("1962.", "year"),
                  ("The Structure of Scientific Revolutions.", "title"), ("Chicago:", "location"),
                  ("University of Chicago Press.", "publisher")],
    }
    assert sorted(record["id"] for record in records) == ["ls_refs.txt:1", "ls_refs.txt:2"]  # annotate's ids


def test_a_real_doccano_export_reads_into_the_annotators_spans():
    """tests/fixtures/annotation/README.md says how doccano 1.8.4 made this file."""
    from pathlib import Path

    records = read_records(Path(__file__).parent / "fixtures" / "annotation" / "doccano-export.jsonl")
    read = {record["id"]: [(record["text"][span["start"]:span["end"]], span["label"]) for span in record["spans"]]
            for record in records}
    assert sorted(read) == ["ls_refs.txt:1", "ls_refs.txt:2", "ls_refs.txt:3", "ls_refs.txt:4"]
    assert read["ls_refs.txt:2"] == [("A. Lee, B. Kim", "author"), ("Stable spin liquids", "title"),
                                     ("Phys. Rev. Lett.", "venue"), ("66", "volume"), ("(1991)", "year"),
                                     ("1955", "pages")]  # the annotator's correction of the year
    assert read["ls_refs.txt:4"] == [("Journal of Hydrology", "venue"), ("41", "volume"), ("2014", "year"),
                                     ("112e129", "pages")]  # as the model predicted: left alone


def test_a_doccano_task_the_annotator_corrected_is_not_counted_as_unreviewed(references, tmp_path):
    chosen = tasks(references[:5], default_tagger())
    lines = [json.loads(line) for line in render(chosen, "doccano", "v").splitlines()]
    lines[0]["label"] = lines[0]["label"][1:]  # one span taken out: corrected
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with pytest.warns(UserWarning, match="4 of 5 texts hold the model's predictions unchanged"):
        assert len(read_records(path)) == 5
