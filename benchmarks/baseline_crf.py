"""A plain CRF baseline, to measure what reftagger's tokenizer and features add.

    python benchmarks/baseline_crf.py [--data-dir ../shared/data]

The textbook sklearn-crfsuite recipe: spaCy's default English tokenizer and
about 25 features per token (the word, its last two and three letters, case
and digit flags, spaCy's shape, length, position, and the same for the
neighbours on each side), trained on the three corpora's training files
(texts of the test sets removed) and scored with reftagger's metrics on the
AnyStyle and UMass test sets. Compare with the scores in models/meta.json.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sklearn_crfsuite
import spacy

from tagger.corpus import deduplicate, read_jsonl, remove_overlap
from tagger.research.metrics import evaluate

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
TRAIN_FILES = ("anystyle/train.jsonl", "parscit/train.jsonl", "umass/train.jsonl")
TEST_FILES = ("anystyle/test.jsonl", "umass/test.jsonl")


def token_features(doc, index: int) -> dict:
    token = doc[index]
    word = token.text
    features = {"bias": 1.0, "lower": word.lower(), "suffix3": word[-3:], "suffix2": word[-2:],
                "is_upper": word.isupper(), "is_title": word.istitle(), "is_digit": word.isdigit(),
                "shape": token.shape_, "length": str(min(len(word), 8)), "position": str(10 * index // len(doc))}
    for offset in (-1, 1):
        position = index + offset
        if 0 <= position < len(doc):
            neighbour = doc[position].text
            features.update({f"{offset}:lower": neighbour.lower(), f"{offset}:is_title": neighbour.istitle(),
                             f"{offset}:is_upper": neighbour.isupper(), f"{offset}:is_digit": neighbour.isdigit(),
                             f"{offset}:shape": doc[position].shape_})
        else:
            features["BOS" if offset < 0 else "EOS"] = True
    return features


def labels(doc, spans: list[dict]) -> list[str]:
    result = []
    for token in doc:
        label = "O"
        for span in spans:
            if span["start"] <= token.idx < span["end"] and span["label"] != "other":
                label = span["label"]
        result.append(label)
    return result


def predicted_spans(doc, token_labels: list[str]) -> list[dict]:
    spans: list[dict] = []
    for token, label in zip(doc, token_labels):
        if label == "O":
            continue
        if spans and spans[-1]["label"] == label and spans[-1]["last"] == token.i - 1:
            spans[-1].update(end=token.idx + len(token.text), last=token.i)
        else:
            spans.append({"start": token.idx, "end": token.idx + len(token.text), "label": label, "last": token.i})
    return spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    nlp = spacy.blank("en")
    tests = {name: read_jsonl(args.data_dir / name) for name in TEST_FILES}
    pool = [record for name in TRAIN_FILES for record in read_jsonl(args.data_dir / name)]
    pool, removed = remove_overlap(deduplicate(pool), [r for records in tests.values() for r in records])
    docs = [nlp(record["text"]) for record in pool]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.01, max_iterations=100,
                               all_possible_transitions=True)
    crf.fit([[token_features(doc, i) for i in range(len(doc))] for doc in docs],
            [labels(doc, record["spans"]) for doc, record in zip(docs, pool)])
    print(f"baseline trained on {len(pool)} references ({removed} removed as test overlap)")
    for name, records in tests.items():
        predictions = []
        for record in records:
            doc = nlp(record["text"])
            predictions.append(predicted_spans(doc, crf.predict_single([token_features(doc, i)
                                                                          for i in range(len(doc))])))
        scores = evaluate([r["text"] for r in records], [r["spans"] for r in records], predictions)
        print(f"{name}: core field micro-F1 {scores['field']['micro']['f1']:.4f}, "
              f"word micro-F1 {scores['word']['micro']['f1']:.4f}, reference exact {scores['reference_exact']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
