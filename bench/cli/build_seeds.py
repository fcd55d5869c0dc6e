"""``summbench build-seeds``: rebuild the bundled dataset from seeds/src."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``build-seeds`` to ``commands``."""
    parser = commands.add_parser(
        "build-seeds",
        help="rebuild seeds/nk-diplomat from seeds/src and seeds/articles",
        description="Regenerate the seed dataset (data files and dataset card) from the "
        "hand-edited YAML. With --check, only report whether the committed files are current.",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the seeds folder")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Rebuild the seed dataset, or with ``--check`` say which files are out of date (exit 1)."""
    from ..data.seed_build import build_seeds

    differing = build_seeds(args.seeds, check=args.check)
    if args.check and differing:
        print("out of date (run `summbench build-seeds`):\n  " + "\n  ".join(differing))
        return 1
    print("up to date" if not differing else "rebuilt:\n  " + "\n  ".join(differing))
    return 0
