"""Reports researchers can paste into a paper: Markdown tables, JSON, and PNG figures in one folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from tagger.labels import CORE_LABELS
from tagger.research.evaluation import AVERAGES, shown_labels
from tagger.wording import counted


def write_json(path: str | Path, value: Any) -> None:
    """Write ``value`` as JSON, whole or not at all."""
    from tagger.files import write_whole

    write_whole(path, [json.dumps(value, indent=2, ensure_ascii=False), "\n"])


# How the scores are defined (the project's DESIGN.md), for readers of a report who do not have it.
METRICS = (
    "Metrics: *word* level labels each `\\w+` word with the label of the span holding its first character and "
    "compares gold and predicted labels word by word; *field* level merges consecutive spans of a label (with no "
    "word of another label between them) into a field, normalised to its casefolded words (a leading page marker "
    "such as *pp.* dropped), and counts a predicted field right when an identical gold field of that label exists; "
    "*reference exact* is the share of references whose five core fields (author, title, venue, year, pages) are "
    "all right. *Core micro* sums the counts of the five core labels, *core macro* averages their scores; *all* "
    "does the same over every label used. Words and fields without any `\\w` character do not count."
)


def _escape(text: str) -> str:
    """``text`` safe in a Markdown table cell: no pipes, emphasis or HTML taken from reference text."""
    return "".join("\\" + char if char in "\\`*_[]<>|#" else char for char in text)


def _number(value: float) -> str:
    return f"{value:.4f}"


def _f1_cell(values: dict[str, Any]) -> str:
    cell = _number(values["f1"])
    if "ci95" in values:
        cell += f" ({values['ci95'][0]:.3f}–{values['ci95'][1]:.3f})"
    return cell


def evaluation_markdown(scores: dict[str, Any], title: str, errors: dict[str, Any] | None = None) -> str:
    """The scores as Markdown: headline, per-label table, reliability table and (with ``errors``) the most
    frequent confusions and field errors."""
    exact = _number(scores["reference_exact"])
    if "reference_exact_ci95" in scores:
        low, high = scores["reference_exact_ci95"]
        exact += f" (95% CI {low:.3f}–{high:.3f})"
    field, word = scores["field"], scores["word"]
    lines = [f"# {title}", "", f"{scores['n']:,} references.", "",
             f"- core field micro-F1: **{_f1_cell(field['micro'])}**",
             f"- core word micro-F1: {_f1_cell(word['micro'])}",
             f"- references with all five core fields exact: {exact}", ""]
    lines += [METRICS, ""]
    if "bootstrap" in scores:
        lines += [f"Intervals: percentile bootstrap over references, {scores['bootstrap']['resamples']:,} resamples "
                  f"(seed {scores['bootstrap']['seed']}).", ""]
    f1 = "F1 (95% CI)" if "ci95" in field["micro"] else "F1"
    lines += [f"| label | word P | word R | word {f1} | field P | field R | field {f1} | gold fields |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label in (*shown_labels(scores), *AVERAGES):
        name = f"**{AVERAGES[label]}**" if label in AVERAGES else label + (" (core)" if label in CORE_LABELS else "")
        row = [_number(word[label][key]) for key in ("precision", "recall")] + [_f1_cell(word[label])]
        row += [_number(field[label][key]) for key in ("precision", "recall")] + [_f1_cell(field[label])]
        lines.append(f"| {name} | " + " | ".join(row) + f" | {field[label]['support']:,} |")
    if scores.get("reliability"):
        lines += ["", "## Reliability of the confidence", "",
                  "Predicted fields bucketed by the model's confidence, and the share of them that is right.", "",
                  "| confidence | fields | right | mean confidence |", "|---|---:|---:|---:|"]
        for bucket in scores["reliability"]:
            if bucket["fields"]:
                lines.append(f"| {bucket['from']:.2f}–{bucket['to']:.2f} | {bucket['fields']:,} | "
                             f"{bucket['accuracy']:.3f} | {bucket['mean_confidence']:.3f} |")
    if errors:
        lines += ["", "## Errors", "", f"{errors['wrong_references']:,} references have at least one wrong field "
                  f"({errors['wrong_core_references']:,} a wrong core field).", "",
                  "| label | references wrong | gold fields missed | predicted fields extra |", "|---|---:|---:|---:|"]
        for label, row in errors["field_errors"].items():
            lines.append(f"| {label} | {row['references']:,} | {row['missed']:,} | {row['extra']:,} |")
        lines += ["", "Most frequent word confusions (gold → predicted), with examples:", "",
                  "| gold | predicted | words | references | example |", "|---|---|---:|---:|---|"]
        for confusion in errors["confusions"]:
            example = _escape(confusion["examples"][0]["context"]) if confusion["examples"] else ""
            lines.append(f"| {confusion['gold']} | {confusion['predicted']} | {confusion['words']:,} | "
                         f"{confusion['references']:,} | {example} |")
    return "\n".join(lines) + "\n"


def write_evaluation_report(folder: str | Path, scores: dict[str, Any], title: str,
                            errors: dict[str, Any] | None = None, plots: bool = True) -> list[Path]:
    """``report.md``, ``scores.json`` and (with ``plots``) ``confusion.png`` and ``f1.png`` in ``folder``."""
    from tagger.research import plots as figures

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if plots:
        confusion = scores["confusion"]
        written.append(figures.confusion_heatmap(np.array(confusion["matrix"]), confusion["labels"],
                                                 folder / "confusion.png", f"Word-level confusion: {title}"))
        written.append(figures.f1_bars(scores, shown_labels(scores), folder / "f1.png", f"F1 per label: {title}"))
    markdown = evaluation_markdown(scores, title, errors)
    if plots:
        markdown += "\n![F1 per label](f1.png)\n\n![Confusion matrix](confusion.png)\n"
    (folder / "report.md").write_text(markdown, encoding="utf-8")
    write_json(folder / "scores.json", scores)
    return [folder / "report.md", folder / "scores.json", *written]


def _mean_sd(values: dict[str, float]) -> str:
    if values.get("n", 2) < 2:  # one value has no spread
        return f"{values['mean']:.4f}"
    return f"{values['mean']:.4f} ± {values['sd']:.4f}"


HEADLINE_KEYS = ("field micro-F1", "field macro-F1", "word micro-F1", "reference exact")


def experiment_markdown(result: dict[str, Any]) -> str:
    """A cross-validation, leave-one-corpus-out, learning-curve or search result as Markdown."""
    kind = result["kind"]
    config = result["config"] if "config" in result else result.get("chosen_config", {})
    settings = (f"algorithm {config.get('algorithm')}, parameters {config.get('crf')}, "
                f"max_iterations {config.get('max_iterations')}, labels {config.get('labels')}, "
                f"excluded feature groups {config.get('exclude_features') or 'none'}, synthetic "
                f"{config.get('synth')}, seed {config.get('seed')}")
    header = "| " + " | ".join(HEADLINE_KEYS) + " |"
    rule = "|" + "---:|" * len(HEADLINE_KEYS)
    if kind == "cross-validation":
        lines = [f"# {result['folds']}-fold cross-validation", "", f"Settings: {settings}.", "",
                 "Mean ± sample standard deviation over the folds (core labels):", "",
                 header, rule, "| " + " | ".join(_mean_sd(result["summary"][key]) for key in HEADLINE_KEYS) + " |",
                 "", "| fold | train | test | " + " | ".join(HEADLINE_KEYS) + " |",
                 "|---:|---:|---:|" + "---:|" * len(HEADLINE_KEYS)]
        lines += [f"| {row['fold']} | {row['train']:,} | {row['test']:,} | "
                  + " | ".join(_number(row[key]) for key in HEADLINE_KEYS) + " |" for row in result["per_fold"]]
        lines += ["", "Field F1 per label (mean ± sd over the folds whose gold data has the label):", "",
                  "| label | field F1 | folds |", "|---|---:|---:|"]
        lines += [f"| {label} | {_mean_sd(values)} | {values['folds']} |"
                  for label, values in result["per_label"].items()]
    elif kind == "leave-one-corpus-out":
        lines = ["# Leave one corpus out", "", f"Settings: {settings}.", "",
                 "Each row: a model trained on every other corpus (references whose text occurs in the held-out "
                 "corpus removed), scored on the held-out corpus.", "",
                 "| held out | train | test | " + " | ".join(HEADLINE_KEYS) + " |",
                 "|---|---:|---:|" + "---:|" * len(HEADLINE_KEYS)]
        lines += [f"| {row['held_out']} | {row['train']:,} | {row['test']:,} | "
                  + " | ".join(_number(row[key]) for key in HEADLINE_KEYS) + " |" for row in result["per_corpus"]]
        lines += ["", "Core field F1 per label:", "", "| held out | " + " | ".join(CORE_LABELS) + " |",
                  "|---|" + "---:|" * len(CORE_LABELS)]
        lines += [f"| {name} | " + " | ".join(_number(values[label]) for label in CORE_LABELS) + " |"
                  for name, values in result["per_label"].items()]
    elif kind == "learning-curve":
        lines = ["# Learning curve", "", f"Settings: {settings}.", "",
                 "Mean ± sd over seeds of scores on the test data, by share of the training data:", "",
                 "| share | train | " + " | ".join(HEADLINE_KEYS) + " |", "|---:|---:|" + "---:|" * len(HEADLINE_KEYS)]
        lines += [f"| {point['fraction'] * 100:g}% | {point['train']:,} | "
                  + " | ".join(_mean_sd(point[key]) for key in HEADLINE_KEYS) + " |" for point in result["points"]]
    elif kind == "annotation-simulation":
        lines = _simulation_lines(result, settings)
    elif kind == "search":
        names = list(result["grid"])
        folds = [f"fold {number}" for number in range(1, result["folds"] + 1)]
        lines = [f"# Hyper-parameter search ({result['folds']}-fold cross-validation)", "",
                 f"Criterion: {result['criterion']}. Best: "
                 + ", ".join(f"{name} = {result['best'][name]}" for name in names) + ".", "",
                 "| rank | " + " | ".join(names) + " | mean | sd | " + " | ".join(folds) + " | seconds per fit |",
                 "|---:|" + "---|" * len(names) + "---:|---:|" + "---:|" * len(folds) + "---:|"]
        lines += [f"| {row['rank']} | " + " | ".join(str(row[name]) for name in names)
                  + f" | {row['mean']:.4f} | {row['sd']:.4f} | " + " | ".join(f"{value:.4f}" for value in row["folds"])
                  + f" | {row['seconds']:.1f} |" for row in result["results"]]
    else:
        raise ValueError(f"unknown experiment kind {kind!r}")
    return "\n".join(lines) + "\n"


def _short_path(path: str) -> str:
    """``grobid/train.jsonl``: a data file's name with its folder, which names the corpus."""
    return "/".join(Path(path).parts[-2:])


