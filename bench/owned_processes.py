"""Settings for the processes summbench owns: the command line and the worker processes it
spawns, never a caller's process that imports the package.

The command's process is claimed by :func:`claim` (``summbench``, ``python -m bench``); only
then may a run start helper processes of its own accord (the ``auto`` executor): a spawned
process imports the caller's main module again, which a script without an
``if __name__ == "__main__":`` guard does not survive.
"""

from __future__ import annotations

import atexit
import gc
import os
import platform

_CLAIMED = False


def claim() -> None:
    """Mark this process as the summbench command's own, and set its collector for it."""
    global _CLAIMED
    _CLAIMED = True
    own_process_gc()


def claimed() -> bool:
    """Whether this process is the summbench command's (see :func:`claim`)."""
    return _CLAIMED


def own_process_gc() -> None:
    """Collect young garbage less often, as mypy does for its own runs.

    A cold run imports torch, transformers, nltk and matplotlib: millions of long-lived objects
    that CPython's default thresholds (700, 10, 10) make it walk again and again, 15% of the
    cycles of a cold seed run. Cyclic garbage is still collected, in larger batches.
    """
    if platform.python_implementation() == "CPython":
        gc.set_threshold(200_000, 30, 30)


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def freeze_at_exit() -> None:
    """Leave everything still alive to the process's exit, uncollected.

    Without this, the interpreter's last collection walks every object torch and transformers
    made: 2-5 s of a seed run's command, as much again in a worker that loaded a model.
    """
    atexit.register(gc.freeze)
