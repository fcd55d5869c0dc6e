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
from ..plugin import Plugin
from ..results.model import Column

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


class Metric(Plugin):
    """Scores candidates against references, sources or checklists."""

    #: What an example must have: any of "references", "source", "checklist".
    needs: ClassVar[frozenset[str]] = frozenset({"references"})

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """One :class:`ItemScore` per item, in order."""
        raise NotImplementedError

    def signature(self) -> str:
        """Every setting and library version that can change a number."""
        raise NotImplementedError

    def fit(self, examples: Sequence[Example]) -> None:
        """See the whole dataset once before any scoring.

        Metrics with corpus statistics (idf weights) compute them here, so that a score never
        depends on which other items share its batch. Such a metric names its corpus in its
        signature (a digest), so cached scores follow a changed dataset.
        """

    def attach_store(self, store: Any) -> None:
        """Offer the run's store, for a plugin with work worth keeping between runs (the
        run stores every score itself; no built-in uses this)."""

    def loads_model(self) -> bool:
        """Whether scoring loads a neural model: seconds of imports and loading before the
        first item, which the default executor spends in a helper process while summaries are
        generated (see :mod:`bench.experiment.executors`)."""
        return False

    def warm_up(self) -> None:
        """Load what scoring needs (a model) before the first item arrives."""

    def versions(self) -> dict[str, str]:
        """Versions of the libraries and models behind the numbers (for run.json)."""
        return {}

    def usage(self) -> dict[str, Any]:
        """Resources spent so far (requests, tokens...) for run.json; empty when none."""
        return {}
