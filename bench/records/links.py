"""Links inside a results folder are never written through.

A results folder may hold a symbolic link someone planted (``plots/means.png`` -> a user's file,
``plots/`` -> a user's folder, ``cache.sqlite`` -> a user's database) or a hard link (a second
name of a user's file). Writing through either would change a file outside the folder. Files
written whole go through a temporary file and a rename (``write_bytes_atomic`` in
:mod:`bench.records.files`), which replaces the link itself; what cannot be replaced so (the
lock, the SQLite cache, a sub-folder holding temporary files) is checked here with ``lstat``
and refused with the fix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SummbenchError


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def is_own_file(path: Path) -> bool:
    """``path`` is a regular file with no other name: not a link of either kind."""
    found = _lstat(path)
    return found is not None and stat.S_ISREG(found.st_mode) and found.st_nlink == 1


def refuse_linked_file(path: Path, *, fix: str) -> None:
    """Raise unless ``path`` is absent or a regular file of its own (not a symbolic or hard
    link, nor a folder, pipe or device)."""
    found = _lstat(path)
    if found is None or (stat.S_ISREG(found.st_mode) and found.st_nlink == 1):
        return
    if stat.S_ISLNK(found.st_mode):
        problem = "is a symbolic link; summbench never writes through links."
    elif stat.S_ISREG(found.st_mode):
        problem = (
            f"is a hard link (the file has {found.st_nlink} names); writing it would change "
            "the other names too."
        )
    else:
        problem = "is not a regular file."
    raise SummbenchError(problem, where=str(path), fix=fix)


def refuse_linked_folder(path: Path) -> None:
    """Raise unless ``path`` is absent or a real folder (not a symbolic link to one): the
    files summbench writes there would land wherever the link points."""
    found = _lstat(path)
    if found is None or stat.S_ISDIR(found.st_mode):
        return
    what = "a symbolic link" if stat.S_ISLNK(found.st_mode) else "not a folder"
    raise SummbenchError(
        f"is {what}; summbench writes its figures into a folder of its own there.",
        where=str(path),
        fix=f"remove {path.name} (summbench creates the folder itself), or write the results "
        "to a new folder with --output.",
    )


def own_subfolder(path: Path) -> Path:
    """``path`` as a real folder, created when missing; a link there is refused."""
    refuse_linked_folder(path)
    path.mkdir(parents=True, exist_ok=True)
    refuse_linked_folder(path)  # made by someone else between the two steps
    return path


__all__ = ["is_own_file", "own_subfolder", "refuse_linked_file", "refuse_linked_folder"]
