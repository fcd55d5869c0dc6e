"""Benchmark: ``summbench meta-eval`` at pyramid scale (25 systems x 100 documents).

Run from the repository root:  python perf/metaeval_bench.py [--systems 25] [--documents 100]
                                                             [--skip-pyrxsum] [--keep DIR]

Two runs, each a fresh ``summbench meta-eval`` process with the default settings (what a user
gets: every overlap metric, the five default matchers, the learned matcher's cross-validated
refit, 1,000 bootstrap resamples), stderr piped (so no progress bars):

* **PyrXSum itself** (../shared/data/PyrXSum: 10 systems x 100 documents, 4,780 units);
* **a pyramid-scale set built from it**, about the size of REALSumm (25 systems x 100
  CNN/DailyMail documents, ~26,000 (SCU, summary) units), written as a pyramid folder.

How the pyramid-scale set is built (seeded; every human label stays attached to the summary
it was given for). Each synthetic document joins two PyrXSum documents (three, one time in
five): its source, reference and SCU list are theirs, concatenated in order, so it has ~10.5
SCUs, as REALSumm's documents do. Each synthetic system has a base system (the real systems
in turn); for each part of a document it takes the base system's summary of that part with
probability 0.7, otherwise a real system drawn uniformly, and writes the parts' summaries one
after the other. A summary's labels are the labels its parts' summaries received for their
own SCUs, in the same order. The one approximation: an SCU of one part is labelled absent
from the summary of another part (they are different articles; a cross-article mention is
rare). Systems differ in quality through their bases, so the system-level correlations are not
degenerate; real duplicate summaries (two systems drawing the same parts) occur as they do in
real data. Only the *speed* of this set is of interest; its correlations are not findings.

Prints, per run: wall seconds, CPU seconds (user + system: less sensitive than wall time to
other work on a shared machine), peak resident MiB (the child's ``ru_maxrss``), the load
average at start and end, and the time of each phase (between the command's log lines on
stderr).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PYRXSUM = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "PyrXSum"
#: The share of a synthetic system's parts taken from its base system.
BASE_SHARE = 0.7
#: The share of synthetic documents made of three PyrXSum documents (the rest: two).
THREE_PARTS = 0.2
#: How the command's log lines start (other lines on stderr, library warnings, are not phases).
PHASES = ("scoring ", "matching ", "refitting ", "combining ", "bootstrapping ")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def build_pyramid_set(
    folder: Path, systems: int, documents: int, seed: int = 0, source: Path = PYRXSUM
) -> dict[str, int]:
    """Write the resampled pyramid folder (see the module docstring); return its sizes."""
    rng = np.random.default_rng(seed)
    ids = _lines(source / "ids.txt")
    texts = {name: _lines(source / f"{name}.txt") for name in ("documents", "references", "SCUs")}
    real = sorted(p.stem for p in (source / "summaries").glob("*.summary"))
    summaries = {s: _lines(source / "summaries" / f"{s}.summary") for s in real}
    labels = {s: _lines(source / "labels" / f"{s}.label") for s in real}
    n = len(ids)
    parts = [
        rng.choice(n, size=3 if rng.random() < THREE_PARTS else 2, replace=False)
        for _ in range(documents)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ids.txt").write_text("".join(f"synth{d:04d}\n" for d in range(documents)))
    for name in ("documents", "references"):
        joined = (" ".join(texts[name][i] for i in p) for p in parts)
        (folder / f"{name}.txt").write_text("".join(f"{line}\n" for line in joined))
    (folder / "SCUs.txt").write_text(
        "".join("\t".join(texts["SCUs"][i].strip() for i in p) + "\n" for p in parts)
    )
    (folder / "summaries").mkdir(exist_ok=True)
    (folder / "labels").mkdir(exist_ok=True)
    units = 0
    for k in range(systems):
        base = real[k % len(real)]
        summary_lines, label_lines = [], []
        for p in parts:
            drawn = [
                base if rng.random() < BASE_SHARE else real[rng.integers(len(real))] for _ in p
            ]
            summary_lines.append(
                " ".join(summaries[s][i].strip() for s, i in zip(drawn, p, strict=True))
            )
            cells = [
                c
                for s, i in zip(drawn, p, strict=True)
                for c in labels[s][i].split("\t")
                if c.strip()
            ]
            label_lines.append("\t".join(cells))
            units += len(cells)
        name = f"sys{k:02d}-{base}"
        (folder / "summaries" / f"{name}.summary").write_text("\n".join(summary_lines) + "\n")
        (folder / "labels" / f"{name}.label").write_text("\n".join(label_lines) + "\n")
    return {"systems": systems, "documents": documents, "units": units}


def timed_meta_eval(dataset: Path, output: Path, extra: list[str]) -> dict:
    """Wall seconds, peak resident MiB and phase times of one fresh meta-eval process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "bench", "meta-eval", "--dataset", str(dataset)]
    command += ["--output", str(output), *extra]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    phases: list[tuple[str, float]] = []
    tail: list[str] = []
    assert child.stderr is not None
    for line in child.stderr:  # each of the command's log lines starts a phase
        if line.startswith(PHASES):
            phases.append((line.strip(), time.perf_counter() - start))
        tail = [*tail, line][-20:]
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"summbench meta-eval failed:\n{''.join(tail)}")
    timed = [
        (name, (phases[i + 1][1] if i + 1 < len(phases) else seconds) - at)
        for i, (name, at) in enumerate(phases)
    ]
    return {
        "seconds": seconds,
        "peak_mib": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "load_start": load,
        "load_end": os.getloadavg()[0],
        "startup": phases[0][1] if phases else seconds,
        "phases": timed,
    }


def report(title: str, result: dict) -> None:
    print(
        f"{title}: {result['seconds']:.1f} s, {result['cpu']:.1f} CPU s, peak "
        f"{result['peak_mib']:.0f} MiB (load average {result['load_start']:.2f} at start, "
        f"{result['load_end']:.2f} at end)"
    )
    print(f"  {result['startup']:7.1f} s  start-up (imports, loading the data)")
    for name, seconds in result["phases"]:
        print(f"  {seconds:7.1f} s  {name}")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=25)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-pyrxsum", action="store_true", help="only the large set")
    parser.add_argument("--skip-large", action="store_true", help="only PyrXSum")
    parser.add_argument("--keep", type=Path, help="write the set and the reports here")
    parser.add_argument("extra", nargs="*", help="more meta-eval arguments (after --)")
    args = parser.parse_args()
    if not PYRXSUM.is_dir():
        raise SystemExit(f"no PyrXSum folder at {PYRXSUM} (see ../shared/data/SOURCES.md)")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        if not args.skip_pyrxsum:
            result = timed_meta_eval(PYRXSUM, root / "out-PyrXSum", args.extra)
            report("PyrXSum (10 systems x 100 documents, 4,780 units)", result)
        if not args.skip_large:
            folder = root / f"pyramid-{args.systems}x{args.documents}"
            sizes = build_pyramid_set(folder, args.systems, args.documents, args.seed)
            result = timed_meta_eval(folder, root / f"out-{folder.name}", args.extra)
            report(
                f"resampled set ({sizes['systems']} systems x {sizes['documents']} documents, "
                f"{sizes['units']:,} units)",
                result,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
