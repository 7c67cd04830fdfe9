"""What a set of labelled files holds: references, spans per label, scripts, duplicates and overlaps.

Used by ``reftagger stats``. Two references are the same when their letters
and digits, casefolded, are (``tagger.corpus.text_key``): the same test the
training and evaluation commands use to keep test references out of training.
"""

from __future__ import annotations

import collections
import re
import unicodedata
from typing import Any

from tagger.corpus import text_key

SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "HEBREW")
GROUP = re.compile(r"^(.*)-\d+$")


def script_of(text: str) -> str:
    """The writing system most of the letters of ``text`` belong to (``none`` without letters)."""
    counts: collections.Counter = collections.Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            counts[next((script for script in SCRIPTS if name.startswith(script)), "OTHER")] += 1
    if not counts:
        return "none"
    script = counts.most_common(1)[0][0]
    return "cjk" if script in {"HIRAGANA", "KATAKANA", "HANGUL"} else script.lower()


def group_of(record: dict[str, Any]) -> str:
    """The part of the record's id before its number (``parscit-cora-17`` -> ``parscit-cora``)."""
    match = GROUP.match(str(record.get("id", "")))
    return match.group(1) if match else ""


def file_stats(records: list[dict[str, Any]]) -> dict[str, Any]:
    labels: collections.Counter = collections.Counter()
    for record in records:
        labels.update(span["label"] for span in record["spans"])
    keys = [text_key(record["text"]) for record in records]
    return {
        "references": len(records),
        "spans": sum(labels.values()),
        "labels": dict(labels.most_common()),
        "scripts": dict(collections.Counter(script_of(record["text"]) for record in records).most_common()),
        "duplicate_texts": len(records) - len({record["text"] for record in records}),
        "duplicate_keys": len(keys) - len(set(keys)),
        "groups": dict(collections.Counter(group_of(record) for record in records).most_common()),
    }


def overlaps(named: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """For every ordered pair of sets (files, and the id groups inside a file that holds several), how
    many references of the first occur in the second."""
    sets = dict(named)
    for name, records in named.items():
        groups = collections.defaultdict(list)
        for record in records:
            groups[group_of(record)].append(record)
        if len(groups) > 1:
            sets.update({f"{name} [{group}]": members for group, members in groups.items()})
    keys = {name: [text_key(record["text"]) for record in records] for name, records in sets.items()}
    distinct = {name: set(found) for name, found in keys.items()}
    texts = {name: {record["text"] for record in records} for name, records in sets.items()}
    found = []
    for first in sets:
        for second in sets:
            if first == second or first.startswith(second + " [") or second.startswith(first + " ["):
                continue
            shared = sum(key in distinct[second] for key in keys[first])
            if shared:
                identical = sum(record["text"] in texts[second] for record in sets[first])
                found.append({"references_of": first, "found_in": second, "shared": shared,
                              "identical_text": identical, "of": len(keys[first])})
    # A group's line that repeats its whole file's line against the same set says nothing new.
    whole = {(o["references_of"], o["found_in"]): o["shared"] for o in found}
    return [o for o in found if " [" not in o["found_in"]
            or whole.get((o["references_of"], o["found_in"].split(" [")[0])) != o["shared"]]


def format_stats(stats: dict[str, Any]) -> str:
    lines = []
    for name, numbers in stats["files"].items():
        lines.append(f"{name}: {numbers['references']:,} references, {numbers['spans']:,} spans, "
                     f"{numbers['duplicate_texts']:,} duplicate texts ({numbers['duplicate_keys']:,} by letters "
                     "and digits)")
        lines.append("  labels:  " + ", ".join(f"{label} {count:,}" for label, count in numbers["labels"].items()))
        lines.append("  scripts: " + ", ".join(f"{script} {count:,}" for script, count in numbers["scripts"].items()))
        if len(numbers["groups"]) > 1:
            lines.append("  groups:  " + ", ".join(f"{group} {count:,}" for group, count in numbers["groups"].items()))
    if stats["overlaps"]:
        lines.append("overlaps: references of A whose letters and digits (casefolded) occur in B "
                     "[whose text occurs in B exactly]:")
        for overlap in sorted(stats["overlaps"], key=lambda o: (-o["shared"] / o["of"], o["references_of"])):
            lines.append(f"  {overlap['references_of']}: {overlap['shared']:,} of {overlap['of']:,} "
                         f"({overlap['shared'] / overlap['of']:.0%}) [{overlap['identical_text']:,}] "
                         f"in {overlap['found_in']}")
    return "\n".join(lines)
