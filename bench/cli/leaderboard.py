"""``summbench leaderboard FOLDER``: re-render a finished run's leaderboard."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "leaderboard",
        help="re-render (or merge) the leaderboards of results folders",
        description="Rebuild leaderboard.md/.csv/.json/.tex/.html from run.json and "
        "scores.jsonl, and print one of them. Nothing is re-scored. Several folders are merged "
        "into one table when they are comparable (same data version, same metric settings); "
        "the merged table is written to --output.",
        epilog="examples: summbench leaderboard results/seed --format tex --ci interval\n"
        "          summbench leaderboard results/a results/b --output results/a+b",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folders", nargs="+", type=Path, help="results folder(s)")
    parser.add_argument(
        "--format",
        choices=("md", "csv", "json", "tex", "html"),
        default="md",
        help="what to print (every format is written)",
    )
    parser.add_argument(
        "--ci",
        choices=("pm", "interval"),
        default="pm",
        help="LaTeX: intervals as ± half-width (pm) or [low, high] (interval)",
    )
    parser.add_argument(
        "--output", type=Path, help="where to write a merged table (default: nowhere, print only)"
    )
    parser.add_argument(
        "--strict-versions",
        action="store_true",
        help="refuse to merge runs whose metrics ran on other library versions (by default "
        "they merge when every setting is the same, with a note naming the versions)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from functools import partial

    from ..experiment import ownership
    from ..experiment.ownership import WRITTEN
    from ..leaderboard import (
        Leaderboard,
        render_csv,
        render_json,
        render_latex,
        render_markdown,
        write_leaderboard,
    )
    from ..leaderboard.html import render_html
    from ..leaderboard.merge import merge_runs
    from ..results import (
        EXAMPLES,
        PREDICTIONS,
        RUN,
        SCORES,
        read_examples,
        read_predictions,
        read_run,
        write_json,
        write_jsonl,
    )

    runs = [read_run(folder) for folder in args.folders]
    run, items = (
        runs[0]
        if len(runs) == 1
        else merge_runs(runs, args.folders, strict_versions=args.strict_versions)
    )
    board = Leaderboard.from_run(run, items)
    target = args.folders[0] if len(runs) == 1 else args.output
    # The page of a merged run shows every run's summaries; examples are the same data.
    predictions = [p for folder in args.folders for p in read_predictions(folder)]
    examples = read_examples(args.folders[0])
    if target is not None:
        if len(runs) > 1:  # a merged folder is a results folder of its own
            ownership.check_folder(target)
            ownership.check_inputs(target, [f / name for f in args.folders for name in WRITTEN])
            target.mkdir(parents=True, exist_ok=True)
            ownership.claim(target)
            write_json(target / RUN, run)
            write_jsonl(target / SCORES, items)
            write_jsonl(target / PREDICTIONS, predictions)
            write_jsonl(target / EXAMPLES, examples)
        write_leaderboard(
            board,
            target,
            items=items,
            predictions=predictions,
            examples=examples,
            ci=args.ci,
        )
    latex = partial(render_latex, ci=args.ci)
    page = partial(render_html, items=items, predictions=predictions, example_records=examples)
    render = {
        "md": render_markdown,
        "csv": render_csv,
        "json": render_json,
        "tex": latex,
        "html": page,
    }
    print(render[args.format](board), end="")
    return 0
