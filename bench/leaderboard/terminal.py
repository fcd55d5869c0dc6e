"""The leaderboard on a terminal (rich), printed by ``run``, ``score`` and ``leaderboard`` when
stdout is a terminal. Logs and pipes get the Markdown table itself.

It fits the screen, 80x24 included: the title, the header, every row, and one line saying where
the full table, the notes and the signatures are (``leaderboard.md``). To get there:

- Cells hold the mean alone. The interval of every mean is in leaderboard.md, .html and .csv;
  on the terminal the question an interval answers ("is this difference real?") is answered
  for the ranking by the cluster and "p vs best" columns, and ``±0.150`` beside every number
  would cost seven characters a column: at 80 columns, two metric columns instead of five
  (six from 83 columns, all seven from 90).
  Where every column fits with them (from 122 columns for the seed run), the ± half-widths
  of the intervals are shown.
- Columns: the ranking column first, then the others in table order while they fit. Headers
  wrap onto a second line ("Fact" / "recall ↑") before a column is left out; the "n" column
  (the examples scored, in the title) is shown only as "Failed" when a system failed some.
- Below the table only what fits the screen's height: the notes in full on a tall terminal,
  else a one-line "A tie: ..." when the order is one, else nothing. Never the signatures.
"""

from __future__ import annotations

import io
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..records import Column, leaderboard_file
from ..wording import counted
from .cells import MARKS, SHORT_NOTES, column_arrow, column_decimals, p_text, table_rows
from .table import Leaderboard, Row
from .text import rich_text

_MARKS = {kind: f" {mark}" for kind, mark in MARKS.items()}  # after the name, spaced
#: Widest a name column grows before names wrap.
_NAME_WIDTH = 24
#: Lines a command needs beside the leaderboard: the command line typed and the prompt after.
SCREEN_RESERVE = 2


@dataclass(frozen=True)
class Layout:
    """Which metric columns a terminal shows, and how."""

    shown: list[Column]
    left: list[Column]  # left out at this width (every column is in leaderboard.md)
    spread: bool  # cells carry the ± half-width of the interval
    wrapped: bool  # headers wrap at spaces to keep columns narrow


def _cell(board: Leaderboard, row: Row, column: Column, spread: bool) -> str:
    interval = row.intervals[column.key]
    if interval is None:
        return "–"
    d = column_decimals(board, column)
    mean = f"{interval.value:.{d}f}"
    return f"{mean} [dim]±{(interval.high - interval.low) / 2:.{d}f}[/]" if spread else mean


def _failures(board: Leaderboard) -> bool:
    return any(r.failed for r in table_rows(board))


def _visible(markup: str) -> int:
    from rich.text import Text

    return Text.from_markup(markup).cell_len


def _header_width(label: str, wrapped: bool, cells: int) -> int:
    """Width of a column for its header: the whole label on one line, or (``wrapped``) the
    narrowest width, at least the cells' own, at which the label wraps onto two lines."""
    if not wrapped:
        return len(label)
    width = max(cells, *(len(word) for word in label.split()))
    while len(textwrap.wrap(label, width, break_long_words=False)) > 2:
        width += 1
    return width


def _label(column: Column) -> str:
    return column.label + column_arrow(column)


