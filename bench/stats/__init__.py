"""Statistics over per-example scores: confidence intervals, paired tests, rank clusters."""

from .attainable import can_reach, min_examples, min_p_value
from .intervals import Interval, bootstrap_interval, mean_with_interval
from .multiple import holm
from .paired import TESTS, approximate_randomization, paired_bootstrap, paired_test
from .ranking import Ranking, compare_ranked, rank_clusters, tied_with_leader

__all__ = [
    "TESTS",
    "Interval",
    "Ranking",
    "approximate_randomization",
    "bootstrap_interval",
    "can_reach",
    "compare_ranked",
    "holm",
    "mean_with_interval",
    "min_examples",
    "min_p_value",
    "paired_bootstrap",
    "paired_test",
    "rank_clusters",
    "tied_with_leader",
]
