"""Benchmark: ROUGE on one very long summary and reference: time and peak memory, or refusal.

Run from the repository root (each size is a fresh process, so each peak is its own):
    python perf/long_text_bench.py [--words 10000 100000 1000000] [--backend auto]
        [--types rouge1,rouge2,rougeL,rougeLsum] [--one-line]

Texts are real English: sentences of the seed articles (seeds/articles) drawn at random (a
fixed seed), independently for the summary and the reference, until each has the asked number
of words; ``--one-line`` removes the sentence ends, so the whole text is one sentence (the
worst case for ROUGE-Lsum, which then compares one m x n pair). Each child scores the pair
with ``RougeMetric`` (the harness's default settings unless told) and prints its wall time,
its peak resident memory (``resource.getrusage``, which includes the ~100 MB interpreter and
libraries) and the F1 values, or the error it refused the pair with.

Before the routing in :mod:`bench.metrics.rouge_limits`, rouge-score-rs asked for 40 GB at
100,000 words and aborted the process.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def long_text(words: int, seed: int, one_line: bool) -> str:
    from bench.text import split_sentences

    sentences = [
        s
        for path in sorted((ROOT / "seeds" / "articles").glob("*.txt"))
        for s in split_sentences(path.read_text(encoding="utf-8"))
    ]
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(sentences).split()[: words - count]
        out.append(" ".join(sentence))
        count += len(sentence)
    text = " ".join(out)
    return re.sub(r"[.!?]", "", text) if one_line else text


def child(words: int, backend: str, types: list[str], one_line: bool) -> None:
    import resource

    sys.path.insert(0, str(ROOT))
    from bench.data.schema import Example
    from bench.errors import SummbenchError
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric

    summary, reference = long_text(words, 1, one_line), long_text(words, 2, one_line)
    metric = RougeMetric.from_config({"backend": backend, "types": types})
    item = ScoringItem(summary, Example("long", "", (reference,)))
    start = time.perf_counter()
    try:
        values = metric.score([item])[0].values
        outcome = {k: round(v, 4) for k, v in values.items() if k.endswith("_f")}
    except SummbenchError as err:
        outcome = {"refused": str(err)}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"words": words, "seconds": round(seconds, 1), "peak_mb": round(peak_mb)}))
    print(json.dumps(outcome))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--types", default="rouge1,rouge2,rougeL,rougeLsum")
    parser.add_argument("--one-line", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    types = args.types.split(",")
    if args.child:
        child(args.child, args.backend, types, args.one_line)
        return
    for words in args.words:
        command = [sys.executable, __file__, "--child", str(words), "--backend", args.backend]
        command += ["--types", args.types] + (["--one-line"] if args.one_line else [])
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        print(done.stdout.strip() or f"{words} words: exit {done.returncode}\n{done.stderr}")


if __name__ == "__main__":
    main()
