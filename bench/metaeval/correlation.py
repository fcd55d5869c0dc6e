"""Correlations between metric and human scores, vectorised, with bootstrap intervals.

Scores come as matrices of shape (systems, documents). Following Deutsch et al. (2021, "A
Statistical Analysis of Summarization Evaluation Metrics using Resampling Methods"):

* system level: correlate the systems' mean scores over documents;
* summary level: for each document, correlate the systems' scores on it; average over the
  documents (a document where either score is constant has no correlation and is skipped);
* confidence intervals by bootstrap over systems, documents, or both (percentile method),
  with a seeded generator.

The correlation functions work on the last axis of any batch of arrays, so thousands of
bootstrap samples are computed at once; tests check them against scipy.stats.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.stats import rankdata

Correlation = Callable[[np.ndarray, np.ndarray], np.ndarray]
Level = Literal["system", "summary"]
Resample = Literal["systems", "documents", "both"]


def pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson's r along the last axis (NaN where either side is constant)."""
    x = x - x.mean(axis=-1, keepdims=True)
    y = y - y.mean(axis=-1, keepdims=True)
    denominator = np.sqrt((x * x).sum(axis=-1) * (y * y).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (x * y).sum(axis=-1) / denominator
    return np.where(denominator > 1e-12, r, np.nan)


def spearman(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho: Pearson's r of average ranks."""
    return pearson(rankdata(x, axis=-1), rankdata(y, axis=-1))


def kendall(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kendall's tau-b along the last axis (ties handled as scipy.stats.kendalltau does)."""
    i, j = np.triu_indices(x.shape[-1], k=1)
    dx = np.sign(x[..., i] - x[..., j])
    dy = np.sign(y[..., i] - y[..., j])
    denominator = np.sqrt((dx != 0).sum(axis=-1) * (dy != 0).sum(axis=-1).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = (dx * dy).sum(axis=-1) / denominator
    return np.where(denominator > 0, tau, np.nan)


CORRELATIONS: dict[str, Correlation] = {
    "pearson": pearson,
    "spearman": spearman,
    "kendall": kendall,
}


def _nanmean(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices are NaN, on purpose
        return np.nanmean(values, axis=-1)


def correlate(metric: np.ndarray, human: np.ndarray, level: Level, corr: Correlation) -> np.ndarray:
    """The level's correlation for (..., systems, documents) arrays."""
    if level == "system":
        return corr(metric.mean(axis=-1), human.mean(axis=-1))
    per_document = corr(np.swapaxes(metric, -1, -2), np.swapaxes(human, -1, -2))
    return _nanmean(per_document)


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float


def bootstrap(
    metric: np.ndarray,
    human: np.ndarray,
    level: Level,
    corr: Correlation,
    *,
    resample: Resample,
    resamples: int,
    rng: np.random.Generator,
    confidence: float = 0.95,
) -> Interval:
    """The correlation with a percentile bootstrap interval."""
    n_systems, n_documents = metric.shape
    systems = (
        rng.integers(0, n_systems, size=(resamples, n_systems))
        if resample in ("systems", "both")
        else np.broadcast_to(np.arange(n_systems), (resamples, n_systems))
    )
    documents = (
        rng.integers(0, n_documents, size=(resamples, n_documents))
        if resample in ("documents", "both")
        else np.broadcast_to(np.arange(n_documents), (resamples, n_documents))
    )
    rows, cols = systems[:, :, None], documents[:, None, :]
    samples = correlate(metric[rows, cols], human[rows, cols], level, corr)
    alpha = (1 - confidence) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanquantile(samples, [alpha, 1 - alpha])
    return Interval(float(correlate(metric, human, level, corr)), float(low), float(high))