STRATEGY_TEXT = {"span": "*span*, most uncertain first by the least sure span",
                 "sequence": "*sequence*, most uncertain first by the probability of the whole labelling",
                 "random": "*random*"}


def _strategies(strategies: list[str]) -> str:
    """The strategies run, the rankings first (said to rank as ``reftagger annotate`` does), then random."""
    ranked = [STRATEGY_TEXT[strategy] for strategy in strategies if strategy != "random"]
    parts = ["; ".join(ranked) + " (as `reftagger annotate` ranks, near-duplicates collapsed)"] if ranked else []
    if "random" in strategies:
        parts.append(STRATEGY_TEXT["random"])
    return "; ".join(parts)


def _simulation_lines(result: dict[str, Any], settings: str) -> list[str]:
    strategies = list(dict.fromkeys(point["strategy"] for point in result["points"]))
    ranked = [strategy for strategy in strategies if strategy != "random"]
    lines = [f"# Annotation simulated with {_short_path(result['pool'])} as the annotator", "",
             f"Settings: {settings}.", "",
             f"A model trained on {counted(result['starting_references'], 'reference')} without the pool's texts; "
             f"then {counted(result['rounds'], 'round')} of {result['batch']} references chosen from "
             f"{result['pool_size'] or result['pool_candidates']:,} candidates of the pool (a sample per seed) and "
             f"added with their gold labels, the model trained again after each round. Scored on the pool's "
             f"{result['pool_test']:,} held-out references ({result['test_share']:.0%} of the pool"
             + (", whole groups" if result.get("pool_group") else "") + f"). Strategies: {_strategies(strategies)}.",
             "",
             f"Core field micro-F1, mean ± sd over {counted(result['seeds'], 'seed')}:", "",
             "| labelled | " + " | ".join(strategies) + " |", "|---:|" + "---:|" * len(strategies)]
    by_place = {(point["strategy"], point["labelled"]): point for point in result["points"]}
    for labelled in sorted({point["labelled"] for point in result["points"]}):
        lines.append(f"| {labelled:,} | " + " | ".join(_mean_sd(by_place[strategy, labelled]["field micro-F1"])
                                                       for strategy in strategies) + " |")
    needed = result.get("needed") or {}
    if needed:
        wanted = result["batch"] * result["rounds"]
        lines += ["", f"Random sampling's mean at {wanted:,} labelled references: {needed['random_at_end']:.4f}."]
        for strategy in ranked:
            count = needed[strategy]
            lines.append(f"- *{strategy}* reaches it with **{count:,}** labelled references." if count is not None
                         else f"- *{strategy}* does not reach it within {wanted:,} labelled references.")
    return lines


