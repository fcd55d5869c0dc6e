"""Arbitrary Unicode names through every output format, parsed back: a name is always shown as
the text it is and never changes a table's structure, runs as a formula, or crashes a renderer.
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bench.leaderboard import Leaderboard, render_csv, render_json, render_latex, render_markdown
from bench.leaderboard.html import render_html
from bench.leaderboard.terminal import print_leaderboard
from bench.leaderboard.text import one_line
from bench.records import (
    Column,
    DatasetInfo,
    ExampleRecord,
    ItemRecord,
    MetricInfo,
    RunRecord,
    StatsSettings,
    SystemInfo,
)

names = st.lists(
    st.text(min_size=1, max_size=16).filter(lambda n: one_line(n).strip()),
    min_size=2,
    max_size=3,
    unique_by=lambda n: one_line(n).strip(),
)


def board_for(systems: list[str], experiment: str = "exp") -> tuple[Leaderboard, list]:
    items = [
        ItemRecord(
            system=name,
            example_id=f"e{j}",
            failed=False,
            n_candidates=1,
            scores={"rouge1_f": 0.9 - 0.2 * i + 0.01 * j},
        )
        for i, name in enumerate(systems)
        for j in range(4)
    ]
    run = RunRecord(
        experiment=experiment,
        config_file="c.yaml",
        config={},
        dataset=DatasetInfo(name="d", signature="data:d", examples=4),
        systems=[
            SystemInfo(name=n, type="x", kind="system", args={}, signature=f"x|name:{n}")
            for n in systems
        ],
        metrics=[MetricInfo(name="rouge", type="rouge", args={}, signature="rouge")],
        columns=[Column("rouge1_f", "R-1 F", True, headline=True)],
        primary="rouge1_f",
        shown=["rouge1_f"],
        stats=StatsSettings(resamples=10, trials=10),
        seed=0,
    )
    return Leaderboard.from_run(run, items), items


def _markdown_cells(markdown: str) -> list[list[str]]:
    """The body rows of the first table, as the text a Markdown renderer shows."""
    parser = MarkdownIt("commonmark").enable("table")
    rows, row, cell, in_body = [], None, None, False
    for token in parser.parse(markdown):
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            break
        elif in_body and token.type == "tr_open":
            row = []
        elif in_body and token.type == "tr_close":
            rows.append(row)
        elif in_body and token.type == "inline":
            cell = "".join(
                child.content for child in token.children if child.type in ("text", "code_inline")
            )
            row.append(cell)
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names)
def test_markdown_csv_json_show_names_as_text(systems):
    board, _ = board_for(systems)
    ranked = [r.system for r in board.systems]
    shown = [row[2] for row in _markdown_cells(render_markdown(board))]
    assert shown == [one_line(n).strip() for n in ranked]

    rows = list(csv.reader(io.StringIO(render_csv(board), newline="")))
    assert len(rows) == len(systems) + 1
    for row, name in zip(rows[1:], ranked):
        cell = row[2]
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))  # no formula
        assert (cell[1:] if cell.startswith("'") and cell != name else cell) == name

    assert [r["system"] for r in json.loads(render_json(board))["rows"]] == ranked
    assert json.loads(render_json(board))["signatures"]["systems"] == {
        n: f"x|name:{n}" for n in systems
    }


@settings(max_examples=100, deadline=None)
@given(names, st.text(max_size=12))
def test_latex_and_terminal_keep_their_structure(systems, experiment):
    board, _ = board_for(systems, experiment or "e")
    tex = render_latex(board)
    body = tex.split(r"\midrule", 1)[1].split(r"\bottomrule", 1)[0]
    assert body.count("\\\\\n") == len(systems)  # one row per system, none split or merged
    for name in systems:
        assert "\n" not in one_line(name)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    print_leaderboard(board, out)  # rich markup in a name is shown, never interpreted
    printed = out.getvalue()
    for name in systems:
        shown = one_line(name).strip()
        if shown.isascii() and shown.isprintable():  # no wide or combining characters to cut
            assert shown in printed, (shown, printed)


def test_rich_markup_in_a_name_is_printed_as_written():
    systems = ["[bold]lead[/bold]", "[red]oracle", "[link=http://x]l[/link]"]
    board, _ = board_for(systems)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    print_leaderboard(board, out)
    for name in systems:
        assert name in out.getvalue()


class _NameCells(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "td" and ("class", "name") in attrs
        if self._in:
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


@settings(max_examples=100, deadline=None)
@given(names)
def test_the_page_shows_names_as_text(systems):
    board, items = board_for(systems)
    examples = [ExampleRecord(id=f"e{j}", source="s", references=["r"]) for j in range(4)]
    page = render_html(board, items, [], examples)
    parser = _NameCells()
    parser.feed(page)
    expected = [r.system.replace("\r\n", "\n").replace("\r", "\n") for r in board.systems]
    got = [c.replace("\r\n", "\n").replace("\r", "\n") for c in parser.cells]
    assert got == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems=names)
def test_plots_draw_any_name(tmp_path_factory, systems):
    from bench.plots import plot_means, plot_scatter

    board, items = board_for(systems, experiment="$\\undefinedcmd$ [/bold]")
    folder = tmp_path_factory.mktemp("plots")
    assert plot_means(board, folder) and plot_scatter(board, items, folder)
    assert (folder / "means.png").stat().st_size > 0


def test_the_reported_cases():
    """The names the issue reported, one by one."""
    systems = ["=HYPERLINK(1)", "a\rb", "$\\undefinedcmd$", "[/bold]", "<b>x</b>"]
    board, _ = board_for(systems)
    markdown = render_markdown(board)
    assert len(_markdown_cells(markdown)) == len(systems)
    html_page = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<b>" not in html_page  # raw HTML never reaches a Markdown reader
    assert "'=HYPERLINK(1)" in render_csv(board)
