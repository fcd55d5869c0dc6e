"""Errors a user can act on.

Every error the harness raises for bad input is a :class:`SummbenchError`: it says *where*
(a file, a line, a key path), *what* is wrong and *how to fix it*. The CLI prints the message
without a traceback and exits non-zero.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SummbenchError(Exception):
    """A problem with the user's input, reported as one readable paragraph."""

    def __init__(self, message: str, *, where: str | None = None, fix: str | None = None):
        self.where = where
        self.fix = fix
        self.problem = message
        parts = [f"{where}: {message}" if where else message]
        if fix:
            parts.append(f"Fix: {fix}")
        super().__init__(" ".join(parts))


class ConfigError(SummbenchError):
    """A malformed experiment configuration."""


class DatasetError(SummbenchError):
    """A dataset that cannot be loaded or fails validation."""


class RegistryError(SummbenchError):
    """An unknown or broken plugin name."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ' Did you mean "x"?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
