"""Progress from inside long library calls (encoder batches, per-summary loops).

A matcher's ``match`` is one call over every task, so that its encoders batch all the texts at
once (chunking the tasks would encode them in small batches: twice as slow on a CPU, measured
in ``perf/metaeval_bench.py``). For a progress bar to move during such a call, the loops that
take the time report what they finished through :func:`advance`, and a caller that wants to
hear it wraps the call in :func:`listening`. Nobody listening is the default, and then
:func:`advance` does nothing. The listener is a context variable: it follows the calling
thread, not another thread's work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: A run's log lines (the ``log`` of :func:`bench.experiment.run_experiment`) that start so are
#: warnings: a terminal keeps them in view, while every other line reports progress and the
#: next one replaces it (:mod:`bench.cli.runlog`). Pipes and logs get every line.
WARNING = "warning: "

#: Called with (how many were done, what they were: "texts encoded", "summaries" ...).
Listener = Callable[[int, str], None]

_LISTENER: ContextVar[Listener | None] = ContextVar("bench_progress_listener", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send every :func:`advance` inside the block to ``listener``."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def advance(done: int, what: str) -> None:
    """Report ``done`` more units of work of kind ``what`` (to the listener, if any)."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(done, what)
