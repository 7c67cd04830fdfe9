"""Noise that imitates text extracted from PDFs, applied with every span kept exact.

Each kind of noise is a small function that proposes edits ``(start, end,
replacement)`` on the text; :func:`apply` makes an edit only where it keeps
every span well defined (it lies inside one span or outside all of them) and
moves the offsets of the spans after it; :func:`apply_together` makes several
edits that only make sense together, or none. The same seed gives the same
noise. The shapes follow references extracted from PDFs (GROBID's training
data): ``Phys .Rev .Lett .116 ,061102 ( 2016)``, ``wavesfrom``, ``mi - crostructure``,
``478e492``, ``scientic`` for ``scientiﬁc``, a page number or running head
caught between two fields.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tagger.features import word_script
from tagger.synth.records import words

Span = list  # [start, end, label, variable]

LIGATURES = {"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "ffi": "ﬃ"}
OCR_CONFUSIONS = [("l", "1"), ("I", "l"), ("O", "0"), ("rn", "m"), ("e", "c"), ("0", "O"), ("1", "l"), ("cl", "d")]
MARKERS = ["{n}.", "[{n}]", "({n})", "- **{n}.**", "{n})", "{n}"]
WORD = re.compile(r"[^\W\d_]{8,}")  # letters only: a line break inside a number leaves no hyphen


def apply(text: str, spans: list[Span], start: int, end: int, replacement: str) -> str | None:
    """Replace ``text[start:end]`` and shift the spans; ``None`` (nothing done) if that would break one.

    An edit may change a span's inside or the text between spans, never cut
    across a span's edge, empty a span or leave whitespace at its edge. Text
    inserted exactly at a span's start goes before the span.
    """
    for span in spans:
        inside = span[0] <= start and end <= span[1]
        if start < end and span[0] < end and start < span[1] and not inside:
            return None  # crosses an edge
        if inside and (start < end or span[0] < start < span[1]):
            changed = text[span[0] : start] + replacement + text[end : span[1]]
            if not changed or changed != changed.strip():
                return None
    delta = len(replacement) - (end - start)
    for span in spans:
        if span[0] >= end and (start < end or span[0] >= start):
            span[0] += delta
            span[1] += delta
        elif span[0] <= start and end <= span[1] and (start < end or span[0] < start < span[1]):
            span[1] += delta
    return text[:start] + replacement + text[end:]


def apply_together(text: str, spans: list[Span], edits: list[tuple[int, int, str]]) -> str | None:
    """Make every edit (non-overlapping, offsets in ``text``) or none of them, shifting the spans.

    For changes made of two edits, such as a space moved from after a period
    to before it: half of one would be another kind of noise.
    """
    trial = [list(span) for span in spans]
    for start, end, replacement in sorted(edits, reverse=True):  # from the right, so offsets stay valid
        text = apply(text, trial, start, end, replacement)
        if text is None:
            return None
    for span, moved in zip(spans, trial):
        span[:] = moved
    return text


def _label_positions(spans: list[Span], label: str) -> list[Span]:
    return [span for span in spans if span[2] == label]


def list_marker(text: str, spans: list[Span], rng: random.Random) -> str:
    if any(span[2] == "marker" for span in spans):
        return text
    marker = rng.choice(MARKERS).format(n=rng.randint(1, 150))
    for span in spans:
        span[0] += len(marker) + 1
        span[1] += len(marker) + 1
    spans.insert(0, [0, len(marker), "marker", "citation-number"])
    return f"{marker} {text}"


def lost_space(text: str, spans: list[Span], rng: random.Random) -> str:
    """``Perry, Strings`` -> ``Perry,Strings``; ``Tambov. 2019`` -> ``Tambov.2019``."""
    places = [match.start() + 1 for match in re.finditer(r"[.,;:&] (?=\w)", text)]
    for position in sorted(rng.sample(places, min(len(places), rng.randint(1, 3))), reverse=True):
        text = apply(text, spans, position, position + 1, "") or text
    return text


def hyphenation(text: str, spans: list[Span], rng: random.Random) -> str:
    """A line break inside a long word, joined back as ``develop- ment`` or ``superalge-bras``;
    extractors that split off punctuation also leave ``mi - crostructure`` and ``demon -stration``."""
    long_words = list(WORD.finditer(text))
    if not long_words:
        return text
    word = rng.choice(long_words)
    cut = word.start() + rng.randint(3, len(word.group()) - 3)
    return apply(text, spans, cut, cut, rng.choice(["- ", "-", "¬ ", " - ", " -"])) or text


def ligatures(text: str, spans: list[Span], rng: random.Random) -> str:
    for plain, joined in sorted(LIGATURES.items(), key=lambda item: -len(item[0])):
        for match in reversed(list(re.finditer(plain, text))):
            text = apply(text, spans, match.start(), match.end(), joined) or text
    return text


def doubled_space(text: str, spans: list[Span], rng: random.Random) -> str:
    places = [match.start() for match in re.finditer(" ", text)]
    for position in sorted(rng.sample(places, min(len(places), rng.randint(1, 2))), reverse=True):
        text = apply(text, spans, position, position + 1, "  ") or text
    return text


def punctuation(text: str, spans: list[Span], rng: random.Random) -> str:
    """Drop or double a period or comma."""
    places = [match.start() for match in re.finditer(r"[.,](?= )", text)]
    if not places:
        return text
    position = rng.choice(places)
    replacement = "" if rng.random() < 0.6 else text[position] * 2
    return apply(text, spans, position, position + 1, replacement) or text


SPACEABLE = re.compile(r"(?<=[\w)])[.,;:](?=\s|$)")


def spaced_punctuation(text: str, spans: list[Span], rng: random.Random) -> str:
    """Punctuation split off as by a word tokenizer (PTB-style text from PDF extractors):
    ``Phys. Rev. D 47, 4586`` -> ``Phys . Rev . D 47 , 4586``; initials (``E. W.``) keep their periods.
    """
    for match in reversed(list(SPACEABLE.finditer(text))):
        word = re.search(r"\w*$", text[: match.start()]).group()
        if match.group() == "." and len(word) == 1 and word.isupper():
            continue
        text = apply(text, spans, match.start(), match.start(), " ") or text
    if rng.random() < 0.5:
        for match in reversed(list(re.finditer(r"(?<=\d)[-–](?=\d)", text))):
            text = apply(text, spans, match.start(), match.end(), "--") or text
    return text


def capitals(text: str, spans: list[Span], rng: random.Random) -> str:
    """ALL-CAPS author names (character by character, so no offset moves)."""
    for span in _label_positions(spans, "author"):
        piece = text[span[0] : span[1]]
        upper = "".join(char.upper() if len(char.upper()) == 1 else char for char in piece)
        text = text[: span[0]] + upper + text[span[1] :]
    return text


def ocr(text: str, spans: list[Span], rng: random.Random) -> str:
    for _ in range(rng.randint(1, 2)):
        wrong, right = rng.choice(OCR_CONFUSIONS)
        places = [match.start() for match in re.finditer(re.escape(wrong), text)]
        if places:
            position = rng.choice(places)
            text = apply(text, spans, position, position + len(wrong), right) or text
    return text


MOVABLE_SPACE = re.compile(r"(?<=\S)[.,;:] (?=\S)")
OPENING_PARENTHESIS = re.compile(r"(?<= )[(\[](?=\w)")
CLOSING_PARENTHESIS = re.compile(r"[)\]] (?=\w)")


def moved_space(text: str, spans: list[Span], rng: random.Random) -> str:
    """Spaces put where the glyph boxes leave gaps rather than where the words end (seen throughout
    a reference when it happens): ``Phys. Rev. Lett. 116, 061102 (2016)`` -> ``Phys .Rev .Lett .116 ,061102 ( 2016)``,
    or a parenthesis glued to the next word, ``(2016)283``."""
    for match in reversed(list(CLOSING_PARENTHESIS.finditer(text))):
        if rng.random() < 0.7:
            text = apply(text, spans, match.start() + 1, match.end(), "") or text
    for match in reversed(list(OPENING_PARENTHESIS.finditer(text))):
        if rng.random() < 0.5:
            text = apply(text, spans, match.end(), match.end(), " ") or text
    for match in reversed(list(MOVABLE_SPACE.finditer(text))):
        if rng.random() < 0.7:
            mark = match.start()
            text = apply_together(text, spans, [(mark, mark, " "), (mark + 1, mark + 2, "")]) or text
    return text


def _joinable(text: str, position: int) -> bool:
    """A single space between two words, not between two numbers (their line breaks keep a space)."""
    before, after = text[position - 1], text[position + 1]
    return before.isalnum() and after.isalnum() and not (before.isdigit() and after.isdigit())


def glued_words(text: str, spans: list[Span], rng: random.Random) -> str:
    """The space lost where a line ended between two words: ``waves from`` -> ``wavesfrom``,
    inside a field or across two (``2016Observation``)."""
    places = [match.start() for match in re.finditer(r"(?<=\S) (?=\S)", text) if _joinable(text, match.start())]
    for position in sorted(rng.sample(places, min(len(places), rng.randint(1, 2))), reverse=True):
        text = apply(text, spans, position, position + 1, "") or text
    return text


PAGE_RANGE_DASH = re.compile(r"(?<=\d)[-–](?=\d)")


def page_range_dash(text: str, spans: list[Span], rng: random.Random) -> str:
    """The en dash of a page range extracted as another glyph: ``478–492`` -> ``478e492`` (Elsevier's
    PDFs) or ``478?492``; only in page ranges, where the dash is a font's special glyph."""
    glyph = rng.choice(["e", "e", "?"])
    for span in _label_positions(spans, "pages"):
        for match in reversed(list(PAGE_RANGE_DASH.finditer(text, span[0], span[1]))):
            text = apply(text, spans, match.start(), match.end(), glyph) or text
    return text


