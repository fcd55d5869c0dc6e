"""What the comparison finds, level by level: how a claim's argument fares in a window frame
(:class:`Outcome`, one of the states below), a claim frame against a window frame
(:class:`FrameReading`), and a claim against a window (:class:`WindowFindings`, the result)."""

from __future__ import annotations

from dataclasses import dataclass

from ..conflicts import Conflict

#: How an argument of the claim fares in a window frame, best first.
SAME, RESOLVED, LOOSE, CLASH, UNKNOWN, DIFFERENT, ABSENT = (
    "same",
    "resolved",
    "loose",
    "clash",
    "unknown",
    "different",
    "absent",
)
RANK = {SAME: 6, RESOLVED: 5, LOOSE: 4, CLASH: 3, UNKNOWN: 2, DIFFERENT: 1, ABSENT: 0}
STATED = frozenset({SAME, RESOLVED, LOOSE})


@dataclass(frozen=True)
class WindowFindings:
    """What a window says of a claim: its contradictions (each with the window's words that
    make it), the share of the claim it states, and the window sentence it was read from
    ("" when no part of the claim is there)."""

    conflicts: tuple[Conflict, ...]
    support: float
    evidence: str


@dataclass(frozen=True)
class Outcome:
    """How one argument of a claim frame fares in a window frame: its state (above), and
    for a clash, the conflict."""

    state: str
    conflict: Conflict | None = None
    # A clash inside an argument about the same thing ("12 people" / "15 people"): the
    # argument itself shows that the window speaks of the claim's event.
    anchored: bool = False
    # "Nobody" against someone: unknown who, but the place the negation is read from.
    nobody: bool = False


@dataclass(frozen=True)
class FrameReading:
    """A claim frame against one window frame."""

    score: float  # parts of the claim frame the window frame states
    consistent: bool  # the same fact, no disagreement
    conflicts: tuple[Conflict, ...]
    stated: int  # arguments stated
    sentence: str
