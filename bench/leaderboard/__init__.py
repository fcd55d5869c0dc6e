"""Leaderboards: the table computed from item scores, and its renderings."""

from .latex import render_latex
from .render import (
    render_csv,
    render_format,
    render_json,
    render_markdown,
    write_leaderboard,
)
from .table import Leaderboard, Row

__all__ = [
    "Leaderboard",
    "Row",
    "render_csv",
    "render_format",
    "render_json",
    "render_latex",
    "render_markdown",
    "write_leaderboard",
]
