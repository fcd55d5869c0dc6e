"""Rank clusters: which systems cannot be told apart from the best at a significance level."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def rank_clusters(
    ranked: Sequence[str], p_value: Callable[[str, str], float], alpha: float
) -> dict[str, int]:
    """Cluster number per system (1 = tied with the top).

    ``ranked`` is best first. The best system opens cluster 1; every later system whose
    difference from that cluster's leader is not significant (p >= alpha) joins it; the first
    one that differs opens the next cluster, and so on down the table.
    """
    clusters: dict[str, int] = {}
    leader, number = None, 0
    for system in ranked:
        if leader is None or p_value(leader, system) < alpha:
            leader, number = system, number + 1
        clusters[system] = number
    return clusters
