"""Benchmark: ROUGE-1/2/L/Lsum with stemming, the harness against its peers, on one corpus.

Run from the repository root:  python perf/rouge_bench.py [--pairs 10000]

Workloads (real text, from ../shared/data/PyrXSum): its 10 systems x 100 documents against the
references (1,000 pairs), and a larger set built by resampling real summary and reference
sentences (``--pairs``, default 10,000). Peers, timed on the same pairs in the same process:

* harness: ``RougeMetric`` (the rouge-score-rs backend, sentence splitting for Lsum included);
* harness, python backend: the same metric calling rouge-score;
* rouge-score: ``RougeScorer.score`` in a loop;
* evaluate-style: that loop plus a ``BootstrapAggregator``, as the HF ``evaluate`` rouge module
  does;
* rouge-score-rs: its own ``score_batch`` call.

Every implementation's F1 values are compared with rouge-score's; the largest difference is
printed. Peers get the harness's sentence splits precomputed (a newline per sentence), so all
compute the same thing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
PYRXSUM = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "PyrXSum"


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


def timed(function: Callable[[], list[float]]) -> tuple[float, list[float], int]:
    """Wall time of one call, then the peak traced memory of a second call (tracemalloc slows
    Python code several times over, so it must not run while timing)."""
    start = time.perf_counter()
    values = function()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, values, peak


def run(pairs: list[tuple[str, str]], label: str) -> None:
    from rouge_score import rouge_scorer, scoring
    from rouge_score_rs import rouge_scorer as rs_scorer

    from bench.data.schema import Example
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric

    prepared = [(RougeMetric.prepare(t), RougeMetric.prepare(p)) for t, p in pairs]

    def flat(dicts) -> list[float]:
        return [d[t].fmeasure for d in dicts for t in TYPES]

    def harness(backend: str) -> Callable[[], list[float]]:
        def go() -> list[float]:
            metric = RougeMetric.from_config({"types": TYPES, "backend": backend})
            items = [ScoringItem(p, Example("x", "s", (t,))) for t, p in pairs]
            return [s.values[f"{t}_f"] for s in metric.score(items) for t in TYPES]

        return go

    def loop() -> list[float]:
        scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
        return flat(scorer.score(target=t, prediction=p) for t, p in prepared)

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
        "harness (rust backend)": harness("rust"),
        "harness (python backend)": harness("python"),
    }
    results = {name: timed(fn) for name, fn in peers.items()}
    reference = results["rouge-score loop"]
    print(f"\n{label}: {len(pairs)} pairs, ROUGE-1/2/L/Lsum F1 with stemming")
    print(
        f"{'implementation':38s} {'pairs/s':>10s} {'x loop':>8s} {'peak MiB':>9s} "
        f"{'max |diff|':>11s}"
    )
    for name, (seconds, values, peak) in results.items():
        diff = max((abs(a - b) for a, b in zip(values, reference[1], strict=True)), default=0)
        print(
            f"{name:38s} {len(pairs) / seconds:10.0f} {reference[0] / seconds:8.1f} "
            f"{peak / 2**20:9.1f} {diff:11.2e}"
        )
    ratio = results["harness (rust backend)"][0] / results["rouge-score-rs score_batch"][0]
    print(f"harness time / rouge-score-rs batch time: {ratio:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    args = parser.parse_args()
    if not PYRXSUM.is_dir():
        print(f"needs {PYRXSUM}", file=sys.stderr)
        return 2
    base = pyrxsum_pairs()
    run(base, "PyrXSum, 10 systems x 100 documents")
    run(resampled_pairs(base, args.pairs), "Resampled real sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
