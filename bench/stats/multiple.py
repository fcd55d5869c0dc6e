"""Family-wise correction when several systems are each compared with the same one."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def holm(p_values: Mapping[K, float]) -> dict[K, float]:
    """Holm-Bonferroni step-down adjusted p-values, same keys in the same order.

    The k-th smallest of m p-values is multiplied by m - k + 1; each adjusted value is at least
    the one before it (step-down: a hypothesis is rejected only if every smaller one is), and
    at most 1. Rejecting where the adjusted p < alpha keeps the chance of any false "differs"
    in the family at or below alpha (Holm, 1979). Equal p-values get equal adjusted values.
    """
    for key, p in p_values.items():
        if not 0 <= p <= 1:  # also refuses NaN
            raise ValueError(f"p-value for {key!r} must be in [0, 1], got {p}")
    m = len(p_values)
    adjusted: dict[K, float] = {}
    running = 0.0
    for rank, key in enumerate(sorted(p_values, key=p_values.__getitem__)):
        running = max(running, min(1.0, (m - rank) * p_values[key]))
        adjusted[key] = running
    return {key: adjusted[key] for key in p_values}
