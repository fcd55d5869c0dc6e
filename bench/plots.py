"""Figures with matplotlib: means with intervals, metric-against-metric scatter, heatmaps.

Written as PNG (for pages and READMEs) and SVG (for papers), into a ``plots/`` folder beside the
tables. matplotlib is imported here only, when a figure is drawn, with the non-interactive Agg
backend; SVGs carry no date and a fixed id salt, so equal inputs give equal files.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .records.files import write_bytes_atomic
from .records.links import is_own_file, own_subfolder


def plot_text(text: str) -> str:
    """A label as matplotlib shows plain text (see :func:`bench.leaderboard.text.plot_text`)."""
    from .leaderboard.text import plot_text as plain

    return plain(text)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "summbench"
    import matplotlib.pyplot as plt

    return plt


def prepare() -> None:
    """Import and set up matplotlib ahead of the first figure (nothing is drawn)."""
    _pyplot()


def safe_file_name(name: str) -> str:
    """``name`` as a plain file name: column keys come from config names (``mean/rouge1_f``,
    or anything a user types), and must never become a path out of the results folder."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")
    return cleaned or "plot"


def _figure_bytes(fig: Any, **options: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, **options)
    return buffer.getvalue()


def _save(fig: Any, folder: Path, name: str) -> list[Path]:
    """Write ``fig`` as ``name``.png and .svg. matplotlib would write in place, through a link
    planted at the name: the figure is drawn in memory and renamed into a folder of our own
    instead (see :mod:`bench.records.links`)."""
    name = safe_file_name(name)
    own_subfolder(folder)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    with warnings.catch_warnings():
        # A name in a script the font lacks is drawn as boxes; one warning per glyph would bury
        # the run's log.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        png = _figure_bytes(
            fig, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None}
        )
        svg = _figure_bytes(
            fig, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None}
        )
    _pyplot().close(fig)
    write_bytes_atomic(paths[0], png)
    write_bytes_atomic(paths[1], svg)
    return paths


#: The names of every figure file summbench draws (:func:`safe_file_name` keeps to these
#: characters): only such files are ever removed from a ``plots/`` folder.
_SCATTER_FILE = re.compile(r"scatter_[A-Za-z0-9_.-]+_vs_[A-Za-z0-9_.-]+\.(png|svg)")
_FIGURE_FILE = re.compile(
    r"(means|correlations|sensitivity|scatter_[A-Za-z0-9_.-]+_vs_[A-Za-z0-9_.-]+)\.(png|svg)"
)


def is_figure_name(name: str) -> bool:
    """``name`` is one summbench gives its figure files (for removing a killed run's temporary
    files: only those for such names)."""
    return _FIGURE_FILE.fullmatch(name) is not None


def _remove_old_scatter(folder: Path, kept: list[Path]) -> None:
    """A previous run with other columns drew its scatter under another name: remove it, so the
    folder shows this run only. Only our own file names, only regular files."""
    keep = {p.name for p in kept}
    for entry in folder.iterdir():
        stale = entry.name not in keep and _SCATTER_FILE.fullmatch(entry.name)
        if stale and is_own_file(entry):
            entry.unlink()


def plot_means(board: Any, folder: Path) -> list[Path]:
    """One panel per scoring column: each system's mean with its interval (unranked systems
    and the reference rows in grey, labelled), on the examples the table says."""
    return _save(means_figure(board), folder, "means")