def _table(board: Leaderboard, shown: list[Column], spread: bool, wrapped: bool) -> Any:
    """The rich table: every row, the metric columns ``shown``, widths fixed so that its width
    is known before it is printed."""
    from rich import box
    from rich.table import Table

    title = f"{board.experiment}: {board.dataset} ({board.examples_text})"
    table = Table(
        title=rich_text(title),
        box=box.HORIZONTALS,
        show_edge=False,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    rows = table_rows(board)
    names = max(_visible(rich_text(r.system)) + len(_MARKS.get(r.kind, "")) for r in rows)
    p_values = [p_text(r.p_best) for r in board.systems]
    failures = _failures(board)

    def add(header: str, cells: list[str], **options: Any) -> None:
        widest = max(_visible(c) for c in cells) if cells else 1
        width = max(widest, _header_width(header, wrapped, widest))
        table.add_column(rich_text(header), width=width, **options)

    ranks = [str(i) for i in range(1, len(board.systems) + 1)]
    add("#", ranks, justify="right")
    add("Cl.", [str(r.cluster) for r in board.systems], justify="right")
    table.add_column("System", overflow="fold", width=min(max(names, 6), _NAME_WIDTH))
    cells = {c.key: [_cell(board, r, c, spread) for r in rows] for c in shown}
    for column in shown:
        add(_label(column), cells[column.key], justify="right")
    add("p vs best", p_values, justify="right")
    if failures:
        add("Failed", [str(r.failed) for r in rows], justify="right")
    for i, row in enumerate(board.systems):
        table.add_row(
            ranks[i],
            str(row.cluster),
            rich_text(row.system),
            *[cells[c.key][i] for c in shown],
            p_values[i],
            *([f"[red]{row.failed}[/]" if row.failed else "0"] if failures else []),
        )
    # Apart from the ranking: systems that failed too often to rank, then the reference rows.
    offset = len(board.systems)
    for apart in (board.unranked, board.reference_rows):
        if apart:
            table.add_section()
        for i, row in enumerate(apart, offset):
            table.add_row(
                "–",
                "–",
                f"[italic]{rich_text(row.system)}{_MARKS.get(row.kind, '')}[/]",
                *[cells[c.key][i] for c in shown],
                "–",
                *([str(row.failed)] if failures else []),
            )
        offset += len(apart)
    return table


def _width(table: Any) -> int:
    from rich.console import Console
    from rich.measure import Measurement

    console = Console(file=io.StringIO(), width=10_000)
    return Measurement.get(console, console.options, table).maximum


def fit_columns(board: Leaderboard, width: int) -> Layout:
    """The layout for a terminal ``width`` characters wide: the one that shows the most metric
    columns (the ranking column always), preferring ± half-widths, then one-line headers."""
    ordered = [board.primary, *[c for c in board.columns if c.key != board.primary.key]]
    best: Layout | None = None
    for spread, wrapped in ((True, False), (True, True), (False, False), (False, True)):
        shown = [ordered[0]]
        for column in ordered[1:]:
            if _width(_table(board, [*shown, column], spread, wrapped)) > width:
                break
            shown.append(column)
        if best is None or len(shown) > len(best.shown):
            best = Layout(shown, ordered[len(shown) :], spread, wrapped)
    assert best is not None
    return best


def _where(board: Leaderboard, layout: Layout, folder: Path | None, width: int) -> str:
    """The one line that says where everything not on the screen is: the first wording that
    fits the width (a long folder name may still wrap)."""
    if folder is None:  # a merged table that was not written anywhere
        return "Full table, notes and signatures: --format md prints them."
    path = rich_text(str(folder / leaderboard_file("md")))
    left = layout.left
    wordings = [f"Full table in {path}"]
    if left:
        wordings.insert(
            0, f"Full table ({counted(len(left), 'more column')}), notes and signatures in {path}"
        )
        names = ", ".join(rich_text(c.label) for c in left)
        wordings.insert(0, f"Not shown: {names}. Full table, notes and signatures in {path}")
    else:
        wordings.insert(0, f"Full table with intervals, notes and signatures in {path}")
    return next((w for w in wordings if _visible(w) <= width), wordings[-1])


def _notes(board: Leaderboard) -> list[str]:
    """The notes of the Markdown table, short: significance, reference rows, failures."""
    notes = [
        f"[yellow]{rich_text(note)}[/]" if i else rich_text(note)
        for i, note in enumerate(board.significance_notes())
    ]
    kinds = sorted({r.kind for r in board.reference_rows})
    notes += [SHORT_NOTES[k] for k in kinds if k in SHORT_NOTES]
    notes += [f"[red]{rich_text(note)}[/]" for note in board.failure_notes()]
    notes += [rich_text(note) for note in board.run_notes]
    return notes


def _height(renderables: list[Any], width: int) -> int:
    """Lines ``renderables`` take on a terminal ``width`` wide."""
    from rich.console import Console

    scratch = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    for renderable in renderables:
        scratch.print(renderable)
    return scratch.file.getvalue().count("\n")


def print_leaderboard(
    board: Leaderboard,
    stream: TextIO | None = None,
    *,
    folder: Path | None = None,
    width: int | None = None,
    height: int | None = None,
    reserve: int = SCREEN_RESERVE,
) -> None:
    """A rich table fitted to the terminal; the Markdown table when ``stream`` is not a
    terminal (logs, pipes, CI). ``folder`` is named where the full table is; ``reserve`` is
    how many lines of the screen the caller has used or needs (its log lines, the command line
    and the prompt): what is printed fits in the rest where it can."""
    from ..console import terminal_text
    from .render import render_markdown

    stream = stream or sys.stdout
    if not stream.isatty():
        # leaderboard.md byte for byte, but printed: control characters and bidi overrides
        # in names shown, not applied (the same bytes when a name holds none).
        stream.write(terminal_text(render_markdown(board)))
        return
    from rich.console import Console

    console = Console(file=stream, width=width, height=height, highlight=False)
    layout = fit_columns(board, console.width)
    table = _table(board, layout.shown, layout.spread, layout.wrapped)
    where = _where(board, layout, folder, console.width)
    # Printed as one line that the terminal wraps: a path broken by a line feed could not be
    # copied or clicked.
    where_lines = -(-_visible(where) // console.width)
    room = console.height - reserve - _height([table], console.width) - where_lines
    notes = _notes(board)
    tie = board.tie_note()
    if notes and _height(notes, console.width) <= room:
        below = notes
    elif tie and _height([tie], console.width) <= room:
        below = [f"[yellow]{rich_text(tie)}[/]"]
    else:
        below = []
    console.print(table)
    for line in below:
        console.print(line)
    console.print(where, soft_wrap=True)
