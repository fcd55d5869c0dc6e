"""Render the cross-dataset threshold report as Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..stats.intervals import Interval
from ..wording import counted
from .across import LabelledSetInfo, TransferReport
from .transfer import Applied

#: The files the report writes at the top of its folder.
TRANSFER_FILES = ("transfer.md", "transfer.csv", "transfer.json")


def _interval(i: Interval) -> str:
    return i.shown(3)


def _applied(a: Applied) -> str:
    at = "" if a.threshold is None else f" at {a.threshold:.3f}"
    return _interval(a.accuracy) + at


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _described(d: LabelledSetInfo) -> str:
    if d.kind == "pyramid":
        return f"{d.name} (pyramid: {d.units} SCU-summary units, {d.positives} present)"
    return f"{d.name} (consistency: {counted(d.units, 'summary')}, {d.positives} consistent)"


def render_markdown(report: TransferReport) -> str:
    """The report as the Markdown page: how it was measured, the matchers' table, the floors."""
    lines = _introduction(report) + _matcher_table(report) + _floor_table(report)
    lines += ["", "Signatures:", ""]
    lines += [f"- `{k}`: `{v}`" for k, v in report.signatures.items()]
    return "\n".join(lines) + "\n"


def _introduction(report: TransferReport) -> list[str]:
    s = report.settings
    lines = [
        "## Meta-evaluation across datasets: does one threshold transfer?",
        "",
        "Datasets: " + "; ".join(_described(d) for d in report.datasets) + ".",
        "",
        "Balanced accuracy of each matcher's decisions with three thresholds: `own` = its "
        "configured threshold (its verdicts as an experiment gives them), `best` = the best "
        "threshold for this dataset's labels (an oracle: fitted on the labels it is scored "
        "on), `LODO` = the one threshold best for the other datasets together (the mean of "
        "their balanced accuracies, each dataset weighing the same), applied here. Pyramid "
        "data: a decision per (SCU, summary), is the SCU present; consistency data: a "
        "decision per summary, is every sentence supported by the source (at a threshold t: "
        "does its least supported sentence reach t). "
        f"{s.confidence:.0%} bootstrap intervals ({s.resamples} resamples, seed {s.seed}; "
        f"pyramid data resampling {s.resample}, consistency data resampling summaries), "
        "thresholds held fixed; the gaps' intervals are paired. A threshold transfers when "
        f"its gap to the best is at most {s.tolerance:g}.",
    ]
    if "learned" in s.matchers:
        lines += [
            "",
            "The learned matcher's model and its threshold (even odds of its training prior) "
            "come from PyrXSum's labels: its rows on PyrXSum are in-sample.",
        ]
    return lines


def _matcher_table(report: TransferReport) -> list[str]:
    tolerance = f"{report.settings.tolerance:g}"
    lines = [
        "",
        "| Matcher | Dataset | Own | Best here | LODO | LODO fitted on | Gap best − own "
        f"| Gap best − LODO | Within {tolerance}: own / LODO |",
        "|:---|:---|---:|---:|---:|:---|---:|---:|:---:|",
    ]
    for r in report.rows:
        cells = [
            r.matcher,
            r.dataset,
            _applied(r.own),
            _applied(r.best),
            _applied(r.lodo),
            ", ".join(r.fitted_on),
            _interval(r.own_gap),
            _interval(r.lodo_gap),
            f"{_yes(r.own_within)} / {_yes(r.lodo_within)}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _floor_table(report: TransferReport) -> list[str]:
    if not report.floors:
        return []
    lines = [
        "",
        "### Against plain overlap, summary level",
        "",
        "Pyramid data: Pearson with the human pyramid score, averaged over documents; "
        "consistency data: ROC AUC against the labels (the overlap floors compare the "
        "summary with its source). Ahead: above every floor (point estimates).",
        "",
        "| Dataset | Measure | Scorer | Value | Ahead of the floors |",
        "|:---|:---|:---|---:|:---:|",
    ]
    for f in report.floors:
        ahead = "–" if f.ahead is None else _yes(f.ahead)
        lines.append(
            f"| {f.dataset} | {f.measure} | {f.scorer} | {_interval(f.value)} | {ahead} |"
        )
    return lines


def _record(i: Interval) -> dict:
    return {"value": round(i.value, 4), "low": round(i.low, 4), "high": round(i.high, 4)}


def _applied_record(a: Applied) -> dict:
    threshold = None if a.threshold is None else round(a.threshold, 4)
    return {"threshold": threshold, **_record(a.accuracy)}


def render_json(report: TransferReport) -> str:
    """The cross-dataset report as JSON."""
    s = report.settings
    record = {
        "datasets": [
            {
                "name": d.name,
                "kind": d.kind,
                "level": d.level,
                "units": d.units,
                "positives": d.positives,
            }
            for d in report.datasets
        ],
        "matchers": list(s.matchers),
        "tolerance": s.tolerance,
        "rows": [
            {
                "matcher": r.matcher,
                "dataset": r.dataset,
                "own": _applied_record(r.own),
                "best": _applied_record(r.best),
                "lodo": {**_applied_record(r.lodo), "fitted_on": list(r.fitted_on)},
                "gap_own": _record(r.own_gap),
                "gap_lodo": _record(r.lodo_gap),
                "own_within": r.own_within,
                "lodo_within": r.lodo_within,
            }
            for r in report.rows
        ],
        "floors": [
            {
                "dataset": f.dataset,
                "measure": f.measure,
                "scorer": f.scorer,
                "matcher": f.matcher,
                **_record(f.value),
                "ahead": f.ahead,
            }
            for f in report.floors
        ],
        "signatures": report.signatures,
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: TransferReport) -> str:
    """The threshold table, a row per matcher and dataset (the floors are in the JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    applied = [
        f"{k}{p}" for k in ("own", "best", "lodo") for p in ("_threshold", "", "_low", "_high")
    ]
    gaps = [f"gap_{k}{p}" for k in ("own", "lodo") for p in ("", "_low", "_high")]
    writer.writerow(
        ["matcher", "dataset", *applied, "lodo_fitted_on", *gaps, "own_within", "lodo_within"]
    )
    for r in report.rows:
        cells = []
        for a in (r.own, r.best, r.lodo):
            cells.append("" if a.threshold is None else f"{a.threshold:.4f}")
            cells += [f"{x:.4f}" for x in (a.accuracy.value, a.accuracy.low, a.accuracy.high)]
        cells.append(";".join(r.fitted_on))
        for g in (r.own_gap, r.lodo_gap):
            cells += [f"{x:.4f}" for x in (g.value, g.low, g.high)]
        writer.writerow([r.matcher, r.dataset, *cells, _yes(r.own_within), _yes(r.lodo_within)])
    return buffer.getvalue()


def write_transfer_report(report: TransferReport, folder: Path) -> None:
    """Write :data:`TRANSFER_FILES` into ``folder``: the report as Markdown, CSV and JSON."""
    from ..records.files import write_renderings

    renderers = (render_markdown, render_csv, render_json)
    write_renderings(folder, report, dict(zip(TRANSFER_FILES, renderers, strict=True)))
