"""``summbench plot FOLDER``: figures for a run, a meta-evaluation or a probe report."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``plot`` to ``commands``."""
    parser = commands.add_parser(
        "plot",
        help="draw the figures of a results folder (PNG and SVG)",
        description="Into FOLDER/plots: for a run, the means with intervals and a per-example "
        "scatter of two metrics; for meta-eval, the correlation heatmap; for probe, the "
        "sensitivity heatmap.",
        epilog="example: summbench plot results/seed",
    )
    parser.add_argument("folders", nargs="+", type=Path, help="results folder(s)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Draw each folder's figures into its ``plots/`` and print their paths."""
    from ..experiment.storage import ownership
    from ..plots import check_plottable, plot_folder

    for folder in args.folders:
        check_plottable(folder)  # before the lock: a wrong folder gets nothing written
        # Figures go into folders of ours only, never while a run writes them.
        with ownership.own_folder(folder):
            written = plot_folder(folder)
        for path in written:
            print(path)
    return 0
