"""Where the log of ``run`` and ``score`` goes: standard error, line by line in logs and pipes;
on a terminal, one status line.

A seed run logs fourteen lines (the plan, one per system, one per metric, what it wrote); on an
80x24 terminal they pushed the leaderboard's title and header off the screen. On a terminal
each line replaces the one before it, as the progress bars do, so the screen keeps only what
matters once the run is done: warnings (lines that start with
:data:`bench.progress.WARNING`, kept where they were printed) and the last line (what was
written, and how long it took), then the leaderboard.
"""

from __future__ import annotations

import shutil
import sys
from typing import TextIO

from rich.cells import cell_len, set_cell_size

from ..console import terminal_text
from ..progress import WARNING
from ..secrets import redact

#: Back to the start of the line and clear it (ECMA-48 CR + EL).
_CLEAR = "\r\x1b[2K"


class RunLog:
    """The ``log`` callable of :func:`bench.experiment.run_experiment` for the command line.

    Use it as a context manager: leaving it ends the status line (after an error too, so the
    error starts on a line of its own). :attr:`lines` counts the terminal lines it left on the
    screen, for the leaderboard to fit in the rest.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = self.stream.isatty()
        self.lines = 0
        self._status: str | None = None  # the message shown on the status line

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        # Secrets redacted; control characters in names shown, not applied to the terminal.
        message = whole = terminal_text(redact(message))
        if not self.terminal:
            print(message, file=self.stream, flush=True)
            return
        if message.startswith(WARNING):
            self._keep(message)
            self._status = None
            return
        # One line, cut to the width: a status line that wrapped could not be cleared by the
        # next one.
        message = " ".join(message.splitlines())
        width = max(shutil.get_terminal_size().columns - 1, 1)
        if cell_len(message) > width:
            message = set_cell_size(message, width - 1) + "…"
        self.stream.write(_CLEAR + message)
        self.stream.flush()
        self._status = whole

    def close(self) -> None:
        """Keep the last status message on the screen, whole."""
        if self._status is not None:
            self._keep(self._status)
            self._status = None

    def _keep(self, message: str) -> None:
        self.stream.write(_CLEAR + message + "\n")
        self.stream.flush()
        columns = max(shutil.get_terminal_size().columns, 1)
        self.lines += sum(max(1, -(-cell_len(line) // columns)) for line in message.split("\n"))
