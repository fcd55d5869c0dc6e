"""Which folders a run may write into: only its own.

A results folder is ours when it does not exist yet, is empty, or carries the marker file a run
writes first (``.summbench-results``; folders from before the marker are recognised by their
``run.json``). Anything else (the user's project folder, ``.``, a folder of papers) is refused
before any work, with the fix. Nothing the run reads may be one of the files it writes: a
predictions file called ``predictions.jsonl`` inside ``--output`` would be overwritten by the
harness's own after the first system. Experiment names must be plain folder names, so that
``results/<name>`` never leaves ``results/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError, SummbenchError
from ..filenames import (
    EXAMPLES,
    LAST_RUN,
    LEADERBOARD_FORMATS,
    PREDICTIONS,
    RUN,
    SCORES,
    leaderboard_file,
)
from .lock import LOCK_NAME

MARKER = ".summbench-results"
#: Everything a run writes at the top of its folder (plots/ and hidden files aside).
WRITTEN = (
    PREDICTIONS,
    SCORES,
    EXAMPLES,
    RUN,
    LAST_RUN,
    "cache.sqlite",
    *(leaderboard_file(fmt) for fmt in LEADERBOARD_FORMATS),
)
_PLAIN_NAME = re.compile(r"[^/\\\x00]+")


def check_name(name: str, *, where: str) -> None:
    """An experiment name becomes ``results/<name>``: it must be one plain folder name."""
    if not _PLAIN_NAME.fullmatch(name) or name in (".", "..") or name.strip() != name:
        raise ConfigError(
            f"the name {name[:80]!r} is not a plain folder name: results go to "
            "results/<name>, and this one would leave results/ or be no folder at all.",
            where=where,
            fix="use letters, digits, dots, dashes and underscores (e.g. my-run), or set "
            "`output` to the folder you want.",
        )


def _is_summbench_run(folder: Path) -> bool:
    """Folders written before the marker existed: a run.json of ours."""
    try:
        data = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"experiment", "config", "seed"} <= set(data)


def check_folder(folder: Path) -> None:
    """Refuse a folder that exists, holds something, and was not written by summbench."""
    if folder.is_symlink() and not folder.exists():
        raise SummbenchError(
            "the results folder is a broken link.", where=str(folder), fix="give another folder."
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise SummbenchError(
            "the results folder is a file.", where=str(folder), fix="give a folder with --output."
        )
    ours = {MARKER, LOCK_NAME}  # a run that has just taken the lock owns the folder too
    if (folder / MARKER).is_file() or _is_summbench_run(folder):
        return
    if not any(p.name not in ours for p in folder.iterdir()):
        return
    raise SummbenchError(
        "this folder holds files that summbench did not write; a run would overwrite its "
        "leaderboard.*, predictions.jsonl and other result files.",
        where=str(folder),
        fix="write the results to a new or empty folder (--output results/my-run).",
    )


def check_inputs(folder: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an input file that the run would overwrite (or delete: its temporary files)."""
    written = {(folder / name).resolve() for name in WRITTEN}
    for given in inputs:
        path = Path(given)
        if path.is_file() and path.resolve() in written:
            raise SummbenchError(
                f"{path.name} is an input of this run and a file it writes: it would be "
                "overwritten with the harness's own before it is read again.",
                where=str(path),
                fix="write the results to another folder (--output), or move the input out of "
                f"{folder}.",
            )


def claim(folder: Path) -> None:
    """Mark the folder as a results folder (after :func:`check_folder`)."""
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text("This folder is written by summbench; do not keep other files here.\n")


def config_inputs(value: object) -> list[str]:
    """Every string in a config that names an existing file: what the run reads."""
    found: list[str] = []
    if isinstance(value, str):
        if value and len(value) < 4096 and "\n" not in value:
            try:
                if Path(value).is_file():
                    found.append(value)
            except (OSError, ValueError):
                pass
    elif isinstance(value, dict):
        for v in value.values():
            found += config_inputs(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            found += config_inputs(v)
    return found
