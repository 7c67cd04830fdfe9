"""Results as JSON: one object per line (``jsonl``) or one array (``json``), each ``Reference.to_dict()``."""

from __future__ import annotations

import json
from typing import Any

# JSON leaves these unescaped when it writes UTF-8, but str.splitlines() breaks lines at them.
JSON_LINE_BREAKS = {ord(char): f"\\u{ord(char):04x}" for char in "\x85\u2028\u2029"}


def json_line(item: Any) -> str:
    """``item`` as one line of JSON (UTF-8 kept, with the line breaks of ``JSON_LINE_BREAKS`` escaped)."""
    return json.dumps(item, ensure_ascii=False).translate(JSON_LINE_BREAKS) + "\n"


def array_item(item: Any, first: bool) -> str:
    """``item`` as an indented element of a JSON array: the opening bracket before the first, a comma before
    the others; the array is closed by :data:`ARRAY_END` (or is :data:`EMPTY_ARRAY`)."""
    text = json.dumps(item, ensure_ascii=False, indent=2).translate(JSON_LINE_BREAKS)
    return ("[" if first else ",") + "\n  " + text.replace("\n", "\n  ")


ARRAY_END = "\n]\n"
EMPTY_ARRAY = "[\n]\n"
