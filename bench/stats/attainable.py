"""Which p-values a paired test can reach on n examples: whether a table can show anything.

On n examples the sign-flip distribution has 2^n equally likely patterns, and the observed one
and its mirror image always tie, so no two-sided p-value is below 2 / 2^n (see
:mod:`.paired`). A Monte Carlo test or a bootstrap with ``trials`` draws cannot go below
1 / (trials + 1) either. With several systems compared with the best, Holm's correction
multiplies the smallest p-value by the number of comparisons, so a leaderboard can separate
nothing unless ``comparisons * min_p_value(n) < alpha``.
"""

from __future__ import annotations

import math

from .paired import TESTS


def min_p_value(n: int, *, test: str, trials: int) -> float:
    """The smallest p-value ``test`` ("ar" or "bs") can report on ``n`` paired examples with
    ``trials`` trials (or resamples).

    Approximate randomization with ``trials >= 2^n`` is exact: 2 / 2^n. Otherwise (and for the
    bootstrap) it is 1 / (trials + 1), but never below 2 / 2^n, where both tests are floored.
    """
    if test not in TESTS:
        raise ValueError(f"unknown paired test {test!r}: use one of {', '.join(TESTS)}")
    if n < 1 or trials < 1:
        raise ValueError(f"need n >= 1 examples and trials >= 1, got n={n}, trials={trials}")
    exact = math.ldexp(1.0, 1 - n)
    if test == "ar" and n < 63 and trials >= 1 << n:
        return exact
    return max(1 / (trials + 1), exact)


def can_reach(alpha: float, n: int, *, test: str, trials: int, comparisons: int = 1) -> bool:
    """Whether any difference on ``n`` examples can be significant at ``alpha`` (p < alpha)
    when ``comparisons`` p-values are Holm-corrected together (1: a single test)."""
    if comparisons < 1:
        raise ValueError(f"comparisons must be >= 1, got {comparisons}")
    return comparisons * min_p_value(n, test=test, trials=trials) < alpha


def min_examples(alpha: float, *, test: str, trials: int, comparisons: int = 1) -> int | None:
    """The fewest examples on which :func:`can_reach` holds, or None if no number of examples
    is enough (the trials alone cap the p-value: ``comparisons / (trials + 1) >= alpha``)."""
    if comparisons / (trials + 1) >= alpha:
        return None
    n = 1
    while not can_reach(alpha, n, test=test, trials=trials, comparisons=comparisons):
        n += 1
    return n
