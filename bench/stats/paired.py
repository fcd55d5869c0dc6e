"""Paired significance tests between two systems scored on the same examples.

Both are two-sided tests of the difference of mean scores. Approximate randomization follows
sacrebleu's ``_paired_ar_test`` (MultEval's, Riezler and Maxwell 2005) with the corpus score
being the mean of per-example scores, and draws the same random numbers from the same seed, so
on scores without ties its p-values equal sacrebleu's (tests check this). The paired bootstrap
draws sacrebleu's ``_paired_bs_test`` resamples (Koehn, 2004) but not its statistic (item 5).

We depart from sacrebleu where it lets small samples overclaim:

1. **Ties count.** sacrebleu counts the resamples whose difference is strictly greater than
   the observed one. Under the null hypothesis a resample that equals the observed difference
   is as extreme as it, so the p-value is P(T >= t), and leaving ties out makes p too small
   exactly where they are common: few examples, and scores on a coarse grid (recall of five
   facts, ROUGE of a short text). Three examples where B beats A by 0.1 each gave p = 0.0001;
   here they give 0.25. Ties are found on exact integer sums with a stated tolerance for the
   scores' own rounding (:func:`_on_grid`).
2. **Exact when it fits.** Approximate randomization flips the sign of each example's
   difference; n examples have 2^n equally likely flips. When ``trials >= 2^n`` all of them are
   enumerated and p is exact (no random numbers are drawn); otherwise ``trials`` random flips
   are drawn as sacrebleu draws them, with its +1 correction: p = (count + 1) / (trials + 1).
3. **A floor.** The observed flip and its mirror image always tie, so no two-sided sign-flip
   p-value is below 2 / 2^n, and no test that assumes nothing of the scores' distribution can
   be surer. A Monte Carlo estimate is raised to that floor, and so is the bootstrap, which
   reads a constant difference as certainty (three examples that all favour B give it
   p = 1 / (resamples + 1)). :mod:`.attainable` says which p-values n examples can reach.
4. Two identical systems give p = 1 (sacrebleu gives its smallest p-value): every resample
   ties.
5. **The bootstrap is two-sided.** sacrebleu compares the observed |difference| with the
   resampled |differences| minus their mean; when the systems clearly differ every resampled
   difference has the observed sign, so that is a one-sided test and its p-value about half
   the two-sided one. Simulated under the null (tests/stats/test_coverage_by_simulation.py) it
   rejected 11-14% of the time at alpha = 0.05 (n = 20 to 200). Here a resample counts when its
   difference lies at least as far from the observed difference as that lies from 0: 5% at
   n = 50 and 200, 7.5% at n = 20 (the bootstrap's small-sample optimism; approximate
   randomization, exact or not, is valid at any n and is the default).

The resampled matrices are drawn in blocks of rows (:mod:`._chunks`), so memory stays bounded at
any number of examples while the random stream, and so every p-value, stays that of one draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._chunks import row_blocks

#: Names of the tests, as configs and stats signatures spell them.
TESTS = ("ar", "bs")

#: Integer sums of up to n grid values stay below 2^_SUM_BITS (room to add a tolerance in int64).
_SUM_BITS = 61
#: Rounding allowed per score, in units in the last place of its magnitude: for the arithmetic
#: that produced it (a ratio, an F-measure, a mean over references) and for a - b.
_ULPS = 16
_UNIT_ROUNDOFF = 2.0**-53


@dataclass(frozen=True)
class _Grid:
    """Per-example differences a - b as integers, and how far apart two sums may be and still
    be the same sum."""

    steps: np.ndarray  # int64, one per example
    tolerance: int  # in grid steps


def _check(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"paired test: need two 1-D arrays of scores on the same examples, got shapes "
            f"{a.shape} and {b.shape}"
        )
    if len(a) == 0:
        raise ValueError("paired test: no examples to compare")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("paired test: scores must be finite (drop NaN or infinite ones first)")
    return a, b


def _on_grid(a: np.ndarray, b: np.ndarray) -> _Grid | None:
    """The differences on an integer grid, or None when a and b are equal everywhere.

    Why integers: sums of floats depend on their order (pairwise, blocked, threaded), and the
    decision "this resample ties the observed difference" must not. Each difference is rounded
    to a multiple of a power of two, fine enough that n of them sum exactly in int64 (the grid
    step is 2^-k of the largest difference, k = 61 - bits(n)); then every sum is exact, in any
    order or blocking.

    Why a tolerance: the scores are floats computed from ratios and logs, so two differences
    that are equal as real numbers (0.1 + 0.2 and 0.3) can differ in the last bit, and so can
    two sums of them. Two sums count as equal when they differ by less than

        2n grid steps + 4n * 16 * 2^-53 * max_i(|a_i| + |b_i|)

    the first term for rounding to the grid (half a step per term of each sum compared: a
    resample's and the observed one, which the bootstrap uses twice), the second for up to 16
    units in the last place of rounding in each score, on each term of those (at most three)
    sums, counted as four. That is
    relative, so it holds at any scale (ROUGE in 0..1, word counts in the hundreds), and tiny:
    on scores in 0..1 it is about 1e-14 on a difference of means at n = 1,000 and 1e-13 at
    n = 100,000 - far below anything a table shows, far above the rounding it absorbs.
    """
    differences = a - b
    largest = float(np.max(np.abs(differences)))
    if largest == 0:
        return None
    n = len(differences)
    _, exponent = math.frexp(largest)  # largest < 2^exponent
    shift = _SUM_BITS - n.bit_length() - exponent  # grid step = 2^-shift; |steps| <= 2^61 / n
    steps = np.rint(np.ldexp(differences, shift)).astype(np.int64)
    magnitude = float(np.max(np.abs(a) + np.abs(b)))
    try:
        scores_rounding = math.ceil(4 * n * _ULPS * _UNIT_ROUNDOFF * math.ldexp(magnitude, shift))
    except OverflowError:  # differences far below the scores' resolution: all of them tie
        scores_rounding = 1 << _SUM_BITS
    return _Grid(steps, min(2 * n + scores_rounding, 1 << _SUM_BITS))


def _floor(n: int) -> float:
    """2 / 2^n: the observed sign pattern and its mirror image always tie."""
    return math.ldexp(1.0, 1 - n)


def approximate_randomization(
    a: np.ndarray, b: np.ndarray, *, trials: int, rng: np.random.Generator
) -> float:
    """Two-sided p-value that the means of ``a`` and ``b`` differ (paired approximate
    randomization: each trial swaps the two systems' scores on a random subset of examples).

    Exact (all 2^n swaps, ``rng`` unused) when ``trials >= 2^n``; otherwise ``trials`` random
    swaps drawn as sacrebleu draws them, p = (count + 1) / (trials + 1), and never below 2 / 2^n.
    Ties with the observed difference count (see the module docstring).
    """
    a, b = _check(a, b)
    if trials < 1:
        raise ValueError(f"approximate randomization: trials must be >= 1, got {trials}")
    grid = _on_grid(a, b)
    if grid is None:
        return 1.0
    n, steps = len(a), grid.steps
    total = int(steps.sum())
    threshold = abs(total) - grid.tolerance  # a swap counts when |its sum| >= threshold
    if n < 63 and trials >= 1 << n:
        return _exact_sign_flip(steps, threshold)
    count = 0
    for start, stop in row_blocks(trials, n, boolean=True):
        keep = rng.integers(2, size=(stop - start, n), dtype=bool)
        # Swapping example i negates its difference: sum = sum(kept) - sum(swapped).
        sums = 2 * (keep @ steps) - total  # integer matmul: exact, in no particular order
        count += int(np.count_nonzero(np.abs(sums) >= threshold))
    return max((count + 1) / (trials + 1), _floor(n))


def _exact_sign_flip(steps: np.ndarray, threshold: int) -> float:
    """The exact two-sided p-value over all 2^n sign flips.

    A flip and its mirror image have sums of equal size, so only the 2^(n-1) flips that keep
    the last example are enumerated: flip j negates example i < n-1 when bit i of j is set.
    """
    n = len(steps)
    total = int(steps.sum())
    bits = np.arange(n - 1, dtype=np.int64)
    patterns = 1 << (n - 1)
    count = 0
    for start, stop in row_blocks(patterns, max(n - 1, 1)):
        flipped = (np.arange(start, stop, dtype=np.int64)[:, None] >> bits) & 1
        sums = total - 2 * (flipped @ steps[:-1])
        count += int(np.count_nonzero(np.abs(sums) >= threshold))
    return count / patterns


def paired_bootstrap(
    a: np.ndarray, b: np.ndarray, *, resamples: int, rng: np.random.Generator
) -> float:
    """Two-sided p-value that the means of ``a`` and ``b`` differ (paired bootstrap).

    Resample examples with replacement (sacrebleu's ``_paired_bs_test`` draws); a resample is
    as extreme as the data when its difference lies at least as far from the observed one as
    the observed one lies from 0 (the bootstrap distribution moved to the null: Efron and
    Tibshirani, 1993, 16.4). p = (count + 1) / (resamples + 1), ties counted, never below
    2 / 2^n. Departs from sacrebleu's statistic, which is one-sided in effect (see the module
    docstring).
    """
    a, b = _check(a, b)
    if resamples < 1:
        raise ValueError(f"paired bootstrap: resamples must be >= 1, got {resamples}")
    grid = _on_grid(a, b)
    if grid is None:
        return 1.0
    n, steps = len(a), grid.steps
    total = int(steps.sum())
    threshold = abs(total) - grid.tolerance
    count = 0
    for start, stop in row_blocks(resamples, n):
        index = rng.choice(n, size=(stop - start, n), replace=True)
        count += int(np.count_nonzero(np.abs(steps[index].sum(axis=1) - total) >= threshold))
    return max((count + 1) / (resamples + 1), _floor(n))


def paired_test(
    a: np.ndarray, b: np.ndarray, *, test: str, trials: int, rng: np.random.Generator
) -> float:
    """The p-value of ``test`` ("ar": approximate randomization, "bs": paired bootstrap) with
    ``trials`` trials or resamples."""
    if test == "ar":
        return approximate_randomization(a, b, trials=trials, rng=rng)
    if test == "bs":
        return paired_bootstrap(a, b, resamples=trials, rng=rng)
    raise ValueError(f"unknown paired test {test!r}: use one of {', '.join(TESTS)}")
