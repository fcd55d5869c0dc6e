"""Paired tests and intervals: exact enumeration on small samples, sacrebleu where no ties occur.

The references are called directly: sacrebleu's ``_paired_ar_test`` on a metric whose corpus
score is the mean of item scores, and every sign flip enumerated (itertools.product) or every
bootstrap resample summed in exact rational arithmetic. (sacrebleu's paired bootstrap is one-sided
in effect; tests/stats/test_coverage_by_simulation.py shows it, and why ours differs.)
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from numpy.random import default_rng
from sacrebleu import significance

from bench.stats import (
    _chunks,
    approximate_randomization,
    bootstrap_interval,
    paired_bootstrap,
    paired_test,
)

from ..sacrebleu_reference import sacrebleu_p as _sacrebleu_p


def _continuous_pair(shift: float, seed: int, n: int = 40):
    """Scores without ties: multiples of 2^-20 (exact in the float32 sacrebleu's bootstrap
    uses), so no two resampled sums meet by accident."""
    rng = np.random.default_rng(seed)
    a = np.round(rng.random(n) * 2**20) / 2**20
    b = np.clip(a + rng.normal(shift, 0.15, n), 0, 1)
    return a, np.round(b * 2**20) / 2**20


def _grid_pair(shift: int, seed: int, n: int = 40):
    """Scores on a grid of 1/64 (exact in binary): many resamples tie the observed difference."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 64, n) / 64
    b = np.clip(a + (rng.integers(-12, 12, n) + shift) / 64, 0, 1)
    return a, b


# -- against sacrebleu, where no ties occur ----------------------------------------------------


@pytest.mark.parametrize("shift", [0.0, 0.02, 0.05, 0.1])
@pytest.mark.parametrize("seed", [3, 11])
def test_approximate_randomization_equals_sacrebleu_without_ties(shift, seed):
    a, b = _continuous_pair(shift, seed)
    ours = approximate_randomization(a, b, trials=2000, rng=default_rng(seed))
    assert ours == _sacrebleu_p(significance._paired_ar_test, a, b, 2000, seed)


def test_the_comparison_covers_significant_and_insignificant_pairs():
    p_values = [
        approximate_randomization(*_continuous_pair(s, 3), trials=2000, rng=default_rng(3))
        for s in (0.0, 0.1)
    ]
    assert p_values[0] > 0.05 > p_values[1]


@pytest.mark.parametrize("shift", [0, 1, 3])
def test_ties_count_where_sacrebleu_leaves_them_out(shift):
    """On the 1/64 grid every sum is exact, so the tied trials can be counted independently:
    ours counts exactly sacrebleu's strictly-greater trials plus those."""
    a, b = _grid_pair(shift, 5)
    trials = 2000
    swap = default_rng(5).integers(2, size=(trials, len(a)), dtype=bool)
    steps = np.rint((a - b) * 64).astype(int)  # exact integers
    sums = np.abs(np.where(swap, steps, -steps).sum(axis=1))
    ties = int(np.sum(sums == abs(steps.sum())))
    assert ties > 0
    ours = approximate_randomization(a, b, trials=trials, rng=default_rng(5))
    theirs = _sacrebleu_p(significance._paired_ar_test, a, b, trials, 5)
    assert round(ours * (trials + 1)) == round(theirs * (trials + 1)) + ties


# -- exact enumeration -------------------------------------------------------------------------


def _enumerated_p(a: list[Fraction], b: list[Fraction]) -> Fraction:
    """The two-sided sign-flip p-value over every flip, in exact arithmetic."""
    d = [x - y for x, y in zip(a, b)]
    observed = abs(sum(d))
    flips = list(itertools.product((1, -1), repeat=len(d)))
    extreme = sum(abs(sum(s * x for s, x in zip(signs, d))) >= observed for signs in flips)
    return Fraction(extreme, len(flips))


def _fractions(seed: int, n: int, denominator: int) -> tuple[list[Fraction], list[Fraction]]:
    """Scores such as 3/7 or 0.3 that binary floats cannot hold: equal sums of them round
    differently in floating point, the case the tie tolerance exists for."""
    rng = np.random.default_rng(seed)
    a = [Fraction(int(k), denominator) for k in rng.integers(0, denominator + 1, n)]
    b = [Fraction(int(k), denominator) for k in rng.integers(0, denominator + 1, n)]
    return a, b


