"""summbench: a benchmark harness for text summarizers.

Run experiments from YAML (``summbench run configs/seed.yaml``) or from Python::

    from bench import load_config, run_experiment
    board = run_experiment(load_config("configs/seed.yaml"))

or score plain lists with one call (see :mod:`bench.api`)::

    import bench
    bench.rouge(predictions, references)["rouge1_f"]
    bench.compare(a.values("rouge1_f"), b.values("rouge1_f")).p_value

Names are imported on first use, so that ``summbench --help`` starts instantly; heavy libraries
(torch, transformers, bert-score) load only when a metric needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import cpu_kernels
from ._version import __version__

cpu_kernels.pin()  # before anything imports torch: the same bits on every x86-64 machine

_EXPORTS = {
    "ArgumentError": "bench.errors",
    "ConfigError": "bench.errors",
    "DatasetError": "bench.errors",
    "RegistryError": "bench.errors",
    "SummbenchError": "bench.errors",
    "ExperimentConfig": "bench.experiment",
    "load_config": "bench.experiment",
    "run_experiment": "bench.experiment",
    "rouge": "bench.api",
    "bertscore": "bench.api",
    "checklist": "bench.api",
    "compare": "bench.api",
    "score": "bench.api",
    "MetricResult": "bench.api",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'bench' has no attribute {name!r}")
