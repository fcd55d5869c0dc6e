"""Holm's correction, the one rule for clusters, and which p-values n examples can reach."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.random import default_rng

from bench.stats import (
    approximate_randomization,
    can_reach,
    compare_ranked,
    holm,
    min_examples,
    min_p_value,
    paired_bootstrap,
    rank_clusters,
    tied_with_leader,
)

# -- Holm --------------------------------------------------------------------------------------


def test_holm_by_hand():
    # Sorted: D .005 x4 = .02, A .01 x3 = .03, C .03 x2 = .06, B .04 x1 = .04 -> kept at .06
    # (step-down: never below an earlier adjusted value).
    adjusted = holm({"A": 0.01, "B": 0.04, "C": 0.03, "D": 0.005})
    assert list(adjusted) == ["A", "B", "C", "D"]
    assert adjusted == pytest.approx({"A": 0.03, "B": 0.06, "C": 0.06, "D": 0.02})


def test_holm_caps_at_one_gives_ties_equal_values_and_keeps_a_single_p():
    assert holm({"x": 0.6, "y": 0.7}) == {"x": 1.0, "y": 1.0}
    assert holm({"x": 0.02, "y": 0.02, "z": 0.5}) == pytest.approx({"x": 0.06, "y": 0.06, "z": 0.5})
    assert holm({"only": 0.03}) == {"only": 0.03}
    assert holm({}) == {}


def test_holm_refuses_what_is_not_a_p_value():
    with pytest.raises(ValueError, match="'b'"):
        holm({"a": 0.1, "b": float("nan")})
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        holm({"a": 1.5})


def test_holm_equals_statsmodels():
    from statsmodels.stats import multitest  # a test dependency: this test never skips
    rng = np.random.default_rng(0)
    for m in (1, 2, 5, 13):
        p = rng.random(m) ** 3
        p[: m // 3] = p[0]  # some ties
        _, expected, _, _ = multitest.multipletests(p, method="holm")
        ours = holm(dict(enumerate(p.tolist())))
        assert list(ours.values()) == pytest.approx(expected.tolist(), abs=1e-15)


# -- clusters ----------------------------------------------------------------------------------


def _table(p: dict[tuple[str, str], float]):
    def p_value(x, y):
        return p[(x, y)]

    return p_value


def test_a_system_not_significantly_worse_than_the_best_is_in_its_cluster_wherever_it_ranks():
    """The issue's case: C (p = 0.06 against the best) was put in cluster 2 behind B."""
    p = {("A", "B"): 0.01, ("A", "C"): 0.06, ("B", "C"): 0.5}
    result = compare_ranked(["A", "B", "C"], _table(p), alpha=0.05)
    assert result.clusters == {"A": 1, "B": 2, "C": 1}
    assert result.p_best == {"B": 0.01, "C": 0.06}
    assert result.p_best_adjusted == pytest.approx({"B": 0.02, "C": 0.06})
    assert result.leaders == {1: "A", 2: "B"}


def test_holm_decides_membership_of_the_first_cluster():
    # 0.03 alone is significant; with four comparisons against the best it is not (0.12).
    p = {("A", s): q for s, q in zip("BCDE", (0.03, 0.4, 0.5, 0.6))}
    assert rank_clusters(["A", "B"], _table(p), alpha=0.05) == {"A": 1, "B": 2}
    assert set(rank_clusters(["A", *"BCDE"], _table(p), alpha=0.05).values()) == {1}


def test_lower_clusters_are_led_by_the_best_remaining_system():
    p = {("A", "B"): 0.4, ("A", "C"): 0.001, ("A", "D"): 0.002, ("A", "E"): 0.0001}
    p |= {("C", "D"): 0.3, ("C", "E"): 0.001}
    clusters = rank_clusters(["A", "B", "C", "D", "E"], _table(p), alpha=0.05)
    assert clusters == {"A": 1, "B": 1, "C": 2, "D": 2, "E": 3}


@pytest.mark.parametrize("seed", range(30))
def test_star_cluster_and_p_against_the_best_never_disagree(seed):
    rng = np.random.default_rng(seed)
    names = [f"s{i}" for i in range(int(rng.integers(1, 8)))]
    p = {pair: float(rng.random() ** 4) for pair in itertools.permutations(names, 2)}
    result = compare_ranked(names, _table(p), alpha=0.05)
    assert result.clusters[names[0]] == 1
    for system in names[1:]:
        assert (result.clusters[system] == 1) == tied_with_leader(
            result.p_best_adjusted[system], 0.05
        )
        leader = result.leaders[result.clusters[system]]
        # Every earlier leader is one it differs from significantly.
        for number in range(1, result.clusters[system]):
            assert names.index(result.leaders[number]) < names.index(system)
        assert names.index(leader) <= names.index(system)


def test_rank_clusters_of_nothing_is_nothing():
    assert rank_clusters([], _table({}), alpha=0.05) == {}


# -- attainable p-values -----------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 12))
def test_the_exact_floor_is_what_the_most_one_sided_data_gets(n):
    a, b = np.full(n, 0.7) + np.arange(n) / 100, np.full(n, 0.2)
    p = approximate_randomization(a, b, trials=10000, rng=default_rng(0))
    assert p == min_p_value(n, test="ar", trials=10000) == 2 / 2**n


def test_the_monte_carlo_floor_is_one_over_trials_plus_one():
    a = np.linspace(0.5, 0.9, 40)
    b = a - 0.3
    assert approximate_randomization(a, b, trials=999, rng=default_rng(0)) == 1 / 1000
    assert min_p_value(40, test="ar", trials=999) == 1 / 1000
    assert paired_bootstrap(a, b + np.linspace(0, 0.01, 40), resamples=999, rng=default_rng(0)) == (
        min_p_value(40, test="bs", trials=999)
    )


def test_the_monte_carlo_floor_never_goes_below_the_exact_one():
    # 2^14 > 10000 trials, so sampled; but no p-value can be below 2 / 2^14 > 1 / 10001.
    assert min_p_value(14, test="ar", trials=10000) == 2 / 2**14
    assert min_p_value(3, test="bs", trials=1000) == 0.25


def test_which_alpha_a_table_can_reach():
    assert not can_reach(0.05, 5, test="ar", trials=10000)  # 1/16
    assert can_reach(0.05, 6, test="ar", trials=10000)  # 1/32
    assert not can_reach(0.05, 6, test="ar", trials=10000, comparisons=3)  # 3/32 after Holm
    assert can_reach(0.05, 7, test="ar", trials=10000, comparisons=3)  # 3/64
    assert min_examples(0.05, test="ar", trials=10000) == 6
    assert min_examples(0.05, test="ar", trials=10000, comparisons=3) == 7
    assert min_examples(0.05, test="bs", trials=19) is None  # 1/20 is not below 0.05
    assert min_examples(0.01, test="ar", trials=10000, comparisons=200) is None


def test_attainable_refuses_unknown_tests_and_empty_samples():
    with pytest.raises(ValueError, match="unknown paired test"):
        min_p_value(5, test="t", trials=10)
    with pytest.raises(ValueError, match="n >= 1"):
        min_p_value(0, test="ar", trials=10)
