"""Errors a user can act on.

Every error the harness raises for bad input is a :class:`SummbenchError`: it says *where*
(a file, a line, a key path), *what* is wrong and *how to fix it*. The CLI prints the message
without a traceback and exits non-zero.
"""

from __future__ import annotations

import difflib
import reprlib
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


class Problems(SummbenchError):
    """Several problems found together (the pre-flight check of an experiment, or the bad lines
    of one file), each a :class:`SummbenchError` of its own with its own fix.

    ``notes`` name the checks that could not run because of an earlier problem (no dataset: the
    predictions' ids are not checked against it): not errors, but the reason a fixed file may
    still have more to fix. The command line prints one paragraph per problem.
    """

    def __init__(
        self, problems: Iterable[SummbenchError], *, where: str, notes: Iterable[str] = ()
    ):
        self.problems = list(problems)
        self.notes = list(notes)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        lines = [f"{count}:", *(str(p) for p in self.problems)]
        lines += [f"Not checked: {note}" for note in self.notes]
        super().__init__("\n".join(lines), where=where)


class ArgumentError(SummbenchError):
    """A bad argument to a public Python function (``bench.rouge(None, ...)``): the message
    names the argument, and the index inside it."""


def _bounded_repr() -> reprlib.Repr:
    bounded = reprlib.Repr()
    bounded.maxstring = bounded.maxother = 60
    bounded.maxlong = 40
    bounded.maxlist = bounded.maxtuple = bounded.maxdict = bounded.maxset = 4
    bounded.maxfrozenset = bounded.maxdeque = bounded.maxarray = 4
    bounded.maxlevel = 2
    return bounded


_BOUNDED = _bounded_repr()


def shorten(value: object, limit: int = 80) -> str:
    """A repr of ``value`` of at most about ``limit`` characters, computed without walking all
    of a huge value: error messages quote what they found, never an unbounded amount of it."""
    text = _BOUNDED.repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters (marked with "..."), for quoting in messages."""
    return text if len(text) <= limit else text[:limit] + "..."


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ' Did you mean "x"?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
