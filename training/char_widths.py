"""Write ``tagger/blocks/char_widths.json``: the advance width of each Latin, Greek and Cyrillic character in
Times-Roman (the commonest text font of papers), in ems, from the AFM metrics matplotlib ships (Adobe's core
font metrics, freely distributable).

    python -m training.char_widths

The line splitter measures pasted lines with it (:func:`tagger.blocks.lines.text_width`): a line set in a
proportional font can be full on the page while it looks short in characters (``mmm`` is wider than ``iii``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

from training import run
from training.synth_sections import _afm_widths

OUT = Path(__file__).resolve().parent.parent / "tagger" / "blocks" / "char_widths.json"
RANGES = [(0x20, 0x7F), (0xA0, 0x250), (0x370, 0x400), (0x400, 0x460), (0x2010, 0x2027)]


def main() -> int:
    metrics = _afm_widths(Path(matplotlib.get_data_path()) / "fonts" / "pdfcorefonts" / "Times-Roman.afm")
    widths = {chr(code): round(metrics[chr(code)] / 1000, 3) for start, end in RANGES for code in range(start, end)
              if chr(code) in metrics}
    OUT.write_text(json.dumps(widths, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(widths)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.char_widths"))
