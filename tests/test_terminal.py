"""The terminal table fits the terminal: names readable, what is left out said, the notes,
footnotes and signatures of the Markdown table below it."""

from __future__ import annotations

import io
import re

import pytest

from bench.leaderboard import Leaderboard
from bench.leaderboard.terminal import fit_columns, print_leaderboard
from bench.results import read_run

from .conftest import ROOT


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def board():
    return Leaderboard.from_run(*read_run(ROOT / "results" / "seed"))


def _printed(board, width):
    out = _Terminal()
    print_leaderboard(board, out, width=width)
    return re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_the_table_fits_and_says_what_it_left_out(board, width):
    text = _printed(board, width)
    assert max(len(line) for line in text.splitlines()) <= width
    shown, left = fit_columns(board, width)
    assert shown[0] == board.primary and len(shown) + len(left) == len(board.columns)
    for row in [*board.systems, *board.reference_rows]:
        assert row.system in text  # whole names, never cut to "lead…"
    flowing = re.sub(r"\s+", " ", text)
    if left:
        assert "Not shown at this width: " + ", ".join(c.label for c in left) in flowing
    assert "p vs best" in text and "Read the order as a tie" in flowing
    assert "‡ human" in text and "stats|ci:percentile" in text.replace("\n", "")


def test_wider_terminals_show_more_columns(board):
    assert len(fit_columns(board, 200)[0]) > len(fit_columns(board, 80)[0]) >= 2


def test_pipes_get_the_markdown_table(board):
    out = io.StringIO()
    print_leaderboard(board, out)
    assert out.getvalue().startswith("## seed:")
