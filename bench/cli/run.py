"""``summbench run CONFIG``: run an experiment and print its leaderboard."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``run`` to ``commands``."""
    parser = commands.add_parser(
        "run",
        help="run an experiment from a YAML config",
        description="Summarize the dataset with every configured system, score the summaries, "
        "and write results/<name>/ (predictions, scores, run.json, leaderboard.md/.csv/.json).",
        epilog="example: summbench run configs/seed.yaml --output /tmp/seed",
    )
    parser.add_argument("config", help="experiment YAML file")
    parser.add_argument(
        "--output", type=folder_argument, help="results folder (default from the config)"
    )
    parser.add_argument("--seed", type=int, help="override the config's seed")
    parser.add_argument("--quiet", action="store_true", help="print only the leaderboard")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would be generated and scored (and LLM requests and tokens), do nothing",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache of generations and scores",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the config, then run it (or with ``--dry-run`` say what it would do) and print the
    leaderboard."""
    from ..experiment import run_experiment
    from ..experiment.preflight import check_file
    from ..leaderboard.terminal import SCREEN_RESERVE, print_leaderboard
    from .runlog import RunLog

    # The one pre-flight check (the one `summbench validate` makes): every problem of the
    # config, its dataset and its predictions files, all printed, before any work.
    checked = check_file(
        args.config,
        overrides={"seed": args.seed},
        output_dir=args.output,
        use_cache=not args.no_cache,
    )
    checked.raise_problems()
    if args.dry_run:
        from ..experiment.preflight.dry_run import dry_run

        print(dry_run(checked, output_dir=args.output))
        return 0
    assert checked.config is not None
    with RunLog(quiet=args.quiet) as log:
        board = run_experiment(
            checked.config,
            config_file=args.config,
            output_dir=args.output,
            log=log,
            checked=checked,
        )
    print_leaderboard(
        board,
        folder=args.output or checked.config.output_dir,
        reserve=SCREEN_RESERVE + log.lines,
    )
    return 0


def count_argument(text: str) -> int:
    """A count named on the command line (processes, pairs, a batch size): 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more: {text!r}")
    return value


def folder_argument(text: str) -> Path:
    """A results folder named on the command line: an empty name would mean "here"."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder name (an empty one would write here)")
    return Path(text)