def means_figure(board: Any) -> Any:
    """The figure of :func:`plot_means`, not yet saved."""
    plt = _pyplot()
    columns = [c for c in board.columns if c.higher_is_better is not None]
    rows = [*board.systems, *board.unranked, *board.reference_rows]
    ranked = {r.system for r in board.systems}
    fig, axes = plt.subplots(
        1,
        len(columns),
        figsize=(3.2 * len(columns), 0.45 * len(rows) + 1.2),
        sharey=True,
        squeeze=False,
        # Constrained layout places the figure title above the panel titles whatever the
        # height: with the default fixed margins (a share of the height), a figure of one or
        # two systems had the title drawn over the panel titles.
        layout="constrained",
    )
    labels = [
        plot_text(
            r.system
            if r.system in ranked
            else f"{r.system} ({'unranked' if r.kind == 'system' else r.kind})"
        )
        for r in rows
    ]
    for ax, column in zip(axes[0], columns, strict=True):
        for i, row in enumerate(rows):
            interval = row.intervals.get(column.key)
            if interval is None:
                continue
            colour = "tab:blue" if row.system in ranked else "tab:gray"
            ax.errorbar(
                interval.value,
                i,
                xerr=[[interval.value - interval.low], [interval.high - interval.value]],
                fmt="o",
                color=colour,
                capsize=3,
            )
        ax.set_title(
            plot_text(column.label) + (" ↑" if column.higher_is_better else " ↓"), fontsize=10
        )
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].set_yticks(range(len(rows)), labels)
    axes[0][0].invert_yaxis()
    on = "" if board.ranked_on == board.examples else f" ({plot_text(board.examples_text)})"
    fig.suptitle(
        f"{plot_text(board.experiment)}: means with {board.stats.level:.0%} bootstrap "
        f"intervals{on}",
        fontsize=11,
    )
    return fig


#: Points per system in the scatter plot: beyond it, an evenly spaced subset of the examples
#: (the same for every system), said in the title. 100,000 points make a 20 MB SVG.
SCATTER_POINTS = 2000


