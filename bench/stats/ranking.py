"""Rank clusters: which systems cannot be told apart from the best, by one rule.

The rule (:func:`tied_with_leader`): a system is tied with a leader unless its Holm-adjusted
p-value against that leader is below alpha. Every format uses it through :func:`compare_ranked`,
so the star, the cluster and the "p vs best" column cannot disagree:

* cluster 1 is the best system and every system tied with it, wherever it ranks: the p-values
  of all other systems against the best form one family and are Holm-corrected together;
* the best-ranked system not in cluster 1 leads cluster 2, which takes every remaining system
  tied with it (the remaining systems' p-values against it Holm-corrected together), and so on.

So a system in cluster k differs significantly from the leaders of clusters 1 .. k-1 and not
from the leader of cluster k. Cluster numbers need not grow down the table: a system whose mean
is lower but whose scores vary more can stay tied with the best while one ranked above it does
not. (The rule this replaces opened a new cluster at the first significant difference and
compared later systems with that cluster's leader only, so a system with p = 0.06 against the
best could land in cluster 2.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .multiple import holm


def tied_with_leader(adjusted_p: float, alpha: float) -> bool:
    """The one definition of "cannot be told apart": Holm-adjusted p-value >= alpha."""
    return adjusted_p >= alpha


@dataclass(frozen=True)
class Ranking:
    """Every ranked system compared with the best and with its cluster's leader."""

    #: Cluster per system (1 = tied with the best, the best included).
    clusters: dict[str, int]
    #: Paired-test p-value against the best, per system but the best: as the test gave it ...
    p_best: dict[str, float]
    #: ... and Holm-adjusted over those comparisons (the one to show, and to star by).
    p_best_adjusted: dict[str, float]
    #: Leader of each cluster, by cluster number.
    leaders: dict[int, str]


def compare_ranked(
    ranked: Sequence[str], p_value: Callable[[str, str], float], alpha: float
) -> Ranking:
    """Clusters and p-values against the best for systems ranked best first.

    ``p_value(leader, system)`` is the paired test's p-value; it is asked only for pairs of a
    leader and a system ranked below it (callers may cache it).
    """
    if len(set(ranked)) != len(ranked):
        raise ValueError("ranked systems must be distinct")
    clusters: dict[str, int] = {}
    leaders: dict[int, str] = {}
    p_best: dict[str, float] = {}
    p_best_adjusted: dict[str, float] = {}
    remaining = list(ranked)
    while remaining:
        leader, rest = remaining[0], remaining[1:]
        number = len(leaders) + 1
        leaders[number] = leader
        clusters[leader] = number
        raw = {system: p_value(leader, system) for system in rest}
        adjusted = holm(raw)
        if number == 1:
            p_best, p_best_adjusted = raw, adjusted
        for system in rest:
            if tied_with_leader(adjusted[system], alpha):
                clusters[system] = number
        remaining = [s for s in rest if s not in clusters]
    return Ranking(
        clusters={s: clusters[s] for s in ranked},
        p_best=p_best,
        p_best_adjusted=p_best_adjusted,
        leaders=leaders,
    )


def rank_clusters(
    ranked: Sequence[str], p_value: Callable[[str, str], float], alpha: float
) -> dict[str, int]:
    """Cluster number per system, best first (see :func:`compare_ranked`)."""
    return compare_ranked(ranked, p_value, alpha).clusters
