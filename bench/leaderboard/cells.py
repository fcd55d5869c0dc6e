"""What every leaderboard format writes alike: a column's decimals and arrow, a p-value, the
rows in table order, and the marks and notes of the rows that are not systems (the human
agreement row, the extractive oracle). The Markdown, HTML, LaTeX and terminal renderers take them
from here, so a mark or a note is changed in one place."""

from __future__ import annotations

from ..records import Column
from .table import Leaderboard, Row

#: The footnote mark of each kind of reference row.
MARKS = {"oracle": "†", "human": "‡"}
#: The footnote that explains each mark, in the written tables (Markdown, HTML).
NOTES = {
    "oracle": "† oracle: source sentences chosen greedily to maximise ROUGE against the "
    "references — an upper bound for extraction, not a system.",
    "human": "‡ human: each reference scored against the other references (leave-one-out) — "
    "the agreement between people, not a system.",
}
#: The same, shorter, under the table a terminal shows.
SHORT_NOTES = {
    "oracle": "† oracle: source sentences chosen to maximise ROUGE against the references "
    "(an upper bound, not a system).",
    "human": "‡ human: each reference scored against the others (agreement between people).",
}


def column_decimals(board: Leaderboard, column: Column) -> int:
    """The decimals a column's numbers are shown with: its own, or the board's."""
    return board.decimals if column.decimals is None else column.decimals


def column_arrow(column: Column) -> str:
    """ " ↑" (higher is better), " ↓" (lower is better) or nothing, after a column's label."""
    return {True: " ↑", False: " ↓", None: ""}[column.higher_is_better]


def p_text(value: float | None) -> str:
    """A p-value as shown: three decimals, "<0.001" below that, "–" for none."""
    return "–" if value is None else ("<0.001" if value < 0.001 else f"{value:.3f}")


def table_rows(board: Leaderboard) -> list[Row]:
    """Every row in table order: ranked, unranked, then the reference rows."""
    return [*board.systems, *board.unranked, *board.reference_rows]
