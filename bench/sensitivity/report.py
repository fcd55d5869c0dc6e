"""Render a probe report: per metric and corruption kind, how often the metric noticed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .runner import ProbeReport


def _cell_text(report: ProbeReport, key: str, kind: str) -> str:
    cell = report.cells[(key, kind)]
    if not cell.n:
        return "–"
    text = f"{cell.rate:.0%}"
    if cell.mean_relative is not None:
        text += f" ({cell.mean_relative:+.1%})"
    elif cell.mean_delta is not None:
        text += f" ({cell.mean_delta:+.2f})"
    return text


def render_markdown(report: ProbeReport) -> str:
    """The report as a Markdown table: a row per metric, a column per kind of corruption."""
    counts = {
        kind: max((report.cells[(k, kind)].n for k, _ in report.rows), default=0)
        for kind in report.kinds
    }
    header = [f"{kind} (n={counts[kind]})" for kind in report.kinds]
    lines = [
        f"## Metric sensitivity: {report.experiment} on {report.dataset}",
        "",
        "Share of corrupted summaries each metric scored worse than the original; in brackets "
        "the mean change, relative to the original's score (absolute for counts such as "
        "contradictions). Originals are the references, each scored against the other "
        "references; each corruption changes one thing.",
        "",
        "| Metric | " + " | ".join(header) + " |",
        "|:---|" + "---:|" * len(header),
    ]
    for key, label in report.rows:
        cells = [_cell_text(report, key, kind) for kind in report.kinds]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Signatures:", ""]
    lines += [f"- `{k}`: `{v}`" for k, v in report.signatures.items()]
    return "\n".join(lines) + "\n"


def render_csv(report: ProbeReport) -> str:
    """The report as CSV: a row per metric and kind of corruption."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "kind", "n", "noticed_rate", "mean_delta", "mean_relative"])
    for key, _ in report.rows:
        for kind in report.kinds:
            cell = report.cells[(key, kind)]
            writer.writerow(
                [
                    key,
                    kind,
                    cell.n,
                    *(
                        "" if v is None else f"{v:.4f}"
                        for v in (cell.rate, cell.mean_delta, cell.mean_relative)
                    ),
                ]
            )
    return buffer.getvalue()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def render_json(report: ProbeReport) -> str:
    """The report as JSON: its cells (rates and changes rounded to 4 places) and signatures."""
    cells = []
    for key, _ in report.rows:
        for kind in report.kinds:
            cell = report.cells[(key, kind)]
            cells.append(
                {
                    "metric": key,
                    "kind": kind,
                    "n": cell.n,
                    "noticed_rate": _rounded(cell.rate),
                    "mean_delta": _rounded(cell.mean_delta),
                    "mean_relative": _rounded(cell.mean_relative),
                }
            )
    return (
        json.dumps(
            {
                "experiment": report.experiment,
                "dataset": report.dataset,
                "cells": cells,
                "signatures": report.signatures,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


#: The files a probe writes at the top of its folder (figures go to plots/).
REPORT_FILES = ("probe.md", "probe.csv", "probe.json", "probe_pairs.jsonl")


def write_report(report: ProbeReport, folder: Path) -> None:
    """Write :data:`REPORT_FILES` to ``folder``: the report in each format and the scored pairs."""
    from ..records.files import write_jsonl, write_renderings

    *formats, pairs = REPORT_FILES
    write_renderings(
        folder, report, dict(zip(formats, (render_markdown, render_csv, render_json), strict=True))
    )
    write_jsonl(folder / pairs, report.pairs)
