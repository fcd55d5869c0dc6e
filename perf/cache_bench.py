"""Benchmark: the seed experiment cold (empty cache) against warm (unchanged rerun).

Run from the repository root:  python perf/cache_bench.py [--repeats 3]

Each run is a fresh `summbench run` process, as a user would start it. Cold: a new output
folder and cache; warm: the same command again. Prints the wall times, the ratio, and checks
that the warm run's tables are byte-identical to the cold run's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = ("leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.tex")


def timed_run(config: str, output: Path) -> float:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench", "run", config, "--output", str(output), "--quiet"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/seed.yaml")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    colds, warms = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            colds.append(timed_run(args.config, out))
            tables = {name: (out / name).read_bytes() for name in TABLES}
            warms.append(timed_run(args.config, out))
            for name in TABLES:
                if (out / name).read_bytes() != tables[name]:
                    print(f"MISMATCH: {name} differs between cold and warm runs")
                    return 1
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"cold run (empty cache):  median {cold:6.2f} s  {[f'{t:.2f}' for t in colds]}")
    print(f"warm run (unchanged):    median {warm:6.2f} s  {[f'{t:.2f}' for t in warms]}")
    print(f"warm is {cold / warm:.1f}x faster; tables byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
