"""Benchmark: the seed experiment cold (empty cache) against warm (unchanged rerun).

Run from the repository root:  python perf/cache_bench.py [--repeats 3]

Each run is a fresh `summbench run` process, as a user would start it. Cold: a new output
folder and cache; warm: the same command again; cold inline: the same config with
``executor: {type: inline}`` (no helper process for the model-backed metrics), the peer of the
default ``auto`` executor. Prints the wall times, the ratios, and checks that every run's tables
are byte-identical to the first cold run's. CPU seconds (user + system, all threads, the
helper process's included) and the 1-minute load average before each run come with the wall
times: on a shared machine the wall time moves with the load. Peak resident memory is the
largest of one process (the command's or its helper's: ``wait4`` reports the maximum, not the
sum).
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


def timed_run(config: str, output: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one fresh ``summbench run``."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench", "run", config, "--output", str(output), "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"summbench run failed with exit code {child.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/seed.yaml")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    colds, warms, cold_rss, warm_rss = [], [], [], []
    cold_cpu, warm_cpu, loads = [], [], []
    inlines, inline_cpu = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            inline_config = Path(tmp) / "inline.yaml"
            text = Path(args.config).read_text(encoding="utf-8")
            inline_config.write_text(f"{text}\nexecutor: {{type: inline}}\n", encoding="utf-8")
            seconds, cpu, _ = timed_run(str(inline_config), Path(tmp) / "inline")
            inlines.append(seconds)
            inline_cpu.append(cpu)
            out = Path(tmp) / "out"
            loads.append(os.getloadavg()[0])
            seconds, cpu, rss = timed_run(args.config, out)
            colds.append(seconds)
            cold_cpu.append(cpu)
            cold_rss.append(rss)
            tables = {name: (out / name).read_bytes() for name in TABLES}
            seconds, cpu, rss = timed_run(args.config, out)
            warms.append(seconds)
            warm_cpu.append(cpu)
            warm_rss.append(rss)
            for name in TABLES:
                if (out / name).read_bytes() != tables[name]:
                    print(f"MISMATCH: {name} differs between cold and warm runs")
                    return 1
                if (Path(tmp) / "inline" / name).read_bytes() != tables[name]:
                    print(f"MISMATCH: {name} differs between the auto and inline executors")
                    return 1
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"{os.cpu_count()} CPUs; load before each cold run: {[f'{x:.2f}' for x in loads]}")
    print(f"cold run (empty cache):  median {cold:6.2f} s  {[f'{t:.2f}' for t in colds]}")
    print(f"  CPU (user+sys):        median {statistics.median(cold_cpu):6.2f} s")
    print(f"warm run (unchanged):    median {warm:6.2f} s  {[f'{t:.2f}' for t in warms]}")
    print(f"  CPU (user+sys):        median {statistics.median(warm_cpu):6.2f} s")
    inline = statistics.median(inlines)
    print(f"cold, inline executor:   median {inline:6.2f} s  {[f'{t:.2f}' for t in inlines]}")
    print(f"  CPU (user+sys):        median {statistics.median(inline_cpu):6.2f} s")
    print(f"warm is {cold / warm:.1f}x faster; cold auto is {inline / cold:.2f}x inline's speed")
    print("tables byte-identical across all runs")
    print(f"peak resident memory: cold {max(cold_rss):.0f} MiB, warm {max(warm_rss):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
