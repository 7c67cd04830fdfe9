"""Results as inline tags: each span wrapped in ``<label>…</label>``, one reference per line.

``<``, ``>``, ``&`` and control characters are written as HTML character references, so that the output
keeps one line per input line for every reader and prints safely on a terminal.
"""

from __future__ import annotations

from html import escape as _html_escape
from typing import Any

# Control characters (ANSI escapes among them) and the characters that str.splitlines() and text-mode
# readers take as line ends.
CONTROLS = {code: f"&#{code};" for code in [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def escape(text: str) -> str:
    """``text`` for the tagged format: ``<``, ``>``, ``&`` and control characters as HTML references."""
    return _html_escape(text, quote=False).translate(CONTROLS)


def tagged(reference: Any) -> str:
    """The reference with each span wrapped in ``<label>…</label>``; ``<``, ``>`` and ``&`` are escaped."""
    pieces, position = [], 0
    for span in reference.spans:
        pieces += [escape(reference.text[position : span.start]), f"<{span.label}>{escape(span.text)}</{span.label}>"]
        position = span.end
    pieces.append(escape(reference.text[position:]))
    return "".join(pieces)
