"""Benchmark: ROUGE-1/2/L/Lsum with stemming, the harness against its peers, on one corpus.

Run from the repository root:
    python perf/rouge_bench.py [--pairs 10000] [--news 2500] [--only news] [--scale]

Workloads (real text, from ../shared/data): PyrXSum's 10 systems x 100 documents against the
references (1,000 pairs, mostly one sentence each); a larger set built by resampling real
summary and reference sentences (``--pairs``, default 10,000); and multi-sentence news
summaries (``--news``, default 2,500 pairs): runs of two or three consecutive paragraphs of the
same SummaC/XSumFaith BBC article (2-5 sentences, ~80 words), one as the candidate, another as
the reference, every text distinct. Peers, timed on the same pairs in the same process:

* rouge-score: ``RougeScorer.score`` in a loop (the reference numbers);
* evaluate-style: that loop plus a ``BootstrapAggregator``, as the HF ``evaluate`` rouge module
  does;
* rouge-score-rs: its own ``score_batch`` call;
* the harness (``RougeMetric.score`` on ScoringItems, per-item results included) with each
  backend: rust (the default), python (our pure-Python scorer) and rouge-score.

Peers get the text with the harness's sentence splits precomputed (one sentence per line, as
rouge-score expects for Lsum), and the harness rows marked "lines" get that same text with
``sentence_split: lines``: all compute the same thing. The rows marked "raw text" are the
default path: the harness gets the raw text and splits it itself (work the peers are spared),
with its default splitter (rules) or with pysbd, whose numbers are compared with rouge-score's
loop on pysbd's splits. Every split cache is emptied before each timed call.

Every implementation's F1 values are compared with rouge-score's; the largest difference is
printed. ``--scale`` then scores 10k, 30k and 100k resampled pairs through the harness, each in
a fresh process, and prints its peak resident memory and how much the scoring added to it
(items, scores and caches, all still held): growth per pair should stay flat.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
PYRXSUM = DATA / "PyrXSum"


def pyrxsum_pairs() -> list[tuple[str, str]]:
    references = (PYRXSUM / "references.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for path in sorted((PYRXSUM / "summaries").glob("*.summary")):
        summaries = path.read_text(encoding="utf-8").splitlines()
        pairs += list(zip(references, summaries, strict=False))
    return pairs


def resampled_pairs(base: list[tuple[str, str]], n: int, seed: int = 0) -> list[tuple[str, str]]:
    from bench.text import split_sentences

    rng = random.Random(seed)
    sentences = [s for pair in base for text in pair for s in split_sentences(text)]
    return [
        (
            " ".join(rng.choices(sentences, k=rng.randint(1, 3))),
            " ".join(rng.choices(sentences, k=rng.randint(1, 3))),
        )
        for _ in range(n)
    ]


def news_pairs(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Multi-sentence news summaries: runs of 2-3 consecutive paragraphs of one BBC article
    (SummaC's XSumFaith documents hold one paragraph per line), no text used twice."""
    import json

    entries = json.loads((DATA / "SummaC" / "xsumfaith.json").read_text(encoding="utf-8"))
    documents = sorted({e["document"] for e in entries.values()})
    articles = [
        lines
        for lines in ([x.strip() for x in d.splitlines() if x.strip()] for d in documents)
        if len(lines) >= 8
    ]
    rng = random.Random(seed)
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    def window(article: list[str]) -> str:
        width = rng.randint(2, 3)
        start = rng.randrange(len(article) - width + 1)
        return " ".join(article[start : start + width])

    while len(pairs) < n:
        article = rng.choice(articles)
        reference, candidate = window(article), window(article)
        if reference != candidate and reference not in seen and candidate not in seen:
            seen.update((reference, candidate))
            pairs.append((reference, candidate))
    return pairs