def write_experiment_report(folder: str | Path, result: dict[str, Any], plots: bool = True) -> list[Path]:
    """``report.md`` and ``results.json`` (and for a learning curve or an annotation simulation, its figure) in
    ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    markdown = experiment_markdown(result)
    written = []
    if plots and result["kind"] == "annotation-simulation":
        from tagger.research.plots import simulation_figure

        title = f"Annotation simulated with {_short_path(result['pool'])} as the annotator"
        written.append(simulation_figure(result["points"], folder / "annotation-simulation.png", title))
        markdown += "\n![Annotation simulation](annotation-simulation.png)\n"
    if plots and result["kind"] == "learning-curve":
        from tagger.research.plots import learning_curve_figure

        tested = ", ".join(Path(path).name for path in result["config"]["test"])
        title = f"Learning curve, tested on {tested}"
        written.append(learning_curve_figure(result["points"], folder / "learning-curve.png", title))
        markdown += "\n![Learning curve](learning-curve.png)\n"
    (folder / "report.md").write_text(markdown, encoding="utf-8")
    write_json(folder / "results.json", result)
    return [folder / "report.md", folder / "results.json", *written]


def terminal_experiment(result: dict[str, Any]) -> str:
    """The Markdown report without the figure links: Markdown tables read well in a terminal."""
    return experiment_markdown(result).rstrip("\n")

