"""One run at a time per results folder.

Two runs writing the same folder would interleave their tables. The first takes an exclusive
lock on ``<folder>/.summbench.lock`` (``flock``: released by the kernel when the process ends,
however it ends, so a killed run never leaves a stale lock); a second run is refused at once,
before it generates anything. Taking the lock is also the first write to the folder, so a
read-only or missing folder is reported before any work is done.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..errors import SummbenchError

LOCK_NAME = ".summbench.lock"


class FolderLock:
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
                fix="remove the link (summbench creates its own lock file).",
            ) from err
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
