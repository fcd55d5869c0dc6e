"""``summbench validate CONFIG...``: check configs (and their datasets) without running."""

from __future__ import annotations

import argparse
import sys


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``validate`` to ``commands``."""
    parser = commands.add_parser(
        "validate",
        help="check experiment configs without running them",
        description="Parse each config, resolve every summarizer, metric and column, load "
        "and validate its dataset, and read every predictions file against it: what a run "
        "would refuse is refused here, before any work. Every problem of every file is reported "
        "in one call; exits 2 when there is any.",
    )
    parser.add_argument("configs", nargs="+", help="experiment YAML files")
    parser.add_argument(
        "--no-data",
        action="store_true",
        help="skip loading the datasets (and the predictions files, checked against them)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check each config as a run would, print its problems or "ok"; exit status 2 if any has."""
    from ..console import terminal_text
    from ..experiment.preflight import check_file
    from .report import print_problems

    failed = 0
    for path in args.configs:
        # The run's own pre-flight check: what it refuses, a run refuses, in the same words.
        checked = check_file(path, data=not args.no_data)
        if checked.problems:
            failed += 1
            print_problems(checked.problems, where=path, notes=checked.notes)
        else:
            print(terminal_text(f"{path}: ok ({checked.summary()})"))
    if failed and len(args.configs) > 1:
        print(f"{failed} of {len(args.configs)} configs have problems.", file=sys.stderr)
    return 2 if failed else 0
