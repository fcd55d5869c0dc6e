"""The challenge set's command line: ``build`` the pairs, ``evaluate`` a matcher on them.

Also mounted as ``summbench facts challenge ...`` (see :mod:`bench.cli.facts`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..facts.challenge.sources import SOURCES


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``build`` and ``evaluate`` to ``commands``."""
    build = commands.add_parser(
        "build",
        help="make train.jsonl and test.jsonl from the shared data",
        description="Make fact/text pairs (restated, paraphrased, changed, removed, unrelated) "
        "from RoSE-ACU and PyrXSum references and their human units, and from claims cut "
        "from the sentences of SummaC's source articles; documents are split 70/30 into "
        "train and test by a seeded hash.",
    )
    build.add_argument("--shared", type=Path, default=Path("../shared"),
                       help="the shared folder holding data/RoSE-ACU, data/PyrXSum and "
                       "data/SummaC")
    build.add_argument("--seed", type=int, default=0)
    build.add_argument("--out", type=Path, default=Path("build/challenge"))
    build.add_argument("--sources", default=",".join(SOURCES), type=_sources,
                       help="comma-separated sources to read (default: %(default)s)")
    build.set_defaults(handler=_build)

    evaluate = commands.add_parser(
        "evaluate",
        help="run a fact matcher over pairs and report per kind",
        description="Judge every pair's claim against its text with a registered fact matcher "
        "and write challenge.md and challenge.json: per kind, changed facts caught (verdict "
        "not present) and contradicted, stated pairs accepted, not-stated pairs rejected, "
        "with Wilson 95%% intervals and the overall rows against the targets.",
    )
    evaluate.add_argument("--pairs", type=Path, required=True, help="a pairs JSONL file")
    evaluate.add_argument("--matcher", required=True, help="a fact matcher name (learned, "
                          "lexical, ...: `summbench list`)")
    evaluate.add_argument("--args", default="{}", help="the matcher's arguments as a JSON "
                          "object, as under args: in an experiment")
    evaluate.add_argument("--out", type=Path, required=True,
                          help="folder for challenge.md and challenge.json")
    evaluate.set_defaults(handler=_evaluate)


def _sources(text: str) -> tuple[str, ...]:
    """The --sources list, or an error naming the unknown source and the known ones."""
    chosen = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in chosen if s not in SOURCES]
    if unknown or not chosen:
        problem = f"unknown source {unknown[0]!r}" if unknown else "no source given"
        raise argparse.ArgumentTypeError(f"{problem}; choose among {', '.join(SOURCES)}")
    return chosen


def _build(args: argparse.Namespace) -> int:
    from ..console import say
    from ..experiment.storage import ownership
    from ..facts.challenge.build import FILES, INPUTS, build, built_here

    started = time.perf_counter()
    inputs = [args.shared / path for source in args.sources for path in INPUTS[source]]
    # Checked before the shared data is read: the build takes minutes.
    with ownership.own_folder(
        args.out, inputs, FILES, option="--out", ours=built_here, refuse_links=True
    ):
        manifest = build(args.shared, args.seed, args.out, log=say, sources=args.sources)
    for split in ("train", "test"):
        counts = manifest["counts"][split]
        say(f"{split}: {counts['pairs']} pairs {counts['labels']}")
    say(f"wrote {args.out}/ in {time.perf_counter() - started:.1f} s")
    return 0


def matcher_args(text: str) -> dict:
    """The --args JSON object, or an error that says what it must look like."""
    from ..errors import ConfigError
    from ..jsonlines import loads_strict

    try:
        value = loads_strict(text)
    except (ValueError, RecursionError) as err:
        raise ConfigError(f"not JSON ({err}).", where="--args",
                          fix='give a JSON object, e.g. --args \'{"threshold": 0.5}\'.') from None
    if not isinstance(value, dict):
        raise ConfigError(f"expected a JSON object, found {type(value).__name__}.",
                          where="--args", fix='give a JSON object, e.g. --args \'{}\'.')
    return value


def _evaluate(args: argparse.Namespace) -> int:
    from ..console import say
    from ..experiment.storage import ownership
    from ..facts.challenge.evaluate import (
        REPORT_FILES,
        judge,
        render_markdown,
        summarize,
        write_report,
    )
    from ..facts.challenge.pairs import read_pairs
    from ..facts.registry import MATCHERS

    settings = matcher_args(args.args)
    matcher = MATCHERS.get(args.matcher, where="--matcher").from_config(settings,
                                                                         where="--args")
    matcher.check_settings("--args")
    ownership.check_folder(args.out)
    pairs = read_pairs(args.pairs)
    started = time.perf_counter()
    with ownership.own_folder(args.out, [args.pairs], REPORT_FILES):
        judged = judge(pairs, matcher, log=say)
        report = summarize(judged, args.matcher, matcher.signature(), settings, args.pairs)
        write_report(report, args.out)
    print(render_markdown(report))
    say(f"wrote {args.out}/ ({len(pairs)} pairs in {time.perf_counter() - started:.1f} s)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the challenge commands on their own (``build``, ``evaluate``); an error is printed,
    with exit status 2."""
    parser = argparse.ArgumentParser(prog="summbench facts challenge",
                                     description=__doc__.split("\n\n")[0])
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from ..errors import SummbenchError

    try:
        return int(args.handler(args) or 0)
    except SummbenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
