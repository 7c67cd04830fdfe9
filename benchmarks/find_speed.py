"""Speed of finding references: splitting a pasted section, and reading, splitting and parsing a whole PDF.

    python benchmarks/find_speed.py [--data-dir ../shared/data] [--repeat 5]

1. A 50-reference section (AnyStyle test references typeset by ``training.synth_sections``: flush, as
   pasted text) split by ``split_section`` with the shipped models loaded; the baseline, in the same run, is
   ``parse_many`` of the same 50 references (what parsing them costs anyway).
2. A 20-page two-column paper PDF (written with fpdf2 by the tests' builder: 17 pages of body text, then 80
   references) read, split and parsed by ``find_references``; the baseline, in the same run, is pdfium's plain
   text extraction of every page (``pypdfium2``, what any PDF-to-text step costs).

Prints seconds per section and per PDF (the best of ``--repeat`` runs, and the mean), and each as a ratio to
its baseline. Needs the test extra (fpdf2, matplotlib).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_DIR = REPOSITORY.parent / "shared" / "data"


def timed(run, repeat: int) -> tuple[float, float]:
    """Best and mean seconds of ``repeat`` runs (after one warm-up run)."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times), statistics.mean(times)


def pdf_builder():
    """The tests' PDF builder (``tests/blocks/conftest.py``), loaded from its file."""
    spec = importlib.util.spec_from_file_location("pdf_builder", REPOSITORY / "tests" / "blocks" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pdf_builder"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.write_reference_pdf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(REPOSITORY))
    import pypdfium2

    from tagger.blocks.find import find_references
    from tagger.blocks.layout import SectionLine
    from tagger.blocks.sections import split_section
    from tagger.model import default_tagger
    from training.synth_sections import read_texts, render_sections

    model = default_tagger()
    texts = read_texts(args.data_dir / "anystyle" / "test.jsonl")
    section = next(iter(render_sections(texts, seed=0, source="benchmark", layout="flush", size=(50, 50))))
    lines = [SectionLine(text) for text in section["block"].split("\n")]
    references = section["references"]
    split_best, split_mean = timed(lambda: split_section(lines, model), args.repeat)
    parse_best, parse_mean = timed(lambda: list(model.parse_many(references)), args.repeat)
    found = split_section(lines, model)
    results = {"section": {"references": len(references), "lines": len(lines), "found": len(found),
                           "split_seconds_best": round(split_best, 4), "split_seconds_mean": round(split_mean, 4),
                           "baseline_parse_many_seconds_best": round(parse_best, 4),
                           "split_over_parse": round(split_best / parse_best, 2)}}

    write_reference_pdf = pdf_builder()
    latin = [text for text in texts if all(ord(char) < 256 for char in text)]
    with tempfile.TemporaryDirectory() as scratch:
        paper = Path(scratch) / "paper.pdf"
        layout = write_reference_pdf(paper, list(itertools.islice(latin, 80)), columns=2, layout="hanging",
                                     body_pages=17)
        document = pypdfium2.PdfDocument(paper)
        pages = len(document)
        document.close()

        def extract_text() -> None:
            pdf = pypdfium2.PdfDocument(paper)
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()

        find_best, find_mean = timed(lambda: find_references(paper, model), args.repeat)
        text_best, _ = timed(extract_text, args.repeat)
        found_in_pdf = len(find_references(paper, model))
    results["pdf"] = {"pages": pages, "references": len(layout.start_pages), "found": found_in_pdf,
                      "find_seconds_best": round(find_best, 3), "find_seconds_mean": round(find_mean, 3),
                      "baseline_pdfium_text_seconds_best": round(text_best, 3),
                      "find_over_text_extraction": round(find_best / text_best, 1)}
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
