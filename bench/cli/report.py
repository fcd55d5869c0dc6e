"""How the command line prints bad input: one paragraph a problem, the same for every command.

A pre-flight check finds several problems at once (:class:`bench.errors.Problems`); `run`,
`run --dry-run` and `validate` print them through :func:`print_problems`, so the three show
the same list in the same words. Each paragraph starts with ``summbench: error:`` and the
last line printed is always one of them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from ..console import terminal_text
from ..errors import Problems, SummbenchError
from ..secrets import redact
from ..wording import counted


def _shown(text: str) -> str:
    """Text for the terminal: secrets redacted, control characters made visible."""
    return terminal_text(redact(text))


def _flat(problems: Iterable[SummbenchError]) -> list[SummbenchError]:
    out: list[SummbenchError] = []
    for problem in problems:
        out += _flat(problem.problems) if isinstance(problem, Problems) else [problem]
    return out


def print_problems(
    problems: Iterable[SummbenchError],
    *,
    where: str | None = None,
    notes: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Print each problem as ``summbench: error: ...``; when there are several (or checks
    were skipped), first a line that counts them, then the skipped checks as notes."""
    stream = stream or sys.stderr
    problems, notes = _flat(problems), list(notes)
    if len(problems) > 1 or notes:
        head = f"{where}: " if where else ""
        count = counted(len(problems), "problem")
        print(f"summbench: {_shown(head)}{count} found before any work:", file=stream)
        for note in notes:
            print(f"summbench: note: not checked: {_shown(note)}", file=stream)
    for problem in problems:
        print(f"summbench: error: {_shown(str(problem))}", file=stream)


def print_error(err: SummbenchError, stream: TextIO | None = None) -> None:
    """Print a bad-input error: every problem of a :class:`Problems`, else its paragraph."""
    if isinstance(err, Problems):
        print_problems(err.problems, where=err.where, notes=err.notes, stream=stream)
    else:
        print_problems([err], stream=stream)
