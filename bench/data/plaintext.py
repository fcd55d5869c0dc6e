"""Line-aligned plain-text files, as sacrebleu users keep them: one summary per line in a
hypothesis file, the references of that line in one or more reference files, and optionally
the source documents.

They are turned into the harness's own formats (a JSONL dataset and a JSONL predictions file)
so that they go through the same loading, checks, caching and scoring as everything else.
Lines are cut at "\\n" only (a U+2028 inside a summary is text) and a "\\r" before it is
dropped (files written on Windows). ``-`` reads standard input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import DatasetError
from ..utf8 import read_utf8
from ..wording import counted

STDIN = "-"


def read_lines(name: str, *, stdin_text: str | None = None) -> list[str]:
    """The lines of a text file (``-``: standard input), without their line ends."""
    if name == STDIN:
        text = stdin_text if stdin_text is not None else sys.stdin.read()
    else:
        path = Path(name)
        if not path.is_file():
            raise DatasetError("no such file.", where=name, fix="check the path.")
        text = read_utf8(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _once(names: Sequence[str], option: str, why: str) -> None:
    """Refuse a file named twice in one option, however its path is spelled (``a.txt``,
    ``./a.txt``, a link to it): the files are keyed by name, and a repeat would either
    collapse silently or be scored twice."""
    seen: dict[object, str] = {}
    for name in names:
        if name == STDIN:
            continue
        path = Path(name)
        try:
            key: object = (path.stat().st_dev, path.stat().st_ino)  # the file itself
        except OSError:
            key = path.resolve()  # missing: read_lines says so, with its own message
        if key in seen:
            same = f"{name}" if seen[key] == name else f"{seen[key]} and {name}"
            raise DatasetError(
                f"{option} names the same file twice ({same}): {why}.",
                where=option,
                fix=f"name each file once after {option}.",
            )
        seen[key] = name


def _check_lengths(named: dict[str, list[str]]) -> int:
    counts = {name: len(lines) for name, lines in named.items()}
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{name}: {counted(count, 'line')}" for name, count in counts.items())
        raise DatasetError(
            f"the files are not line-aligned ({listed}).",
            where=", ".join(counts),
            fix="give every file one line per example, in the same order (a summary or a "
            "reference may be an empty line, but not a missing one).",
        )
    return next(iter(counts.values()))


def write_plain_inputs(
    hypotheses: Sequence[str],
    references: Sequence[str],
    sources: str | None,
    folder: Path,
) -> tuple[Path, Path, list[str]]:
    """Write the dataset and predictions JSONL files for these text files into ``folder``.

    Returns (dataset file, predictions file, system names). Example ids are line numbers.
    """
    if sum(name == STDIN for name in [*hypotheses, *references, sources or ""]) > 1:
        raise DatasetError(
            "standard input (-) is named twice.",
            where="--hyp/--refs/--src",
            fix="read at most one of the files from standard input.",
        )
    _once(hypotheses, "--hyp", "a summary file twice would be two identical systems")
    _once(references, "--refs", "a reference file twice would count its references twice")
    texts = {f"--hyp {name}": read_lines(name) for name in hypotheses}
    refs = {f"--refs {name}": read_lines(name) for name in references}
    src = {f"--src {sources}": read_lines(sources)} if sources else {}
    n = _check_lengths({**texts, **refs, **src})
    if n == 0:
        raise DatasetError(
            "the files are empty.", where=", ".join(texts), fix="give one line per example."
        )
    dataset, predictions = folder / "dataset.jsonl", folder / "predictions.jsonl"
    with dataset.open("w", encoding="utf-8") as handle:
        for i in range(n):
            line_refs = [lines[i] for lines in refs.values() if lines[i].strip()]
            if not line_refs:
                raise DatasetError(
                    f"line {i + 1} has no reference in any reference file.",
                    where=", ".join(name.split(" ", 1)[1] for name in refs),
                    fix="give every line at least one non-empty reference.",
                )
            row = {
                "id": str(i + 1),
                "source": next(iter(src.values()))[i] if src else "",
                "references": line_refs,
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    systems = _system_names(hypotheses)
    with predictions.open("w", encoding="utf-8") as handle:
        for system, lines in zip(systems, texts.values(), strict=True):
            for i, line in enumerate(lines):
                row = {"id": str(i + 1), "summary": line, "system": system}
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return dataset, predictions, systems


def _system_names(hypotheses: Sequence[str]) -> list[str]:
    """A row name per hypothesis file: its name without the suffix (``stdin`` for ``-``),
    numbered where two would be alike."""
    names = ["stdin" if h == STDIN else Path(h).stem or Path(h).name for h in hypotheses]
    return [
        f"{name}-{names[:i].count(name) + 1}" if names.count(name) > 1 else name
        for i, name in enumerate(names)
    ]
