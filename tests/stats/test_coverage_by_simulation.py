"""Intervals and tests checked by simulation from known distributions (seeded, ~2 s).

Tolerances are binomial: 3.5 standard deviations of a proportion over the seeded trials, plus,
for the percentile bootstrap interval, one point of under-coverage. That interval is known to
under-cover on few examples (we measured 90% for a 95% interval at n = 10 and 93% at n = 20 on
Beta(2, 5) scores), so the check uses n = 100, where it is within a point of its level.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from numpy.random import default_rng
from sacrebleu import significance

from bench.stats import approximate_randomization, bootstrap_interval, paired_bootstrap

from ..sacrebleu_reference import sacrebleu_p


def _slack(rate: float, trials: int) -> float:
    return 3.5 * math.sqrt(rate * (1 - rate) / trials)


@pytest.mark.parametrize("level", [0.8, 0.95])
def test_bootstrap_intervals_cover_the_true_mean_at_their_level(level):
    rng = default_rng(2024)
    true_mean, trials = 2 / 7, 1000  # Beta(2, 5): skewed, in 0..1 like a score
    covered = 0
    for _ in range(trials):
        values = rng.beta(2, 5, 100)
        interval = bootstrap_interval(values, resamples=400, level=level, rng=rng)
        covered += interval.low <= true_mean <= interval.high
    coverage = covered / trials
    assert level - 0.01 - _slack(level, trials) <= coverage <= level + _slack(level, trials)


@pytest.mark.parametrize("test", [approximate_randomization, paired_bootstrap])
def test_paired_tests_reject_a_true_null_at_about_alpha_and_a_real_difference_mostly(test):
    """Under the null (differences symmetric about 0) a valid test rejects at most alpha of the
    time; with a real difference of a third of a standard deviation, most of the time."""
    rng = default_rng(7)
    datasets, alpha = 400, 0.05
    rejected = {0.0: 0, 0.05: 0}
    for shift in rejected:
        for _ in range(datasets):
            a = rng.beta(2, 5, 50)
            b = a + rng.normal(shift, 0.15, 50)
            key = "trials" if test is approximate_randomization else "resamples"
            rejected[shift] += test(a, b, rng=rng, **{key: 500}) < alpha
    assert rejected[0.0] / datasets <= alpha + _slack(alpha, datasets)
    assert rejected[0.05] / datasets > 0.5


def test_the_exact_test_rejects_at_most_alpha_of_all_sign_patterns():
    """Exact validity, no simulation: for fixed |differences|, every sign pattern is equally
    likely under the null, and at most alpha of them may come out significant."""
    sizes = np.array([0.3, 0.1, 0.25, 0.05, 0.4, 0.2, 0.15, 0.35])
    for alpha in (0.05, 0.1, 0.2):
        significant = sum(
            approximate_randomization(
                sizes * np.array(signs), np.zeros(8), trials=256, rng=default_rng(0)
            )
            < alpha
            for signs in itertools.product((1, -1), repeat=8)
        )
        assert significant / 256 <= alpha


def test_sacrebleus_bootstrap_is_one_sided_in_effect_and_ours_is_not():
    """Why our paired bootstrap departs from sacrebleu's statistic: under a true null
    sacrebleu's rejects about twice as often as alpha (both draw the same resamples)."""
    rng = default_rng(11)
    datasets, alpha = 300, 0.05
    theirs = ours = 0
    for _ in range(datasets):
        a = rng.beta(2, 5, 50)
        b = a + rng.normal(0, 0.15, 50)
        seed = int(rng.integers(1 << 30))
        theirs += sacrebleu_p(significance._paired_bs_test, a, b, 300, seed) < alpha
        ours += paired_bootstrap(a, b, resamples=300, rng=default_rng(seed)) < alpha
    assert theirs / datasets > alpha + _slack(alpha, datasets)
    assert ours / datasets <= alpha + _slack(alpha, datasets)
