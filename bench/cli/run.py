"""``summbench run CONFIG``: run an experiment and print its leaderboard."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
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
    from ..experiment import load_config, run_experiment
    from ..leaderboard.terminal import print_leaderboard

    config = load_config(args.config, overrides={"seed": args.seed})
    if args.no_cache:
        config = config.model_copy(
            update={"cache": config.cache.model_copy(update={"enabled": False})}
        )
    if args.dry_run:
        from ..experiment.dryrun import dry_run

        print(dry_run(config, file=args.config, output_dir=args.output))
        return 0
    board = run_experiment(
        config,
        config_file=args.config,
        output_dir=args.output,
        log=_silent if args.quiet else _log,
    )
    print_leaderboard(board, folder=args.output or config.output_dir)
    return 0


def folder_argument(text: str) -> Path:
    """A results folder named on the command line: an empty name would mean "here"."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder name (an empty one would write here)")
    return Path(text)


def _silent(_message: str) -> None:
    pass


def _log(message: str) -> None:
    from ..console import say

    say(message)
