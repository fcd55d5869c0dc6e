"""``summbench bertscore-baseline``: make a BERTScore rescaling baseline for a model."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..console import say
from .run import count_argument


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``bertscore-baseline`` to ``commands``."""
    parser = commands.add_parser(
        "bertscore-baseline",
        help="make a BERTScore rescaling baseline (bert-score's procedure) for a model",
        description="Score random pairs of unrelated sentences with bert-score at every layer "
        "of a model and write each layer's mean P, R and F in bert-score's baseline format "
        "(for `rescale_with_baseline` with `baseline_path`), with a record of how it was made "
        "beside it (.json). Sentences come from the shared data folder (SummaC, PyrXSum, "
        "RoSE-ACU) or from your own text files. The same inputs and seed write the same bytes.",
        epilog="the packaged baseline: summbench bertscore-baseline --shared ../shared "
        "--pairs 3000 --seed 0 --out bench/metrics/rescale_baseline/all-MiniLM-L6-v2.tsv",
    )
    parser.add_argument("--out", type=_tsv, required=True,
                        help="the baseline file to write (.tsv; its record: the same name .json)")
    parser.add_argument("--model", help="a bert-score model name or local folder (default: the "
                        "packaged all-MiniLM-L6-v2)")
    sources = parser.add_mutually_exclusive_group()
    sources.add_argument("--shared", type=Path,
                         help="the shared folder holding data/SummaC, data/PyrXSum and "
                         "data/RoSE-ACU (default: ../shared)")
    sources.add_argument("--corpus", type=Path, nargs="+",
                         help="your own UTF-8 text files, a text or more per line, cut into "
                         "sentences (use text in the language you will score)")
    parser.add_argument("--pairs", type=count_argument, default=None,
                        help="pairs to score (default: all, every kept sentence in one pair)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random pairs")
    parser.add_argument("--batch-size", type=count_argument, default=64)
    parser.set_defaults(handler=handle)


def _tsv(text: str) -> Path:
    """The --out path: a .tsv file, as bert-score names its baselines."""
    if not text.endswith(".tsv"):
        raise argparse.ArgumentTypeError("name a .tsv file (bert-score's baseline files are)")
    return Path(text)


def handle(args: argparse.Namespace) -> int:
    """Make the baseline, print its table, and say where it and its record went."""
    from ..metrics.rescale_baseline.make import make_baseline

    started = time.perf_counter()
    record = make_baseline(
        out=args.out, model=args.model, shared=args.shared, corpus=args.corpus,
        pairs=args.pairs, seed=args.seed, batch_size=args.batch_size, log=say,
    )
    print(args.out.read_text(encoding="utf-8"), end="")
    say(f"wrote {args.out} and {args.out.with_suffix('.json')} ({record['pairs']} pairs, "
        f"{time.perf_counter() - started:.0f} s)")
    return 0
