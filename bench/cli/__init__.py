"""The ``summbench`` command line: a thin layer over the library, one module per command."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import traceback
from collections.abc import Sequence

from .. import owned_processes
from .._version import __version__
from ..console import terminal_text
from ..surrogates import lone_surrogate_in

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
    "facts",
    "bertscore-baseline",
)

EPILOG = """examples:
  summbench run configs/seed.yaml
  summbench score --dataset seeds/nk-diplomat --config all --predictions outputs.jsonl
  summbench leaderboard results/seed
  summbench validate configs/*.yaml
  summbench list
"""


def build_parser() -> argparse.ArgumentParser:
    """The ``summbench`` parser, with every command's subparser."""
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
    """Run the command line; returns the exit code (0 ok, 1 failed, 2 bad input).

    Without ``argv`` (the ``summbench`` command, ``python -m bench``) the process is ours, and
    its garbage collector is set for a short program and a run may start helper processes
    (:mod:`bench.owned_processes`); a caller that passes ``argv`` keeps its own settings.
    """
    if argv is not None:
        return _main(argv)
    owned_processes.claim()
    try:
        return _main(argv)
    finally:
        # Everything still alive is left to the exit: without this, the interpreter's last
        # collection walks every object torch and transformers made (2-5 s of a seed run).
        gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    # (no list(): the `list` command module shadows the builtin in this package)
    argv = [*(sys.argv[1:] if argv is None else argv)]
    # --debug is accepted anywhere on the line: after the command is where people type it.
    debug = "--debug" in argv
    for position, arg in enumerate(argv, 1):
        if lone_surrogate_in(arg):
            # A byte that is not UTF-8 (Python keeps it as a lone surrogate): it could not be
            # written into a name, a path in run.json or a results file.
            print(
                f"summbench: error: command line: argument {position} "
                f"({terminal_text(arg)}) holds a byte that is not UTF-8. Fix: rename the file "
                "(or re-type the value) using UTF-8 characters.",
                file=sys.stderr,
            )
            return 2
    args = parser.parse_args([a for a in argv if a != "--debug"])
    args.debug = debug
    if args.command is None:
        parser.print_help()
        return 2
    from ..errors import SummbenchError
    from ..secrets import redact

    try:
        return int(args.handler(args) or 0)
    except SummbenchError as err:
        from .report import print_error

        if args.debug:
            traceback.print_exc()
        print_error(err)
        return 2
    except KeyboardInterrupt:
        print("summbench: interrupted; finished results were written.", file=sys.stderr)
        return 130
    except Exception as err:
        if args.debug:
            traceback.print_exc()
        print(f"summbench: error: {terminal_text(redact(describe_failure(err)))}", file=sys.stderr)
        return 1


def describe_failure(err: BaseException) -> str:
    """One readable paragraph for a failure that is not a bad input: a full or read-only disk,
    a locked or corrupt cache, or a bug."""
    import sqlite3

    if isinstance(err, OSError):
        where = f" {err.filename}" if err.filename else ""
        return (
            f"cannot write or read{where}: {err.strerror or err}. Everything finished before "
            "this point is in the cache; free space or fix the permissions (or pick another "
            "folder with --output) and run the same command again to continue."
        )
    if isinstance(err, sqlite3.Error):
        return (
            f"the cache database failed: {err}. Finished work already in it is kept; if the "
            "disk is full, free space and run again; if the file is damaged, move it aside "
            "(or run with --no-cache)."
        )
    return (
        f"unexpected {type(err).__name__}: {err}. This is a bug in summbench or a plugin; "
        "run again with --debug for the traceback and report it."
    )
