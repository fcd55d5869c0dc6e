"""The ``summbench`` command line: a thin layer over the library, one module per command."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from .._version import __version__

#: Subcommand -> module (imported only when that command runs, or for --help).
COMMANDS = (
    "run",
    "score",
    "leaderboard",
    "plot",
    "validate",
    "list",
    "meta-eval",
    "probe",
    "build-seeds",
)

EPILOG = """examples:
  summbench run configs/seed.yaml
  summbench score --dataset seeds/nk-diplomat --config all --predictions outputs.jsonl
  summbench leaderboard results/seed
  summbench validate configs/*.yaml
  summbench list
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summbench",
        description="Benchmark text summarizers: ROUGE, BERTScore and fact checklists over "
        "multi-reference datasets, from YAML experiments to leaderboards.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"summbench {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 failed, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from ..errors import SummbenchError

    try:
        return int(args.handler(args) or 0)
    except SummbenchError as err:
        if args.debug:
            traceback.print_exc()
        print(f"summbench: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("summbench: interrupted; finished results were written.", file=sys.stderr)
        return 130
