"""Benchmark: confidence intervals and paired tests at real sizes, time and peak memory.

Run from the repository root:  python perf/stats_bench.py [--examples 6 1000 100000]

For each number of examples n (scores drawn from Beta(2, 5), a second system shifted by 0.01),
runs what a leaderboard runs per column and per pair of systems with the default settings:
``bootstrap_interval`` (1,000 resamples), ``approximate_randomization`` (10,000 trials) and
``paired_bootstrap`` (1,000 resamples). Prints seconds and the peak of memory numpy allocated
during the call (tracemalloc), which the blocks of rows keep near 2 x 32 MB at any n; one whole
(resamples, n) draw would need resamples x n x 8 bytes per matrix (800 MB at n = 100,000).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from bench.stats import approximate_randomization, bootstrap_interval, paired_bootstrap


def measure(label: str, call) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<34} {seconds:7.2f} s  peak {peak / 2**20:7.1f} MiB  -> {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, nargs="+", default=[6, 1000, 100_000])
    args = parser.parse_args()
    for n in args.examples:
        data = np.random.default_rng(n)
        a = data.beta(2, 5, n)
        b = np.clip(a + data.normal(0.01, 0.15, n), 0, 1)
        print(f"n = {n}")
        measure(
            "bootstrap_interval, 1000",
            lambda a=a: bootstrap_interval(
                a, resamples=1000, level=0.95, rng=np.random.default_rng(0)
            ),
        )
        measure(
            "approximate_randomization, 10000",
            lambda a=a, b=b: approximate_randomization(
                a, b, trials=10_000, rng=np.random.default_rng(0)
            ),
        )
        measure(
            "paired_bootstrap, 1000",
            lambda a=a, b=b: paired_bootstrap(a, b, resamples=1000, rng=np.random.default_rng(0)),
        )


if __name__ == "__main__":
    main()
