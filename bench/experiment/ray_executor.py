"""The ``ray`` executor: every metric scored by Ray actors (see :mod:`.executors` for the
choice of executor and what each one promises)."""

from __future__ import annotations

import math
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from ..metrics.base import ItemScore, ScoringItem
from .config import ExecutorSpec
from .executor_base import Executor, Recipe, WorkerMetrics


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
        self._metrics = WorkerMetrics(recipe)

    def score(self, index: int, items: list[ScoringItem]) -> list[ItemScore]:
        return self._metrics.score(index, items)
