"""The human ceiling: each reference scored against the other references (leave-one-out)."""

from __future__ import annotations

from collections.abc import Sequence

from ..data.schema import Example
from .base import Candidate, Summarizer


class HumanSummarizer(Summarizer):
    """Each reference as a summary, scored against the others: how much references agree."""

    name = "human"
    kind = "human"

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """Each reference as a candidate, held out from the others; an example with fewer than two
        references is a failure."""
        out = []
        for example in examples:
            if len(example.references) < 2:
                out.append(
                    Candidate(example.id, "", error="leave-one-out needs at least two references")
                )
                continue
            out.extend(
                Candidate(example.id, ref, held_out=i) for i, ref in enumerate(example.references)
            )
        return out
