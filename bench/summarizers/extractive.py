"""Position baselines: the first sentences (lead) and seeded random sentences."""

from __future__ import annotations

import hashlib

import numpy as np
from pydantic import Field

from ..data.schema import Example
from ..validation import SEED_MAX
from .base import ExtractiveSummarizer, SummarizerArgs


class LeadSummarizer(ExtractiveSummarizer):
    """The first sentences of the source (lead-k), the classic news baseline."""

    name = "lead"

    def rank(self, example: Example, sentences: list[str]) -> list[int]:
        """The sentences in document order."""
        return list(range(len(sentences)))


class RandomArgs(SummarizerArgs):
    """Settings of the random baseline: its seed."""

    seed: int | None = Field(
        None, ge=0, le=SEED_MAX, description="random seed (default: the experiment's seed)"
    )


def example_rng(seed: int, example_id: str) -> np.random.Generator:
    """A generator for one example: depends on the seed and the id, not on example order."""
    digest = int.from_bytes(hashlib.sha256(example_id.encode()).digest()[:8], "little")
    return np.random.default_rng([seed, digest])


class RandomSummarizer(ExtractiveSummarizer):
    """Sentences drawn at random (seeded), in document order: a floor for extractive systems."""

    name = "random"
    Args = RandomArgs
    args: RandomArgs

    def rank(self, example: Example, sentences: list[str]) -> list[int]:
        """The sentences in a random order, from the seed and the example's id."""
        if self.args.seed is None:
            raise ValueError("random summarizer needs a seed (the runner passes the experiment's)")
        order = example_rng(self.args.seed, example.id).permutation(len(sentences))
        return [int(i) for i in order]
