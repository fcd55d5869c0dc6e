"""Statistics over per-example scores: confidence intervals, paired tests, rank clusters."""

from .intervals import Interval, bootstrap_interval
from .paired import approximate_randomization, paired_bootstrap
from .ranking import rank_clusters

__all__ = [
    "Interval",
    "approximate_randomization",
    "bootstrap_interval",
    "paired_bootstrap",
    "rank_clusters",
]
