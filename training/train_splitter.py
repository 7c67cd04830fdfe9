r"""Train and measure the line splitter (``tagger/blocks/splitter.crfsuite`` and ``splitter.json``).

    python -m training.train_splitter --out tagger/blocks [--cv 5]     # the shipped model
    python -m training.train_splitter --cv 5                           # measure only
    python -m training.train_splitter --evaluate SECTIONS.jsonl [...] [--model tagger/blocks]

Training data: GROBID's reference-segmenter sections (``../shared/data/blocks/grobid-segmenter.jsonl``, real
PDF text with its line breaks) and synthetic sections typeset from the training corpora with real font metrics
(:mod:`training.synth_sections`: ``--sections-per-file`` from each file, seed ``--seed``), each synthetic
section twice: with the geometry a PDF gives (``fill``, ``indent``, ``gap``, ``page``) and as pasted text
without it. The features include the reference tagger's view of the lines, so the splitter is trained with the
shipped tagger (``models/``; its hash is recorded) and must be retrained when that model is.

A line is labelled ``start`` where a reference begins at its first character, ``other`` where no reference
touches it, ``continue`` otherwise (a synthetic record's own ``labels`` win). A reference counts as recovered
when some predicted reference has the same letters and digits, casefolded (one prediction per gold
reference): issue 16's measure. References that begin or end in the middle of a line (physics and chemistry
compound entries, 264 of GROBID's 5,056) cannot be recovered by labelling lines; ``whole_line_share`` is the
share of the others.

Reported: ``--cv`` folds over GROBID's sections (by section, the synthetic sections in every fold's training
data), then the final model on GROBID's evaluation sections and on synthetic sections typeset from test files
no model here was trained on (AnyStyle test, UMass test: numbered, hanging and flush lists apart;
``data/styles-check.jsonl``: flush), with and without geometry: the line model's labels alone, and
``end_to_end``, what ``split_section`` returns (the model decoded by ``tagger.crf``, with the blank-line and
indentation rules around it).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from tagger.blocks.compound import works
from tagger.blocks.layout import SectionLine
from tagger.blocks.lines import (
    FEATURE_VERSION,
    LABELS,
    META_FILE,
    MODEL_FILE,
    decode,
    read_splitter,
    references_from_labels,
    section_features,
)
from tagger.blocks.sections import split_section
from tagger.crf import LinearChainCRF
from tagger.files import file_sha256
from tagger.model import Tagger
from training import run
from training.synth_sections import read_texts, render_sections, share, source_name

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_DIR = REPOSITORY.parent / "shared" / "data"
SEGMENTER = DATA_DIR / "blocks" / "grobid-segmenter.jsonl"
SEGMENTER_EVAL = DATA_DIR / "blocks" / "grobid-segmenter-eval.jsonl"
SYNTHETIC_SOURCES = [DATA_DIR / "anystyle" / "train.jsonl", DATA_DIR / "umass" / "train.jsonl",
                     DATA_DIR / "parscit" / "train.jsonl", DATA_DIR / "grobid" / "train.jsonl",
                     REPOSITORY / "data" / "seed-styles.jsonl"]
# References rendered by tagger.synth in its training styles (seed 0), typeset into sections beside the corpora's:
# GOST, GB/T 7714, DIN, ABNT and the other styles no corpus holds; as many as one file's sections use.
SYNTHETIC_REFERENCES = 2400
# Unnumbered synthetic training sections are alphabetical, but this share keeps the order it was drawn in: lists
# ordered by citation exist, and a model shown only sorted lists merged references a hanging indent kept apart.
UNSORTED = 0.15
# Checks: (name, file, layout, sections); typeset with seed 1, never trained on.
CHECKS = [(f"{corpus} {layout}", DATA_DIR / corpus / "test.jsonl", layout, 30)
          for corpus in ("anystyle", "umass") for layout in ("numbered", "hanging", "flush")]
CHECKS.append(("styles-check flush", REPOSITORY / "data" / "styles-check.jsonl", "flush", 12))
# For choosing features and settings (--dev): files no model here trains on, typeset with seed 2; the checks
# above are reported once, for the final model.
DEV_CHECKS = [(f"dev {name} {layout}", DATA_DIR / path, layout, 20)
              for name, path in (("anystyle-extra-good", "anystyle/extra-good.jsonl"), ("umass-dev", "umass/dev.jsonl"))
              for layout in ("numbered", "hanging", "flush")]
# and, for the styles no corpus holds, tagger.synth's held-out styles (seed 3, flush): (name, layout, sections)
DEV_HELD_OUT_STYLES = ("dev held-out styles flush", "flush", 20)
GEOMETRY = ("fill", "indent", "gap", "page")
# Chosen on cross-validation over GROBID's sections and on the dev sections (--dev); the runs are in
# training/results/splitter_dev.md.
PARAMETERS = {"algorithm": "lbfgs", "c1": 0.001, "c2": 3.0, "max_iterations": 200}


@dataclasses.dataclass
class Example:
    """A section ready for the CRF: its lines, gold labels, features and gold references."""

    identifier: str
    lines: list[SectionLine]
    labels: list[str]
    features: list[dict[str, float]]
    references: list[str]
    whole_line: list[str]


def read_sections(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def synthetic_sections(paths: list[Path], *, seed: int, per_file: int, layout: str = "mixed",
                       unsorted: float = 0.0) -> list[dict]:
    return [record for path in paths for record in itertools.islice(
        render_sections(read_texts(path), seed=seed, source=source_name(path), layout=layout, unsorted=unsorted),
        per_file)]


def synthetic_style_texts(count: int, seed: int, held_out: bool = False) -> list[str]:
    """The texts of ``count`` references rendered by :mod:`tagger.synth` (noise included), in its training
    styles or only its held-out ones."""
    from tagger.synth import generate

    references, _ = generate(count, seed=seed, held_out=held_out)
    return [reference["text"] for reference in references]


def without_geometry(record: dict) -> dict:
    """The record as pasted text gives it: no fill, indent, gap or page."""
    return {key: value for key, value in record.items() if key not in GEOMETRY} | {"id": record["id"] + "/text"}


def section_lines(record: dict) -> tuple[list[SectionLine], list[str]]:
    """The record's lines and each line's gold label."""
    block = record["block"]
    starts = {span["start"] for span in record["spans"]}
    spans = [(span["start"], span["end"]) for span in record["spans"]]
    geometry = {key: record[key] for key in GEOMETRY if record.get(key)}
    lines, labels = [], []
    offset = 0
    for number, text in enumerate(block.split("\n")):
        begin, end = offset, offset + len(text)
        offset = end + 1
        first = begin + len(text) - len(text.lstrip())
        if any(begin <= start <= first for start in starts):
            label = "start"
        elif any(start < end and stop > begin for start, stop in spans):
            label = "continue"
        else:
            label = "other"
        lines.append(SectionLine(text, **{key: values[number] for key, values in geometry.items()}))
        labels.append(label)
    return lines, record.get("labels") or labels


def whole_line_references(record: dict) -> list[str]:
    """The references that share no line with another: the ones a line splitter can recover."""
    block, alone = record["block"], []
    for reference, span in zip(record["references"], record["spans"]):
        line_start = block.rfind("\n", 0, span["start"]) + 1
        line_end = block.find("\n", span["end"])
        line_end = len(block) if line_end < 0 else line_end
        if not block[line_start:span["start"]].strip() and not block[span["end"]:line_end].strip():
            alone.append(reference)
    return alone


def examples(records: list[dict], tagger: Tagger, description: str) -> list[Example]:
    result = []
    for record in tqdm(records, desc=description, unit="section", leave=False):
        lines, labels = section_lines(record)
        features = [dict.fromkeys(group, 1.0) for group in section_features(lines, tagger)]
        result.append(Example(record["id"], lines, labels, features, record["references"],
                              whole_line_references(record)))
    return result


def key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def recovered(gold: list[str], predicted: list[str]) -> int:
    available = Counter(key(text) for text in predicted)
    hits = 0
    for reference in gold:
        if available[key(reference)] > 0:
            available[key(reference)] -= 1
            hits += 1
    return hits


def train(training: list[Example], path: Path | None = None):
    import sklearn_crfsuite

    model = sklearn_crfsuite.CRF(**PARAMETERS, all_possible_transitions=True,
                                 model_filename=str(path) if path else None)
    model.fit([example.features for example in training], [example.labels for example in training])
    return model


def score(model, checked: list[Example]) -> dict:
    """Share of references recovered, of whole-line references recovered, and of sections fully right; the
    lines the model groups are cut into works as ``split_section`` cuts them (:mod:`tagger.blocks.compound`)."""
    found = found_alone = total_alone = exact = 0
    total = 0
    for example in checked:
        labels = model.predict_single(example.features)
        predicted = [work for group in references_from_labels(example.lines, labels)
                     for work in works(" ".join(example.lines[index].text.strip() for index in group))]
        hits = recovered(example.references, predicted)
        found += hits
        total += len(example.references)
        found_alone += recovered(example.whole_line, predicted)
        total_alone += len(example.whole_line)
        exact += hits == len(example.references) == len(predicted)
    return {"references": total, "share": round(found / max(1, total), 4),
            "whole_line_share": round(found_alone / max(1, total_alone), 4), "sections": len(checked),
            "sections_exact": round(exact / max(1, len(checked)), 4)}


def cross_validate(sections: list[Example], folds: int, extra: list[Example]) -> dict:
    order = list(range(len(sections)))
    random.Random(0).shuffle(order)
    predictions = []
    for fold in tqdm(range(folds), desc="cross-validation", unit="fold", leave=False):
        held = {index for position, index in enumerate(order) if position % folds == fold}
        model = train([example for index, example in enumerate(sections) if index not in held] + extra)
        predictions.append(score(model, [sections[index] for index in sorted(held)]))
    totals = {"references": sum(result["references"] for result in predictions)}
    for name in ("share", "whole_line_share"):
        totals[name] = round(sum(result[name] * result["references"] for result in predictions)
                             / totals["references"], 4)
    totals["sections_exact"] = round(sum(result["sections_exact"] * result["sections"] for result in predictions)
                                     / len(sections), 4)
    totals["folds"] = folds
    return totals


class Decoded:
    """A line model as users run it (read by :func:`read_splitter`, decoded by ``tagger.crf``), with the
    ``predict_single`` of a trained sklearn-crfsuite model, so that :func:`score` takes either."""

    def __init__(self, directory: Path):
        self.crf = read_splitter(directory)

    def predict_single(self, features: list[dict[str, float]]) -> list[str]:
        return decode(self.crf, features)


def end_to_end(crf: LinearChainCRF, checked: list[Example], tagger: Tagger) -> dict:
    """The share of references recovered by ``split_section`` (what users get: the line model ``crf``, with
    the blank-line and indentation rules around it)."""
    found = total = 0
    for example in checked:
        predicted = [reference.text for reference in split_section(example.lines, tagger, crf)]
        found += recovered(example.references, predicted)
        total += len(example.references)
    return {"references": total, "share": round(found / max(1, total), 4)}


def check_sections(dev: bool) -> Iterator[tuple[str, list[dict]]]:
    """The synthetic sections of each check (or dev check), by name."""
    for name, path, layout, count in DEV_CHECKS if dev else CHECKS:
        yield name, synthetic_sections([path], seed=2 if dev else 1, per_file=count, layout=layout)
    if dev:
        name, layout, count = DEV_HELD_OUT_STYLES
        texts = synthetic_style_texts(count * 30, seed=3, held_out=True)
        yield name, list(itertools.islice(render_sections(texts, seed=2, source="held-out-styles", layout=layout),
                                          count))


def checks(model, tagger: Tagger, dev: bool = False, directory: Path | None = None) -> dict:
    results = {}
    crf = read_splitter(directory) if directory else None
    if not dev:
        grobid = examples(read_sections(SEGMENTER_EVAL), tagger, "GROBID evaluation")
        results["grobid-segmenter-eval"] = score(model, grobid)
        if crf:
            results["grobid-segmenter-eval"]["end_to_end"] = end_to_end(crf, grobid, tagger)
    for name, records in check_sections(dev):
        for version, rendered in ((f"{name}, PDF geometry", records),
                                  (f"{name}, text", [without_geometry(record) for record in records])):
            checked = examples(rendered, tagger, name)
            results[version] = score(model, checked)
            if crf:
                results[version]["end_to_end"] = end_to_end(crf, checked, tagger)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train_splitter", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write splitter.crfsuite and splitter.json here")
    parser.add_argument("--cv", type=int, default=0, metavar="FOLDS", help="cross-validate over GROBID's sections")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic training sections")
    parser.add_argument("--sections-per-file", type=int, default=80)
    parser.add_argument("--synthetic-styles", type=int, default=SYNTHETIC_REFERENCES, metavar="N",
                        help="typeset sections also from N references rendered by tagger.synth (0: none)")
    parser.add_argument("--unsorted", type=share, default=UNSORTED, metavar="SHARE",
                        help="the share of unnumbered synthetic training sections not sorted alphabetically")
    parser.add_argument("--c1", type=float, default=PARAMETERS["c1"], help="L1 regularisation")
    parser.add_argument("--c2", type=float, default=PARAMETERS["c2"], help="L2 regularisation")
    parser.add_argument("--dev", action="store_true",
                        help="score on the dev sections (for choosing features) instead of the checks")
    parser.add_argument("--evaluate", nargs="+", type=Path, metavar="SECTIONS.jsonl",
                        help="only score these sections with --model")
    parser.add_argument("--model", type=Path, default=REPOSITORY / "tagger" / "blocks")
    args = parser.parse_args(argv)
    PARAMETERS.update(c1=args.c1, c2=args.c2)
    started = time.time()
    tagger = Tagger.load()
    if args.evaluate:
        model = Decoded(args.model)
        for path in args.evaluate:
            print(path.name, json.dumps(score(model, examples(read_sections(path), tagger, path.name))))
        return 0
    sections = examples(read_sections(SEGMENTER), tagger, "GROBID sections")
    rendered = synthetic_sections(SYNTHETIC_SOURCES, seed=args.seed, per_file=args.sections_per_file,
                                  unsorted=args.unsorted)
    style_texts = synthetic_style_texts(args.synthetic_styles, seed=args.seed) if args.synthetic_styles else []
    if style_texts:
        rendered += itertools.islice(render_sections(style_texts, seed=args.seed, source="synthetic-styles",
                                                     unsorted=args.unsorted), args.sections_per_file)
    synthetic = examples([version for record in rendered for version in (record, without_geometry(record))], tagger,
                         "synthetic sections")
    results: dict = {}
    if args.cv:
        results["cross_validation_grobid"] = cross_validate(sections, args.cv, synthetic)
        print("cross-validation", json.dumps(results["cross_validation_grobid"]), file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        model = train(sections + synthetic, Path(scratch) / MODEL_FILE)
        (Path(scratch) / META_FILE).write_text(json.dumps({"feature_version": FEATURE_VERSION}), encoding="utf-8")
        results |= checks(model, tagger, args.dev, None if args.dev else Path(scratch))
        if args.dev:
            # the mean over the corpora's dev checks, as the runs before the held-out styles were added measured
            text = [results[f"{name}, text"]["share"] for name, *_ in DEV_CHECKS]
            geometry = [results[f"{name}, PDF geometry"]["share"] for name, *_ in DEV_CHECKS]
            results["dev mean"] = {"text": round(sum(text) / len(text), 4),
                                   "geometry": round(sum(geometry) / len(geometry), 4)}
        for name, result in results.items():
            print(f"{name}: {json.dumps(result)}")
        if args.out and not args.dev:
            sources = [{"path": _shown(path), "sha256": file_sha256(path)} for path in SYNTHETIC_SOURCES]
            if style_texts:
                text_hash = hashlib.sha256("\n".join(style_texts).encode()).hexdigest()
                sources.append({"tagger.synth": {"references": len(style_texts), "seed": args.seed,
                                                 "styles": "training", "texts_sha256": text_hash}})
            args.out.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(scratch) / MODEL_FILE, args.out / MODEL_FILE)
            meta = {
                "feature_version": FEATURE_VERSION, "labels": list(LABELS), "parameters": PARAMETERS,
                "tagger_model_sha256": file_sha256(Path(tagger.path) / "model.crfsuite"),
                "data": {"grobid_segmenter": {"path": "../shared/data/blocks/grobid-segmenter.jsonl",
                                              "sha256": file_sha256(SEGMENTER), "sections": len(sections)},
                         "synthetic": {"seed": args.seed, "sections_per_file": args.sections_per_file,
                                       "unsorted": args.unsorted, "sections": len(rendered),
                                       "each": "with PDF geometry and as text", "from": sources}},
                "scores": results, "training_seconds": round(time.time() - started),
                "command": "python -m training.train_splitter --out tagger/blocks --cv 5",
            }
            (args.out / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {args.out / MODEL_FILE} and {args.out / META_FILE}", file=sys.stderr)
    print(f"{time.time() - started:.0f} s", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    return str(path.relative_to(REPOSITORY)) if path.is_relative_to(REPOSITORY) else "../shared/data/" + str(
        path.relative_to(DATA_DIR))


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.train_splitter"))
