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

import math
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from .. import owned_processes
from ..errors import ConfigError
from ..metrics.base import ItemScore, Metric, ScoringItem
from ..wording import counted
from .config import ExecutorSpec, PluginSpec

#: What a worker needs to rebuild the metrics: (config entry, seed) per metric, and the dataset.
Recipe = tuple[list[PluginSpec], int | None, Sequence[Any], str | None]


def build_metric(spec: PluginSpec, seed: int | None) -> Metric:
    """Build a metric from its entry, as the runner does (in a worker process)."""
    from .plan import METRICS, build_plugin

    return build_plugin(METRICS, spec, "metrics", "config", seed)


class _Metrics:
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
        return _score(self.metric(index), items, self.threads)


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
        yield i, _score(metric, chunk, threads)


def _score(metric: Metric, items: list[ScoringItem], threads: int) -> list[ItemScore]:
    """``metric.score(items)``, a model's batches encoded on ``threads`` threads side by side
    (each batch alone on its thread: the same numbers as one thread, see
    :func:`~bench.encoders.batching.encoding_threads`)."""
    from ..encoders.batching import encoding_threads

    with encoding_threads(threads):
        return metric.score(items)


def _collected(futures: dict[Any, int]) -> Iterator[tuple[int, list[ItemScore]]]:
    """(chunk index, scores) of submitted chunks as they finish; cancels the rest on exit."""
    try:
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                yield futures.pop(future), future.result()
    finally:
        for future in futures:
            future.cancel()


# -- local process pool ----------------------------------------------------------------------
_WORKER: _Metrics | None = None


def _init_worker(recipe: Recipe, threads: int) -> None:
    global _WORKER
    from ..owned_processes import freeze_at_exit, own_process_gc

    own_process_gc()  # the worker is ours, as the command's process is
    freeze_at_exit()
    import torch

    torch.set_num_threads(threads)  # workers share the cores instead of each taking all
    _WORKER = _Metrics(recipe, threads)


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
        return _collected(pending)

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
        return _collected(pending)

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


# -- Ray ---------------------------------------------------------------------------------------
class RayExecutor(Executor):
    """Every metric scored by Ray actors (by default one GPU each, where the cluster has GPUs)."""

    def __init__(self, recipe: Recipe, spec: ExecutorSpec):
        self._started_here = False
        ray = self._connect(spec.address)
        resources = ray.cluster_resources()
        cluster_gpus = resources.get("GPU", 0)
        gpus = spec.gpus_per_worker
        if gpus is None:
            gpus = 1 if cluster_gpus else 0
        cluster_cpus = float(resources.get("CPU", 1))
        default = int(cluster_gpus // gpus) if gpus else max(1, int(cluster_cpus) // 2)
        workers = max(1, spec.workers or default)
        if gpus and workers * gpus > cluster_gpus:
            self.close()  # the private instance, if this run started one
            raise ConfigError(
                f"{workers} Ray actors with {gpus:g} GPU each need {workers * gpus:g} GPUs; "
                f"the cluster has {cluster_gpus:g}.",
                where="executor.workers",
                fix=f"set workers to {int(cluster_gpus // gpus) or 1} or lower gpus_per_worker "
                "(an actor that finds no free GPU would wait forever, and the run with it).",
            )
        specs, seed, examples, store_path = recipe
        if spec.address is not None:
            store_path = None  # a cluster's nodes cannot be assumed to see this machine's files
        # Ray starts an actor only where its CPUs are free: more actors than CPUs would leave
        # some unstarted and the shards sent to them waiting forever. Share the CPUs instead,
        # as the local pool does (each actor computes on one thread anyway). Ray counts
        # resources to 1/10,000, so the share is rounded down to that.
        cpus_each = min(1.0, math.floor(cluster_cpus / workers * 10_000) / 10_000) or 0.0001
        actor = ray.remote(num_gpus=gpus, num_cpus=cpus_each)(_RayScorer)
        shared = ray.put((specs, seed, examples, store_path))
        self._actors = [actor.remote(shared) for _ in range(workers)]
        self._ray = ray
        nodes = sorted({n["NodeManagerAddress"] for n in ray.nodes() if n["Alive"]})
        shared_cpus = f", sharing {cluster_cpus:g} CPUs" if cpus_each < 1 else ""
        self.description = (
            f"Ray ({len(self._actors)} actors, {gpus:g} GPU each{shared_cpus}; "
            f"nodes: {', '.join(nodes)})"
        )

    def _connect(self, address: str | None) -> Any:
        if address is None:
            # A private instance on the loopback interface: Ray otherwise binds to the address
            # it would use to reach other nodes, and (since 2.5x) writes an auth token under
            # ~/.ray. Both must be set before ray is imported.
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
            if not os.environ.get("RAY_AUTH_TOKEN") and not os.environ.get("RAY_AUTH_TOKEN_PATH"):
                os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)
        try:
            import ray
        except ImportError as err:
            raise ConfigError(
                "the ray executor needs Ray, which is not installed.",
                where="executor.type",
                fix="pip install 'summbench[ray]', or use `executor: {type: local}`.",
            ) from err
        if ray.is_initialized():
            return ray
        if address is None:
            self._temp = tempfile.mkdtemp(prefix="summbench-ray-")
            ray.init(
                address="local",
                include_dashboard=False,
                _temp_dir=self._temp,
                _node_ip_address="127.0.0.1",
                log_to_driver=False,
                configure_logging=False,
            )
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
        self._started_here = True
        return ray

    def scores(self, index, metric, chunks):
        """Share the chunks round-robin over the actors; yield them as they finish."""
        # Round-robin shards over the actors; each actor works through its queue in order.
        pending = {
            self._actors[i % len(self._actors)].score.remote(index, chunk): i
            for i, chunk in enumerate(chunks)
        }
        return self._collected(pending)

    def runs_here(self, index: int) -> bool:
        """Never: every metric is scored by the actors."""
        return False

    def _collected(self, pending: dict[Any, int]) -> Iterator[tuple[int, list[ItemScore]]]:
        ray = self._ray
        try:
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    yield pending.pop(ref), ray.get(ref)
        finally:
            for ref in pending:
                ray.cancel(ref)

    def close(self) -> None:
        """Kill the actors, and shut down a Ray session started here (removing its files)."""
        if getattr(self, "_actors", None):
            for actor in self._actors:
                self._ray.kill(actor)
            self._actors = []
        if self._started_here:
            self._ray.shutdown()
            self._started_here = False
            if getattr(self, "_temp", None):
                shutil.rmtree(self._temp, ignore_errors=True)  # the private session's files
                self._temp = None


class _RayScorer:
    """A Ray actor holding the metrics (and their models) for every shard it is sent."""

    def __init__(self, recipe: Recipe):
        self._metrics = _Metrics(recipe)

    def score(self, index: int, items: list[ScoringItem]) -> list[ItemScore]:
        return self._metrics.score(index, items)


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
