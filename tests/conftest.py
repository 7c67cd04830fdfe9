"""Fixtures built by the tests themselves: a small labelled corpus and a model trained on it."""

from __future__ import annotations

import json
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
    from tagger.trainer import train

    return train(tiny_records * 3, tmp_path_factory.mktemp("model"), max_iterations=60)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (DATA_DIR / "umass" / "test.jsonl").is_file():
        pytest.skip(f"the shared corpora are not at {DATA_DIR}")
    return DATA_DIR