LIGATURE_LETTERS = re.compile("ffi|ffl|ff|fi|fl|[ﬀﬁﬂﬃﬄ]")  # also those the ligatures kind put in


def lost_ligatures(text: str, spans: list[Span], rng: random.Random) -> str:
    """Ligatures of a font without a Unicode map, lost with their letters: ``scientific`` -> ``scientic``,
    ``first`` -> ``rst``. A font loses every one of them, so all go."""
    for match in reversed(list(LIGATURE_LETTERS.finditer(text))):
        text = apply(text, spans, match.start(), match.end(), "") or text
    return text


# Not the heading "References": caught between two fields it taught the model that the word is never part of a
# field (weight 4.0 for outside, the largest of any word after "doi"), so that "Parsing references." lost its
# second word from the title. No reference in the corpora holds the heading, GROBID's PDF text included,
# while titles hold the word.
PAGE_FURNITURE = ("ARTICLE IN PRESS", "Page {page} of {pages}", "Author's personal copy")


def _running_head(rng: random.Random) -> str:
    """A page number, a journal's running head (``Journal of Physics A 12 345``) or other page furniture."""
    kind = rng.random()
    page = rng.randint(2, 2400)
    if kind < 0.4:
        return str(page)
    journal = rng.choice(words("en")["journals" if rng.random() < 0.6 else "journal_abbreviations"])
    if kind < 0.7:
        return f"{journal} {rng.randint(1, 150)} {page}" if rng.random() < 0.6 else f"{journal} {page}"
    if kind < 0.85:
        return journal.upper() if rng.random() < 0.5 else journal
    return rng.choice(PAGE_FURNITURE).format(page=rng.randint(2, 20), pages=rng.randint(20, 40))


