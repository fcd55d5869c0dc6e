"""Render a :class:`Leaderboard` as Markdown, CSV and JSON, byte-identical for equal inputs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .table import ColumnInfo, Leaderboard, Row

#: Decimals in the CSV and JSON tables. Model-based scores (BERTScore) differ between CPUs in
#: the 7th digit; four decimals keep the tables byte-identical across machines. Full precision
#: is in scores.jsonl.
MACHINE_DECIMALS = 4

#: Below this many examples the table says plainly that it cannot separate systems.
SMALL_DATASET = 30

_MARKS = {"oracle": "†", "human": "‡"}
_NOTES = {
    "oracle": "† oracle: source sentences chosen greedily to maximise ROUGE against the "
    "references — an upper bound for extraction, not a system.",
    "human": "‡ human: each reference scored against the other references (leave-one-out) — "
    "the agreement between people, not a system.",
}


def _arrow(column: ColumnInfo) -> str:
    return {True: " ↑", False: " ↓", None: ""}[column.higher_is_better]


def _fmt(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def _cells(row: Row, board: Leaderboard) -> list[str]:
    return [
        _fmt(row.means[c.key], board.decimals if c.decimals is None else c.decimals)
        for c in board.columns
    ]


def render_markdown(board: Leaderboard) -> str:
    header = ["#", "System", *[f"{c.label}{_arrow(c)}" for c in board.columns], "n", "Failed"]
    lines = [
        f"## {board.experiment}: {board.dataset} ({board.examples} examples)",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---:", ":---", *["---:"] * len(board.columns), "---:", "---:"]) + "|",
    ]
    for rank, row in enumerate(board.systems, 1):
        lines.append(
            "| "
            + " | ".join([str(rank), row.system, *_cells(row, board), str(row.n), str(row.failed)])
            + " |"
        )
    if board.reference_rows:
        blank = [""] * (len(board.columns) + 2)
        lines.append("| | *reads the references* | " + " | ".join(blank) + " |")
        for row in board.reference_rows:
            name = f"{row.system} {_MARKS.get(row.kind, '')}".strip()
            lines.append(
                "| – | "
                + " | ".join([name, *_cells(row, board), str(row.n), str(row.failed)])
                + " |"
            )
    notes = [
        f"Ranked by {board.primary.label} "
        f"({'higher' if board.primary.higher_is_better else 'lower'} is better); "
        "means over examples; n = examples scored."
    ]
    if board.examples < SMALL_DATASET:
        notes[0] += (
            f" With only {board.examples} examples, differences between rows are anecdotal, "
            "not evidence."
        )
    notes += [_NOTES[k] for k in sorted({r.kind for r in board.reference_rows}) if k in _NOTES]
    failed = [r for r in [*board.systems, *board.reference_rows] if r.failed]
    if failed:
        notes.append(
            "Failures: "
            + ", ".join(f"{r.system} failed on {r.failed} of {r.n + r.failed}" for r in failed)
            + " example(s); their means are over the examples they produced."
        )
    for note in notes:
        lines += ["", note]
    lines += ["", "Signatures:", ""]
    lines += [f"- `{name}`: `{sig}`" for name, sig in board.signatures.items()]
    return "\n".join(lines) + "\n"


def _all_rows(board: Leaderboard) -> list[tuple[str, Row]]:
    ranked = [(str(i), r) for i, r in enumerate(board.systems, 1)]
    return ranked + [("", r) for r in board.reference_rows]


def render_csv(board: Leaderboard) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "system", "kind", *[c.key for c in board.columns], "n", "failed"])
    for rank, row in _all_rows(board):
        values = [
            "" if row.means[c.key] is None else f"{row.means[c.key]:.{MACHINE_DECIMALS}f}"
            for c in board.columns
        ]
        writer.writerow([rank, row.system, row.kind, *values, row.n, row.failed])
    return buffer.getvalue()


def render_json(board: Leaderboard) -> str:
    record = {
        "experiment": board.experiment,
        "dataset": board.dataset,
        "examples": board.examples,
        "primary": board.primary.key,
        "columns": [
            {"key": c.key, "label": c.label, "higher_is_better": c.higher_is_better}
            for c in board.columns
        ],
        "rows": [
            {
                "rank": int(rank) if rank else None,
                "system": row.system,
                "kind": row.kind,
                "n": row.n,
                "failed": row.failed,
                "means": {
                    k: None if v is None else round(v, MACHINE_DECIMALS)
                    for k, v in row.means.items()
                },
            }
            for rank, row in _all_rows(board)
        ],
        "signatures": board.signatures,
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def write_leaderboard(board: Leaderboard, folder: Path) -> None:
    from ..experiment.results import write_text_atomic

    for suffix, render in (("md", render_markdown), ("csv", render_csv), ("json", render_json)):
        write_text_atomic(folder / f"leaderboard.{suffix}", render(board))
