"""``summbench list``: what can be named in a config, one line each."""

from __future__ import annotations

import argparse
from pathlib import Path

SECTIONS = ("summarizers", "metrics", "matchers", "datasets")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``list`` to ``commands``."""
    parser = commands.add_parser(
        "list",
        help="list available summarizers, metrics, fact matchers and datasets",
        description="Built-ins, installed plugins (entry points) and the datasets under "
        "./seeds, one line each.",
    )
    parser.add_argument("section", nargs="?", choices=SECTIONS, help="only this section")
    parser.set_defaults(handler=handle)


def _datasets() -> list[tuple[str, str, str]]:
    found = []
    for card in sorted(Path("seeds").glob("*/README.md")):
        pretty = next(
            (
                line.split(":", 1)[1].strip()
                for line in card.read_text(encoding="utf-8").splitlines()
                if line.startswith("pretty_name:")
            ),
            "",
        )
        found.append((str(card.parent), pretty, "bundled"))
    return found


def handle(args: argparse.Namespace) -> int:
    """Print each section (or the one asked for): a name, a description, and where it comes from
    when it is not built in."""
    from ..facts.registry import MATCHERS
    from ..metrics import METRICS
    from ..summarizers import SUMMARIZERS

    registries = {"summarizers": SUMMARIZERS, "metrics": METRICS, "matchers": MATCHERS}
    for section in [args.section] if args.section else SECTIONS:
        print(f"{section}:")
        if section == "datasets":
            rows = _datasets()
        else:
            registry = registries[section]
            rows = [(e.name, registry.describe(e), e.origin) for e in registry.entries()]
        width = max((len(r[0]) for r in rows), default=0)
        for name, description, origin in rows:
            suffix = "" if origin == "built-in" else f"  [{origin}]"
            print(f"  {name.ljust(width)}  {description}{suffix}")
    return 0
