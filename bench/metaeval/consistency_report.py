"""Render a consistency meta-evaluation (:mod:`.consistency`) as Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..stats.intervals import Interval
from ..wording import counted
from .consistency import ConsistencyReport


def _cell(i: Interval | None) -> str:
    return "–" if i is None else i.shown(3)


def render_markdown(report: ConsistencyReport) -> str:
    """The report as the Markdown page written to meta_eval.md."""
    s = report.settings
    lines = [
        f"## Meta-evaluation: {report.dataset} (consistency with the source)",
        "",
        f"{counted(report.pairs, 'summary')}, {report.consistent} judged consistent by people. "
        "ROC AUC of "
        f"each score and balanced accuracy of faithful/unfaithful decisions; "
        f"{s.confidence:.0%} bootstrap intervals over summaries ({s.resamples} resamples, seed "
        f"{s.seed}). Thresholds: `own` = the scorer's verdicts, `cv` = {s.folds}-fold "
        "cross-validation over documents"
        + (
            f", `from {report.transfer_from}` = fitted there, applied here"
            if report.transfer_from
            else ""
        )
        + ".",
        "",
    ]
    header = "| Scorer | ROC AUC | Bal. acc. (own) | Bal. acc. (cv) |"
    rule = "|:---|---:|---:|---:|"
    if report.transfer_from:
        header += f" Bal. acc. (from {report.transfer_from}) |"
        rule += "---:|"
    lines += [header + " Best threshold here |", rule + "---:|"]
    for row in report.rows:
        cells = [_cell(row.auc), _cell(row.verdicts), _cell(row.cv)]
        if report.transfer_from:
            t = "" if row.transfer_threshold is None else f" (t={row.transfer_threshold:.3f})"
            cells.append(_cell(row.transfer) + t)
        cells.append(f"{row.best_threshold:.3f}")
        lines.append(f"| {row.name} | " + " | ".join(cells) + " |")
    lines += ["", "Signatures:", ""]
    lines += [f"- `{k}`: `{v}`" for k, v in report.signatures.items()]
    return "\n".join(lines) + "\n"


def _record(i: Interval | None) -> dict | None:
    if i is None:
        return None
    return {"value": round(i.value, 4), "low": round(i.low, 4), "high": round(i.high, 4)}


def render_json(report: ConsistencyReport) -> str:
    """The report as JSON: each scorer's intervals (value, low, high) and thresholds."""
    rows = []
    for row in report.rows:
        rows.append(
            {
                "scorer": row.name,
                "roc_auc": _record(row.auc),
                "balanced_accuracy_own": _record(row.verdicts),
                "balanced_accuracy_cv": _record(row.cv),
                "cv_thresholds": [round(t, 4) for t in row.cv_thresholds],
                "best_threshold": round(row.best_threshold, 4),
                "balanced_accuracy_transfer": _record(row.transfer),
                "transfer_threshold": None
                if row.transfer_threshold is None
                else round(row.transfer_threshold, 4),
            }
        )
    record = {
        "dataset": report.dataset,
        "pairs": report.pairs,
        "consistent": report.consistent,
        "transfer_from": report.transfer_from,
        "rows": rows,
        "signatures": report.signatures,
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: ConsistencyReport) -> str:
    """One CSV row per scorer: each interval as three columns, then its best threshold."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = ("roc_auc", "bal_acc_own", "bal_acc_cv", "bal_acc_transfer")
    writer.writerow(
        ["scorer", *[f"{c}{p}" for c in columns for p in ("", "_low", "_high")], "best_threshold"]
    )
    for row in report.rows:
        cells = []
        for i in (row.auc, row.verdicts, row.cv, row.transfer):
            if i is None:
                cells += ["", "", ""]
            else:
                cells += [f"{i.value:.4f}", f"{i.low:.4f}", f"{i.high:.4f}"]
        writer.writerow([row.name, *cells, f"{row.best_threshold:.4f}"])
    return buffer.getvalue()


def write_consistency_report(report: ConsistencyReport, folder: Path) -> None:
    """Write the meta-evaluation's files (:data:`.report.REPORT_FILES`) into ``folder``."""
    from ..records.files import write_renderings
    from .report import REPORT_FILES

    renderers = (render_markdown, render_csv, render_json)
    write_renderings(folder, report, dict(zip(REPORT_FILES, renderers, strict=True)))