@pytest.mark.parametrize("n", range(1, 11))
@pytest.mark.parametrize("denominator", [3, 7, 10])
def test_approximate_randomization_is_the_exact_sign_flip_test_when_trials_cover_all_flips(
    n, denominator
):
    for seed in range(4):
        a, b = _fractions(seed * 100 + n, n, denominator)
        expected = _enumerated_p(a, b)
        floats = np.array([float(x) for x in a]), np.array([float(x) for x in b])
        for trials in (2**n, 10_000):
            p = approximate_randomization(*floats, trials=trials, rng=default_rng(0))
            assert p == expected, (a, b, trials)


def test_the_exact_test_finds_ties_that_floating_point_sums_miss():
    # Differences 0.1, 0.2, -0.3, 0.4: flipping the first three leaves the sum at 0.4 for real
    # numbers, but 0.1 + 0.2 - 0.3 != 0 in floating point.
    a, b = np.array([0.1, 0.2, 0.0, 0.4]), np.array([0.0, 0.0, 0.3, 0.0])
    d = a - b
    assert -d[0] - d[1] - d[2] + d[3] != d.sum()
    tenths = [Fraction(k, 10) for k in (1, 2, 0, 4)], [Fraction(k, 10) for k in (0, 0, 3, 0)]
    exact = _enumerated_p(*tenths)
    flips = [np.array(s) for s in itertools.product((1, -1), repeat=4)]
    in_floats = sum(abs((s * d).sum()) >= abs(d.sum()) for s in flips)
    assert exact == Fraction(10, 16) and in_floats == 8  # floats miss that flip and its mirror
    assert approximate_randomization(a, b, trials=16, rng=default_rng(0)) == exact


def test_the_issue_example_gives_the_exact_p_value():
    a, b = [0.5, 0.6, 0.7], [0.4, 0.5, 0.6]  # B beats A by 0.1 on each of three examples
    assert approximate_randomization(a, b, trials=10000, rng=default_rng(0)) == 0.25


def test_monte_carlo_agrees_with_the_exact_distribution():
    a, b = _fractions(7, 12, 5)
    floats = np.array([float(x) for x in a]), np.array([float(x) for x in b])
    exact = float(_enumerated_p(a, b))
    sampled = approximate_randomization(*floats, trials=4095, rng=default_rng(1))  # < 2^12
    assert 0.1 < exact < 0.9
    assert abs(sampled - exact) < 4 * math.sqrt(exact * (1 - exact) / 4095)


def test_a_monte_carlo_p_value_never_falls_below_the_exact_floor():
    n = 14  # 2^14 > 10000 trials: Monte Carlo
    a, b = np.full(n, 0.6), np.full(n, 0.5)
    p = approximate_randomization(a, b, trials=10000, rng=default_rng(0))
    assert p >= 2 / 2**n
    # The bootstrap sees no variance at all: only its own floor, 1 / (resamples + 1), holds it.
    assert paired_bootstrap(a, b, resamples=1000, rng=default_rng(0)) == 1 / 1001


def test_a_constant_difference_on_three_examples_is_not_significant_in_either_test():
    a, b = [0.5, 0.6, 0.7], [0.4, 0.5, 0.6]
    assert paired_bootstrap(a, b, resamples=1000, rng=default_rng(0)) == 0.25
    assert paired_test(a, b, test="bs", trials=1000, rng=default_rng(0)) == 0.25
    assert paired_test(a, b, test="ar", trials=1000, rng=default_rng(0)) == 0.25


def _bootstrap_reference(a, b, resamples, seed) -> float:
    """The two-sided paired bootstrap with ties counted, in exact arithmetic, same draws: a
    resample counts when its difference lies as far from the observed one as that from 0."""
    d = [x - y for x, y in zip(a, b)]
    index = default_rng(seed).choice(len(d), size=(resamples, len(d)), replace=True)
    count = sum(abs(sum(d[i] for i in row) - sum(d)) >= abs(sum(d)) for row in index.tolist())
    return max((count + 1) / (resamples + 1), 2 / 2 ** len(d))


