"""Render a :class:`Leaderboard` as Markdown, CSV and JSON, byte-identical for equal inputs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..records import (
    LEADERBOARD_FORMATS,
    ExampleRecord,
    Interval,
    ItemRecord,
    PredictionRecord,
    leaderboard_file,
    write_text_atomic,
)
from .cells import MARKS, NOTES, column_arrow, column_decimals, p_text
from .table import Leaderboard, Row
from .text import csv_text, md_code, md_text

#: Decimals in the CSV and JSON tables. Model-based scores (BERTScore) differ between CPUs in
#: the 7th digit; four decimals keep the tables byte-identical across machines. Full precision
#: is in scores.jsonl.
MACHINE_DECIMALS = 4

def _cell(interval: Interval | None, decimals: int) -> str:
    return "–" if interval is None else interval.shown(decimals)


def _cells(row: Row, board: Leaderboard) -> list[str]:
    return [_cell(row.intervals[c.key], column_decimals(board, c)) for c in board.columns]


def _notes(board: Leaderboard) -> list[str]:
    s = board.stats
    baseline = (
        f" p vs {md_text(s.baseline)}: the same test against that baseline." if s.baseline else ""
    )
    notes = [
        f"Ranked by {md_text(board.primary.label)} "
        f"({'higher' if board.primary.higher_is_better else 'lower'} is better). Means over "
        f"examples with {s.level:.0%} bootstrap intervals ({s.resamples} resamples); n = "
        f"examples scored.{baseline}"
    ]
    for i, note in enumerate(board.significance_notes()):
        notes.append(f"**{md_text(note)}**" if i else md_text(note))
    notes += [NOTES[k] for k in sorted({r.kind for r in board.reference_rows}) if k in NOTES]
    notes += [md_text(note) for note in [*board.failure_notes(), *board.run_notes]]
    return notes


def render_markdown(board: Leaderboard) -> str:
    """The leaderboard as a Markdown table, with its notes and signatures."""
    baseline = board.stats.baseline
    extra = ["p vs best", *([f"p vs {md_text(baseline)}"] if baseline else [])]
    header = [
        "#",
        "Cluster",
        "System",
        *[f"{md_text(c.label)}{column_arrow(c)}" for c in board.columns],
        *extra,
        "n",
        "Failed",
    ]
    align = ["---:", "---:", ":---", *["---:"] * (len(board.columns) + len(extra) + 2)]
    lines = [
        f"## {md_text(board.experiment)}: {md_text(board.dataset)} ({board.examples_text})",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(align) + "|",
    ]
    for rank, row in enumerate(board.systems, 1):
        tests = [p_text(row.p_best), *([p_text(row.p_baseline)] if baseline else [])]
        cells = [
            str(rank),
            str(row.cluster),
            md_text(row.system),
            *_cells(row, board),
            *tests,
            str(row.n),
            str(row.failed),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    apart = [("*unranked: failed too often*", board.unranked)] if board.unranked else []
    if board.reference_rows:
        apart.append(("*reads the references*", board.reference_rows))
    for title, rows in apart:
        lines.append(f"| | | {title} |" + " |" * (len(header) - 3))
        for row in rows:
            name = f"{md_text(row.system)} {MARKS.get(row.kind, '')}".strip()
            cells = [
                "–",
                "–",
                name,
                *_cells(row, board),
                *["–"] * len(extra),
                str(row.n),
                str(row.failed),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    for note in _notes(board):
        lines += ["", note]
    lines += ["", "Signatures:", ""]
    lines += [f"- {md_text(label)}: {md_code(sig)}" for label, sig in board.signatures.labelled()]
    return "\n".join(lines) + "\n"


def _all_rows(board: Leaderboard) -> list[tuple[str, Row]]:
    ranked = [(str(i), r) for i, r in enumerate(board.systems, 1)]
    return ranked + [("", r) for r in [*board.unranked, *board.reference_rows]]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.{MACHINE_DECIMALS}f}"


def render_csv(board: Leaderboard) -> str:
    """The leaderboard as CSV: a row per system (reference rows too), each column with its
    interval's bounds, then the tests and counts."""
    buffer = io.StringIO()
    # RFC 4180 line ends: Python quotes a cell only for the characters of its line ending, and a
    # carriage return in a name must be quoted like any line break.
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = [
        csv_text(f"{c.key}{suffix}") for c in board.columns for suffix in ("", "_low", "_high")
    ]
    writer.writerow(
        [
            "rank",
            "cluster",
            "system",
            "kind",
            *columns,
            "p_best",
            "p_best_raw",
            "p_baseline",
            "n",
            "failed",
        ]
    )
    for rank, row in _all_rows(board):
        values = []
        for c in board.columns:
            interval = row.intervals[c.key]
            values += (
                ["", "", ""]
                if interval is None
                else [_number(interval.value), _number(interval.low), _number(interval.high)]
            )
        writer.writerow(
            [
                rank,
                row.cluster or "",
                csv_text(row.system),
                row.kind,
                *values,
                _number(row.p_best),
                _number(row.p_best_raw),
                _number(row.p_baseline),
                row.n,
                row.failed,
            ]
        )
    return buffer.getvalue()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, MACHINE_DECIMALS)


