"""``summbench meta-eval``: how well each metric agrees with human pyramid judgments."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..console import say
from .run import folder_argument


def _matchers(named: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """The matchers of a comma-separated ``--matchers`` value, or the report's default."""
    if named is None:
        return default
    return tuple(m.strip() for m in named.split(",") if m.strip())


def _matchers_help() -> str:
    """--matchers' help, naming the registry's defaults (facts/registry.py; the cross-dataset
    report's, TransferSettings.matchers, is built from the same two names)."""
    from ..facts.registry import DEFAULT_CHECKER, DEFAULT_MATCHER, META_EVAL_MATCHERS

    return (
        f"comma-separated fact matchers (default: {','.join(META_EVAL_MATCHERS)}; for a "
        f"consistency file: the faithfulness checkers, default {DEFAULT_CHECKER}; across "
        f"datasets: default {DEFAULT_MATCHER},{DEFAULT_CHECKER})"
    )


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``meta-eval`` to ``commands``."""
    parser = commands.add_parser(
        "meta-eval",
        help="correlate metrics and fact matchers with human pyramid labels",
        description="For a dataset with human SCU labels (a REALSumm/PyrXSum folder, or any "
        "dataset with checklists plus --annotations JSONL), report system- and summary-level "
        "Pearson/Spearman/Kendall with bootstrap intervals for ROUGE, BERTScore and each fact "
        "matcher, and unit-level agreement of the matchers' verdicts. For a SummaC-format JSON "
        "file of human consistency labels (id -> {document, claim, label}), report ROC AUC and "
        "balanced accuracy of the faithfulness metric and of ROUGE-2/BERTScore against the "
        "source. With --dataset given twice or more (pyramid folders and consistency files), "
        "report whether one threshold transfers: per matcher and dataset, balanced accuracy "
        "of its own verdicts, of the best threshold there and of the threshold fitted on the "
        "other datasets (leave one dataset out), beside the summary-level floors.",
        epilog="examples: summbench meta-eval --dataset ../shared/data/PyrXSum; "
        "summbench meta-eval --dataset ../shared/data/SummaC/xsumfaith.json "
        "--threshold-from ../shared/data/SummaC/factcc.json; "
        "summbench meta-eval --dataset ../shared/data/PyrXSum "
        "--dataset ../shared/data/SummaC/xsumfaith.json "
        "--dataset ../shared/data/SummaC/factcc.json",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        required=True,
        help="pyramid folder or dataset path; repeat it for the cross-dataset threshold report",
    )
    parser.add_argument("--config", dest="dataset_config", help="dataset config name")
    parser.add_argument("--split", default="test")
    parser.add_argument(
        "--annotations",
        type=Path,
        help='JSONL of {"id", "system", "summary", "labels"} (not needed for a pyramid folder)',
    )
    parser.add_argument(
        "--matchers",
        default=None,
        help=_matchers_help(),
    )
    parser.add_argument(
        "--threshold-from",
        type=Path,
        help="consistency files only: fit each scorer's threshold on this other labelled file "
        "and report its balanced accuracy here",
    )
    parser.add_argument("--no-overlap", action="store_true", help="skip ROUGE and BERTScore")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--resample", choices=("systems", "documents", "both"), default="both")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--output",
        type=folder_argument,
        help="folder for meta_eval.md/.csv/.json (default: results/meta-eval/<dataset>); "
        "across datasets, for transfer.md/.csv/.json (default: results/meta-eval/transfer)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Meta-evaluate one dataset (a pyramid folder, or a consistency file), or with several
    datasets write the cross-dataset threshold report."""

    from ..metaeval.consistency_pairs import is_consistency_file

    if len(args.dataset) > 1:
        return _transfer(args)
    args.dataset = args.dataset[0]
    if is_consistency_file(Path(args.dataset)):
        return _consistency(args)

    from ..data.loading import DatasetSpec, load_examples
    from ..data.pyramid import is_pyramid_folder, jsonl_judgments, pyramid_judgments
    from ..errors import ConfigError
    from ..experiment.storage import ownership
    from ..metaeval.report import REPORT_FILES, render_markdown, write_report
    from ..metaeval.runner import MetaEvalSettings, meta_evaluate

    output = args.output or _default_output(args.dataset)
    ownership.check_folder(output)  # before loading: a refused folder costs nothing
    dataset = load_examples(
        DatasetSpec(path=args.dataset, config=args.dataset_config, split=args.split)
    )
    if args.annotations is not None:
        judgments = jsonl_judgments(args.annotations, dataset)
    elif is_pyramid_folder(Path(args.dataset)):
        judgments = pyramid_judgments(Path(args.dataset), dataset)
    else:
        raise ConfigError(
            "no human labels.",
            where="--annotations",
            fix="give --annotations FILE.jsonl, or a pyramid folder as --dataset.",
        )
    settings = MetaEvalSettings(
        matchers=_matchers(args.matchers, MetaEvalSettings.matchers),
        overlap_metrics=not args.no_overlap,
        folds=args.folds,
        resamples=args.resamples,
        resample=args.resample,
        seed=args.seed,
    )
    inputs = [p for p in (args.annotations,) if p is not None]
    with ownership.own_folder(output, inputs, REPORT_FILES):
        report = meta_evaluate(dataset, judgments, settings, log=say)
        write_report(report, output)
        from ..plots import plot_folder

        plot_folder(output)
    print(render_markdown(report))
    say(f"wrote {output}/")
    return 0


