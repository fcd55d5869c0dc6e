"""Where scoring runs: in this process, in a local process pool, or on a Ray cluster.

The runner cuts the items a metric still has to score into chunks and hands them to an
executor, which yields each chunk's scores as soon as they are done; the runner stores them at
once (so a crash loses at most the chunks in flight) and keys them as it always does, so the
results are the same whichever executor computed them.

Workers rebuild each metric from its config entry (the same code path as the runner), show it
the whole dataset (``fit``: corpus statistics such as idf), and keep it for every later chunk:
a model is loaded once per worker. Embeddings and scores computed by one executor serve
another: the store is shared where the workers can reach it.

* ``auto`` (default): the runner's own process, except for metrics that load a model
  (BERTScore, the model-backed fact matchers) when the run is the ``summbench`` command's:
  those go to one helper process, spawned when the run begins, which imports torch and loads
  the model while this process generates summaries and scores the other metrics. Seconds of
  start-up run beside other work instead of before it; a run whose model-backed scores all
  come from the cache stops the helper unused. Called from Python, ``auto`` is ``inline``
  (see :mod:`bench.owned_processes`).
* ``inline``: everything in the runner's own process.
* ``local``: a pool of ``workers`` processes (spawned, not forked: torch and threads do not
  survive a fork), each with an equal share of the CPU threads.
* ``ray``: actors that hold the metrics, ``workers`` of them (one per GPU when the cluster has
  GPUs, else one per two CPUs), on the cluster at ``address``; without an address, a private
  single-node instance on 127.0.0.1 with no dashboard, its session files in a temporary folder
  and its auth token in memory (nothing is written to the home folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from .. import owned_processes
from ..metrics.base import ItemScore, Metric, ScoringItem
from ..wording import counted
from .config import ExecutorSpec
from .executor_base import (
    Executor,
    Recipe,
    WorkerMetrics,
    collected,
    score_on_threads,
)
from .ray_executor import RayExecutor


class InlineExecutor(Executor):
    """Every metric scored in this process, chunk by chunk."""

    def scores(self, index, metric, chunks):
        """Score each chunk here when it is asked for, on every core."""
        return _scored_here(metric, chunks, os.cpu_count() or 1)


def _scored_here(
    metric: Metric, chunks: list[list[ScoringItem]], threads: int
) -> Iterator[tuple[int, list[ItemScore]]]:
    """Each chunk scored in this process as it is asked for, its texts encoded on
    ``threads`` threads."""
    for i, chunk in enumerate(chunks):
        yield i, score_on_threads(metric, chunk, threads)


# -- local process pool ----------------------------------------------------------------------
_WORKER: WorkerMetrics | None = None


def _init_worker(recipe: Recipe, threads: int) -> None:
    global _WORKER
    from ..owned_processes import freeze_at_exit, own_process_gc

    own_process_gc()  # the worker is ours, as the command's process is
    freeze_at_exit()
    import torch

    torch.set_num_threads(threads)  # workers share the cores instead of each taking all
    _WORKER = WorkerMetrics(recipe, threads)


def _score_in_worker(index: int, items: list[ScoringItem]) -> list[ItemScore]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.score(index, items)


def _warm_up_in_worker(indices: list[int]) -> None:
    """Build the metrics and load their models ahead of their first chunk. A failure here is
    raised again, with the chunk, when the metric is built for it."""
    assert _WORKER is not None, "worker not initialised"
    for index in indices:
        _WORKER.metric(index).warm_up()


def _spawned_pool(recipe: Recipe, workers: int) -> ProcessPoolExecutor:
    import multiprocessing

    cpus = os.cpu_count() or 1
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(recipe, max(1, cpus // workers)),
    )


class LocalExecutor(Executor):
    """Every metric scored in a pool of spawned processes, each with its share of the cores."""

    def __init__(self, recipe: Recipe, workers: int | None):
        self.workers = workers or os.cpu_count() or 1
        self.description = f"a local pool of {counted(self.workers, 'process', 'processes')}"
        self._pool = _spawned_pool(recipe, self.workers)

    def scores(self, index, metric, chunks):
        """Send every chunk to the pool; yield them as they finish."""
        pending = {self._pool.submit(_score_in_worker, index, c): i for i, c in enumerate(chunks)}
        return collected(pending)

    def runs_here(self, index: int) -> bool:
        """Never: every metric is scored in the pool."""
        return False

    def close(self) -> None:
        """Shut the pool down, dropping the chunks not yet started."""
        self._pool.shutdown(wait=True, cancel_futures=True)


class AutoExecutor(Executor):
    """Metrics that load a model in one helper process started at once; the rest inline.

    The helper is spawned (torch does not survive a fork) as soon as the executor is made,
    before summaries are generated, and builds those metrics and loads their models while
    this process works. It computes on its own thread budget, as a local pool's worker does,
    so its numbers are the inline ones (the executor tests compare them byte for byte).
    """

    def __init__(self, recipe: Recipe, model_metrics: list[int]):
        self._model_metrics = set(model_metrics)
        self._used = False
        self._pool: ProcessPoolExecutor | None = None
        if model_metrics:
            self._pool = _spawned_pool(recipe, 1)
            self._pool.submit(_warm_up_in_worker, sorted(model_metrics))
            names = ", ".join(recipe[0][i].name or recipe[0][i].type for i in model_metrics)
            self.description = f"this process, and a helper process for {names}"

    def runs_here(self, index: int) -> bool:
        """Whether metric ``index`` loads no model (those go to the helper)."""
        return index not in self._model_metrics

    def scores(self, index, metric, chunks):
        """Score here, or send every chunk to the helper for a metric that loads a model."""
        if self.runs_here(index):
            return _scored_here(metric, chunks, os.cpu_count() or 1)
        assert self._pool is not None
        self._used = self._used or bool(chunks)
        pending = {self._pool.submit(_score_in_worker, index, c): i for i, c in enumerate(chunks)}
        return collected(pending)

    def close(self) -> None:
        """Shut the helper down: at once when it had nothing to score (the models came from the
        cache), else after its work."""
        if self._pool is None:
            return
        if self._used:
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            _stop_at_once(self._pool)  # every model-backed score came from the cache
        self._pool = None


def _stop_at_once(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting for the task its workers are on (a model still loading).

    ``ProcessPoolExecutor.terminate_workers`` does this from Python 3.14; before it, the
    workers are terminated by hand.
    """
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()


def make_executor(
    spec: ExecutorSpec, recipe: Recipe, metrics: Sequence[Metric] = ()
) -> Executor:
    """The executor ``spec`` asks for; ``metrics`` (the plan's, in order) tell ``auto`` which
    ones load a model."""
    if spec.type == "local":
        return LocalExecutor(recipe, spec.workers)
    if spec.type == "ray":
        return RayExecutor(recipe, spec)
    if spec.type == "auto" and owned_processes.claimed():
        return AutoExecutor(recipe, [i for i, m in enumerate(metrics) if m.loads_model()])
    return InlineExecutor()  # also `auto` in a caller's process (see bench.owned_processes)
