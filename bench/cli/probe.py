"""``summbench probe CONFIG``: which metric notices which kind of error."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..console import say
from .run import folder_argument


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``probe`` to ``commands``."""
    parser = commands.add_parser(
        "probe",
        help="score controlled corruptions of the references with every metric",
        description="Corrupt each reference of the config's dataset (swap an entity, change a "
        "number or date, negate a clause, drop a sentence, insert an unrelated one, shuffle "
        "words), score originals and corruptions with the config's metrics, and report how "
        "often each metric scores the corruption worse. Real spun copies in the dataset are "
        "reported beside them.",
        epilog="example: summbench probe configs/seed.yaml",
    )
    parser.add_argument("config", help="experiment YAML (its dataset, metrics and seed are used)")
    parser.add_argument(
        "--output", type=folder_argument, help="folder (default: results/probe/<name>)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Score the config's corrupted references, write the report and its figures, and print it."""

    from ..experiment import load_config
    from ..experiment.storage import ownership
    from ..sensitivity.report import REPORT_FILES, render_markdown, write_report
    from ..sensitivity.runner import run_probe

    config = load_config(args.config)
    if args.output is None:
        ownership.check_name(config.name, where=f"{args.config}: name")
    output = args.output or Path("results") / "probe" / config.name
    inputs = [args.config, *ownership.config_inputs(config.model_dump(mode="json"))]
    # Checked, locked and marked like a run's folder, before any scoring.
    with ownership.own_folder(output, inputs, REPORT_FILES):
        report = run_probe(
            config, file=args.config, log=say
        )
        write_report(report, output)
        from ..plots import plot_folder

        plot_folder(output)
    print(render_markdown(report))
    say(f"wrote {output}/")
    return 0
