"""The keys of the result store (:mod:`.store`): a hash of everything that determines a stored
value, versioned by a prefix ("gen/1", "score/1") that changes when what goes into a key does.
A generation is keyed by the summarizer's signature and the example; a score by the metric's
signature, the candidate and what it is scored against; a loaded dataset by its spec and the
bytes of its files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from ...data.schema import Example, Fact
from ...metrics.base import ScoringItem


def _digest(*parts: Any) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def generation_key(signature: str, example: Example) -> str:
    """The key of a summarizer's generation for ``example`` (its id, source and references)."""
    return _digest("gen/1", signature, example.id, example.source, list(example.references))


def dataset_key(spec: dict[str, Any], content: str) -> str:
    """The key of a loaded dataset: its spec and ``content``, the bytes of its local files."""
    return _digest("data/2", spec, content)


def example_context(example: Example) -> str:
    """A digest of everything an item is scored against (computed once per example)."""
    e = example
    return _digest(
        "context/1",
        e.source,
        list(e.references),
        [_fact_context(f) for f in e.checklist],
        [asdict(p) for p in e.probes],
        [list(g) for g in e.aliases],
    )


def _fact_context(fact: Fact) -> dict[str, Any]:
    """What of a fact can change a score: not where an extracted fact came from."""
    return {k: v for k, v in asdict(fact).items() if k != "span"}


def score_key(signature: str, item: ScoringItem, context: str) -> str:
    """``context`` is :func:`example_context` of ``item.example``."""
    return _digest("score/1", signature, item.candidate, item.held_out, context)
