"""Output formats: parsed references as text, in one place for the library and the command line.

``jsonl``, ``json`` and ``tagged`` give one result per reference, in order (an empty reference gives an empty
result); ``csl-json``, ``bibtex`` and ``ris`` give one record per reference that has any span, with citation
keys unique across the whole output. :func:`dumps` writes a list at once; :class:`Writer` streams results
one at a time (the command line's way, which also writes parse failures in their place).

>>> import tagger
>>> print(tagger.dumps([tagger.Reference("Smith, J. 2001.")], "tagged"))
Smith, J. 2001.
<BLANKLINE>
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO, Any

from tagger.normalize import record
from tagger.output.bibtex import to_bibtex
from tagger.output.csl import to_csl
from tagger.output.jsonl import ARRAY_END, EMPTY_ARRAY, array_item, json_line
from tagger.output.keys import UniqueKeys, citation_key
from tagger.output.ris import to_ris
from tagger.output.tagged import escape, tagged

BIBLIOGRAPHIC_FORMATS = ("csl-json", "bibtex", "ris")
FORMATS = ("jsonl", "json", "tagged", *BIBLIOGRAPHIC_FORMATS)

__all__ = ["BIBLIOGRAPHIC_FORMATS", "FORMATS", "Writer", "citation_key", "dumps", "to_bibtex", "to_csl", "to_ris"]


def check_format(name: str) -> str:
    """``name`` if it is an output format; else a ``ValueError`` naming the known ones."""
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r}; the formats are {', '.join(FORMATS)}")
    return name


class Writer:
    """Writes results to ``out`` one at a time in one format; :meth:`close` ends the output.

    A result is a :class:`tagger.Reference`, or anything with an ``error`` attribute (a reference whose
    parsing failed: ``jsonl`` and ``json`` write ``{"text", "spans": [], "fields": {}, "error"}`` in its
    place, ``tagged`` its text; the bibliographic formats leave it out, as they leave out references
    without spans or whose spans hold nothing a record keeps, such as markup alone).
    """

    def __init__(self, format: str, out: IO[str]) -> None:
        self.format = check_format(format)
        self.out = out
        self.count = 0  # results written
        self.closed = False
        self.keys = UniqueKeys()

    def write(self, result: Any, text: str | None = None, extra: dict[str, Any] | None = None) -> None:
        """Write one result; ``text`` is the input it came from (default: the reference's own text); ``extra``
        keys are added to its ``jsonl`` and ``json`` item (where it was found, say)."""
        failure = not hasattr(result, "spans")
        if failure and not hasattr(result, "error"):
            hint = ("; for find_references' results give [found.reference for found in results]"
                    if hasattr(result, "reference") else f": {result!r:.80}")
            raise TypeError(f"the output formats write tagger.Reference objects, not {type(result).__name__}{hint}")
        text = text if text is not None else "" if failure else result.text
        if self.format in BIBLIOGRAPHIC_FORMATS:
            item = None if failure or not result.spans else record(result.fields)
            if item is None or set(item) == {"type"}:  # nothing to record (no span, or only markup in them)
                return
            self.out.write(self._entry(item))
        elif self.format == "tagged":
            self.out.write((escape(text) if failure else tagged(result)) + "\n")
        else:
            item = {"text": text, "spans": [], "fields": {}, "error": result.error} if failure else result.to_dict()
            item |= extra or {}
            self.out.write(json_line(item) if self.format == "jsonl" else array_item(item, first=not self.count))
        self.count += 1

    def _entry(self, item: dict[str, Any]) -> str:
        separator = "\n" if self.count else ""
        if self.format == "csl-json":
            return array_item(to_csl(item, self.keys.unique(citation_key(item))), first=not self.count)
        if self.format == "bibtex":
            return separator + to_bibtex(item, self.keys.unique(citation_key(item)))
        return separator + to_ris(item)

    def close(self) -> None:
        """End the output (close a JSON array) and flush it; calling it again does nothing more than flush."""
        if self.format in ("json", "csl-json") and not self.closed:
            self.out.write(ARRAY_END if self.count else EMPTY_ARRAY)
        self.closed = True
        self.out.flush()


def dumps(references: Iterable[Any], format: str) -> str:
    """``references`` (:class:`tagger.Reference` objects) as one text in ``format``: one of :data:`FORMATS`,
    exactly what ``reftagger parse --format FORMAT`` writes for them. An unknown format is a ``ValueError``."""
    if isinstance(references, str | bytes) or hasattr(references, "spans"):
        raise TypeError("dumps takes a list of references, not one: dumps([reference], format)")
    out = io.StringIO()
    writer = Writer(format, out)
    for reference in references:
        writer.write(reference)
    writer.close()
    return out.getvalue()
