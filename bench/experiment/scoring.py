"""The scoring phase of a run: every candidate scored by every metric, then one record per
(system, example).

Scores are keyed by the metric's cache key, the candidate text and a digest of everything the
item is scored against; missing ones are computed example by example (all systems' summaries
of a document beside its references) in chunks that are stored as soon as they are back.
Item scores are kept per candidate and averaged per (system, example): the human row has one
candidate per reference.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Any

from ..console import Log
from ..data.schema import Dataset
from ..metrics.base import ItemScore, Metric, ScoringItem
from ..progress import WARNING
from ..records import ItemRecord
from ..secrets import redact
from ..summarizers.base import Candidate
from ..wording import counted
from .executors import Executor
from .generate import progress
from .plan import MetricPlan, Plan
from .storage.cache_keys import example_context, score_key
from .storage.store import Store

#: Items per metric call between two saves: at most this many (a killed run loses at most one
#: chunk per worker), at least the smaller number (so batched encoders still batch), and about
#: a hundredth of the work in between, so progress bars move every percent.
SCORING_CHUNK = 256
MIN_SCORING_CHUNK = 16


def chunk_size(items: int) -> int:
    """Items per chunk for ``items`` to score (see :data:`SCORING_CHUNK`)."""
    return max(MIN_SCORING_CHUNK, min(SCORING_CHUNK, items // 100))


def _items(
    dataset: Dataset, candidates: dict[str, list[Candidate]]
) -> tuple[list[tuple[str, Candidate]], list[ScoringItem]]:
    """Every successful candidate as a scoring item (across systems, so batched metrics see
    everything at once), with the (system, candidate) it came from."""
    by_id = dataset.by_id()
    owners: list[tuple[str, Candidate]] = []
    items: list[ScoringItem] = []
    for system, produced in candidates.items():
        for c in produced:
            if c.error is not None:
                continue
            example = by_id[c.example_id]
            if c.held_out is not None:
                example = example.without_reference(c.held_out)
            owners.append((system, c))
            items.append(ScoringItem(c.text, example, held_out=c.held_out is not None))
    return owners, items


def _contexts(items: list[ScoringItem]) -> list[str]:
    """The digest of what each item is scored against, computed once per example object.

    Score keys tell items apart even without a store: two examples can share a candidate text
    (a scraped copy's lead is the wire's lead), and only the context separates them.
    """
    digests: dict[int, str] = {}
    for item in items:
        if id(item.example) not in digests:
            digests[id(item.example)] = example_context(item.example)
    return [digests[id(item.example)] for item in items]


class MetricScoring:
    """One metric's scores for every item: from the store when there, computed (and saved)
    otherwise. ``start`` hands the missing items to the executor, ``finish`` collects them."""

    def __init__(
        self,
        index: int,
        metric: Metric,
        items: list[ScoringItem],
        contexts: list[str],
        store: Store | None,
    ):
        self.index, self.metric, self.items, self.store = index, metric, items, store
        key = metric.cache_key()
        self.keys = [score_key(key, item, c) for item, c in zip(items, contexts, strict=True)]
        self.found = store.get_scores(self.keys) if store else {}
        # Example by example (systems together), so a chunk holds every system's summary of a
        # document beside its references, which metrics then analyse or encode once.
        missing = sorted(
            (i for i, k in enumerate(self.keys) if k not in self.found),
            key=lambda i: items[i].example.id,
        )
        size = chunk_size(len(missing))
        self.chunks = [missing[s : s + size] for s in range(0, len(missing), size)]
        self.started = time.perf_counter()
        self._results: Iterator[tuple[int, list[ItemScore]]] = iter(())
        self._here = True

    def start(self, executor: Executor) -> None:
        """Hand the chunks to ``executor``; workers elsewhere start on them now."""
        self.started = time.perf_counter()
        self._here = executor.runs_here(self.index)
        chunk_items = [[self.items[i] for i in chunk] for chunk in self.chunks]
        self._results = executor.scores(self.index, self.metric, chunk_items)

    def finish(self) -> list[ItemScore]:
        """Collect the chunks' scores, storing each chunk as it comes back; every item's score,
        in the items' order."""
        if self._here:
            self.started = time.perf_counter()  # the work starts now; elsewhere, at start()
        missing = sum(len(chunk) for chunk in self.chunks)
        bar = progress(missing, f"{self.metric.name}: scoring")
        # Each chunk is stored as soon as it is back, in whatever order the workers finish.
        for c, scores in self._results:
            bar.update(len(self.chunks[c]))
            new = {self.keys[i]: score for i, score in zip(self.chunks[c], scores, strict=True)}
            self.found.update(new)
            if self.store:
                self.store.put_scores(new.items())
        bar.close()
        return [self.found[k] for k in self.keys]


