"""The leaderboard as a terminal table (rich), printed after a run when stdout is a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from .table import Leaderboard
from .text import rich_text


def print_leaderboard(board: Leaderboard, stream: TextIO | None = None) -> None:
    """A rich table on a terminal; the Markdown table otherwise (logs, pipes, CI)."""
    from .render import render_markdown

    stream = stream or sys.stdout
    if not stream.isatty():
        stream.write(render_markdown(board) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    title = f"{board.experiment}: {board.dataset} ({board.examples} examples)"
    table = Table(title=rich_text(title))
    table.add_column("#", justify="right")
    table.add_column("Cl.", justify="right")
    table.add_column("System")
    arrows = {True: " ↑", False: " ↓", None: ""}
    for column in board.columns:
        table.add_column(rich_text(column.label) + arrows[column.higher_is_better], justify="right")
    table.add_column("n", justify="right")

    def cells(row) -> list[str]:
        out = []
        for column in board.columns:
            interval = row.intervals[column.key]
            d = board.decimals if column.decimals is None else column.decimals
            out.append(
                "–"
                if interval is None
                else f"{interval.mean:.{d}f} [dim]±{(interval.high - interval.low) / 2:.{d}f}[/]"
            )
        return out

    for rank, row in enumerate(board.systems, 1):
        table.add_row(
            str(rank),
            str(row.cluster),
            rich_text(row.system),
            *cells(row),
            f"{row.n}" + (f" [red]({row.failed} failed)[/]" if row.failed else ""),
        )
    if board.reference_rows:
        table.add_section()
        for row in board.reference_rows:
            name = rich_text(f"{row.system} ({row.kind})")
            table.add_row("", "", f"[italic]{name}[/]", *cells(row), str(row.n))
    console = Console(file=stream)
    console.print(table)
    for i, note in enumerate(board.significance_notes()):
        console.print(f"[yellow]{rich_text(note)}[/]" if i else rich_text(note))
