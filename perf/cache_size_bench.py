"""Benchmark: bytes of cache.sqlite per scored text at CNN/DailyMail length, and rerun times.

Run from the repository root:  python perf/cache_size_bench.py [--systems 7] [--documents 402]

The CNN/DailyMail reference summaries of ../shared/data/RoSE-ACU (53 words on average; the 402
of the 403 that have units) and their Atomic Content Units make the dataset, and ``--systems``
predictions files give every example a distinct summary of the same length
(``tests/builders.py:write_rose_experiment`` says how): 7 systems score 2,814 texts with ROUGE,
BERTScore and the checklist (its default matcher), each run a fresh ``summbench run`` process as a
user would start it:

* cold: a new output folder and cache;
* warm: the same command again (every score from the cache);
* one system added: the config with one more system, on the same folder and cache (its
  summaries are scored, the rest come from the cache).

Prints the cache's bytes per scored text after the cold run (the database and, if any, its
write-ahead log), the bytes each table's rows hold, the wall and CPU seconds of each run (CPU:
user + system of the process and its helper), and checks that the warm run's tables are
byte-identical to the cold run's. The machine's load before each run is printed too: on a
shared machine the wall time moves with it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders import ROSE, write_rose_experiment  # noqa: E402

TABLES = ("leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.tex")


def timed_run(config: Path, output: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh ``summbench run`` process (``--quiet``)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench", "run", str(config), "--output", str(output), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"summbench run failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def cache_bytes(path: Path) -> int:
    """The database and whatever SQLite keeps beside it (write-ahead log, its index)."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def table_bytes(path: Path) -> dict[str, tuple[int, int]]:
    """Rows and bytes of keys and values, per table."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for name in sorted(names):
            rows, size = db.execute(
                f"SELECT COUNT(*), COALESCE(SUM(LENGTH(key) + LENGTH(value)), 0) FROM {name}"
            ).fetchone()
            out[name] = (rows, size)
        return out
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=7)
    parser.add_argument("--documents", type=int, default=None, help="default: all 402")
    args = parser.parse_args()
    if not ROSE.is_file():
        raise SystemExit(f"{ROSE} not found: this benchmark reads ../shared/data/RoSE-ACU")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = write_rose_experiment(folder, systems=args.systems, documents=args.documents)
        texts = sum(1 for _ in (folder / "data.jsonl").open()) * args.systems
        out = folder / "out"
        cache = out / "cache.sqlite"
        runs = {}
        load = os.getloadavg()[0]
        runs["cold"] = (load, *timed_run(config, out))
        size = cache_bytes(cache)
        tables = table_bytes(cache)
        leaderboards = {name: (out / name).read_bytes() for name in TABLES}
        load = os.getloadavg()[0]
        runs["warm (unchanged)"] = (load, *timed_run(config, out))
        for name in TABLES:
            if (out / name).read_bytes() != leaderboards[name]:
                print(f"MISMATCH: {name} differs between the cold and warm runs")
                return 1
        # The same files again (the same bytes: the same keys) and one more system.
        bigger = write_rose_experiment(folder, systems=args.systems + 1, documents=args.documents)
        load = os.getloadavg()[0]
        runs["one system added"] = (load, *timed_run(bigger, out))
    print(f"{texts:,} scored texts ({args.systems} systems); {os.cpu_count()} CPUs")
    print(f"cache.sqlite after the cold run: {size:,} bytes, {size / texts:,.0f} bytes per text")
    for name, (rows, held) in tables.items():
        print(f"  {name:<12} {rows:>7,} rows {held:>13,} bytes of keys and values")
    for name, (load, wall, cpu) in runs.items():
        print(f"{name:<17} {wall:7.1f} s wall {cpu:7.1f} s CPU   (load before: {load:.2f})")
    print("tables byte-identical between the cold and warm runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
