"""Confidence intervals for a proportion (k successes out of n)."""

from __future__ import annotations

import math
from statistics import NormalDist

from .intervals import Interval


def wilson_interval(successes: int, trials: int, level: float = 0.95) -> Interval:
    """The share ``successes / trials`` with its Wilson score interval.

    Wilson rather than the normal approximation: it stays inside [0, 1] and keeps close to
    its nominal coverage when the share is near 0 or 1 or ``trials`` is small, which is where
    a challenge set's per-kind rates live.
    """
    if trials < 1 or not 0 <= successes <= trials:
        raise ValueError(f"wilson interval: need 0 <= successes <= trials and trials >= 1, "
                         f"got {successes} of {trials}")
    if not 0 < level < 1:
        raise ValueError(f"wilson interval: need 0 < level < 1, got {level}")
    z = NormalDist().inv_cdf(0.5 + level / 2)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) \
        / denominator
    # At 0 or n successes the bound is exactly 0 (or 1); rounding could leave 1e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(value=share, low=low, high=high)
