"""What more than one test file uses: paths, small builders for files the tests write (sumy's
tests/utils.py habit), and the data several tests share. Fixtures live in conftest.py.
No test file imports from another test file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np


def write(tmp_path, name: str, content: str | bytes) -> str:
    """Write text (UTF-8) or bytes to ``tmp_path/name``; returns the path as a string."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def jsonl(*rows) -> str:
    """Rows as JSON Lines text."""
    return "".join(json.dumps(r) + "\n" for r in rows)


def compile_latex(table: str, folder) -> subprocess.CompletedProcess:
    """pdflatex on a minimal document holding ``table`` (booktabs), in ``folder``: the run,
    for its return code and log; the PDF is ``folder/t.pdf``."""
    document = (
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
        + table
        + "\\end{document}\n"
    )
    (folder / "t.tex").write_text(document, encoding="utf-8")
    return subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


ROOT = Path(__file__).resolve().parent.parent
SEED_DATASET = ROOT / "seeds" / "nk-diplomat"


def python_output(code: str) -> str:
    """What ``code`` prints, run by a fresh interpreter from the repository root (for what
    only a new process shows: its imports, its garbage-collector settings)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout.strip()


#: Files a test wants a person to look at (screenshots), listed at the end of the run.
ARTIFACTS: list[Path] = []


def make_pyramid(folder: Path) -> Path:
    """A tiny pyramid folder: 3 documents, 3 systems, human labels."""
    docs = [
        "The cat sat on the mat in Paris. It was sunny.",
        "Ten ministers met in Rome on Monday. They agreed a budget.",
        "A storm hit the coast. Two towns lost power.",
    ]
    refs = [
        "A cat sat on a mat in Paris.",
        "Ten ministers agreed a budget in Rome.",
        "A storm cut power to two towns.",
    ]
    scus = [
        ["A cat sat on a mat.", "The cat was in Paris."],
        ["Ten ministers met.", "The ministers agreed a budget.", "They met in Rome."],
        ["A storm hit.", "Two towns lost power.\t"],
    ]
    systems = {
        "good": (
            [
                "a cat sat on a mat in paris .",
                "ten ministers agreed a budget in rome .",
                "a storm cut power to two towns .",
            ],
            [[1, 1], [1, 1, 1], [1, 1]],
        ),
        "half": (
            ["a cat sat on a mat .", "ministers met .", "a storm hit ."],
            [[1, 0], [0, 0, 0], [1, 0]],
        ),
        "bad": (["it was sunny .", "monday .", "the coast ."], [[0, 0], [0, 0, 0], [0, 0]]),
    }
    folder.mkdir()
    (folder / "ids.txt").write_text("d0\nd1\nd2\n")
    (folder / "documents.txt").write_text("\n".join(docs) + "\n")
    (folder / "references.txt").write_text("\n".join(refs))  # no final newline: fine
    (folder / "SCUs.txt").write_text("\n".join("\t".join(s) for s in scus) + "\n")
    (folder / "summaries").mkdir()
    (folder / "labels").mkdir()
    for name, (summaries, labels) in systems.items():
        (folder / "summaries" / f"{name}.summary").write_text("\n".join(summaries) + "\n")
        (folder / "labels" / f"{name}.label").write_text(
            "\n".join("\t".join(map(str, row)) for row in labels) + "\n"
        )
    return folder


def _sentence(rng: np.random.Generator, vocabulary: list[str]) -> str:
    words = rng.choice(vocabulary, size=int(rng.integers(5, 10)))
    return " ".join(words).capitalize() + "."


def write_dataset(path: Path, n: int, seed: int = 0, vocabulary: list[str] | None = None) -> Path:
    """``n`` small news-like examples (three-sentence sources, two references) as JSONL."""
    rng = np.random.default_rng(seed)
    vocabulary = vocabulary or [f"w{i}" for i in range(300)]
    with path.open("w") as handle:
        for i in range(n):
            source = " ".join(_sentence(rng, vocabulary) for _ in range(3))
            refs = [_sentence(rng, vocabulary), source.split(". ")[0] + "."]
            handle.write(json.dumps({"id": f"doc{i:05d}", "source": source, "references": refs}))
            handle.write("\n")
    return path


_CSI = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])")


def screen(raw: str, columns: int) -> list[str]:
    """The lines a terminal ``columns`` wide shows after ``raw`` (scrollback included): text
    wraps at the width, a carriage return goes back to the start of the line, a line feed
    starts the next, ESC[2K / ESC[K clear the line, ESC[nA moves up, colours and other
    sequences change nothing."""
    lines: list[list[str]] = [[]]
    row = col = 0
    i = 0
    while i < len(raw):
        match = _CSI.match(raw, i)
        if match:
            code, final = match.groups()
            if final == "K":
                lines[row] = [] if code == "2" else lines[row][:col]
            elif final == "A":
                row = max(row - int(code or 1), 0)
            i = match.end()
            continue
        char = raw[i]
        i += 1
        if char == "\r":
            col = 0
        elif char == "\n":  # the terminal driver adds the carriage return (onlcr)
            row, col = row + 1, 0
            if row == len(lines):
                lines.append([])
        elif char >= " ":
            if col == columns:  # the character after the last column starts the next line
                row, col = row + 1, 0
                if row == len(lines):
                    lines.append([])
            line = lines[row]
            line.extend(" " * (col - len(line) + 1))
            line[col] = char
            col += 1
    shown = ["".join(line).rstrip() for line in lines]
    while shown and not shown[-1]:
        shown.pop()
    return shown


#: SummaC-format consistency pairs: one document, claims labelled consistent or not.
DOC = (
    "Ten ministers met in Rome on Monday. They agreed a budget of 5 billion euros. "
    "The talks were chaired by Anna Berg."
)
PAIRS = {
    "a": {"document": DOC, "claim": "Ten ministers agreed a budget in Rome.", "label": 1},
    "b": {"document": DOC, "claim": "Anna Berg chaired the talks.", "label": "1"},
    "c": {"document": DOC, "claim": "Twelve ministers met in Paris on Friday.", "label": 0},
    "d": {"document": DOC, "claim": "The budget was rejected by Tom Smith.", "label": 0},
    "e": {"document": DOC, "claim": "The ministers met in Rome.", "label": 1},
    "f": {"document": DOC, "claim": "A storm closed the airport in Oslo.", "label": 0},
}


# -- a 1,000-example board where systems fail --------------------------------------------------

#: b misses 30 examples, the hardest for everyone; on the 970 it did it is just below a, but
#: a mean over its own 970 against a's over 1000 would put it first.
B_MISSES = range(970, 1000)
#: d misses 400: ranking it would leave 60% of the examples, so it is listed apart.
D_MISSES = range(600)
#: The human row misses 3 examples inside the common set: its own examples, said in the notes.
HUMAN_MISSES = (5, 6, 7)
FAILS_N = 1000
FAILS_IDS = [f"e{i:04d}" for i in range(FAILS_N)]


def run_with_failures() -> tuple:
    """A run of five systems over 1,000 examples (a RunRecord and its ItemRecords) in which b,
    d and the human row fail on the examples above."""
    from bench.records import Column, DatasetInfo, ItemRecord, RunRecord, SystemInfo

    rng = np.random.default_rng(7)
    difficulty = np.where(np.arange(FAILS_N) >= 970, 0.1, 0.6) + rng.normal(0, 0.05, FAILS_N)
    values = {
        "a": difficulty + 0.02 + rng.normal(0, 0.05, FAILS_N),
        "b": difficulty + 0.01 + rng.normal(0, 0.05, FAILS_N),
        "c": difficulty + rng.normal(0, 0.05, FAILS_N),
        "d": difficulty + 0.3,
        "human": difficulty + 0.2,
    }
    missing = {"b": set(B_MISSES), "d": set(D_MISSES), "human": set(HUMAN_MISSES)}
    items = []
    for name, scores in values.items():
        for i, example in enumerate(FAILS_IDS):
            failed = i in missing.get(name, ())
            items.append(
                ItemRecord(
                    system=name,
                    example_id=example,
                    failed=failed,
                    error="timeout" if failed else None,
                    n_candidates=1,
                    scores={} if failed else {"r": float(scores[i]), "w": float(i % 7)},
                )
            )
    kinds = {"human": "human"}
    run = RunRecord(
        experiment="fails",
        config_file="t.yaml",
        config={},
        seed=3,
        dataset=DatasetInfo(name="d1k", signature="data:d1k", examples=FAILS_N),
        systems=[
            SystemInfo(name=s, type="x", kind=kinds.get(s, "system"), args={}, signature=s)
            for s in values
        ],
        metrics=[],
        columns=[Column("r", "R", True), Column("w", "Words", None)],
        primary="r",
        shown=["r", "w"],
    )
    return run, items


FAILS_HEADING = "970 of 1000 examples: those every ranked system completed"


#: RoSE-ACU's CNN/DailyMail references with their Atomic Content Units (in ../shared).
ROSE = ROOT.parent / "shared" / "data" / "RoSE-ACU" / "cnndm-test-acus.json"



def _sentences(reference: str) -> list[str]:
    """RoSE's references separate their sentences by runs of spaces."""
    return [s for s in re.split(r"\s{2,}", reference.strip()) if s]


def write_rose_experiment(
    folder: Path, *, systems: int, documents: int | None = None, rose: Path = ROSE
) -> Path:
    """An experiment of CNN/DailyMail-length texts from RoSE-ACU; returns its config's path.

    Examples are numbered in file order (RoSE's own ids repeat); the one without units is
    left out. Each has its reference summary as its one reference, the reference's Atomic Content
    Units as its checklist and, as its source, the reference and the next two (RoSE ships no
    articles). Each of ``systems`` predictions files gives every example a summary of the
    reference's length, distinct from every other: the reference's sentences rotated by the
    system's number, then the first sentence of another example's reference. Scored with
    ROUGE, BERTScore and the checklist (its default matcher).
    """
    rows = [r for r in json.loads(rose.read_text(encoding="utf-8")) if r["acu"]][:documents]
    n = len(rows)
    with (folder / "data.jsonl").open("w", encoding="utf-8") as data:
        for i, row in enumerate(rows):
            source = "  ".join(rows[(i + k) % n]["reference"].strip() for k in range(3))
            record = {
                "id": f"rose-{i:03d}",
                "source": source,
                "references": [row["reference"].strip()],
                "checklist": row["acu"],
            }
            data.write(json.dumps(record) + "\n")
    summarizers = []
    for s in range(systems):
        path = folder / f"system-{s}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                own = _sentences(row["reference"])
                shift = s % len(own)
                other = _sentences(rows[(i + s + 1) % n]["reference"])[0]
                summary = " ".join([*own[shift:], *own[:shift], other])
                out.write(json.dumps({"id": f"rose-{i:03d}", "summary": summary}) + "\n")
        summarizers.append(f"  - {{type: predictions, name: system-{s}, args: {{path: '{path}'}}}}")
    config = folder / "rose.yaml"
    config.write_text(
        "name: rose\n"
        f"dataset: {{path: '{folder / 'data.jsonl'}'}}\n"
        "summarizers:\n" + "\n".join(summarizers) + "\n"
        "metrics: [{type: rouge}, {type: bertscore}, {type: checklist}]\n",
        encoding="utf-8",
    )
    return config
