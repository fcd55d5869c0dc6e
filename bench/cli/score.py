"""``summbench score``: score your own outputs against a dataset, without writing a config."""

from __future__ import annotations

import argparse
from pathlib import Path

from .run import folder_argument


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "score",
        help="score a predictions file (JSONL/CSV of id, summary[, system])",
        description="Score summaries you already have. Each line of a JSONL file is "
        '{"id": ..., "summary": ..., "system": ...} (system optional; CSV: same header). '
        "Every system in the file becomes a leaderboard row. Results are written like a run's.",
        epilog="example: summbench score --dataset seeds/nk-diplomat --config all "
        "--predictions outputs.jsonl --metrics rouge,checklist",
    )
    parser.add_argument("--dataset", required=True, help="dataset folder, data file or hub name")
    parser.add_argument("--config", dest="dataset_config", help="dataset config name")
    parser.add_argument("--split", default="test", help="dataset split (default: test)")
    parser.add_argument(
        "--predictions",
        required=True,
        action="append",
        type=Path,
        help="predictions file (repeat for several)",
    )
    parser.add_argument(
        "--metrics",
        help="comma-separated metric names (default: rouge, "
        "bertscore, textstats, and checklist when the dataset has checklists)",
    )
    parser.add_argument("--name", help="experiment name (default: from the first file)")
    parser.add_argument(
        "--output", type=folder_argument, help="results folder (default: results/<name>)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the leaderboard")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..data.loading import DatasetSpec, load_examples
    from ..errors import ConfigError
    from ..experiment.config import ExperimentConfig, PluginSpec
    from ..experiment.runner import run_experiment
    from ..leaderboard.terminal import print_leaderboard
    from ..summarizers.predictions import systems_in
    from .run import _log, _silent

    dataset_spec = DatasetSpec(path=args.dataset, config=args.dataset_config, split=args.split)
    summarizers = []
    for path in args.predictions:
        # Every system in the file is a row; rows without a system field are one more row,
        # named after the file, and take only their own rows ("" selects them).
        for system in systems_in(path):
            summarizers.append(
                PluginSpec(
                    type="predictions",
                    name=system or path.stem,
                    args={"path": str(path), "system": system},
                )
            )
    if args.metrics is not None:
        metric_names = [m.strip() for m in args.metrics.split(",") if m.strip()]
        if not metric_names:
            raise ConfigError(
                "no metric name in --metrics.",
                where="--metrics",
                fix="name at least one, e.g. --metrics rouge,checklist (`summbench list` shows "
                "them), or leave the option out for the defaults.",
            )
    else:
        dataset = load_examples(dataset_spec)
        has_checklist = all(e.checklist for e in dataset)
        metric_names = [
            "rouge",
            "bertscore",
            *(["checklist"] if has_checklist else []),
            "textstats",
        ]
    name = args.name or args.predictions[0].stem
    config = ExperimentConfig(
        name=name,
        dataset=dataset_spec,
        summarizers=summarizers,
        metrics=[PluginSpec(type=m) for m in metric_names],
        output=str(args.output) if args.output else None,
    )
    board = run_experiment(config, config_file="command line", log=_silent if args.quiet else _log)
    print_leaderboard(board)
    return 0
