"""Paired significance tests between two systems scored on the same examples.

Both follow sacrebleu's ``significance.py`` (itself following Moses' paired bootstrap and
MultEval's approximate randomization) step for step, with the corpus score being the mean of
per-example scores, so that on the same per-item scores and seed the p-values are the same
(tests check this against sacrebleu). Both are two-sided tests of the absolute difference of
means, and use the "+1" correction: p = (count + 1) / (samples + 1). One departure: equal means
give p = 1 (sacrebleu gives its smallest p-value there; see ``_p_value``).
"""

from __future__ import annotations

import numpy as np


def _p_value(statistics: np.ndarray, observed: float) -> float:
    if observed == 0:
        # Where we depart from sacrebleu: with no observed difference its strict ">" counts
        # nothing and returns the smallest p-value, so two identical systems (or a system and
        # itself) come out "significantly different" (p = 1/(samples + 1)). No difference is
        # no evidence: p = 1.
        return 1.0
    return (int(np.sum(statistics > observed)) + 1) / (len(statistics) + 1)


def paired_bootstrap(
    a: np.ndarray, b: np.ndarray, *, resamples: int, rng: np.random.Generator
) -> float:
    """p-value that the means of ``a`` and ``b`` differ (paired bootstrap resampling).

    Resample examples with replacement; the null distribution is the resampled absolute
    difference, centred on its mean (Koehn, 2004; sacrebleu's ``_paired_bs_test``).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    index = rng.choice(len(a), size=(resamples, len(a)), replace=True)
    differences = np.abs(b[index].mean(axis=1) - a[index].mean(axis=1))
    return _p_value(differences - differences.mean(), abs(b.mean() - a.mean()))


def approximate_randomization(
    a: np.ndarray, b: np.ndarray, *, trials: int, rng: np.random.Generator
) -> float:
    """p-value that the means of ``a`` and ``b`` differ (paired approximate randomization).

    Each trial swaps the two systems' scores on a random half of the examples (Riezler and
    Maxwell, 2005; sacrebleu's ``_paired_ar_test``).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    swap = rng.integers(2, size=(trials, len(a)), dtype=bool)
    shuffled_a = np.where(swap, a, b).mean(axis=1)
    shuffled_b = np.where(swap, b, a).mean(axis=1)
    return _p_value(np.abs(shuffled_a - shuffled_b), abs(a.mean() - b.mean()))
