"""Benchmark: every user path at the size users run (default 20,000 examples), as a user runs it.

Run from the repository root:  python perf/paths_bench.py [--examples 20000]

One dataset of ``--examples`` tiny news-like examples (the one ``perf/scale_bench.py`` builds)
and, each in a fresh process with an empty results folder:

* ``score``: ``summbench score`` on a predictions file with two named systems and rows without
  a system, each covering part of the dataset (the rest must show as failures);
* ``run`` with a ``command`` summarizer (a Python script reading JSON Lines on stdin that stays
  silent on a tenth of the examples);
* ``run`` with an ``llm`` summarizer against an OpenAI-compatible server on 127.0.0.1 (the
  test suite's, in this process);
* ``run`` with an ``hf`` summarizer on a tiny BART built here (``--hf``: generation on CPU is
  the cost, ~1 ms an example);

then the same command again (warm: everything from the cache). ROUGE and text statistics score
each. Printed per path: wall time and peak resident memory cold and warm, and the leaderboard's
n / failed per system, checked against what the inputs imply (a wrong count stops the script).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scale_bench import timed_summbench as timed  # noqa: E402  (this script's folder)

from tests.builders import write_dataset  # noqa: E402
from tests.openai_server import FakeOpenAI  # noqa: E402  (the repository root is on the path)

COMMAND = """\
import json, sys
for line in sys.stdin:
    row = json.loads(line)
    if row['id'].endswith('7'):
        continue  # says nothing for a tenth of the examples: failures
    print(json.dumps({'id': row['id'], 'summary': ' '.join(row['source'].split()[:8])}))
"""


def board(out: Path) -> dict[str, tuple[int, int]]:
    rows = json.loads((out / "leaderboard.json").read_text())["rows"]
    return {r["system"]: (r["n"], r["failed"]) for r in rows}


def write_predictions(data: Path, path: Path) -> dict[str, tuple[int, int]]:
    """System a covers 90%, b 25%, rows without a system 60%; returns the expected n/failed."""
    examples = [json.loads(line) for line in data.open()]
    n = len(examples)
    with path.open("w") as handle:
        for i, e in enumerate(examples):
            rows = []
            if i % 10:
                rows.append({"id": e["id"], "summary": e["references"][1], "system": "a"})
            if i % 4 == 0:
                rows.append({"id": e["id"], "summary": "w1 w2 w3", "system": "b"})
            if i < 0.6 * n:
                rows.append({"id": e["id"], "summary": e["source"]})
            handle.writelines(json.dumps(row) + "\n" for row in rows)
    covered = {"a": sum(1 for i in range(n) if i % 10), "b": sum(1 for i in range(n) if i % 4 == 0)}
    covered[path.stem] = sum(1 for i in range(n) if i < 0.6 * n)
    return {name: (c, n - c) for name, c in covered.items()}


def config(folder: Path, data: Path, summarizer: str) -> Path:
    folder.mkdir()
    path = folder / "c.yaml"
    path.write_text(
        f"name: paths\ndataset: {{path: '{data}'}}\nsummarizers:\n  - {summarizer}\n"
        "metrics: [{type: rouge}, {type: textstats}]\n"
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--hf", action="store_true", help="also the hf summarizer (slow)")
    args = parser.parse_args()
    n = args.examples
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vocabulary = None
        if args.hf:
            from tests.tiny_models import WORDS

            # Built in a child: torch imported here would count in every later child's peak
            # memory (a forked child starts as a copy of this process).
            models = folder / "models"
            build = (
                "from pathlib import Path; from tests.tiny_models import build_tiny_models; "
                f"build_tiny_models(Path({str(models)!r}))"
            )
            subprocess.run([sys.executable, "-c", build], cwd=ROOT, check=True, capture_output=True)
            vocabulary = [w for w in WORDS if not w.startswith("<")]
        data = write_dataset(folder / "data.jsonl", n, vocabulary=vocabulary)
        script = folder / "first_words.py"
        script.write_text(COMMAND)
        tenth = sum(1 for i in range(n) if str(i % 10) == "7")
        predictions = folder / "preds.jsonl"
        expected_score = write_predictions(data, predictions)
        server = FakeOpenAI().__enter__()
        command = (
            f"{{type: command, name: cmd, args: {{command: ['{sys.executable}', '{script}'], "
            "batch_size: 1000}}"
        )
        llm = (
            "{type: llm, name: llm, args: {endpoint: "
            f"{{base_url: '{server.base_url}', model: tiny, concurrency: 8}}}}}}"
        )
        scored = ["--metrics", "rouge,textstats"]
        paths = {
            "score (predictions)": (
                ["score", "--dataset", str(data), "--predictions", str(predictions), *scored],
                expected_score,
            ),
            "run (command)": (
                ["run", str(config(folder / "command", data, command))],
                {"cmd": (n - tenth, tenth)},
            ),
            "run (llm, 127.0.0.1)": (
                ["run", str(config(folder / "llm", data, llm))],
                {"llm": (n, 0)},
            ),
        }
        if args.hf:
            hf = (
                f"{{type: hf, name: tiny, args: {{model: '{models / 'bart'}', batch_size: 100, "
                "generation: {max_new_tokens: 6, num_beams: 1}}}"
            )
            paths["run (hf, tiny BART)"] = (["run", str(config(folder / "hf", data, hf))], None)
        print(f"{n:,} examples; load {os.getloadavg()[0]:.1f}")
        for label, (argv, expected) in paths.items():
            out = folder / label.split()[1].strip("()") / "out"
            cold = timed([*argv, "--output", str(out)])
            warm = timed([*argv, "--output", str(out)])
            counts = board(out)
            if expected is not None and counts != expected:
                print(f"WRONG COUNTS for {label}: {counts}, expected {expected}")
                return 1
            if expected is None and any(a + b != n for a, b in counts.values()):
                print(f"WRONG COUNTS for {label}: {counts}")
                return 1
            shown = ", ".join(f"{s} {a}/{b} failed" for s, (a, b) in sorted(counts.items()))
            print(
                f"{label:<22} cold {cold[0]:6.1f} s {cold[1]:5.0f} MiB | "
                f"warm {warm[0]:5.1f} s {warm[1]:5.0f} MiB | {shown}",
                flush=True,
            )
        server.__exit__(None, None, None)
        # The warm run must send nothing: every summary comes from the cache.
        print(f"requests the llm endpoint served, cold and warm: {len(server.requests):,}")
        if len(server.requests) != n:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
