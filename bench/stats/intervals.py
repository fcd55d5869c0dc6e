"""Percentile bootstrap confidence intervals for a system's mean score over examples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Interval:
    """A mean with its confidence interval."""

    mean: float
    low: float
    high: float


def bootstrap_interval(
    values: np.ndarray, *, resamples: int, level: float, rng: np.random.Generator
) -> Interval:
    """The mean of ``values`` and its percentile bootstrap interval.

    The resampling indices are drawn once as a (resamples, n) matrix, as sacrebleu does.
    """
    values = np.asarray(values, dtype=float)
    index = rng.integers(0, len(values), size=(resamples, len(values)))
    means = values[index].mean(axis=1)
    alpha = (1 - level) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return Interval(float(values.mean()), float(low), float(high))
