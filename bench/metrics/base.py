"""The metric interface: per-item scores, declared columns, a signature.

A metric scores each (candidate, example) item once; means, confidence intervals and
significance tests are computed later from the stored item scores (sacrebleu's split between
segment statistics and aggregation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..data.schema import Example
from ..plugin import JudgingPlugin
from ..records.schema import Column

# Metrics name library versions in their signatures; the helper lives below metrics and facts.
from ..versions import package_version as package_version


@dataclass(frozen=True)
class ScoringItem:
    """A candidate summary with the example it is scored against.

    For a human reference scored leave-one-out, ``example`` already has that reference removed
    and ``held_out`` is True.
    """

    candidate: str
    example: Example
    held_out: bool = False


@dataclass
class ItemScore:
    """The values of every column for one item, and optional details (evidence, verdicts)."""

    values: dict[str, float | None]
    details: dict[str, Any] = field(default_factory=dict)


class Metric(JudgingPlugin):
    """Scores candidates against references, sources or checklists (the lifecycle is
    :class:`bench.plugin.JudgingPlugin`'s)."""

    #: What an example must have: any of "references", "source", "checklist".
    needs: ClassVar[frozenset[str]] = frozenset({"references"})

    def columns(self) -> list[Column]:
        """The columns this metric reports, in order."""
        raise NotImplementedError

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """One :class:`ItemScore` per item, in order."""
        raise NotImplementedError

    def signature(self) -> str:
        """Every setting and library version that can change a number."""
        raise NotImplementedError

    def fit(self, examples: Sequence[Example]) -> None:
        """See the dataset's examples once before any scoring (see
        :class:`bench.plugin.JudgingPlugin`)."""
