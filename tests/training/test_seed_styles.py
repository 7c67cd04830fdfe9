import json

from tagger.corpus import record_problem
from training import seed_styles


def test_same_seed_same_references():
    assert seed_styles.generate(60, seed=3) == seed_styles.generate(60, seed=3)
    assert seed_styles.generate(60, seed=3) != seed_styles.generate(60, seed=4)


def test_every_style_appears_and_spans_are_exact():
    records = seed_styles.generate(100, seed=1)
    assert {record["id"].rsplit("-", 1)[0].removeprefix("seed-") for record in records} == set(seed_styles.STYLES)
    for record in records:
        assert record_problem(record) == ""
        for span in record["spans"]:
            piece = record["text"][span["start"] : span["end"]]
            assert piece == piece.strip() and piece


def test_committed_file_is_what_the_generator_writes(tmp_path):
    """data/seed-styles.jsonl is reproducible with the documented command."""
    out = tmp_path / "seed.jsonl"
    seed_styles.main(["--out", str(out)])
    assert out.read_bytes() == seed_styles.OUT.read_bytes()
    assert len(seed_styles.OUT.read_text(encoding="utf-8").splitlines()) == 500
    first = json.loads(seed_styles.OUT.read_text(encoding="utf-8").splitlines()[0])
    assert first["spans"][0]["source_label"].startswith("seed:")
