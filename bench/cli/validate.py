"""``summbench validate CONFIG...``: check configs (and their datasets) without running."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
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
    import sys

    from ..console import terminal_text
    from ..secrets import redact

    failed = 0
    for path in args.configs:
        problems, summary = check(path, data=not args.no_data)
        if problems:
            failed += 1
            for problem in problems:
                print(f"summbench: error: {terminal_text(redact(str(problem)))}", file=sys.stderr)
        else:
            print(terminal_text(f"{path}: ok ({summary})"))
    if failed and len(args.configs) > 1:
        print(f"{failed} of {len(args.configs)} configs have problems.", file=sys.stderr)
    return 2 if failed else 0


def check(path: str, *, data: bool) -> tuple[list, str]:
    """(every problem a run of this config would meet before its work, a one-line summary)."""
    from ..data.loading import load_examples
    from ..errors import SummbenchError
    from ..experiment import load_config, ownership
    from ..experiment.plan import build_plan, metrics_for, plugin_problems

    try:
        config = load_config(path)
    except SummbenchError as err:
        return [err], ""
    problems: list[SummbenchError] = plugin_problems(config, file=path)
    try:
        ownership.check_folder(config.output_dir)
    except SummbenchError as err:
        problems.append(err)
    plan = None
    if not problems:
        try:
            plan = build_plan(config, file=path)
        except SummbenchError as err:
            problems.append(err)
    summary = f"{len(config.summarizers)} systems, {len(config.metrics)} metrics"
    if not data:
        return problems, summary
    try:
        dataset = load_examples(config.dataset)
    except SummbenchError as err:
        return [*problems, err], summary
    summary += f", {len(dataset)} examples ({dataset.signature()})"
    if plan is not None:
        fitted = metrics_for(config, dataset)
        try:
            plan = build_plan(fitted, file=path) if fitted is not config else plan
            from ..experiment.runner import check_needs

            check_needs(plan, dataset, path)
        except SummbenchError as err:
            problems.append(err)
        for system in plan.systems:
            try:
                system.summarizer.fit(dataset)
            except SummbenchError as err:
                problems.append(err)
    return problems, summary