def _default_output(dataset: str, *, stem: bool = False) -> Path:
    """results/meta-eval/<the dataset's folder or file name (``stem``: without its suffix)>:
    a plain name, also for ``X/labels/..`` (X) or a hub name ``org/set`` (set)."""
    import os

    from ..experiment.storage.ownership import check_name

    path = Path(os.path.abspath(dataset))  # normalised (no ..), links not followed
    name = path.stem if stem else path.name
    check_name(name, where="--dataset")
    return Path("results") / "meta-eval" / name


def _consistency(args: argparse.Namespace) -> int:

    from ..experiment.storage import ownership
    from ..metaeval.consistency import ConsistencySettings, consistency_meta_eval
    from ..metaeval.consistency_pairs import load_pairs
    from ..metaeval.consistency_report import render_markdown, write_consistency_report
    from ..metaeval.report import REPORT_FILES

    path = Path(args.dataset)
    output = args.output or _default_output(args.dataset, stem=True)
    settings = ConsistencySettings(
        checkers=_matchers(args.matchers, ConsistencySettings.checkers),
        overlap_metrics=not args.no_overlap,
        folds=args.folds,
        resamples=args.resamples,
        seed=args.seed,
    )
    ownership.check_folder(output)  # before loading: a refused folder costs nothing
    transfer = None
    if args.threshold_from is not None:
        transfer = (args.threshold_from.stem, load_pairs(args.threshold_from))
    pairs = load_pairs(path)
    inputs = [p for p in (path, args.threshold_from) if p is not None]
    with ownership.own_folder(output, inputs, REPORT_FILES):
        report = consistency_meta_eval(
            path.stem,
            pairs,
            settings,
            log=say,
            transfer=transfer,
        )
        write_consistency_report(report, output)
    print(render_markdown(report))
    say(f"wrote {output}/")
    return 0


def _transfer(args: argparse.Namespace) -> int:
    """Several --dataset: does one threshold transfer between them?"""
    from ..errors import ConfigError
    from ..experiment.storage import ownership
    from ..metaeval.across import check_matchers, load_datasets, transfer_meta_eval
    from ..metaeval.transfer import TransferSettings
    from ..metaeval.transfer_report import (
        TRANSFER_FILES,
        render_markdown,
        write_transfer_report,
    )

    for flag, value in (
        ("--annotations", args.annotations),
        ("--threshold-from", args.threshold_from),
        ("--config", args.dataset_config),
    ):
        if value is not None:
            raise ConfigError(
                "it belongs to one dataset, and several --dataset were given.",
                where=flag,
                fix="leave it out: across datasets, the leave-one-out threshold of each is "
                "fitted on the others (pyramid folders and consistency files only).",
            )
    matchers = _matchers(args.matchers, TransferSettings.matchers)
    check_matchers(matchers, where="--matchers")  # before anything is loaded
    settings = TransferSettings(
        matchers=matchers,
        overlap_metrics=not args.no_overlap,
        folds=args.folds,
        resamples=args.resamples,
        resample=args.resample,
        seed=args.seed,
    )
    output = args.output or Path("results") / "meta-eval" / "transfer"
    ownership.check_folder(output)  # before loading: a refused folder costs nothing
    paths = [Path(p) for p in args.dataset]
    datasets = load_datasets(paths, where="--dataset")
    with ownership.own_folder(output, paths, TRANSFER_FILES):
        report = transfer_meta_eval(datasets, settings, log=say)
        write_transfer_report(report, output)
    print(render_markdown(report))
    say(f"wrote {output}/")
    return 0