@pytest.mark.parametrize("seed", range(8))
def test_paired_bootstrap_equals_exact_arithmetic(seed):
    a, b = _fractions(seed, 5 + seed % 4, 7)
    floats = np.array([float(x) for x in a]), np.array([float(x) for x in b])
    expected = _bootstrap_reference(a, b, 300, seed)
    assert paired_bootstrap(*floats, resamples=300, rng=default_rng(seed)) == expected


def test_a_system_against_itself_is_never_significant():
    a, _ = _continuous_pair(0, 0)
    for trials in (500, 2**40):
        assert approximate_randomization(a, a, trials=trials, rng=default_rng(1)) == 1.0
    assert paired_bootstrap(a, a, resamples=500, rng=default_rng(1)) == 1.0
    assert approximate_randomization([0.3], [0.3], trials=10, rng=default_rng(1)) == 1.0


def test_sacrebleu_calls_a_system_against_itself_significant_and_we_do_not():
    a, _ = _continuous_pair(0, 0)
    floor = 1 / 1001
    assert _sacrebleu_p(significance._paired_ar_test, a, a, 1000, 1) == pytest.approx(floor)
    assert approximate_randomization(a, a, trials=1000, rng=default_rng(1)) == 1.0


def test_bad_input_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="same examples"):
        approximate_randomization([0.1, 0.2], [0.1], trials=10, rng=default_rng(0))
    with pytest.raises(ValueError, match="finite"):
        paired_bootstrap([0.1, float("nan")], [0.1, 0.2], resamples=10, rng=default_rng(0))
    with pytest.raises(ValueError, match="no examples"):
        approximate_randomization([], [], trials=10, rng=default_rng(0))
    with pytest.raises(ValueError, match="unknown paired test 't'"):
        paired_test([0.1], [0.2], test="t", trials=10, rng=default_rng(0))


# -- intervals ---------------------------------------------------------------------------------


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    values = np.random.default_rng(5).random(30)
    first = bootstrap_interval(values, resamples=1000, level=0.95, rng=default_rng(9))
    again = bootstrap_interval(values, resamples=1000, level=0.95, rng=default_rng(9))
    assert first == again
    assert first.low < first.value < first.high
    narrow = bootstrap_interval(values, resamples=1000, level=0.5, rng=default_rng(9))
    assert first.low < narrow.low < narrow.high < first.high


def test_bootstrap_interval_equals_the_percentiles_of_one_whole_draw():
    """What the function did before blocks, written out: one (B, n) index matrix."""
    values = np.random.default_rng(2).random(37)
    index = default_rng(4).integers(0, 37, size=(500, 37))
    alpha = (1 - 0.95) / 2
    low, high = np.quantile(values[index].mean(axis=1), [alpha, 1 - alpha])
    interval = bootstrap_interval(values, resamples=500, level=0.95, rng=default_rng(4))
    assert (interval.low, interval.high) == (low, high)


# -- blocks of rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 6, 7, 33, 40, 64])
def test_blocks_of_rows_change_no_number(monkeypatch, n):
    """Bounded memory, same stream: tiny blocks give the numbers of one whole draw."""
    a = np.random.default_rng(n).random(n)
    b = a + np.random.default_rng(n + 1).normal(0.05, 0.2, n)

    def run():
        rng = default_rng(8)
        out = (
            approximate_randomization(a, b, trials=300, rng=rng),  # Monte Carlo for n >= 9
            paired_bootstrap(a, b, resamples=300, rng=rng),
            bootstrap_interval(a, resamples=300, level=0.9, rng=rng),
        )
        return out, rng.integers(1 << 62)  # and the generator is left where it was

    whole = run()
    for elements in (1, 5, 64, 1000):
        monkeypatch.setattr(_chunks, "CHUNK_ELEMENTS", elements)
        assert run() == whole


def test_row_blocks_cover_every_row_once_in_whole_words_of_booleans(monkeypatch):
    monkeypatch.setattr(_chunks, "CHUNK_ELEMENTS", 100)
    for n in (1, 6, 7, 33, 100, 1000):
        blocks = list(_chunks.row_blocks(97, n, boolean=True))
        assert [s for s, _ in blocks] == [0] + [e for _, e in blocks[:-1]]
        assert blocks[-1][1] == 97
        assert all((e - s) * n % 32 == 0 for s, e in blocks[:-1])
