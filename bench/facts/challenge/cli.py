"""The challenge set's command line: ``build`` the pairs, ``evaluate`` a matcher on them.

Also mounted as ``summbench facts challenge ...`` (see :mod:`bench.cli.facts`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``build`` and ``evaluate`` to ``commands``."""
    build = commands.add_parser(
        "build",
        help="make train.jsonl and test.jsonl from the shared data",
        description="Make fact/text pairs (restated, paraphrased, changed, removed, unrelated) "
        "from RoSE-ACU and PyrXSum references and their human units; documents are split "
        "70/30 into train and test by a seeded hash.",
    )
    build.add_argument("--shared", type=Path, default=Path("../shared"),
                       help="the shared folder holding data/RoSE-ACU and data/PyrXSum")
    build.add_argument("--seed", type=int, default=0)
    build.add_argument("--out", type=Path, default=Path("build/challenge"))
    build.set_defaults(handler=_build)


def _build(args: argparse.Namespace) -> int:
    from ...console import say
    from .build import build

    started = time.perf_counter()
    manifest = build(args.shared, args.seed, args.out, log=say)
    for split in ("train", "test"):
        counts = manifest["counts"][split]
        say(f"{split}: {counts['pairs']} pairs {counts['labels']}")
    say(f"wrote {args.out}/ in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.facts.challenge",
                                     description=__doc__.split("\n\n")[0])
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from ...errors import SummbenchError

    try:
        return int(args.handler(args) or 0)
    except SummbenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
