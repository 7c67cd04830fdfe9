"""Fixtures built by the tests themselves: a small labelled corpus and a model trained on it."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

# References written for these tests, as (piece, label) lists; pieces are joined by single spaces.
PIECES = [
    [("Smith, J.", "author"), ("(2001).", "year"), ("A study of things.", "title"), ("J. Biol.,", "venue"),
     ("3(2),", "volume"), ("1-10.", "pages")],
    [("Jones, K., & Brown, L.", "author"), ("(1999).", "year"), ("Reading the world.", "title"),
     ("Cambridge:", "location"), ("Polity Press.", "publisher")],
    [("[3]", "marker"), ("A. Ivanova and B. Petrov,", "author"), ('"Fast parsing of strings,"', "title"),
     ("in Proc. ACL,", "venue"), ("2010,", "year"), ("pp. 11-19.", "pages")],
    [("Miller, R.", "author"), ("2015.", "year"), ("Networks and markets.", "title"), ("Econ. Rev.", "venue"),
     ("12:", "volume"), ("100-120.", "pages")],
    [("12.", "marker"), ("Garcia M, Lopez P.", "author"), ("Cell growth in yeast.", "title"),
     ("Mol Cell Biol.", "venue"), ("2008;", "year"), ("28(4):", "volume"), ("1200-9.", "pages")],
    [("Dupont, A.", "author"), ("Histoire de la ville,", "title"), ("Paris,", "location"),
     ("Gallimard,", "publisher"), ("1987.", "year")],
    [("Wang, L., Chen, Y.", "author"), ("(2019).", "year"), ("Deep models for text.", "title"),
     ("Neural Computation,", "venue"), ("31,", "volume"), ("45-67.", "pages"),
     ("https://doi.org/10.1162/neco.2019.1", "doi")],
    [("Brown, T.", "author"), ("(2005).", "year"), ("Chapter title.", "title"), ("In K. Lee (Ed.),", "editor"),
     ("The big book", "venue"), ("(pp. 5-25).", "pages"), ("New York:", "location"), ("Wiley.", "publisher")],
]


def build_record(pieces: list[tuple[str, str]], identifier: str) -> dict:
    text, spans = "", []
    for piece, label in pieces:
        if text:
            text += " "
        spans.append({"start": len(text), "end": len(text) + len(piece), "label": label})
        text += piece
    return {"id": identifier, "text": text, "spans": spans}


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory):
    """What reftagger caches (tagger.title_words.cache_folder) goes to a folder of the test run, not the user's."""
    import os

    os.environ["REFTAGGER_CACHE_DIR"] = str(tmp_path_factory.mktemp("reftagger-cache"))


@pytest.fixture(scope="session")
def tiny_records() -> list[dict]:
    return [build_record(pieces, f"tiny-{index}") for index, pieces in enumerate(PIECES)]


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory, tiny_records) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "tiny.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in tiny_records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, tiny_records) -> Path:
    from tagger.research.fit import fit_records

    return fit_records(tiny_records * 3, tmp_path_factory.mktemp("model"), max_iterations=60)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (DATA_DIR / "umass" / "test.jsonl").is_file():
        pytest.skip(f"the shared corpora are not at {DATA_DIR}")
    return DATA_DIR


# The project's own seed-style references: small corpora of distinct styles for the research tests.
SEED_STYLES = Path(__file__).resolve().parent.parent / "data" / "seed-styles.jsonl"


def write_records(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def records_by_style() -> dict[str, list[dict]]:
    """The seed-style references by style (``seed-abnt``, ``seed-din-book``, ...)."""
    styles: dict[str, list[dict]] = {}
    for line in SEED_STYLES.open(encoding="utf-8"):
        record = json.loads(line)
        styles.setdefault(record["id"].rsplit("-", 1)[0], []).append(record)
    return styles


@pytest.fixture(scope="session")
def corpora(tmp_path_factory, records_by_style) -> dict[str, Path]:
    """Three small training corpora of different styles and a test file mixing them (no shared texts)."""
    styles = records_by_style
    folder = tmp_path_factory.mktemp("corpora")
    return {
        "a": write_records(folder / "a.jsonl", styles["seed-abnt"][:20] + styles["seed-french"][:20]),
        "b": write_records(folder / "b.jsonl", styles["seed-din-article"][:20] + styles["seed-din-book"][:20]),
        "c": write_records(folder / "c.jsonl",
                           styles["seed-vancouver-compact"][:20] + styles["seed-gost-article"][:20]),
        "test": write_records(folder / "test.jsonl", [record for name in ("seed-abnt", "seed-din-article",
                                                                         "seed-vancouver-compact", "seed-gbt-book")
                                                      for record in styles[name][30:38]]),
    }


# Training runs of the research tests stop after 30 iterations: enough to learn, quick to run.
QUICK = ["--max-iterations", "30"]


@pytest.fixture(scope="session")
def trained(tmp_path_factory, corpora) -> Path:
    """A model trained by ``reftagger train`` on corpora a and b, tested on the mixed test file."""
    from tagger.cli import main

    out = tmp_path_factory.mktemp("trained") / "model"
    assert main(["train", "--data", str(corpora["a"]), str(corpora["b"]), "--test", str(corpora["test"]),
                 "--out", str(out), "--seed", "3", *QUICK]) == 0
    return out


@pytest.fixture(scope="session")
def varied_references() -> Callable[[int], list[str]]:
    """A function giving ``count`` distinct references from the project's own data, numbers and words varied."""

    def make(count: int) -> list[str]:
        texts = [json.loads(line)["text"] for line in SEED_STYLES.open(encoding="utf-8")]
        generator = random.Random(5)
        varied = []
        while len(varied) < count:
            words = generator.choice(texts).split(" ")
            generator.shuffle(words[: len(words) // 2])
            varied.append(" ".join(words) + f" {generator.randint(1, 999)}")
        return varied

    return make


@pytest.fixture(scope="session")
def shared_texts(shared_data) -> list[str]:
    """The reference strings of three shared corpora of different kinds, in file order (3,420 of them)."""
    files = ("anystyle/test.jsonl", "umass/test.jsonl", "parscit/train.jsonl")
    return [json.loads(line)["text"] for name in files for line in (shared_data / name).open(encoding="utf-8")]
