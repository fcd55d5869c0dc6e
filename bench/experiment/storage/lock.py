"""One run at a time per results folder.

Two runs writing the same folder would interleave their tables. The first takes an exclusive
lock on ``<folder>/.summbench.lock`` (``flock``: released by the kernel when the process ends,
however it ends, so a killed run never leaves a stale lock); a second run is refused at once,
before it generates anything. The lock file is never written through a link (a symbolic one is
not followed, a hard-linked one is refused: its other name would be truncated). Taking the lock
is also the first write to the folder, so a read-only or missing folder is reported before any
work is done.
"""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

from ...errors import SummbenchError
from ...records.links import refuse_linked_file

LOCK_NAME = ".summbench.lock"
_FIX = "remove it (summbench creates its own lock file)."


class FolderLock:
    """The exclusive lock on a results folder, held inside a ``with`` block; the lock file
    says which process holds it ("pid 1234")."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK_NAME
        self._handle = None

    def __enter__(self) -> FolderLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:  # never through a link: its target would be truncated
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as err:
            if not self.path.is_symlink():
                raise
            raise SummbenchError(
                "the lock file is a symbolic link; summbench does not follow it.",
                where=str(self.path),
                fix=_FIX,
            ) from err
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1:
            os.close(fd)
            # A hard link's other name would be truncated below; another kind of file is no
            # lock of ours. Nothing has been written yet.
            refuse_linked_file(self.path, fix=_FIX)
            raise SummbenchError("is not a lock file of ours.", where=str(self.path), fix=_FIX)
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise SummbenchError(
                f"another summbench run ({holder}) is writing this results folder.",
                where=str(self.path.parent),
                fix="wait for it to finish, or give this run its own folder with --output "
                "(both can share one cache: `cache: {path: ...}`).",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