def timed(function: Callable[[], list[float]], repeats: int) -> tuple[float, list[float], int]:
    """The fastest of ``repeats`` wall times (timeit's convention: the others measure the
    machine's noise), then the peak traced memory of one more call (tracemalloc slows Python
    code several times over, so it must not run while timing)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        values = function()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, values, peak


def run(pairs: list[tuple[str, str]], label: str) -> None:
    from rouge_score import rouge_scorer, scoring
    from rouge_score_rs import rouge_scorer as rs_scorer

    from bench.data.schema import Example
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric
    from bench.text.sentences import _split_cached

    prepared = [(RougeMetric.prepare(t), RougeMetric.prepare(p)) for t, p in pairs]
    by_pysbd = [
        (RougeMetric.prepare(t, "pysbd"), RougeMetric.prepare(p, "pysbd")) for t, p in pairs
    ]

    def flat(dicts) -> list[float]:
        return [d[t].fmeasure for d in dicts for t in TYPES]

    def harness(backend: str, split: str) -> Callable[[], list[float]]:
        # The items are the harness's input, as the string lists are the peers': built before
        # the clock starts. A fresh metric per call, so that no call reuses another's work.
        texts = prepared if split == "lines" else pairs
        items = [ScoringItem(p, Example("x", "s", (t,))) for t, p in texts]

        def go() -> list[float]:
            _split_cached.cache_clear()  # no splits left over from preparing the peers' input
            metric = RougeMetric.from_config(
                {"types": TYPES, "backend": backend, "sentence_split": split}
            )
            return [s.values[f"{t}_f"] for s in metric.score(items) for t in TYPES]

        return go

    def loop(texts=prepared) -> list[float]:
        scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
        return flat(scorer.score(target=t, prediction=p) for t, p in texts)

    def evaluate_style() -> list[float]:
        scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
        aggregator = scoring.BootstrapAggregator()
        scores = []
        for t, p in prepared:
            score = scorer.score(target=t, prediction=p)
            aggregator.add_scores(score)
            scores.append(score)
        aggregator.aggregate()
        return flat(scores)

    def rust_batch() -> list[float]:
        scorer = rs_scorer.RougeScorer(TYPES, use_stemmer=True)
        return flat(scorer.score_batch([t for t, _ in prepared], [p for _, p in prepared]))

    peers = {
        "rouge-score loop": loop,
        "evaluate-style (loop + aggregator)": evaluate_style,
        "rouge-score-rs score_batch": rust_batch,
        "harness, rust backend (lines)": harness("rust", "lines"),
        "harness, python backend (lines)": harness("python", "lines"),
        "harness, rouge-score backend (lines)": harness("rouge-score", "lines"),
        "harness default (raw text, rules split)": harness("rust", "rules"),
        "harness, raw text, pysbd split": harness("rust", "pysbd"),
    }
    slow = {"harness, raw text, pysbd split"}  # seconds per call: timed once
    repeats = 5 if len(pairs) <= 2000 else 3
    results = {name: timed(fn, 1 if name in slow else repeats) for name, fn in peers.items()}
    reference = results["rouge-score loop"]
    pysbd_reference = loop(by_pysbd)  # what rouge-score gives on pysbd's splits
    print(f"\n{label}: {len(pairs)} pairs, ROUGE-1/2/L/Lsum F1 with stemming, best of {repeats}")
    print(
        f"{'implementation':38s} {'pairs/s':>10s} {'x loop':>8s} {'peak MiB':>9s} "
        f"{'max |diff|':>11s}"
    )
    for name, (seconds, values, peak) in results.items():
        expected = pysbd_reference if "pysbd" in name else reference[1]
        diff = max((abs(a - b) for a, b in zip(values, expected, strict=True)), default=0)
        print(
            f"{name:38s} {len(pairs) / seconds:10.0f} {reference[0] / seconds:8.1f} "
            f"{peak / 2**20:9.1f} {diff:11.2e}"
        )
    rust = results["rouge-score-rs score_batch"][0]
    for name in ("harness, rust backend (lines)", "harness default (raw text, rules split)"):
        print(f"{name} time / rouge-score-rs batch time: {results[name][0] / rust:.2f}")


def scale(base: list[tuple[str, str]]) -> None:
    """Peak resident memory of the harness scoring n pairs, each n in a fresh process."""
    import subprocess

    print("\nMemory: harness default (rules split) on n resampled pairs, fresh process each")
    print(
        f"{'pairs':>8s} {'seconds':>8s} {'peak RSS MiB':>13s} {'growth MiB':>11s} {'KiB/pair':>9s}"
    )
    for n in (10_000, 30_000, 100_000):
        out = subprocess.run(
            [sys.executable, __file__, "--measure-one", str(n)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        seconds, rss_kib, grown_kib = float(out[0]), int(out[1]), int(out[2])
        print(
            f"{n:8d} {seconds:8.1f} {rss_kib / 1024:13.0f} {grown_kib / 1024:11.0f} "
            f"{grown_kib / n:9.2f}"
        )


def measure_one(n: int) -> None:
    import resource

    from bench.data.schema import Example
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric

    def resident_kib() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)

    pairs = resampled_pairs(pyrxsum_pairs(), n)
    before = resident_kib()
    start = time.perf_counter()
    metric = RougeMetric.from_config({"types": TYPES})
    items = [ScoringItem(p, Example(str(i), "s", (t,))) for i, (t, p) in enumerate(pairs)]
    scores = metric.score(items)
    seconds = time.perf_counter() - start
    grown = resident_kib() - before  # items, their scores and the caches, all still held
    del scores
    print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, grown)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--news", type=int, default=2_500, help="multi-sentence news pairs")
    parser.add_argument(
        "--only", choices=["pyrxsum", "resampled", "news"], help="run one workload only"
    )
    parser.add_argument("--scale", action="store_true", help="also measure memory up to 100k")
    parser.add_argument("--measure-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_one:
        measure_one(args.measure_one)
        return 0
    if not PYRXSUM.is_dir():
        print(f"needs {PYRXSUM}", file=sys.stderr)
        return 2
    base = pyrxsum_pairs()
    if args.only in (None, "pyrxsum"):
        run(base, "PyrXSum, 10 systems x 100 documents")
    if args.only in (None, "resampled"):
        run(resampled_pairs(base, args.pairs), "Resampled real sentences")
    if args.only in (None, "news"):
        run(news_pairs(args.news), "Multi-sentence news summaries (XSumFaith paragraphs)")
    if args.scale:
        scale(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
