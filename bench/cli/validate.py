"""``summbench validate CONFIG...``: check configs (and their datasets) without running."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="check experiment configs without running them",
        description="Parse each config, resolve every summarizer, metric and column, load "
        "and validate its dataset, and read every predictions file against it: what a run "
        "would refuse is refused here, before any work. Exits non-zero on the first problem.",
    )
    parser.add_argument("configs", nargs="+", help="experiment YAML files")
    parser.add_argument(
        "--no-data",
        action="store_true",
        help="skip loading the datasets (and the predictions files, checked against them)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..data.loading import load_examples
    from ..experiment import load_config
    from ..experiment.plan import build_plan

    for path in args.configs:
        config = load_config(path)
        plan = build_plan(config, file=path)
        summary = f"{len(plan.systems)} systems, {len(plan.metrics)} metrics"
        if not args.no_data:
            dataset = load_examples(config.dataset)
            for system in plan.systems:
                system.summarizer.fit(dataset)
            summary += f", {len(dataset)} examples ({dataset.signature()})"
        print(f"{path}: ok ({summary})")
    return 0
