"""Which folders a run may write into: only its own.

A results folder is ours when it does not exist yet, is empty, or carries the marker file a run
writes first (``.summbench-results``; folders from before the marker are recognised by their
``run.json``, ``meta_eval.json`` or ``probe.json``). Anything else (the user's project folder,
``.``, a folder of papers) is refused before any work, with the fix. The challenge build and
the verifier's training write other files (``--out``) and recognise the folders they wrote
before the marker by their own ``manifest.json`` or weights. Links planted in a folder of ours
are never written through (see :mod:`bench.records.links`). Nothing the run reads may
be one of the files it writes: a predictions file called ``predictions.jsonl`` inside
``--output`` would be overwritten by the harness's own after the first system. Experiment
names must be plain folder names, so that ``results/<name>`` never leaves ``results/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ...errors import ConfigError, SummbenchError
from ...filenames import (
    EXAMPLES,
    LAST_RUN,
    LEADERBOARD_FORMATS,
    PREDICTIONS,
    RUN,
    SCORES,
    leaderboard_file,
)
from ...records.files import write_text_atomic
from ...records.links import is_own_file, refuse_linked_file, refuse_linked_folder
from .lock import LOCK_NAME, FolderLock

MARKER = ".summbench-results"
#: The figures' folder inside a results folder; never a link.
PLOTS = "plots"
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


def _read_own_json(path: Path) -> object:
    """The JSON in ``path`` when it is a regular file (a link to someone's run.json makes no
    folder ours); None when absent or unreadable."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _has_keys(data: object, keys: set[str], lists: tuple[str, ...]) -> bool:
    return (
        isinstance(data, dict)
        and keys <= set(data)
        and all(isinstance(data[k], list) for k in lists)
    )


def _written_by_us(folder: Path) -> bool:
    """Folders written before the marker existed: a run.json, meta_eval.json or probe.json with
    the structure summbench gives them (the committed meta-eval and probe folders are such)."""
    return (
        _has_keys(_read_own_json(folder / "run.json"), {"experiment", "config", "seed"}, ())
        or _has_keys(
            _read_own_json(folder / "probe.json"),
            {"experiment", "dataset", "cells", "signatures"},
            ("cells",),
        )
        or _is_meta_eval(_read_own_json(folder / "meta_eval.json"))
    )


def _is_meta_eval(data: object) -> bool:
    """meta_eval.json of a pyramid meta-evaluation or of one on consistency labels."""
    common = {"dataset", "rows", "signatures"}
    return _has_keys(data, common | {"systems", "documents", "units"}, ("rows", "systems")) or (
        _has_keys(data, common | {"pairs", "consistent", "transfer_from"}, ("rows",))
    )


def _has_marker(folder: Path) -> bool:
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink()


def check_folder(
    folder: Path,
    written: Iterable[str] = WRITTEN,
    *,
    option: str = "--output",
    ours: Callable[[Path], bool] | None = None,
) -> None:
    """Refuse a folder that exists, holds something, and was not written by summbench; and a
    folder of ours whose ``plots/`` is a link (figures would be written wherever it points).
    ``written`` (the files the command writes) and ``option`` (its folder option) go into the
    message; ``ours`` recognises a folder the command wrote before the marker existed."""
    if folder.is_symlink() and not folder.exists():
        raise SummbenchError(
            "the output folder is a broken link.", where=str(folder), fix="give another folder."
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise SummbenchError(
            "the output folder is a file.", where=str(folder), fix=f"give a folder with {option}."
        )
    # A run that has just taken the lock owns the folder too; a marker that is a link (even a
    # dangling one) is no marker, and claim() replaces it.
    marks = {MARKER, LOCK_NAME}
    if not (
        _has_marker(folder)
        or _written_by_us(folder)
        or (ours is not None and ours(folder))
        or not any(p.name not in marks for p in folder.iterdir())
    ):
        written = tuple(written)
        files = (
            "leaderboard.*, predictions.jsonl and other result files"
            if written == WRITTEN
            else ", ".join(written)
        )
        example = " results/my-run" if option == "--output" else " NEW-FOLDER"
        raise SummbenchError(
            f"this folder holds files that summbench did not write; this command would "
            f"overwrite its {files}.",
            where=str(folder),
            fix=f"write to a new or empty folder ({option}{example}).",
        )
    refuse_linked_folder(folder / PLOTS)


def check_inputs(
    folder: Path,
    inputs: Iterable[str | Path],
    written: Iterable[str] = WRITTEN,
    *,
    option: str = "--output",
) -> None:
    """Refuse an input file that the run would overwrite (or delete: its temporary files);
    ``written`` names the files the command writes at the top of ``folder``."""
    written = {(folder / name).resolve() for name in written}
    for given in inputs:
        path = Path(given)
        if path.is_file() and path.resolve() in written:
            raise SummbenchError(
                f"{path.name} is an input of this run and a file it writes: it would be "
                "overwritten with the harness's own before it is read again.",
                where=str(path),
                fix=f"write to another folder ({option}), or move the input out of "
                f"{folder}.",
            )


def claim(folder: Path) -> None:
    """Mark the folder as a results folder (after :func:`check_folder`). A marker that is a
    link is replaced (by a rename: its target is never written or created)."""
    marker = folder / MARKER
    if not is_own_file(marker):
        write_text_atomic(
            marker, "This folder is written by summbench; do not keep other files here.\n"
        )


@contextmanager
def own_folder(
    folder: Path,
    inputs: Iterable[str | Path] = (),
    written: Iterable[str] = WRITTEN,
    *,
    option: str = "--output",
    ours: Callable[[Path], bool] | None = None,
    refuse_links: bool = False,
) -> Iterator[None]:
    """Check, lock and mark ``folder`` for a command that writes it (run, score, meta-eval,
    probe, plot, the challenge build, training): everything a command must do before its
    work. ``option`` and ``ours`` as in :func:`check_folder`. With ``refuse_links``, a symbolic
    or hard link planted at a ``written`` file is refused here: commands whose work takes
    minutes (the challenge build, training) say so before it starts, rather than replace the
    link (their writes never follow it either) at the end."""
    written = tuple(written)
    check_folder(folder, written, option=option, ours=ours)
    check_inputs(folder, inputs, written, option=option)
    if refuse_links:
        for name in written:
            refuse_linked_file(
                folder / name,
                fix=f"remove {name} (summbench writes its own), or give another folder with "
                f"{option}.",
            )
    with FolderLock(folder):
        claim(folder)
        yield


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
