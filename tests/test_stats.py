"""Confidence intervals and paired tests; p-values equal sacrebleu's on the same item scores."""

from __future__ import annotations

import numpy as np
import pytest
from sacrebleu import significance

from bench.stats import (
    approximate_randomization,
    bootstrap_interval,
    paired_bootstrap,
    rank_clusters,
)


class _Result:
    def __init__(self, score: float):
        self.score = score


class MeanOfItems:
    """The smallest sacrebleu metric whose corpus score is the mean of per-item scores: its
    sufficient statistics per hypothesis are (score, 1)."""

    def __init__(self, table: dict[str, float]):
        self.table = table

    def _extract_corpus_statistics(self, hypotheses, references):
        return [[self.table[h], 1.0] for h in hypotheses]

    def _aggregate_and_compute(self, stats):
        stats = np.asarray(stats, dtype=float)
        totals = stats.sum(axis=0) if stats.ndim == 2 else stats.reshape(-1)
        return _Result(totals[0] / totals[1])

    def _compute_score_from_stats(self, totals):
        return _Result(totals[0] / totals[1])


def _sacrebleu_p(test, a, b, samples, seed):
    ids_a, ids_b = [f"a{i}" for i in range(len(a))], [f"b{i}" for i in range(len(b))]
    metric = MeanOfItems({**dict(zip(ids_a, a)), **dict(zip(ids_b, b))})
    baseline = (np.array(metric._extract_corpus_statistics(ids_a, None)), _Result(a.mean()))
    _, results = test(
        {"m": baseline}, "b", ids_b, None, {"m": metric}, n_samples=samples, seed=seed
    )
    return results["m"].p_value


def _pair(shift: int, seed: int = 0, n: int = 40):
    # Multiples of 1/64 are exact in float32 and float64, so both implementations sum alike.
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 64, n) / 64
    b = np.clip(a + (rng.integers(-12, 12, n) + shift) / 64, 0, 1)
    return a, b


@pytest.mark.parametrize("shift", [0, 1, 2, 4])
@pytest.mark.parametrize("seed", [3, 11])
def test_paired_bootstrap_equals_sacrebleu(shift, seed):
    a, b = _pair(shift, seed)
    ours = paired_bootstrap(a, b, resamples=1000, rng=np.random.default_rng(seed))
    assert ours == _sacrebleu_p(significance._paired_bs_test, a, b, 1000, seed)


@pytest.mark.parametrize("shift", [0, 1, 2, 4])
@pytest.mark.parametrize("seed", [3, 11])
def test_approximate_randomization_equals_sacrebleu(shift, seed):
    a, b = _pair(shift, seed)
    ours = approximate_randomization(a, b, trials=2000, rng=np.random.default_rng(seed))
    assert ours == _sacrebleu_p(significance._paired_ar_test, a, b, 2000, seed)


def test_the_comparison_covers_significant_and_insignificant_pairs():
    p_values = [
        approximate_randomization(*_pair(s, 3), trials=2000, rng=np.random.default_rng(3))
        for s in (0, 8)
    ]
    assert p_values[0] > 0.05 > p_values[1]


def test_a_system_against_itself_is_never_significant():
    a, _ = _pair(0)
    assert approximate_randomization(a, a, trials=500, rng=np.random.default_rng(1)) == 1.0
    assert paired_bootstrap(a, a, resamples=500, rng=np.random.default_rng(1)) == 1.0


def test_bootstrap_interval_is_seeded_and_brackets_the_mean():
    values = np.random.default_rng(5).random(30)
    first = bootstrap_interval(values, resamples=1000, level=0.95, rng=np.random.default_rng(9))
    again = bootstrap_interval(values, resamples=1000, level=0.95, rng=np.random.default_rng(9))
    assert first == again
    assert first.low < first.mean < first.high
    narrow = bootstrap_interval(values, resamples=1000, level=0.5, rng=np.random.default_rng(9))
    assert first.low < narrow.low < narrow.high < first.high


def test_rank_clusters():
    p = {("A", "B"): 0.4, ("A", "C"): 0.01, ("C", "D"): 0.3, ("C", "E"): 0.001}
    clusters = rank_clusters(["A", "B", "C", "D", "E"], lambda x, y: p[(x, y)], alpha=0.05)
    assert clusters == {"A": 1, "B": 1, "C": 2, "D": 2, "E": 3}


def test_sacrebleu_calls_a_system_against_itself_significant_and_we_do_not():
    a, _ = _pair(0)
    floor = 1 / 1001
    assert _sacrebleu_p(significance._paired_ar_test, a, a, 1000, 1) == pytest.approx(floor)
    assert approximate_randomization(a, a, trials=1000, rng=np.random.default_rng(1)) == 1.0
