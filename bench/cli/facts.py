"""``summbench facts``: tools for fact checklists (``facts extract``, ``facts challenge
build|evaluate``)."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``facts`` to ``commands``, with ``extract`` and ``challenge build|evaluate``."""
    parser = commands.add_parser(
        "facts",
        help="fact checklist tools: checklists extracted from references, the challenge set "
        "of generated fact/text pairs",
        description="Tools for fact checklists.",
    )
    groups = parser.add_subparsers(dest="facts_command", metavar="COMMAND", required=True)
    challenge = groups.add_parser(
        "challenge",
        help="build the challenge pairs, or evaluate a fact matcher on them",
        description="Generated fact/text pairs: training data for the fact verifier and the "
        "public challenge set.",
        epilog="examples: summbench facts challenge build --shared ../shared --out "
        "build/challenge; summbench facts challenge evaluate --pairs "
        "build/challenge/test.jsonl --matcher lexical --out results/challenge/lexical",
    )
    from .challenge import add_commands

    add_commands(challenge.add_subparsers(dest="challenge_command", metavar="COMMAND",
                                          required=True))
    from .extract import add_command

    add_command(groups)
