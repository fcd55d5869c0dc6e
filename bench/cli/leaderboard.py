"""``summbench leaderboard FOLDER``: re-render a finished run's leaderboard."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "leaderboard",
        help="re-render the leaderboard of a results folder",
        description="Rebuild leaderboard.md/.csv/.json from run.json and scores.jsonl, and "
        "print it. Nothing is re-scored.",
        epilog="example: summbench leaderboard results/seed --format csv",
    )
    parser.add_argument("folder", type=Path, help="a results folder")
    parser.add_argument(
        "--format",
        choices=("md", "csv", "json"),
        default="md",
        help="what to print (all three files are written)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..experiment.results import read_run
    from ..leaderboard import (
        Leaderboard,
        render_csv,
        render_json,
        render_markdown,
        write_leaderboard,
    )

    run, records = read_run(args.folder)
    board = Leaderboard.from_run(run, records)
    write_leaderboard(board, args.folder)
    render = {"md": render_markdown, "csv": render_csv, "json": render_json}[args.format]
    print(render(board), end="")
    return 0
