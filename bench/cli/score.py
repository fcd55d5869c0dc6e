"""``summbench score``: score your own outputs against a dataset, without writing a config."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .run import folder_argument

if TYPE_CHECKING:  # the modules load when a command runs, not when the parser is built
    from ..data.loading import DatasetSpec
    from ..experiment.config import PluginSpec


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``score`` to ``commands``."""
    parser = commands.add_parser(
        "score",
        help="score a predictions file (JSONL/CSV of id, summary[, system])",
        description="Score summaries you already have. Each line of a JSONL file is "
        '{"id": ..., "summary": ..., "system": ...} (system optional; CSV: same header). '
        "Every system in the file becomes a leaderboard row. Results are written like a run's.",
        epilog="examples: summbench score --dataset seeds/nk-diplomat --config all "
        "--predictions outputs.jsonl --metrics rouge,checklist\n"
        "          summbench score --hyp out.txt --refs ref1.txt ref2.txt --src src.txt\n"
        "          my_model < docs.txt | summbench score --hyp - --refs refs.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dataset", help="dataset folder, data file or hub name")
    parser.add_argument("--config", dest="dataset_config", help="dataset config name")
    parser.add_argument("--split", default="test", help="dataset split (default: test)")
    parser.add_argument(
        "--predictions",
        action="append",
        type=Path,
        help="predictions file (repeat for several)",
    )
    plain = parser.add_argument_group(
        "plain-text files (instead of --dataset and --predictions)",
        "Line-aligned text files, one example per line, as sacrebleu takes them; - reads "
        "standard input.",
    )
    plain.add_argument("--hyp", nargs="+", metavar="FILE", help="summaries (one file a system)")
    plain.add_argument("--refs", nargs="+", metavar="FILE", help="references (one file each)")
    plain.add_argument("--src", metavar="FILE", help="source documents (optional)")
    parser.add_argument(
        "--metrics",
        help="comma-separated metric names (default: rouge, bertscore, textstats and "
        "checklist, on facts extracted from the references when the dataset has no checklists)",
    )
    parser.add_argument("--name", help="experiment name (default: from the first file)")
    parser.add_argument(
        "--output", type=folder_argument, help="results folder (default: results/<name>)"
    )
    parser.add_argument(
        "--like",
        type=Path,
        metavar="CONFIG_OR_RUN",
        help="score with the settings of this experiment config or results folder (metrics, "
        "seed, statistics, leaderboard), so the results can be merged with it",
    )
    parser.add_argument(
        "--trust",
        action="store_true",
        help="with --like FOLDER: accept settings that import code, run a program or send data "
        "or a key to an endpoint (refused by default: a results folder may come from anyone)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the leaderboard")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Score predictions files against a dataset, or plain-text summaries against references
    (written as a dataset first, in a temporary folder)."""
    import tempfile

    from ..errors import ConfigError

    if args.hyp or args.refs or args.src:
        if args.dataset or args.predictions or not (args.hyp and args.refs):
            raise ConfigError(
                "plain-text scoring takes --hyp and --refs (and optionally --src), without "
                "--dataset or --predictions.",
                where="command line",
                fix="summbench score --hyp out.txt --refs ref1.txt [ref2.txt ...] [--src "
                "src.txt], or summbench score --dataset DATA --predictions FILE.",
            )
        from ..data.plaintext import write_plain_inputs

        with tempfile.TemporaryDirectory(prefix="summbench-plain-") as folder:
            dataset, predictions, _ = write_plain_inputs(
                args.hyp, args.refs, args.src, Path(folder)
            )
            args.dataset, args.dataset_config, args.split = str(dataset), None, "test"
            args.predictions = [predictions]
            args.name = args.name or ("stdin" if args.hyp[0] == "-" else Path(args.hyp[0]).stem)
            args.dataset_name = "+".join(Path(r).name if r != "-" else "stdin" for r in args.refs)
            args.dataset_sources = args.src is not None
            return _score(args)
    if not (args.dataset and args.predictions):
        raise ConfigError(
            "say what to score: --dataset and --predictions, or --hyp and --refs.",
            where="command line",
            fix="see `summbench score --help`.",
        )
    return _score(args)


def _score(args: argparse.Namespace) -> int:
    """Score the predictions files against the dataset as an experiment built from the options,
    and print its leaderboard."""
    from ..experiment.config import ExperimentConfig
    from ..experiment.runner import run_experiment
    from ..leaderboard.terminal import SCREEN_RESERVE, print_leaderboard
    from .runlog import RunLog

    # Without --metrics or --like the defaults apply; the checklist reads facts extracted
    # from the references where the dataset has no checklists (the runner's rule for configs
    # without `metrics`).
    config = ExperimentConfig(
        name=args.name or args.predictions[0].stem,
        dataset=_dataset_spec(args),
        summarizers=_prediction_systems(args.predictions),
        output=str(args.output) if args.output else None,
        **_settings(args),
    )
    with RunLog(quiet=args.quiet) as log:
        board = run_experiment(config, config_file="command line", log=log)
    print_leaderboard(board, folder=config.output_dir, reserve=SCREEN_RESERVE + log.lines)
    return 0


def _dataset_spec(args: argparse.Namespace) -> DatasetSpec:
    """The dataset the options name (plain-text inputs add its name and whether it has
    sources)."""
    from ..data.loading import DatasetSpec

    return DatasetSpec(
        path=args.dataset,
        config=args.dataset_config,
        split=args.split,
        name=getattr(args, "dataset_name", None),
        sources=getattr(args, "dataset_sources", True),
    )


def _prediction_systems(paths: list[Path]) -> list[PluginSpec]:
    """A `predictions` summarizer entry for every system of every predictions file."""
    from ..experiment.config import PluginSpec
    from ..summarizers.predictions import systems_in

    summarizers = []
    for path in paths:
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
    return summarizers


def _settings(args: argparse.Namespace) -> dict:
    """The config's keys that --like and --metrics set: those of the experiment --like names,
    then --metrics over its metrics."""
    from ..errors import ConfigError
    from ..experiment.config import PluginSpec

    settings: dict = {}
    if args.like is not None:
        # What --trust lets happen is said even with --quiet.
        like = _settings_of(args.like, trust=args.trust, log=_warn)
        settings = {
            "metrics": like.metrics,
            "seed": like.seed,
            "primary": like.primary,
            "leaderboard": like.leaderboard,
            "executor": like.executor,
        }
    if args.metrics is not None:
        metric_names = [m.strip() for m in args.metrics.split(",") if m.strip()]
        if not metric_names:
            raise ConfigError(
                "no metric name in --metrics.",
                where="--metrics",
                fix="name at least one, e.g. --metrics rouge,checklist (`summbench list` shows "
                "them), or leave the option out for the defaults.",
            )
        settings["metrics"] = [PluginSpec(type=m) for m in metric_names]
    return settings


def _warn(message: str) -> None:
    import sys

    from ..secrets import redact

    print(f"summbench: warning: {redact(message)}", file=sys.stderr, flush=True)


def _settings_of(path: Path, *, trust: bool, log):
    """The experiment config of a YAML file or of a results folder's run.json.

    A results folder may come from anyone: settings that would import code, run a program, or
    send data or a key somewhere are refused before anything is built, unless ``trust``.
    """
    from ..errors import ConfigError
    from ..experiment.config import load_config, parse_config
    from ..experiment.trust import untrusted_actions
    from ..records import RUN, read_run_record

    if path.is_dir():
        if not (path / RUN).is_file():
            raise ConfigError(
                "no run.json here: not a results folder.",
                where=str(path),
                fix="give a results folder written by `summbench run` or `score`, or a config.",
            )
        config = read_run_record(path).config
        actions = untrusted_actions(config)
        if actions and not trust:
            raise ConfigError(
                "this results folder's settings would do more than score here: "
                + "; ".join(actions)
                + ".",
                where=str(path / RUN),
                fix="if you trust whoever made the folder, add --trust (the above then happens); "
                "otherwise pick the metrics yourself with --metrics.",
            )
        for action in actions:
            log(f"--trust: {action}")
        return parse_config(config, file=str(path / RUN))
    return load_config(path)
