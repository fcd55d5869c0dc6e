"""The results folder: file names, atomic writes, and reading a finished run back."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import SummbenchError
from ..jsonlines import iter_json_objects

PREDICTIONS = "predictions.jsonl"
EXAMPLES = "examples.jsonl"
SCORES = "scores.jsonl"
RUN = "run.json"


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private (0600); results are for sharing: the usual mode instead.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None: results files are strict JSON
    (``NaN`` is not JSON, and browsers and other tools refuse it)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    write_text_atomic(
        path,
        "".join(
            json.dumps(finite(r), ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"
            for r in records
        ),
    )


def write_json(path: Path, record: dict[str, Any]) -> None:
    text = json.dumps(finite(record), ensure_ascii=False, indent=2, allow_nan=False)
    write_text_atomic(path, text + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [
            record
            for _, record in iter_json_objects(
                handle,
                where=str(path),
                error=SummbenchError,
                fix="re-run the experiment to rewrite the results.",
            )
        ]


def read_run(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(run.json, scores.jsonl records) of a finished run."""
    for name in (RUN, SCORES):
        if not (folder / name).is_file():
            raise SummbenchError(
                f"no {name} here: not a finished summbench run.",
                where=str(folder),
                fix="name a folder written by `summbench run` or `summbench score`.",
            )
    run = json.loads((folder / RUN).read_text(encoding="utf-8"))
    return run, read_jsonl(folder / SCORES)
