"""Where the corpora label the same thing differently, one convention for training.

AnyStyle and ParsCit label a journal's volume and issue as one ``volume`` span ("3(2),", "Vol. 81, No. 5,"),
and AnyStyle's Vancouver references put the year in it too ("2000;355(9222):"); UMass and GROBID label the
issue (and the year) apart. Trained on both, the tagger learns neither: it tags "2019;3" as a volume.
AnyStyle labels whole words, so a page range glued to the volume ("175(7):4769–76,") is labelled volume too.
:func:`split_volume_issue` splits such volume spans into year, volume, issue and pages, as the other corpora do.
"""

from __future__ import annotations

import re
from typing import Any

from tagger.patterns import YEAR

# A page or a page range glued to what comes before it by a colon: ":4769–76"  ":e116"  ": R4921-R4924".
_PAGES = r"(?:(?P<colon>\s*:\s*)(?P<pages>[A-Za-z]?\d+(?:\s*[–-]+\s*[A-Za-z]?\d+)?))"
# "3(2),"  "77 (1):"  "2000;355(9222):"  "12(Suppl 1)"  "175(7):4769–76," — the year, the volume, the issue in
# brackets and the pages after them.
BRACKETED = re.compile(rf"(?:(?P<year>{YEAR})\s*;\s*)?(?P<volume>\d+[A-Za-z]?)\s*(?P<issue>\(\s*[\w /–-]+?\s*\))"
                       rf"{_PAGES}?(?P<end>[\s.,;:]*)")
# "5:98–108,"  "51:197–204." — a volume and a page range (a single number after the colon may be an issue).
COLON = re.compile(r"(?P<volume>\d+[A-Za-z]?)(?P<colon>\s*:\s*)(?P<pages>[A-Za-z]?\d+\s*[–-]+\s*[A-Za-z]?\d+)"
                   r"(?P<end>[\s.,;:]*)")
# "Vol. 81, No. 5,"  "vol. 7, no. 3,"  "Volume 131, Issue 1,"  "Bd. 9, Nr. 12"
NUMBERED = re.compile(r"(?P<volume>(?:vol(?:ume)?|bd|t)\.?\s*\d+[A-Za-z]?)(?P<gap>\s*[,.]?\s*)"
                      r"(?P<issue>(?:no|nr|n°|№|issue|iss|heft|h)\.?\s*\d+(?:\s*[-–/]\s*\d+)?)(?P<end>[\s.,;:]*)",
                      re.IGNORECASE)


def split_volume_issue(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with each volume span that holds an issue, a year or glued pages split into ``volume``,
    ``issue``, ``year`` and ``pages`` spans, the punctuation between them left unlabelled but for the colon
    after an issue, and the trailing punctuation kept by the last; records that label an issue already, or a
    year (pages) beside a volume that holds one, are left as they are.

    >>> record = {"text": "J. Biol. 2000;355(9222):1-9", "spans": [{"start": 9, "end": 27, "label": "volume"}]}
    >>> [(span["label"], record["text"][span["start"]:span["end"]]) for span in split_volume_issue(record)["spans"]]
    [('year', '2000'), ('volume', '355'), ('issue', '(9222):'), ('pages', '1-9')]
    """
    labels = {span["label"] for span in record["spans"]}
    if "issue" in labels or "volume" not in labels:
        return record
    spans = []
    for span in record["spans"]:
        pieces = _pieces(record["text"], span) if span["label"] == "volume" else None
        if pieces and any(label in labels for _, _, label in pieces if label in ("year", "pages")):
            pieces = None  # the reference has a year (pages) already; which is which is not for us to say
        spans += [{"start": start, "end": end, "label": label} | (
            {"source_label": span["source_label"]} if "source_label" in span else {})
            for start, end, label in pieces] if pieces else [span]
    return record | {"spans": spans}


def _pieces(text: str, span: dict[str, Any]) -> list[tuple[int, int, str]] | None:
    """The year, volume, issue and pages pieces of a volume span, or ``None`` when it is a volume alone."""
    value = text[span["start"] : span["end"]]
    found = BRACKETED.fullmatch(value) or COLON.fullmatch(value) or NUMBERED.fullmatch(value)
    if not found:
        return None
    present = [label for label in ("year", "volume", "issue", "pages")
               if label in found.re.groupindex and found.group(label)]
    pieces = []
    for label in present:
        if label == present[-1]:
            end = found.end("end")
        elif label == "issue" and found.group("colon"):
            end = found.start("colon") + len(found.group("colon").rstrip())
        else:
            end = found.end(label)
        pieces.append((span["start"] + found.start(label), span["start"] + end, label))
    return pieces