def running_head(text: str, spans: list[Span], rng: random.Random) -> str:
    """Page furniture caught in a reference that runs across a page or column break: ``... 2019 Journal
    of Physics A 12 345 Smith ...``. It goes between two fields and belongs to none."""
    places = [
        match.start()
        for match in re.finditer(r"(?<=\S) (?=\S)", text)
        if not any(span[0] <= match.start() < span[1] for span in spans)
    ]
    if not places:
        return text
    position = rng.choice(places)
    return apply(text, spans, position, position + 1, f" {_running_head(rng)} ") or text


# What a footnote puts before the work it cites, by the script of the author's name: "See", "Vgl.", "Voir",
# "Véase", "См.:", "Див.:", "参见". It belongs to no field.
LEAD_INS = {
    "latin": ("See", "See also", "Cf.", "cf.", "Compare", "For a review, see", "Vgl.", "Vgl. auch", "Siehe",
              "Siehe auch", "Voir", "Voir aussi", "Véase", "Véase también", "Cfr.", "Ver", "Ver também"),
    "cyrillic": ("См.", "См.:", "См. также:", "Подробнее см.:", "Ср.:", "Див.", "Див.:", "Див. також:"),
    "cjk": ("参见", "参见:", "见"),
}


def lead_in(text: str, spans: list[Span], rng: random.Random) -> str:
    """A footnote's ``See`` / ``Vgl.`` / ``См.:`` before the first author, after a marker if there is one:
    ``3 Vgl. Burkhard Kranich, ...``. It belongs to no field."""
    first = next((span for span in spans if span[2] != "marker"), None)
    if first is None or first[2] != "author":
        return text
    lead_ins = LEAD_INS.get(word_script(text[first[0] : first[1]]), LEAD_INS["latin"])
    return apply(text, spans, first[0], first[0], f"{rng.choice(lead_ins)} ") or text


# (name, function, probability per reference)
NOISE: tuple[tuple[str, Callable[[str, list[Span], random.Random], str], float], ...] = (
    ("list_marker", list_marker, 0.15),
    ("lost_space", lost_space, 0.12),
    ("hyphenation", hyphenation, 0.05),
    ("ligatures", ligatures, 0.04),
    ("doubled_space", doubled_space, 0.06),
    ("punctuation", punctuation, 0.06),
    ("spaced_punctuation", spaced_punctuation, 0.15),
    ("capitals", capitals, 0.04),
    ("ocr", ocr, 0.04),
    ("moved_space", moved_space, 0.04),
    ("glued_words", glued_words, 0.05),
    ("page_range_dash", page_range_dash, 0.05),
    ("lost_ligatures", lost_ligatures, 0.03),
    ("running_head", running_head, 0.03),
    ("lead_in", lead_in, 0.03),
)


def add_noise(text: str, spans: list[Span], rng: random.Random, scale: float = 1.0) -> tuple[str, list[str]]:
    """Apply each kind of noise with its probability (times ``scale``); the text and the kinds applied.

    ``spans`` is changed in place.
    """
    applied = []
    for name, function, probability in NOISE:
        if rng.random() < probability * scale:
            changed = function(text, spans, rng)
            if changed != text:
                applied.append(name)
                text = changed
    return text, applied