def render_json(board: Leaderboard) -> str:
    """The table as JSON. When something failed, ``ranked_on`` (the examples every ranked
    system completed) and ``failure_notes`` (as under the other tables) follow ``examples``;
    without them the ranking stands on every example. Unranked systems have rank null."""
    s = board.stats
    failures = board.failure_notes()
    record = {
        "experiment": board.experiment,
        "dataset": board.dataset,
        "examples": board.examples,
        **({"ranked_on": board.ranked_on, "failure_notes": failures} if failures else {}),
        **({"notes": list(board.run_notes)} if board.run_notes else {}),
        "primary": board.primary.key,
        "columns": [
            {"key": c.key, "label": c.label, "higher_is_better": c.higher_is_better}
            for c in board.columns
        ],
        "stats": {
            "interval": "percentile bootstrap",
            "level": s.level,
            "resamples": s.resamples,
            "test": s.test,
            "trials": s.trials,
            "alpha": s.alpha,
            "baseline": s.baseline,
            "seed": board.seed,
            "separable": board.separable,
            "can_separate": board.can_separate,
            "family_correction": "holm",
        },
        "rows": [
            {
                "rank": int(rank) if rank else None,
                "cluster": row.cluster,
                "system": row.system,
                "kind": row.kind,
                "n": row.n,
                "failed": row.failed,
                "scores": {
                    key: None
                    if iv is None
                    else {
                        "mean": _rounded(iv.value),
                        "low": _rounded(iv.low),
                        "high": _rounded(iv.high),
                    }
                    for key, iv in row.intervals.items()
                },
                "p_best": _rounded(row.p_best),
                "p_best_raw": _rounded(row.p_best_raw),
                "p_baseline": _rounded(row.p_baseline),
            }
            for rank, row in _all_rows(board)
        ],
        "signatures": board.signatures.as_dict(),
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def write_leaderboard(
    board: Leaderboard,
    folder: Path,
    *,
    items: list[ItemRecord] | None = None,
    predictions: list[PredictionRecord] = (),  # type: ignore[assignment]
    examples: list[ExampleRecord] = (),  # type: ignore[assignment]
    ci: str = "pm",
) -> list[Path]:
    """Write the leaderboard in every format of :data:`~bench.records.LEADERBOARD_FORMATS`
    (the HTML page only when the items are given). Returns the paths written, in that order."""
    written = []
    for fmt in LEADERBOARD_FORMATS:
        if fmt == "html" and items is None:
            continue
        path = folder / leaderboard_file(fmt)
        write_text_atomic(path, render_format(fmt, board, items, predictions, examples, ci=ci))
        written.append(path)
    return written


def render_format(
    fmt: str,
    board: Leaderboard,
    items: list[ItemRecord] | None = None,
    predictions: list[PredictionRecord] = (),  # type: ignore[assignment]
    examples: list[ExampleRecord] = (),  # type: ignore[assignment]
    *,
    ci: str = "pm",
) -> str:
    """The leaderboard as the text of ``leaderboard.<fmt>``. The HTML page needs the items
    (and shows the predictions and examples beside them)."""
    if fmt == "md":
        return render_markdown(board)
    if fmt == "csv":
        return render_csv(board)
    if fmt == "json":
        return render_json(board)
    if fmt == "tex":
        from .latex import render_latex

        return render_latex(board, ci=ci)
    if fmt == "html":
        from .html import render_html

        if items is None:
            raise ValueError("the HTML page needs the item scores")
        return render_html(board, items, list(predictions), list(examples))
    raise ValueError(f"unknown leaderboard format {fmt!r}")