def plot_scatter(
    board: Any,
    records: list[Any],
    folder: Path,
    x: str | None = None,
    y: str | None = None,
) -> list[Path]:
    """Per-example scores of two columns against each other, one colour per system.

    ``records`` are the run's :class:`~bench.records.ItemRecord` lines.
    """
    plt = _pyplot()
    keys = [c.key for c in board.columns if c.higher_is_better is not None]
    # Default: the ranking score against the first other score (fact recall against ROUGE-1).
    y = y or board.primary.key
    x = x or next((k for k in keys if k != y), y)
    labels = {c.key: c.label for c in board.columns}
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ids = sorted({r.example_id for r in records})
    step = max(1, -(-len(ids) // SCATTER_POINTS))
    kept = set(ids[::step])
    by_system: dict[str, list[tuple[float, float]]] = {}
    for r in records:
        if r.failed or r.example_id not in kept:
            continue
        a, b = r.scores.get(x), r.scores.get(y)
        if a is not None and b is not None:
            by_system.setdefault(r.system, []).append((a, b))
    for row in [*board.systems, *board.unranked, *board.reference_rows]:
        points = by_system.get(row.system)
        if points:
            ax.scatter(*zip(*points, strict=True), label=plot_text(row.system), alpha=0.75, s=22)
    ax.set_xlabel(plot_text(labels.get(x, x)))
    ax.set_ylabel(plot_text(labels.get(y, y)))
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:  # every system may have failed: nothing to name
        ax.legend(fontsize=8, loc="best")
    sampled = f" (1 example in {step} of {len(ids):,})" if step > 1 else ""
    ax.set_title(f"Per-example scores{sampled}", fontsize=11)
    written = _save(fig, folder, f"scatter_{x}_vs_{y}")
    _remove_old_scatter(folder, written)
    return written


def plot_heatmap(
    values: Sequence[Sequence[float | None]],
    rows: Sequence[str],
    columns: Sequence[str],
    folder: Path,
    name: str,
    title: str,
    fmt: str = "{:.2f}",
    cmap: str = "viridis",
) -> list[Path]:
    """A labelled heatmap (meta-evaluation correlations, probe sensitivity)."""
    import numpy as np

    plt = _pyplot()
    data = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    fig, ax = plt.subplots(figsize=(1.3 * len(columns) + 3, 0.4 * len(rows) + 1.5))
    image = ax.imshow(data, cmap=cmap, aspect="auto")
    ax.set_xticks(range(len(columns)), [plot_text(c) for c in columns], rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), [plot_text(r) for r in rows])
    for i in range(len(rows)):
        for j in range(len(columns)):
            if not np.isnan(data[i, j]):
                ax.text(
                    j,
                    i,
                    fmt.format(data[i, j]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if data[i, j] < np.nanmean(data) else "black",
                )
    fig.colorbar(image, ax=ax, fraction=0.03)
    ax.set_title(plot_text(title), fontsize=11)
    return _save(fig, folder, name)


def _plot_consistency(report: dict, out: Path) -> list[Path]:
    """The heatmap of a consistency meta-evaluation: each scorer's ROC AUC and balanced
    accuracies (its own verdicts, a cross-validated threshold, a threshold from another set)."""
    columns = {
        "roc_auc": "ROC AUC",
        "balanced_accuracy_own": "bal. acc. (own)",
        "balanced_accuracy_cv": "bal. acc. (cv)",
    }
    if report.get("transfer_from"):
        columns["balanced_accuracy_transfer"] = f"bal. acc. (from {report['transfer_from']})"

    def value(row: dict, key: str) -> float | None:
        cell = row.get(key)
        return cell["value"] if isinstance(cell, dict) else None

    return plot_heatmap(
        [[value(row, k) for k in columns] for row in report["rows"]],
        [row["scorer"] for row in report["rows"]],
        list(columns.values()),
        out,
        "consistency",
        f"Consistency with the source: {report['dataset']}",
    )


_REPORTS = ("run.json", "meta_eval.json", "probe.json")


def check_plottable(folder: Path) -> None:
    """Raise unless ``folder`` holds a run, a meta-evaluation or a probe report."""
    if not any((folder / name).is_file() for name in _REPORTS):
        from .errors import SummbenchError

        raise SummbenchError(
            "nothing to plot here.",
            where=str(folder),
            fix="name a folder written by run, score, meta-eval or probe.",
        )


def plot_folder(folder: Path) -> list[Path]:
    """Every figure that fits a results folder: a run, a meta-evaluation or a probe report."""
    check_plottable(folder)
    written: list[Path] = []
    out = folder / "plots"
    if (folder / "run.json").is_file():
        from .leaderboard import Leaderboard
        from .records import read_run

        run, records = read_run(folder)
        board = Leaderboard.from_run(run, records)
        written += plot_means(board, out)
        written += plot_scatter(board, records, out)
    if (folder / "meta_eval.json").is_file():
        report = json.loads((folder / "meta_eval.json").read_text(encoding="utf-8"))
        if "pairs" in report:  # a consistency report: scorers against people's labels
            return written + _plot_consistency(report, out)
        keys = [
            "system/pearson",
            "system/spearman",
            "system/kendall",
            "summary/pearson",
            "summary/spearman",
            "summary/kendall",
        ]
        written += plot_heatmap(
            [[row[k]["value"] for k in keys] for row in report["rows"]],
            [row["metric"] for row in report["rows"]],
            keys,
            out,
            "correlations",
            f"Correlation with human judgments: {report['dataset']}",
        )
    if (folder / "probe.json").is_file():
        report = json.loads((folder / "probe.json").read_text(encoding="utf-8"))
        metrics = list(dict.fromkeys(c["metric"] for c in report["cells"]))
        kinds = list(dict.fromkeys(c["kind"] for c in report["cells"]))
        rate = {(c["metric"], c["kind"]): c["noticed_rate"] for c in report["cells"]}
        written += plot_heatmap(
            [[rate[(m, k)] for k in kinds] for m in metrics],
            metrics,
            kinds,
            out,
            "sensitivity",
            "Share of corruptions scored worse than the original",
            fmt="{:.0%}",
            cmap="RdYlGn",
        )
    return written


__all__ = [
    "check_plottable",
    "is_figure_name",
    "plot_folder",
    "plot_heatmap",
    "plot_means",
    "plot_scatter",
]
