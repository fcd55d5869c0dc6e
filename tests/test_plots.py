"""Figures: written as PNG and SVG for runs, meta-evaluations and probe reports."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from bench.cli import main
from bench.errors import SummbenchError
from bench.plots import plot_folder

from .builders import ROOT


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("results/seed", {"means", "scatter_rouge1_f_vs_fact_recall"}),
        ("results/meta-eval/PyrXSum", {"correlations"}),
        ("results/probe/seed", {"sensitivity"}),
        ("results/meta-eval/factcc", {"consistency"}),  # a consistency report (was a KeyError)
    ],
)
def test_figures_for_every_kind_of_folder(tmp_path, folder, expected):
    copy = tmp_path / "f"
    shutil.copytree(ROOT / folder, copy, ignore=shutil.ignore_patterns("plots"))
    written = plot_folder(copy)
    assert {p.stem for p in written} == expected
    for path in written:
        data = path.read_bytes()
        if path.suffix == ".png":
            assert data.startswith(b"\x89PNG") and len(data) > 5000
        else:
            root = ET.fromstring(data)
            assert root.tag.endswith("svg") and b"<dc:date>" not in data


def test_svg_is_reproducible(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(
            ROOT / "results/probe/seed", tmp_path / name, ignore=shutil.ignore_patterns("plots")
        )
        plot_folder(tmp_path / name)
    first = (tmp_path / "a/plots/sensitivity.svg").read_bytes()
    assert first == (tmp_path / "b/plots/sensitivity.svg").read_bytes()


def test_nothing_to_plot(tmp_path, capsys):
    with pytest.raises(SummbenchError, match="nothing to plot"):
        plot_folder(tmp_path)
    assert main(["plot", str(tmp_path)]) == 2


@pytest.mark.parametrize("systems", [1, 2, 6])
def test_the_means_title_stays_clear_of_the_panel_titles(systems):
    """The figure's title above the panels' titles at every height: with one or two systems
    the figure is short, and fixed margins drew the title over the panel titles."""
    from dataclasses import replace

    from bench.leaderboard import Leaderboard
    from bench.plots import means_figure
    from bench.records import read_run

    board = Leaderboard.from_run(*read_run(ROOT / "results" / "seed"))
    rows = [*board.systems, *board.reference_rows][:systems]
    board = replace(
        board,
        systems=[r for r in rows if r.kind == "system"],
        reference_rows=[r for r in rows if r.kind != "system"],
    )
    figure = means_figure(board)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    title = figure._suptitle.get_window_extent(renderer)
    panels = [ax.title.get_window_extent(renderer) for ax in figure.axes]
    assert len(panels) == 6 and all(p.height > 0 for p in panels)
    for panel in panels:
        assert title.y0 >= panel.y1, (title, panel)  # above it, not overlapping
    assert len(figure.axes[0].get_yticklabels()) == systems
    import matplotlib.pyplot as plt

    plt.close(figure)
