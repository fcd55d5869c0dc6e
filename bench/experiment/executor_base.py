"""What every executor shares (:mod:`.executors`, :mod:`.ray_executor`): the recipe a worker
rebuilds the metrics from, the metrics a worker keeps, the executor interface, and scoring a
chunk on a number of threads."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import Any

from ..metrics.base import ItemScore, Metric, ScoringItem
from .config import PluginSpec

#: What a worker needs to rebuild the metrics: (config entry, seed) per metric, and the dataset.
Recipe = tuple[list[PluginSpec], int | None, Sequence[Any], str | None]


def build_metric(spec: PluginSpec, seed: int | None) -> Metric:
    """Build a metric from its entry, as the runner does (in a worker process)."""
    from .plan import METRICS, build_plugin

    return build_plugin(METRICS, spec, "metrics", "config", seed)


class WorkerMetrics:
    """A worker's metrics, built on first use and kept, encoding on ``threads`` threads (its
    share of the cores)."""

    def __init__(self, recipe: Recipe, threads: int = 1):
        self.specs, self.seed, self.examples, store_path = recipe
        self.threads = threads
        self.store = None
        if store_path is not None:
            from .storage.store import Store

            self.store = Store(Path(store_path))
        self.built: dict[int, Metric] = {}

    def metric(self, index: int) -> Metric:
        metric = self.built.get(index)
        if metric is None:
            metric = build_metric(self.specs[index], self.seed)
            metric.fit(self.examples)
            if self.store is not None:
                metric.attach_store(self.store)
            self.built[index] = metric
        return metric

    def score(self, index: int, items: list[ScoringItem]) -> list[ItemScore]:
        return score_on_threads(self.metric(index), items, self.threads)


class Executor:
    """Scores chunks of items with one of the plan's metrics; yields (chunk index, scores).

    ``scores`` hands the chunks to the workers when called (executors with workers) and
    yields as they finish: the runner starts every metric's scoring before it waits for any,
    so work sent elsewhere runs while this process scores the rest.
    """

    #: One line for the log: where the scoring runs.
    description = "inline"

    def scores(
        self, index: int, metric: Metric, chunks: list[list[ScoringItem]]
    ) -> Iterator[tuple[int, list[ItemScore]]]:
        """Yield (chunk index, scores) for each chunk, as they finish (see the class docstring)."""
        raise NotImplementedError

    def runs_here(self, index: int) -> bool:
        """Whether metric ``index`` is scored in this process (as its results are read)."""
        return True

    def close(self) -> None:
        """Release workers (idempotent)."""


def score_on_threads(metric: Metric, items: list[ScoringItem], threads: int) -> list[ItemScore]:
    """``metric.score(items)``, a model's batches encoded on ``threads`` threads side by side
    (each batch alone on its thread: the same numbers as one thread, see
    :func:`~bench.encoders.batching.encoding_threads`)."""
    from ..encoders.batching import encoding_threads

    with encoding_threads(threads):
        return metric.score(items)


def collected(futures: dict[Any, int]) -> Iterator[tuple[int, list[ItemScore]]]:
    """(chunk index, scores) of submitted chunks as they finish; cancels the rest on exit."""
    try:
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                yield futures.pop(future), future.result()
    finally:
        for future in futures:
            future.cancel()
