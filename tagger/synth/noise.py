"""Noise that imitates text extracted from PDFs, applied with every span kept exact.

Each kind of noise is a small function that proposes edits ``(start, end,
replacement)`` on the text; :func:`apply` makes an edit only where it keeps
every span well defined (it lies inside one span or outside all of them) and
moves the offsets of the spans after it. The same seed gives the same noise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Span = list  # [start, end, label, variable]

LIGATURES = {"fi": "ﬁ", "fl": "ﬂ", "ff": "ﬀ", "ffi": "ﬃ"}
OCR_CONFUSIONS = [("l", "1"), ("I", "l"), ("O", "0"), ("rn", "m"), ("e", "c"), ("0", "O"), ("1", "l"), ("cl", "d")]
MARKERS = ["{n}.", "[{n}]", "({n})", "- **{n}.**", "{n})", "{n}"]
WORD = re.compile(r"\w{8,}")


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
    """A line break inside a long word, joined back as ``develop- ment``."""
    words = list(WORD.finditer(text))
    if not words:
        return text
    word = rng.choice(words)
    cut = word.start() + rng.randint(3, len(word.group()) - 3)
    return apply(text, spans, cut, cut, rng.choice(["- ", "-", "¬ "])) or text


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
