"""Render a meta-evaluation report as Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..stats.intervals import Interval
from ..wording import counted
from .runner import LEVELS, Report

_CORRS = ("pearson", "spearman", "kendall")


def _cell(interval: Interval) -> str:
    return interval.shown(2)


def render_markdown(report: Report) -> str:
    """The meta-evaluation as Markdown: the settings, a table per level (a row per metric),
    the unit-level accuracies, and the signatures."""
    s = report.settings
    lines = [
        f"## Meta-evaluation: {report.dataset}",
        "",
        f"{counted(len(report.systems), 'system')} × {counted(report.documents, 'document')} "
        f"({report.units} SCU-summary units). Correlation with the human pyramid score; "
        f"{s.confidence:.0%} bootstrap intervals resampling {s.resample} ({s.resamples} "
        f"resamples, seed {s.seed}). Matchers: `fixed` = configured threshold, `cv` = threshold "
        f"from {s.folds}-fold cross-validation over documents, `soft` = mean of per-SCU scores.",
    ]
    if any(row.family == "learned" for row in report.rows):
        lines += [
            "",
            "The `learned` rows use the shipped model, trained on PyrXSum's labels: on PyrXSum "
            "they are in-sample. The `learned (refit cv)` rows refit the model on this dataset "
            f"per fold ({s.folds} folds over documents), never on the documents they score.",
        ]
    for level in LEVELS:
        lines += [
            "",
            f"### {level.capitalize()} level",
            "",
            "| Metric | Pearson | Spearman | Kendall |",
            "|:---|---:|---:|---:|",
        ]
        for row in report.rows:
            cells = [_cell(row.correlations[f"{level}/{c}"]) for c in _CORRS]
            lines.append(f"| {row.name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Unit level (SCU present in the summary?)",
        "",
        "| Matcher | Accuracy | Balanced acc. | Precision | Recall | CV thresholds |",
        "|:---|---:|---:|---:|---:|:---|",
    ]
    for row in report.rows:
        if row.units is None:
            continue
        u = row.units
        thresholds = ", ".join(f"{t:.3f}" for t in row.thresholds) or "–"
        lines.append(
            f"| {row.name} | {u.accuracy:.3f} | {u.balanced_accuracy:.3f} | "
            f"{u.precision:.3f} | {u.recall:.3f} | {thresholds} |"
        )
    lines += ["", "Signatures:", ""]
    lines += [f"- `{k}`: `{v}`" for k, v in report.signatures.items()]
    return "\n".join(lines) + "\n"


def _records(report: Report) -> list[dict]:
    records = []
    for row in report.rows:
        record: dict = {"metric": row.name, "family": row.family}
        for key, interval in row.correlations.items():
            record[key] = {
                "value": round(interval.value, 4),
                "low": round(interval.low, 4),
                "high": round(interval.high, 4),
            }
        if row.units is not None:
            u = row.units
            record["units"] = {
                "n": u.n,
                "accuracy": round(u.accuracy, 4),
                "balanced_accuracy": round(u.balanced_accuracy, 4),
                "precision": round(u.precision, 4),
                "recall": round(u.recall, 4),
            }
        if row.thresholds:
            record["cv_thresholds"] = [round(t, 4) for t in row.thresholds]
        records.append(record)
    return records


def render_json(report: Report) -> str:
    """The meta-evaluation as JSON."""
    return (
        json.dumps(
            {
                "dataset": report.dataset,
                "systems": list(report.systems),
                "documents": report.documents,
                "units": report.units,
                "rows": _records(report),
                "signatures": report.signatures,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def render_csv(report: Report) -> str:
    """The meta-evaluation as CSV: one row per metric."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keys = [f"{level}/{c}" for level in LEVELS for c in _CORRS]
    writer.writerow(
        [
            "metric",
            "family",
            *[f"{k}{p}" for k in keys for p in ("", "_low", "_high")],
            "unit_accuracy",
            "unit_balanced_accuracy",
            "unit_precision",
            "unit_recall",
        ]
    )
    for row in report.rows:
        values = []
        for k in keys:
            i = row.correlations[k]
            values += [f"{i.value:.4f}", f"{i.low:.4f}", f"{i.high:.4f}"]
        u = row.units
        units = (
            [
                f"{u.accuracy:.4f}",
                f"{u.balanced_accuracy:.4f}",
                f"{u.precision:.4f}",
                f"{u.recall:.4f}",
            ]
            if u
            else ["", "", "", ""]
        )
        writer.writerow([row.name, row.family, *values, *units])
    return buffer.getvalue()


#: The files a meta-evaluation writes at the top of its folder (figures go to plots/).
REPORT_FILES = ("meta_eval.md", "meta_eval.csv", "meta_eval.json")


def write_report(report: Report, folder: Path) -> None:
    """Write :data:`REPORT_FILES` into ``folder``: the report as Markdown, CSV and JSON."""
    from ..records.files import write_renderings

    renderers = (render_markdown, render_csv, render_json)
    write_renderings(folder, report, dict(zip(REPORT_FILES, renderers, strict=True)))
