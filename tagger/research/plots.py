"""PNG figures for evaluation reports: confusion-matrix heatmap, per-label F1 bars, learning curve.

matplotlib is imported on first use (the ``research`` extra: ``pip install 'reftagger[research]'``);
without it, asking for a figure raises :class:`tagger.errors.MissingExtraError` saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tagger.errors import MissingExtraError


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError("PNG figures need matplotlib: pip install 'reftagger[research]' "
                                "(or leave out the PNGs with --no-plots)") from None
    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as pyplot

    return pyplot


def check_available() -> None:
    """Raise :class:`tagger.errors.MissingExtraError` now, before any long work, if figures cannot be drawn."""
    _pyplot()


def confusion_heatmap(matrix: np.ndarray, labels: Sequence[str], path: Path, title: str) -> Path:
    """Rows: gold label; columns: predicted label. Cells are shares of the row (recall per gold label), with the
    word count written in each cell that has any."""
    pyplot = _pyplot()
    counts = np.asarray(matrix, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    size = max(6.0, 0.55 * len(labels) + 2)
    figure, axes = pyplot.subplots(figsize=(size + 1.5, size))
    image = axes.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted label")
    axes.set_ylabel("gold label")
    axes.set_title(title)
    for row in range(len(labels)):
        for column in range(len(labels)):
            if counts[row, column]:
                axes.text(column, row, f"{int(counts[row, column])}", ha="center", va="center", fontsize=7,
                          color="white" if shares[row, column] > 0.6 else "black")
    bar = figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
    bar.set_label("share of the gold label's words")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    pyplot.close(figure)
    return path


def f1_bars(scores: dict[str, Any], labels: Sequence[str], path: Path, title: str) -> Path:
    """Word- and field-level F1 per label, side by side, with the bootstrap 95% interval as error bars when
    the scores carry ``ci95``."""
    pyplot = _pyplot()
    positions = np.arange(len(labels))
    width = 0.38
    figure, axes = pyplot.subplots(figsize=(max(7.0, 0.7 * len(labels) + 2), 4.8))
    for offset, level, colour in ((-width / 2, "word", "#6baed6"), (width / 2, "field", "#2171b5")):
        values = np.array([scores[level][label]["f1"] for label in labels])
        errors = None
        if all("ci95" in scores[level][label] for label in labels):
            intervals = np.array([scores[level][label]["ci95"] for label in labels])
            errors = np.clip(np.stack([values - intervals[:, 0], intervals[:, 1] - values]), 0, None)
        axes.bar(positions + offset, values, width, yerr=errors, capsize=2, label=f"{level} level", color=colour)
    axes.set_xticks(positions, labels, rotation=45, ha="right")
    axes.set_ylim(0, 1.15)
    axes.set_ylabel("F1")
    axes.set_xlabel("label")
    axes.set_title(title)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper right", ncol=2)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    pyplot.close(figure)
    return path


def learning_curve_figure(points: Sequence[dict[str, Any]], path: Path, title: str) -> Path:
    """Mean score (± sd over seeds) against the number of training references, one line per metric."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7, 4.8))
    sizes = [point["train"] for point in points]
    for metric in ("field micro-F1", "word micro-F1", "reference exact"):
        means = np.array([point[metric]["mean"] for point in points])
        sds = np.array([point[metric]["sd"] for point in points])
        name = metric if metric == "reference exact" else "core " + metric
        axes.errorbar(sizes, means, yerr=sds, marker="o", capsize=3, label=name)
    axes.set_xscale("log")
    axes.minorticks_off()
    axes.set_xticks(sizes, [f"{size:,}" for size in sizes])
    return _save_curves(figure, axes, path, title, "training references (log scale)",
                        "score on the test data (mean ± sd over seeds)")


def simulation_figure(points: Sequence[dict[str, Any]], path: Path, title: str) -> Path:
    """Core field micro-F1 (mean, with a band of ± sd over seeds) against labelled references, one line per
    way of choosing them."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7, 4.8))
    for strategy in dict.fromkeys(point["strategy"] for point in points):
        mine = [point for point in points if point["strategy"] == strategy]
        sizes = [point["labelled"] for point in mine]
        means = np.array([point["field micro-F1"]["mean"] for point in mine])
        sds = np.array([point["field micro-F1"]["sd"] for point in mine])
        (line,) = axes.plot(sizes, means, marker="o", markersize=3, label=strategy)
        axes.fill_between(sizes, means - sds, means + sds, color=line.get_color(), alpha=0.15)
    return _save_curves(figure, axes, path, title, "labelled references added from the pool",
                        "core field micro-F1 on the pool's test part")


def _save_curves(figure: Any, axes: Any, path: Path, title: str, x_label: str, y_label: str) -> Path:
    """Label, grid and legend a figure of curves, write it to ``path`` and close it."""
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    _pyplot().close(figure)
    return path