def _record(
    system: str,
    example_id: str,
    scored: list[int],
    errors: list[str],
    values: list[dict[str, float | None]],
    details: list[dict[str, Any]],
    owners: list[tuple[str, Candidate]],
    column_keys: list[str],
) -> ItemRecord:
    """One (system, example): the mean of each column over its candidates, and details."""
    scores: dict[str, float | None] = {}
    record_details: dict[str, Any] = {}
    if scored:
        for key in column_keys:
            present = [v for i in scored if (v := values[i].get(key)) is not None]
            scores[key] = math.fsum(present) / len(present) if present else None
        if len(scored) == 1:
            record_details = details[scored[0]]
        else:
            record_details = {
                "candidates": [{"held_out": owners[i][1].held_out, **details[i]} for i in scored]
            }
    return ItemRecord(
        system=system,
        example_id=example_id,
        failed=bool(errors) or not scored,
        error=errors[0] if errors else None,
        n_candidates=len(scored),
        scores=scores,
        details=record_details,
    )


def score(
    plan: Plan,
    dataset: Dataset,
    candidates: dict[str, list[Candidate]],
    log: Log,
    store: Store | None,
    executor: Executor,
    while_waiting: Callable[[], None] | None = None,
) -> tuple[list[ItemRecord], dict[str, float]]:
    """One record per (system, example) in plan and dataset order, and seconds per metric.

    ``while_waiting`` is called once, when this process has scored its metrics and only
    workers' are still running: preparation for what comes after scoring.
    """
    owners, items = _items(dataset, candidates)
    contexts = _contexts(items)
    values: list[dict[str, float | None]] = [{} for _ in items]
    details: list[dict[str, Any]] = [{} for _ in items]
    timings = {}
    for index, scoring in _metrics_in_turn(plan, items, contexts, store, executor, while_waiting):
        mp = plan.metrics[index]
        truncated = _gather(mp, scoring.finish(), values, details)
        timings[mp.name] = time.perf_counter() - scoring.started
        _log_scored(log, mp.name, len(items), timings[mp.name], truncated)
    timings = {mp.name: timings[mp.name] for mp in plan.metrics}  # in the plan's order
    return _records(plan, dataset, candidates, owners, values, details), timings


def _metrics_in_turn(
    plan: Plan,
    items: list[ScoringItem],
    contexts: list[str],
    store: Store | None,
    executor: Executor,
    while_waiting: Callable[[], None] | None,
) -> Iterator[tuple[int, MetricScoring]]:
    """(index, scoring) of every metric of the plan, started, in the order to finish them:
    this process's metrics first, then the workers'; ``while_waiting`` is called before the
    first of the workers' that still has work."""
    indices = range(len(plan.metrics))
    here = [i for i in indices if executor.runs_here(i)]
    # Metrics scored elsewhere start first, so they run while this process scores the others;
    # those scored here start one at a time (each holds its cached scores until it is done).
    started = {
        i: MetricScoring(i, plan.metrics[i].metric, items, contexts, store)
        for i in indices
        if i not in here
    }
    for scoring in started.values():
        scoring.start(executor)
    waited = False
    for index in here + list(started):
        scoring = started.pop(index, None)
        if scoring is None:
            scoring = MetricScoring(index, plan.metrics[index].metric, items, contexts, store)
            scoring.start(executor)
        elif scoring.chunks and not waited and while_waiting is not None:
            while_waiting()
            waited = True
        yield index, scoring


def _gather(
    mp: MetricPlan,
    scores: list[ItemScore],
    values: list[dict[str, float | None]],
    details: list[dict[str, Any]],
) -> int:
    """One metric's item scores into every item's values (under the results' column names)
    and details (under the metric's name). Returns how many items were truncated."""
    truncated = 0
    for i, s in enumerate(scores):
        for key, value in s.values.items():
            values[i][mp.keys[key]] = value
        if s.details:
            details[i][mp.name] = s.details
            truncated += "truncated" in s.details
    return truncated


def _log_scored(log: Log, name: str, items: int, seconds: float, truncated: int) -> None:
    log(f"scored {counted(items, 'item')} with {name} ({seconds:.1f} s)")
    if truncated:
        log(
            f"{WARNING}{name}: {counted(truncated, 'item')} had text longer than the "
            "model's window and were scored on its beginning (details in scores.jsonl)"
        )


def _records(
    plan: Plan,
    dataset: Dataset,
    candidates: dict[str, list[Candidate]],
    owners: list[tuple[str, Candidate]],
    values: list[dict[str, float | None]],
    details: list[dict[str, Any]],
) -> list[ItemRecord]:
    """One record per (system, example) in plan and dataset order, from the scores of its
    candidates and the errors of those that failed."""
    scored_at: dict[tuple[str, str], list[int]] = {}
    for i, (system, c) in enumerate(owners):
        scored_at.setdefault((system, c.example_id), []).append(i)
    errors: dict[tuple[str, str], list[str]] = {}
    for system, produced in candidates.items():
        for c in produced:
            if c.error is not None:
                errors.setdefault((system, c.example_id), []).append(redact(c.error))
    column_keys = [c.key for c in plan.columns]
    return [
        _record(
            system.name,
            example.id,
            scored_at.get((system.name, example.id), []),
            errors.get((system.name, example.id), []),
            values,
            details,
            owners,
            column_keys,
        )
        for system in plan.systems
        for example in dataset
    ]
