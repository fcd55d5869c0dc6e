"""The terminal after a run fits 80x24: the title, the header, every row and one line saying
where the full table is, with the run's log kept to its last line and its warnings. Checked on
rich's output at several sizes and on what a real pseudo-terminal shows after
`summbench run configs/seed.yaml`."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bench.cli.runlog import RunLog
from bench.leaderboard import Leaderboard, render_markdown
from bench.leaderboard.terminal import SCREEN_RESERVE, fit_columns, print_leaderboard
from bench.progress import WARNING
from bench.records import read_run

from ..builders import ROOT, screen


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def board():
    return Leaderboard.from_run(*read_run(ROOT / "results" / "seed"))


def board_title(board) -> str:
    return f"{board.experiment}: {board.dataset} ({board.examples} examples)"


def _printed(board, width, height, **options) -> list[str]:
    out = _Terminal()
    print_leaderboard(board, out, width=width, height=height, **options)
    return screen(out.getvalue(), width)


def _header_words(layout) -> list[str]:
    return [word for c in layout.shown for word in c.label.split()]


@pytest.mark.parametrize(("width", "height"), [(80, 24), (60, 24), (120, 30), (200, 50)])
def test_title_header_rows_and_where_line_fit_the_screen(board, width, height):
    lines = _printed(board, width, height, folder=Path("results/seed"))
    assert len(lines) <= height - SCREEN_RESERVE
    assert max(len(line) for line in lines) <= width
    text = "\n".join(lines)
    assert lines[0].strip() == "seed: nk-diplomat/all (6 examples)"
    layout = fit_columns(board, width)
    header = "\n".join(lines[1:3])
    for word in [*_header_words(layout), "#", "Cl.", "System"]:
        assert word in header
    for row in [*board.systems, *board.reference_rows]:
        assert row.system in text  # whole names, never cut to "lead…"
    assert lines[-1].startswith(("Full table", "Not shown")), lines[-1]
    assert lines[-1].endswith("results/seed/leaderboard.md")
    assert "Signatures" not in text and "stats|ci:percentile" not in text  # never on a terminal


def test_cells_are_the_means_of_the_markdown_table(board):
    """Each number on the terminal is the mean the Markdown table shows before its interval
    (the Markdown means are checked against the reference implementations elsewhere)."""
    markdown = [line for line in render_markdown(board).splitlines() if line.startswith("| ")]
    header = [c.strip() for c in markdown[0].strip("|").split("|")]
    means = {}
    for line in markdown[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        means[cells[2].rstrip(" †‡")] = {h: c.split(" [")[0] for h, c in zip(header, cells)}
    layout = fit_columns(board, 80)
    lines = _printed(board, 80, 24)
    for row in [*board.systems, *board.reference_rows]:
        line = next(line for line in lines if f" {row.system} " in line)
        numbers = line.split(row.system, 1)[1].split()
        numbers = [n for n in numbers if n not in ("†", "‡")]
        arrows = {True: " ↑", False: " ↓", None: ""}
        expected = [means[row.system][c.label + arrows[c.higher_is_better]] for c in layout.shown]
        assert numbers[: len(expected)] == expected


def test_wider_terminals_show_more_columns(board):
    narrow, normal, wide = (fit_columns(board, w) for w in (60, 80, 200))
    assert len(narrow.shown) < len(normal.shown) <= len(wide.shown) == len(board.columns)
    assert len(normal.shown) >= 5  # of 7; the ± cells fitted two
    assert not normal.spread and wide.spread  # ± half-widths only where everything fits them
    assert normal.shown[0] == board.primary and len(normal.shown) + len(normal.left) == 7
    assert "±" in "".join(_printed(board, 200, 50)) and "±" not in "".join(_printed(board, 80, 24))


def test_the_where_line_counts_what_is_left_out(board):
    layout = fit_columns(board, 80)
    assert layout.left
    where = _printed(board, 80, 24, folder=Path("results/seed"))[-1]
    assert where == (
        f"Full table ({len(layout.left)} more columns), notes and signatures in "
        "results/seed/leaderboard.md"
    )


def test_notes_in_full_only_where_they_fit(board):
    tall = "\n".join(_printed(board, 80, 40))
    assert "Read the order as a tie" in re.sub(r"\s+", " ", tall) and "‡ human" in tall
    # After a run's log lines (reserve) the notes do not fit 80x24: one line says it is a tie.
    short = _printed(board, 80, 24, reserve=SCREEN_RESERVE + 3)
    assert "A tie: no difference can be significant with 6 examples (7 needed)." in short
    assert not any("Cluster 1" in line for line in short)
    tiny = _printed(board, 80, 14)
    assert not any(line.startswith("A tie") for line in tiny)  # the table first


def test_failures_get_a_column(board):
    failing = replace(board.systems[1], n=4, failed=2)
    with_failures = replace(board, systems=[board.systems[0], failing, *board.systems[2:]])
    lines = _printed(with_failures, 80, 24)
    assert "Failed" in lines[2]
    assert re.search(r"lexrank-3 .* 2$", next(line for line in lines if "lexrank-3" in line))
    assert "Failed" not in "\n".join(_printed(board, 80, 24))


def test_pipes_get_the_markdown_table(board):
    out = io.StringIO()
    print_leaderboard(board, out)
    assert out.getvalue() == render_markdown(board)


def test_the_run_log_on_a_terminal_keeps_warnings_and_the_last_line(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = _Terminal()
    with RunLog(out) as log:
        log("seed: 6 examples from nk-diplomat/all, 6 systems, 4 metrics -> results/seed")
        log("[1/6] lead-3: 6 summaries (0.0 s)")
        log(f"{WARNING}llm: 2 of 6 summaries failed")
        log("scored 36 items with rouge (0.1 s)")
        log("wrote results/seed/: leaderboard.{md,csv,json,tex,html} (3.0 s)")
    shown = screen(out.getvalue(), 40)
    assert shown == [
        "warning: llm: 2 of 6 summaries failed",
        "wrote results/seed/: leaderboard.{md,csv",
        ",json,tex,html} (3.0 s)",
    ]
    assert log.lines == len(shown)


def test_the_run_log_in_a_pipe_is_every_line_and_quiet_is_nothing():
    out = io.StringIO()
    with RunLog(out) as log:
        log("one")
        log(f"{WARNING}two")
    assert out.getvalue() == "one\nwarning: two\n" and log.lines == 0
    quiet = _Terminal()
    with RunLog(quiet, quiet=True) as log:
        log("one")
    assert quiet.getvalue() == ""


def _in_pty(args: list[str], columns: int, rows: int, timeout: float = 600) -> tuple[int, str]:
    """Run ``python -m bench ARGS`` with stdout and stderr on a pseudo-terminal of that size
    (COLUMNS and LINES set as a shell sets them); returns its exit code and what it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = dict(os.environ, COLUMNS=str(columns), LINES=str(rows), TERM="xterm-256color")
    process = subprocess.Popen(
        [sys.executable, "-m", "bench", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed: the process is gone
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    else:
        process.kill()
    os.close(master)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def _where(lines: list[str]) -> str:
    """The last line printed, "Full table ... in PATH": one line, which the terminal wraps
    (never broken with a line feed, so that the path can be copied)."""
    start = max(i for i, line in enumerate(lines) if line.startswith(("Full table", "Not shown")))
    return "".join(lines[start:])


def test_a_seed_run_on_an_80x24_terminal(tmp_path):
    """The real `summbench run configs/seed.yaml` on a pseudo-terminal: what is left on the
    screen, log included, fits the 22 lines between the command line and the next prompt."""
    out = tmp_path / "seed"
    code, raw = _in_pty(["run", "configs/seed.yaml", "--output", str(out)], 80, 24)
    assert code == 0, raw
    lines = screen(raw, 80)
    assert len(lines) <= 24 - SCREEN_RESERVE, "\n".join(lines)
    text = "\n".join(lines)
    board = Leaderboard.from_run(*read_run(out))
    title = lines.index(next(line for line in lines if line.strip() == board_title(board)))
    # The log: its last line, listing what was written (plots too); no progress left over.
    log = "".join(lines[:title])
    assert log.startswith(f"wrote {out}/: leaderboard.{{md,csv,json,tex,html}}, ")
    assert "plots/means.{png,svg}" in log and log.endswith(" s)")
    assert "[1/6]" not in text and "scored " not in text and "generating" not in text
    for word in ["#", "Cl.", "System", *_header_words(fit_columns(board, 80))]:
        assert word in "\n".join(lines[title + 1 : title + 3])
    for row in [*board.systems, *board.reference_rows]:
        assert re.search(rf"\b{re.escape(row.system)}\b", text)
    assert _where(lines).endswith(f"{out}/leaderboard.md")
    # The files it names are there.
    for name in ("leaderboard.md", "leaderboard.html", "plots/means.png"):
        assert (out / name).is_file()


def test_leaderboard_on_a_terminal_and_its_html_path(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(ROOT / "results" / "seed", folder)
    code, raw = _in_pty(["leaderboard", str(folder)], 80, 24)
    assert code == 0, raw
    lines = screen(raw, 80)
    assert len(lines) <= 24 - SCREEN_RESERVE
    assert _where(lines).endswith(f"{folder}/leaderboard.md")
    code, raw = _in_pty(["leaderboard", str(folder), "--format", "html"], 80, 24)
    assert code == 0 and screen(raw, 200) == [f"{folder}/leaderboard.html"]
