"""Benchmark: one 10k-example experiment (ROUGE + BERTScore) under each executor and worker count.

Run from the repository root:
    python perf/executor_bench.py [--examples 10000] [--workers 1 2 4] [--ray] [--device cuda]

The experiment: ``--examples`` examples whose source is three "sentences" and whose reference
is a fourth, each a piece of ``--words`` consecutive words of a real news sentence (5: tiny
texts, so that the benchmark runs in minutes: BERTScore's encoder is the cost, ~0.3 ms per
token on a 2-core CPU, and 10k examples of full-length summaries would take ~15 minutes per
run), one system (lead-1) scored with ROUGE (rouge1/2/L/Lsum) and BERTScore (MiniLM L6, the
default model). The sentences come from SummaC's and PyrXSum's articles in ../shared/data;
each candidate and reference is a different piece, so every text is encoded once per run.

Each configuration is a fresh ``summbench run`` process with an empty cache, run as a user runs
it: ``inline`` (everything in the runner's process), ``auto`` (the default: BERTScore in one
helper process started with the run, ROUGE in the runner's), ``local`` with each worker
count (a pool of spawned processes, CPU threads split between them) and, with ``--ray``,
``ray`` with each worker count (a private single-node Ray instance). Printed per run: wall
time, the time the run itself records per phase (run.json's ``timings_s``: generation, each
metric, total), and the speed-up of the total over inline and over one worker of the same
executor. Every run's leaderboard tables must be byte-identical to inline's; the item scores
are compared number by number and the largest difference is printed (BERTScore's last bits
depend on how many threads torch uses: a pool of w workers gives each 1/w of the CPUs).

``--device cuda`` scores BERTScore on the GPU (on a machine that has one): the same table then
says what the executors do with a GPU beside the CPU cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
TABLES = ("leaderboard.md", "leaderboard.csv")


def tiny_sentences(words: int) -> list[str]:
    """Distinct pieces of ``words`` consecutive words of real news sentences (a sentence of
    12 words gives two pieces of five: its first ten words)."""
    sys.path.insert(0, str(ROOT))
    from bench.text import split_sentences

    documents = (DATA / "PyrXSum" / "documents.txt").read_text("utf-8").splitlines()
    for name in ("xsumfaith", "factcc"):
        entries = json.loads((DATA / "SummaC" / f"{name}.json").read_text("utf-8"))
        documents += sorted({e["document"] for e in entries.values()})
    seen: dict[str, None] = {}
    for document in documents:
        for sentence in split_sentences(document):
            tokens = sentence.split()
            for start in range(0, len(tokens) - words + 1, words):
                seen.setdefault(" ".join(tokens[start : start + words]), None)
    return list(seen)


def write_experiment(folder: Path, n: int, words: int, seed: int = 0) -> Path:
    """The dataset (JSONL); returns its path."""
    pool = tiny_sentences(words)
    if len(pool) < 2 * n:
        raise SystemExit(f"{len(pool)} distinct sentences: not enough for {n} examples")
    rng = random.Random(seed)
    rng.shuffle(pool)
    lead, references = pool[:n], pool[n : 2 * n]  # every candidate and reference distinct
    data = folder / "data.jsonl"
    with data.open("w", encoding="utf-8") as out:
        for i in range(n):
            rest = rng.sample(pool, 2)  # the rest of the source is never scored
            row = {
                "id": f"x{i:05d}",
                "source": " ".join([lead[i], *rest]),
                "references": [references[i]],
            }
            out.write(json.dumps(row) + "\n")
    return data


def config_text(data: Path, executor: str, workers: int | None, device: str | None) -> str:
    bertscore = "{type: bertscore" + (f", args: {{device: {device}}}}}" if device else "}")
    spec = f"{{type: {executor}" + (f", workers: {workers}}}" if workers else "}")
    return (
        "name: executors\n"
        f"dataset: {{path: '{data}'}}\n"
        "summarizers: [{type: lead, name: lead-1, args: {budget: {sentences: 1}}}]\n"
        f"metrics: [{{type: rouge}}, {bertscore}]\n"
        f"executor: {spec}\n"
    )


def run_once(folder: Path, data: Path, executor: str, workers: int | None, device: str | None):
    name = f"{executor}-{workers or 0}"
    config = folder / f"{name}.yaml"
    config.write_text(config_text(data, executor, workers, device))
    output = folder / name
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench", "run", str(config), "--output", str(output), "--quiet"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    timings = json.loads((output / "run.json").read_text())["timings_s"]
    tables = {f: (output / f).read_bytes() for f in TABLES}
    return wall, timings, tables, numbers(output / "scores.jsonl")


def numbers(path: Path) -> list[float]:
    """Every number in the item scores, in file order."""
    found: list[float] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for key in sorted(value):
                walk(value[key])
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append(float(value))

    for line in path.read_text(encoding="utf-8").splitlines():
        walk(json.loads(line))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--words", type=int, default=5, help="words per sentence")
    parser.add_argument("--ray", action="store_true", help="also the Ray executor")
    parser.add_argument("--device", help="BERTScore device (cpu, cuda); default: bert's own")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    print(
        f"{args.examples:,} examples of {args.words}-word sentences, lead-1, ROUGE + BERTScore "
        f"(MiniLM L6{', ' + args.device if args.device else ''}); {os.cpu_count()} CPUs; "
        f"cold runs; load average before: {os.getloadavg()[0]:.1f}"
    )
    plans = [("inline", None), ("auto", None)] + [("local", w) for w in args.workers]
    if args.ray:
        plans += [("ray", w) for w in args.workers]
    header = (
        f"{'executor':10s} {'workers':>7s} {'wall s':>7s} {'gen s':>6s} {'rouge s':>7s} "
        f"{'bert s':>7s} {'total s':>7s} {'x inline':>8s} {'x 1 worker':>10s} {'max diff':>9s}"
    )
    print(header, flush=True)
    with tempfile.TemporaryDirectory(prefix="summbench-executors-") as tmp:
        folder = Path(tmp)
        data = write_experiment(folder, args.examples, args.words)
        totals: dict[tuple[str, int | None], float] = {}
        reference = None
        for executor, workers in plans:
            wall, timings, tables, values = run_once(folder, data, executor, workers, args.device)
            if reference is None:
                reference = tables, values
            elif tables != reference[0] or len(values) != len(reference[1]):
                differ = [f for f in TABLES if tables[f] != reference[0][f]]
                print(f"MISMATCH: {executor} x{workers} differs from inline in {differ}")
                return 1
            diff = max(abs(a - b) for a, b in zip(values, reference[1], strict=True))
            total = timings["total"]
            totals[executor, workers] = total
            one = totals.get((executor, args.workers[0]))
            print(
                f"{executor:10s} {workers or 1:7d} {wall:7.1f} {timings['generation']:6.1f} "
                f"{timings['metric:rouge']:7.1f} {timings['metric:bertscore']:7.1f} "
                f"{total:7.1f} {totals['inline', None] / total:8.2f} "
                f"{(one / total if one and workers else 1):10.2f} {diff:9.1e}",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("leaderboard tables byte-identical across all runs; max diff: the largest difference")
    print("of any item score from inline's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
