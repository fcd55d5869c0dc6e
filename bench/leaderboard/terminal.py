"""The leaderboard on a terminal (rich), printed after a run when stdout is a terminal.

It fits the terminal's width: the ranking column always, then the other columns in table order
while they fit, and a line naming the ones left out (every column is in leaderboard.md).
Names wrap instead of being cut. Under the table: the significance notes, the footnotes of
reference rows and failures, and the signatures, as in the Markdown table. Logs and pipes get
the Markdown table itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..results import Column
from .table import Leaderboard, Row
from .text import rich_text

_ARROWS = {True: " ↑", False: " ↓", None: ""}
_MARKS = {"oracle": " †", "human": " ‡"}
_FOOTNOTES = {
    "oracle": "† oracle: source sentences chosen to maximise ROUGE against the references "
    "(an upper bound, not a system).",
    "human": "‡ human: each reference scored against the others (agreement between people).",
}
#: Characters rich spends around each cell (padding and the vertical rule).
_CELL_OVERHEAD = 3
#: Widest a name column grows before names wrap.
_NAME_WIDTH = 24


def _decimals(board: Leaderboard, column: Column) -> int:
    return board.decimals if column.decimals is None else column.decimals


def _cell(board: Leaderboard, row: Row, column: Column) -> str:
    interval = row.intervals[column.key]
    if interval is None:
        return "–"
    d = _decimals(board, column)
    return f"{interval.mean:.{d}f} [dim]±{(interval.high - interval.low) / 2:.{d}f}[/]"


def _p(value: float | None) -> str:
    return "–" if value is None else ("<0.001" if value < 0.001 else f"{value:.3f}")


def _rows(board: Leaderboard) -> list[Row]:
    return [*board.systems, *board.unranked, *board.reference_rows]


def fit_columns(board: Leaderboard, width: int) -> tuple[list[Column], list[Column]]:
    """(columns shown, columns left out) for a terminal ``width`` characters wide: the ranking
    column first, then the others in table order while they fit."""
    rows = _rows(board)
    names = max((len(r.system) + len(_MARKS.get(r.kind, "")) for r in rows), default=6)
    used = (2 + 3 + min(max(names, 6), _NAME_WIDTH) + 9 + 5) + 5 * _CELL_OVERHEAD
    if any(r.failed for r in rows):
        used += 6 + _CELL_OVERHEAD
    ordered = [board.primary, *[c for c in board.columns if c.key != board.primary.key]]
    shown, left = [], []
    for column in ordered:
        d = _decimals(board, column)
        need = max(len(column.label) + 2, 2 * (d + 3) + 2) + _CELL_OVERHEAD
        if not shown or (not left and used + need <= width):
            shown.append(column)
            used += need
        else:
            left.append(column)
    return shown, left


def print_leaderboard(
    board: Leaderboard,
    stream: TextIO | None = None,
    *,
    folder: Path | None = None,
    width: int | None = None,
) -> None:
    """A rich table on a terminal, fitted to its width; the Markdown table otherwise (logs,
    pipes, CI). ``folder`` is named where the full table lives."""
    from ..console import terminal_text
    from .render import render_markdown

    stream = stream or sys.stdout
    if not stream.isatty():
        # The file's Markdown, but printed: bidi overrides in names shown, not applied.
        stream.write(terminal_text(render_markdown(board)) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, width=width, highlight=False)
    shown, left = fit_columns(board, console.width)
    title = f"{board.experiment}: {board.dataset} ({board.examples_text})"
    table = Table(title=rich_text(title), expand=False)
    table.add_column("#", justify="right")
    table.add_column("Cl.", justify="right")
    table.add_column("System", overflow="fold", max_width=_NAME_WIDTH)
    for column in shown:
        label = rich_text(column.label) + _ARROWS[column.higher_is_better]
        table.add_column(label, justify="right")
    table.add_column("p vs best", justify="right")
    table.add_column("n", justify="right")
    failures = any(r.failed for r in _rows(board))
    if failures:
        table.add_column("Failed", justify="right")
    for rank, row in enumerate(board.systems, 1):
        table.add_row(
            str(rank),
            str(row.cluster),
            rich_text(row.system),
            *[_cell(board, row, c) for c in shown],
            _p(row.p_best),
            str(row.n),
            *([f"[red]{row.failed}[/]" if row.failed else "0"] if failures else []),
        )
    for apart in (board.unranked, board.reference_rows):
        if apart:
            table.add_section()
        for row in apart:
            table.add_row(
                "–",
                "–",
                f"[italic]{rich_text(row.system)}{_MARKS.get(row.kind, '')}[/]",
                *[_cell(board, row, c) for c in shown],
                "–",
                str(row.n),
                *([str(row.failed)] if failures else []),
            )
    console.print(table)
    where = f" in {folder / 'leaderboard.md'}" if folder else " in leaderboard.md"
    if left:
        names = ", ".join(rich_text(c.label) for c in left)
        console.print(f"[dim]Not shown at this width: {names} (every column is{where}).[/]")
    for i, note in enumerate(board.significance_notes()):
        console.print(f"[yellow]{rich_text(note)}[/]" if i else rich_text(note))
    for kind in sorted({r.kind for r in board.reference_rows}):
        if kind in _FOOTNOTES:
            console.print(_FOOTNOTES[kind])
    for note in board.failure_notes():
        console.print(f"[red]{rich_text(note)}[/]")
    console.print("[dim]Signatures:[/]")
    for label, signature in board.signatures.labelled():
        console.print(f"[dim]  {rich_text(label)}: {rich_text(signature)}[/]", soft_wrap=False)
