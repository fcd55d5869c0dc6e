"""``summbench leaderboard FOLDER``: re-render a finished run's leaderboard.

Every format is written into the results folder (or into ``--output``, a results folder of its
own: required for a merge; for one run, a rendering that leaves the run's own files as they
are, such as a LaTeX table with ``--ci interval``), through the ownership rules of
:mod:`bench.experiment.storage.ownership` and under the folder's lock; a folder of its own is named
on standard error. What is printed depends on the format asked for:

- none: the table, fitted to a terminal (where the full one is, said under it); the Markdown
  table in a pipe or a log, as ``run`` prints it;
- ``md``, ``csv``, ``json``: the text itself, for reading and for pipelines
  (``--format csv | cut -d, -f3``);
- ``tex``, ``html``: documents (the page is over 100 KB): the path of the file written, one line,
  so ``xdg-open "$(summbench leaderboard results/seed --format html)"`` works; ``--stdout``
  prints the document instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the modules load when a command runs, not when the parser is built
    from ..leaderboard import Leaderboard
    from ..records import ExampleRecord, ItemRecord, PredictionRecord, RunRecord

#: Formats printed by default; the others are written and their path printed.
PRINTED = ("md", "csv", "json")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``leaderboard`` to ``commands``."""
    from ..filenames import LEADERBOARD_FORMATS

    parser = commands.add_parser(
        "leaderboard",
        help="re-render (or merge) the leaderboards of results folders",
        description="Rebuild leaderboard.md/.csv/.json/.tex/.html from run.json and\n"
        "scores.jsonl and write them into the folder. Nothing is re-scored. Several folders\n"
        "are merged into one table when they are comparable (same data version, same metric\n"
        "settings); the merged table is written to --output.\n\n"
        "Printed: without --format, the table (fitted to a terminal; Markdown in a pipe);\n"
        "with --format md, csv or json, that text (for pipelines); with --format tex or\n"
        "html, the path of the file written (--stdout prints the file instead).",
        epilog="examples: summbench leaderboard results/seed\n"
        "          summbench leaderboard results/seed --format csv | cut -d, -f3,5\n"
        "          summbench leaderboard results/seed --format html       # prints its path\n"
        "          summbench leaderboard results/seed --format tex --ci interval --output "
        "results/paper\n"
        "          summbench leaderboard results/a results/b --output results/a+b",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folders", nargs="+", type=Path, help="results folder(s)")
    parser.add_argument(
        "--format",
        choices=LEADERBOARD_FORMATS,
        help="md, csv, json: print it; tex, html: print the path of the file (every format "
        "is written either way)",
    )
    parser.add_argument(
        "--stdout",
        action="store_true",
        help="print the format's text to standard output, documents (tex, html) too; "
        "without --format: the Markdown table, on a terminal too",
    )
    parser.add_argument(
        "--ci",
        choices=("pm", "interval"),
        default="pm",
        help="LaTeX: intervals as ± half-width (pm) or [low, high] (interval)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="write a results folder of its own there (run.json, scores and every format): "
        "required to keep a merged table; for one run, leaves the run's own files as they are "
        "(e.g. a --ci interval table for a paper)",
    )
    parser.add_argument(
        "--strict-versions",
        action="store_true",
        help="refuse to merge runs whose metrics ran on other library versions (by default "
        "they merge when every setting is the same, with a note naming the versions)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Re-render the leaderboard of one results folder, or merge several into one: write every
    format (see the module docstring for where) and print what ``--format`` asks for."""
    from ..leaderboard import Leaderboard, render_format
    from ..leaderboard.terminal import print_leaderboard
    from ..records import leaderboard_file, read_examples, read_predictions

    run, items, merged = _read_runs(args)
    board = Leaderboard.from_run(run, items)
    target, elsewhere = _target(args, merged)
    fmt = args.format or ("md" if args.stdout else None)
    _check_written_somewhere(target, fmt, args.stdout)
    # The page of a merged run shows every run's summaries; examples are the same data.
    predictions = [p for folder in args.folders for p in read_predictions(folder)]
    examples = read_examples(args.folders[0])
    if target is not None:
        _write(args, target, elsewhere, board, run, items, predictions, examples)
    if fmt is None:
        print_leaderboard(board, folder=target)
    elif fmt in PRINTED or args.stdout:
        text = render_format(fmt, board, items, predictions, examples, ci=args.ci)
        print(text, end="")
    else:
        print(target / leaderboard_file(fmt))
    return 0


def _read_runs(args: argparse.Namespace) -> tuple[RunRecord, list[ItemRecord], bool]:
    """The run of the one folder, or the merge of every folder's; and whether it is a merge."""
    from ..leaderboard.merge import merge_runs
    from ..records import read_run

    runs = [read_run(folder) for folder in args.folders]
    merged = len(runs) > 1
    run, items = (
        merge_runs(runs, args.folders, strict_versions=args.strict_versions)
        if merged
        else runs[0]
    )
    return run, items, merged


def _target(args: argparse.Namespace, merged: bool) -> tuple[Path | None, bool]:
    """The folder written (None: a merge without --output writes nothing), and whether it is
    a results folder of its own rather than the run's."""
    # A run is re-rendered in its own folder; --output writes a results folder of its own (a
    # merge, or one run rendered otherwise: `--ci interval` for a paper beside the run's own).
    target = args.output or (None if merged else args.folders[0])
    elsewhere = target is not None and (
        merged or not target.exists() or not target.samefile(args.folders[0])
    )
    return target, elsewhere


def _check_written_somewhere(target: Path | None, fmt: str | None, stdout: bool) -> None:
    """A document format (tex, html) asked for is written somewhere or printed."""
    from ..errors import ConfigError

    if target is None and fmt not in (None, *PRINTED) and not stdout:
        raise ConfigError(
            f"a merged {fmt} table is a file, and without --output it is written nowhere.",
            where="--format",
            fix=f"give --output FOLDER to write it there, or --stdout to print the {fmt}.",
        )


def _write(
    args: argparse.Namespace,
    target: Path,
    elsewhere: bool,
    board: Leaderboard,
    run: RunRecord,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    examples: list[ExampleRecord],
) -> None:
    """Every format into ``target``, under its lock; a results folder of its own gets the
    run's records too, and is named on standard error."""
    from ..console import say
    from ..experiment.storage import ownership
    from ..experiment.storage.ownership import WRITTEN
    from ..leaderboard import write_leaderboard
    from ..records import EXAMPLES, PREDICTIONS, RUN, SCORES, write_json, write_jsonl

    # What a merge (or a copy) reads must not be what it writes.
    inputs = [f / name for f in args.folders for name in WRITTEN] if elsewhere else []
    with ownership.own_folder(target, inputs):
        if elsewhere:  # a results folder of its own
            write_json(target / RUN, run)
            write_jsonl(target / SCORES, items)
            write_jsonl(target / PREDICTIONS, predictions)
            write_jsonl(target / EXAMPLES, examples)
        write_leaderboard(
            board, target, items=items, predictions=predictions, examples=examples, ci=args.ci
        )
    if elsewhere:
        say(f"wrote {target}/")
