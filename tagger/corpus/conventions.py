"""Where the corpora label the same thing differently, one convention for training and scoring.

AnyStyle and ParsCit label a journal's volume and issue as one ``volume`` span ("3(2),", "Vol. 81, No. 5,"),
and AnyStyle's Vancouver references put the year in it too ("2000;355(9222):"); UMass and GROBID label the
issue (and the year) apart. Trained on both, the tagger learns neither: it tags "2019;3" as a volume.
:func:`split_volume_issue` splits such volume spans into year, volume and issue, as the other corpora do.
AnyStyle labels whole words, so a page range glued to the volume ("175(7):4769–76,") is labelled volume with
it; the tagger's tokens part them, and ``pages=True`` splits them off for scoring. (Training with them split
too did not help the dev split and made confidence less honest on PDF text; README, "How the mix was chosen".)
"""

from __future__ import annotations

import re
from typing import Any

from tagger.patterns import YEAR

# "3(2),"  "77 (1):"  "2000;355(9222):"  "12(Suppl 1)" — the year, the volume, the issue in brackets.
BRACKETED = re.compile(rf"(?:(?P<year>{YEAR})\s*;\s*)?(?P<volume>\d+[A-Za-z]?)\s*(?P<issue>\(\s*[\w /–-]+?\s*\))"
                       r"(?P<end>[\s.,;:]*)")
# "175(7):4769–76,"  "55 (8): R4921-R4924." — and the page or page range glued after them by a colon.
BRACKETED_PAGES = re.compile(BRACKETED.pattern.removesuffix(r"(?P<end>[\s.,;:]*)") + r"(?P<colon>\s*:\s*)"
                             r"(?P<pages>[A-Za-z]?\d+(?:\s*[–-]+\s*[A-Za-z]?\d+)?)(?P<end>[\s.,;:]*)")
# "5:98–108,"  "51:197–204." — a volume and a page range (a single number after the colon may be an issue).
COLON = re.compile(r"(?P<volume>\d+[A-Za-z]?)(?P<colon>\s*:\s*)(?P<pages>[A-Za-z]?\d+\s*[–-]+\s*[A-Za-z]?\d+)"
                   r"(?P<end>[\s.,;:]*)")
# "Vol. 81, No. 5,"  "vol. 7, no. 3,"  "Volume 131, Issue 1,"  "Bd. 9, Nr. 12"
NUMBERED = re.compile(r"(?P<volume>(?:vol(?:ume)?|bd|t)\.?\s*\d+[A-Za-z]?)(?P<gap>\s*[,.]?\s*)"
                      r"(?P<issue>(?:no|nr|n°|№|issue|iss|heft|h)\.?\s*\d+(?:\s*[-–/]\s*\d+)?)(?P<end>[\s.,;:]*)",
                      re.IGNORECASE)


def split_volume_issue(record: dict[str, Any], pages: bool = False) -> dict[str, Any]:
    """``record`` with each volume span that holds an issue (or a year) split into ``volume`` and ``issue``
    (and ``year``) spans, and with ``pages`` a page range glued to it by a colon into ``pages``; the punctuation
    between pieces is left unlabelled but for the colon after an issue, and the trailing punctuation is kept by
    the last. Records that label an issue already, or a year (pages) beside a volume that holds one, are left
    as they are.

    >>> record = {"text": "J. Biol. 2000;355(9222):1-9", "spans": [{"start": 9, "end": 27, "label": "volume"}]}
    >>> [(span["label"], record["text"][span["start"]:span["end"]]) for span in split_volume_issue(record)["spans"]]
    [('volume', '2000;355(9222):1-9')]
    >>> [(span["label"], record["text"][span["start"]:span["end"]])
    ...  for span in split_volume_issue(record, pages=True)["spans"]]
    [('year', '2000'), ('volume', '355'), ('issue', '(9222):'), ('pages', '1-9')]
    """
    labels = {span["label"] for span in record["spans"]}
    if "issue" in labels or "volume" not in labels:
        return record
    spans = []
    for span in record["spans"]:
        pieces = _pieces(record["text"], span, pages) if span["label"] == "volume" else None
        if pieces and any(label in labels for _, _, label in pieces if label in ("year", "pages")):
            pieces = None  # the reference has a year (pages) already; which is which is not for us to say
        spans += [{"start": start, "end": end, "label": label} | (
            {"source_label": span["source_label"]} if "source_label" in span else {})
            for start, end, label in pieces] if pieces else [span]
    return record | {"spans": spans}


def _pieces(text: str, span: dict[str, Any], pages: bool) -> list[tuple[int, int, str]] | None:
    """The year, volume, issue (and with ``pages``, pages) pieces of a volume span, or ``None`` when it is a
    volume alone."""
    value = text[span["start"] : span["end"]]
    found = ((BRACKETED_PAGES.fullmatch(value) or COLON.fullmatch(value) if pages else None)
             or BRACKETED.fullmatch(value) or NUMBERED.fullmatch(value))
    if not found:
        return None
    present = [label for label in ("year", "volume", "issue", "pages")
               if label in found.re.groupindex and found.group(label)]
    pieces = []
    for label in present:
        if label == present[-1]:
            end = found.end("end")
        elif label == "issue" and "colon" in found.re.groupindex and found.group("colon"):
            end = found.start("colon") + len(found.group("colon").rstrip())
        else:
            end = found.end(label)
        pieces.append((span["start"] + found.start(label), span["start"] + end, label))
    return pieces
