"""Benchmark: a whole experiment at 1k, 10k and 100k examples, cold and warm.

Run from the repository root:  python perf/scale_bench.py [--sizes 1000 10000 100000]

Each size is a JSONL dataset of tiny news-like examples (three short sentences, two
references) and an experiment with two systems (lead-1 and a predictions file covering 90% of
the examples) scored with ROUGE and text statistics, run as a user would: a fresh
``summbench run`` process with an empty cache (cold), then the same command again (warm: every
summary and score from the cache). Prints wall time and peak resident memory per size, per
1,000 examples, and the growth between sizes: linear cost shows as a flat per-1,000 column.
The tables of the cold and warm runs must be byte-identical.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TABLES = ("leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.tex")


def write_experiment(folder: Path, n: int, seed: int = 0) -> Path:
    """Dataset, predictions file and config for ``n`` examples; returns the config path."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{i}" for i in range(2000)])

    def sentence() -> str:
        return " ".join(rng.choice(vocabulary, size=int(rng.integers(6, 12)))) + "."

    data, predictions = folder / "data.jsonl", folder / "predictions.jsonl"
    with data.open("w") as d, predictions.open("w") as p:
        for i in range(n):
            source = " ".join(sentence() for _ in range(3))
            row = {"id": f"d{i:06d}", "source": source, "references": [sentence(), sentence()]}
            d.write(json.dumps(row) + "\n")
            if i % 10:
                p.write(json.dumps({"id": row["id"], "summary": sentence()}) + "\n")
    config = folder / "scale.yaml"
    config.write_text(
        f"name: scale-{n}\n"
        f"dataset: {{path: '{data}'}}\n"
        "summarizers:\n"
        "  - {type: lead, name: lead-1, args: {budget: {sentences: 1}}}\n"
        f"  - {{type: predictions, name: mine, args: {{path: '{predictions}'}}}}\n"
        "metrics: [{type: rouge}, {type: textstats}]\n"
    )
    return config


def timed_summbench(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one fresh ``summbench`` process (``--quiet``)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench", *argv, "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"summbench {argv[0]} failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def timed_run(config: Path, output: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one fresh ``summbench run`` process."""
    return timed_summbench(["run", str(config), "--output", str(output)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            config = write_experiment(folder, n)
            out = folder / "out"
            cold = timed_run(config, out)
            tables = {name: (out / name).read_bytes() for name in TABLES}
            warm = timed_run(config, out)
            same = all((out / name).read_bytes() == tables[name] for name in TABLES)
            if not same:
                print(f"MISMATCH: the warm run's tables differ from the cold run's at n={n}")
                return 1
        rows.append((n, *cold, *warm))
        print(
            f"n={n:>7,}: cold {cold[0]:7.1f} s {cold[1]:6.0f} MiB | "
            f"warm {warm[0]:6.1f} s {warm[1]:6.0f} MiB | per 1,000 examples: "
            f"cold {1000 * cold[0] / n:5.2f} s, warm {1000 * warm[0] / n:5.2f} s",
            flush=True,
        )
    if len(rows) > 1:
        print("\ngrowth between sizes (time ratio / size ratio; 1.0 = linear):")
        for (n0, c0, _, w0, _), (n1, c1, _, w1, _) in itertools.pairwise(rows):
            factor = n1 / n0
            print(
                f"  {n0:,} -> {n1:,} (x{factor:g}): cold time x{c1 / c0:.1f} "
                f"({c1 / c0 / factor:.2f}), warm time x{w1 / w0:.1f} ({w1 / w0 / factor:.2f})"
            )
    print("tables byte-identical between cold and warm runs at every size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
