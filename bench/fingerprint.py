"""Digests of what lies outside a plugin's settings but can change its numbers: files, folders
and code.

A cache key that names a file by its path goes stale the moment the file is edited; these
digests name it by its bytes. Hashing is memoized on the file's identity and stat (device,
inode, size, modification time and change time), so a multi-gigabyte model folder is read once
however many keys name it, and read again as soon as any of its files changes. The change time
is there because a user can set the modification time back (``os.utime``, ``touch -r``, an
archive tool) but not the change time, which any write or ``utime`` moves. The kernel stamps
both from a clock that ticks every few milliseconds, so a rewrite within one tick of the
hashing could still look unchanged: every run therefore starts with an empty memo
(:func:`forget_digests`), and what a run keys is read from the disk at least once per run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

_MEMO: dict[tuple, str] = {}
_MEMO_LOCK = threading.Lock()
_BLOCK = 1 << 20


def _stat_key(path: Path) -> tuple:
    stat = path.stat()
    return (
        str(path.resolve()),
        stat.st_dev,
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ctime_ns,
    )


def forget_digests() -> None:
    """Empty the memo: the next digest of every file reads its bytes again.

    Called at the start of every run, so a file rewritten in place between two runs of one
    process (same size, modification time set back) is never keyed by its old bytes.
    """
    with _MEMO_LOCK:
        _MEMO.clear()


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    path = Path(path)
    memo_key = _stat_key(path)
    with _MEMO_LOCK:
        if memo_key in _MEMO:
            return _MEMO[memo_key]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    value = digest.hexdigest()
    with _MEMO_LOCK:
        _MEMO[memo_key] = value
    return value


def _tree_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` except hidden ones (``.git``, editor files, caches)."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += [Path(root) / n for n in sorted(names) if not n.startswith(".")]
    return files


def tree_digest(path: str | Path) -> str:
    """SHA-256 over the relative names and bytes of every file in a folder (or of one file)."""
    path = Path(path)
    if path.is_file():
        return file_digest(path)
    digest = hashlib.sha256()
    for file in _tree_files(path):
        digest.update(str(file.relative_to(path)).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(file_digest(file).encode() + b"\0")
    return digest.hexdigest()


def sources_digest(folder: str | Path, suffix: str = ".py") -> str:
    """SHA-256 over the relative names and bytes of the files ending in ``suffix`` under
    ``folder``: a Python package's source, without the ``__pycache__`` its own runs write
    (which would give the package another digest after every first run)."""
    folder = Path(folder)
    digest = hashlib.sha256()
    for file in _tree_files(folder):
        if file.suffix != suffix or "__pycache__" in file.relative_to(folder).parts:
            continue
        digest.update(str(file.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(file_digest(file).encode() + b"\0")
    return digest.hexdigest()


def path_digest(path: str | Path) -> str:
    """What a key records for a path a plugin reads: the digest of its content, or ``missing``
    (a plugin that needs the file reports that itself, with a better message)."""
    path = Path(path)
    if not path.exists():
        return "missing"
    return tree_digest(path)


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def code_version(cls: type) -> str:
    """Which code a plugin class is: its distribution and version, or for code outside any
    installed distribution (a module in the current folder or on PYTHONPATH, named by an import
    string), the digest of its source file.

    Built-ins are summbench's own code: its version. A release that changes a number therefore
    starts new keys. A module's digest covers that file only, not the helpers it imports.
    """
    top = cls.__module__.split(".")[0]
    if top == "bench":
        from ._version import __version__

        return f"summbench-{__version__}"
    module = sys.modules.get(cls.__module__)
    source = getattr(module, "__file__", None)
    source_digest = (
        f"file:{file_digest(source)[:16]}" if source and Path(source).is_file() else None
    )
    names = _distributions().get(top)
    if names:
        name = sorted(names)[0]
        version = f"{name}-{metadata.version(name)}"
        # An editable install keeps its version while its code is edited: add the source.
        return f"{version}+{source_digest}" if _editable(name) and source_digest else version
    return source_digest or f"module:{cls.__module__}"


@cache
def _editable(distribution: str) -> bool:
    try:
        text = metadata.distribution(distribution).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return False
    try:
        return bool(json.loads(text or "{}").get("dir_info", {}).get("editable"))
    except (ValueError, AttributeError):
        return False
