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
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from scipy.stats import rankdata

from ..stats.intervals import Interval, percentile_interval

Correlation = Callable[[np.ndarray, np.ndarray], np.ndarray]
Level = Literal["system", "summary"]
Resample = Literal["systems", "documents", "both"]


def pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson's r along the last axis (NaN where either side is constant)."""
    return _pearson_centred(*_centred(x), *_centred(y))


def _centred(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``x`` minus its mean along the last axis, and its sum of squares: one side of
    :func:`pearson`, computable once for the human scores and reused for every metric."""
    x = x - x.mean(axis=-1, keepdims=True)
    return x, (x * x).sum(axis=-1)


def _pearson_centred(x: np.ndarray, xx: np.ndarray, y: np.ndarray, yy: np.ndarray) -> np.ndarray:
    denominator = np.sqrt(xx * yy)
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
    """The correlation with a percentile bootstrap interval.

    The straightforward computation, for one correlation at one level; :func:`bootstrap_many`
    gives the same numbers for many metrics at once (tests compare the two).
    """
    systems, documents = draw(metric.shape, resample, resamples, rng)
    rows, cols = systems[:, :, None], documents[:, None, :]
    samples = correlate(metric[rows, cols], human[rows, cols], level, corr)
    return percentile_interval(correlate(metric, human, level, corr), samples, confidence)


def draw(
    shape: tuple[int, int], resample: Resample, resamples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The resampled systems [resamples, systems] and documents [resamples, documents]."""
    n_systems, n_documents = shape
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
    return systems, documents


#: Elements of one resample chunk's largest temporary array (float64: 32 MiB): memory stays
#: flat however many resamples, systems and documents.
CHUNK_ELEMENTS = 1 << 22


def bootstrap_many(
    metrics: Sequence[np.ndarray],
    human: np.ndarray,
    *,
    resample: Resample,
    resamples: int,
    seed: int,
    confidence: float = 0.95,
    on_chunk: Callable[[int], None] | None = None,
) -> list[dict[str, Interval]]:
    """For each metric matrix, every level's and correlation's value and interval.

    The numbers equal :func:`bootstrap` called for each (metric, level, correlation) with a
    generator freshly seeded with ``seed`` (every such call draws the same resamples), to the
    bit, with less work: the resamples are drawn once; the human side of each correlation is
    computed once per chunk of resamples, not once per metric; resamples are processed in
    chunks, so memory does not grow with their number; and the summary-level Spearman and
    Kendall coefficients come from per-document tables of signs (:class:`_PairTables`)
    instead of ranking and pairing every resample's systems. Keys are ``"system/pearson"``
    and the like. ``on_chunk(n)`` is called after each chunk of ``n`` resamples (for a
    progress bar).
    """
    shape = human.shape
    systems, documents = draw(shape, resample, resamples, np.random.default_rng(seed))
    n_systems, n_documents = shape
    pairs = n_systems * (n_systems - 1) // 2
    chunk = max(1, CHUNK_ELEMENTS // (n_documents * max(n_systems, pairs)))
    keys = [f"{level}/{name}" for level in ("system", "summary") for name in CORRELATIONS]
    samples = [{k: np.empty(resamples) for k in keys} for _ in metrics]
    finite = np.isfinite(human).all()
    tables = [_PairTables(m, human) if finite and np.isfinite(m).all() else None for m in metrics]
    for start in range(0, resamples, chunk):
        stop = min(start + chunk, resamples)
        rows, cols = systems[start:stop, :, None], documents[start:stop, None, :]
        human_side = _HumanChunk(human[rows, cols])
        counts = _counts(systems[start:stop], n_systems)
        h_ranks: _RankSide | None = None
        for metric, table, out in zip(metrics, tables, samples, strict=True):
            span = slice(start, stop)
            m_summary = _fill_chunk(metric[rows, cols], human_side, out, span)
            if table is None:  # NaN scores: rank and pair the resamples themselves
                for name in ("spearman", "kendall"):
                    per_document = CORRELATIONS[name](m_summary, human_side.summary)
                    out[f"summary/{name}"][span] = _nanmean(per_document)
                continue
            if h_ranks is None:
                h_ranks = _RankSide(counts, table.human_signs)
            spearman, kendall = table.summary(counts, documents[span], h_ranks)
            out["summary/spearman"][span] = _nanmean(spearman)
            out["summary/kendall"][span] = _nanmean(kendall)
        if on_chunk is not None:
            on_chunk(stop - start)
    return [
        _intervals(metric, human, out, confidence)
        for metric, out in zip(metrics, samples, strict=True)
    ]


def _intervals(
    metric: np.ndarray, human: np.ndarray, samples: dict[str, np.ndarray], confidence: float
) -> dict[str, Interval]:
    """Each level's and correlation's value on the data, with the interval of its samples."""
    return {
        f"{level}/{name}": percentile_interval(
            correlate(metric, human, level, corr), samples[f"{level}/{name}"], confidence
        )
        for level in ("system", "summary")
        for name, corr in CORRELATIONS.items()
    }


class _HumanChunk:
    """The human side of one chunk of resamples, computed once for every metric."""

    def __init__(self, drawn: np.ndarray):
        self.system = drawn.mean(axis=-1)
        self.summary = np.swapaxes(drawn, -1, -2)
        self.pearson = _centred(self.summary)


def _fill_chunk(
    drawn: np.ndarray, human: _HumanChunk, out: dict[str, np.ndarray], span: slice
) -> np.ndarray:
    """One metric's system-level correlations and summary-level Pearson for a chunk of
    resamples, written into ``out[...][span]``; returns its (resamples, documents, systems)
    view for the summary-level rank correlations."""
    for name, corr in CORRELATIONS.items():
        out[f"system/{name}"][span] = corr(drawn.mean(axis=-1), human.system)
    summary = np.swapaxes(drawn, -1, -2)
    out["summary/pearson"][span] = _nanmean(_pearson_centred(*_centred(summary), *human.pearson))
    return summary


def _counts(systems: np.ndarray, n_systems: int) -> np.ndarray:
    """How often each system is drawn in each resample, [resamples, systems], as floats."""
    counts = np.zeros((len(systems), n_systems))
    np.add.at(counts, (np.arange(len(systems))[:, None], systems), 1.0)
    return counts


def _signs(scores: np.ndarray) -> np.ndarray:
    """sign(scores[s, d] - scores[t, d]) as [documents, s, t]."""
    by_document = scores.T
    return np.sign(by_document[:, :, None] - by_document[:, None, :])


class _RankSide:
    """One side's centred ranks and untied pairs per resample and original document.

    In a resample that draws system s c_s times, the average rank of s's score on a document,
    minus the mean rank (n + 1) / 2, is sum_t c_t sign(x_s - x_t) / 2 (each copy of a lower
    score adds 1, each tie, itself included, 1/2); and the drawn pairs of systems (i < j) are
    the pairs of systems (s, t) weighted c_s c_t (a system paired with its own copy ties).
    """

    def __init__(self, counts: np.ndarray, signs: np.ndarray):
        n_documents, n_systems, _ = signs.shape
        flat = signs.reshape(n_documents * n_systems, n_systems)
        self.counts = counts[:, None, :]
        #: Centred ranks, [resamples, documents, systems].
        self.ranks = _times(counts, flat).reshape(len(counts), n_documents, n_systems) / 2
        #: sum over drawn systems of the squared centred rank, [resamples, documents].
        self.squares = (self.ranks * self.ranks * self.counts).sum(axis=-1)
        #: Untied drawn pairs, [resamples, documents].
        self.untied = _pair_sum(counts, np.abs(flat), n_documents)


def _pair_sum(counts: np.ndarray, flat_table: np.ndarray, n_documents: int) -> np.ndarray:
    """sum over drawn pairs i < j of table[d, s_i, s_j], for a symmetric table with a zero
    diagonal: counts' table[d] counts / 2, [resamples, documents]."""
    weighted = _times(counts, flat_table).reshape(len(counts), n_documents, -1)
    return (weighted * counts[:, None, :]).sum(axis=-1) / 2


def _times(counts: np.ndarray, flat_table: np.ndarray) -> np.ndarray:
    """counts @ flat_table.T, in float64. Both hold small integers (counts up to the number of
    systems, signs -1, 0, 1), so every sum is an integer of at most that many units: exact in
    float32 below 2**24 systems, where the product runs several times faster. einsum, not
    matmul: BLAS's threads fight over a busy machine's cores (3x slower measured here)."""
    if counts.shape[1] >= 1 << 24:
        return np.einsum("rt,kt->rk", counts, flat_table)
    product = np.einsum("rt,kt->rk", counts.astype(np.float32), flat_table.astype(np.float32))
    return product.astype(np.float64)


class _PairTables:
    """Summary-level Spearman and Kendall of resampled systems from per-document signs.

    With S[d, s, t] = sign(metric[s, d] - metric[t, d]) and H the same for the human scores,
    everything the two coefficients need for a resampled document is a few matrix products
    with the resample's draw counts (:class:`_RankSide`; the Kendall numerator is the pair sum
    of S * H). Every intermediate value is a multiple of 1/4 far below 2**50, exact in any
    order of summation, so the coefficients equal :func:`spearman` and :func:`kendall` on the
    resampled arrays to the bit, for a fraction of the work.
    """

    def __init__(self, metric: np.ndarray, human: np.ndarray):
        self.metric_signs = _signs(metric)
        self.human_signs = _signs(human)
        n_documents, n_systems, _ = self.metric_signs.shape
        self.agreement = (self.metric_signs * self.human_signs).reshape(
            n_documents * n_systems, n_systems
        )

    def summary(
        self, counts: np.ndarray, documents: np.ndarray, human: _RankSide
    ) -> tuple[np.ndarray, np.ndarray]:
        """Spearman's rho and Kendall's tau per resample and drawn document."""
        metric = _RankSide(counts, self.metric_signs)
        products = (metric.ranks * human.ranks * metric.counts).sum(axis=-1)
        spearman = _pearson_from_sums(
            _pick(products, documents),
            _pick(metric.squares, documents),
            _pick(human.squares, documents),
        )
        concordant = _pair_sum(counts, self.agreement, len(self.metric_signs))
        denominator = np.sqrt(_pick(metric.untied, documents) * _pick(human.untied, documents))
        with np.errstate(invalid="ignore", divide="ignore"):
            tau = _pick(concordant, documents) / denominator
        return spearman, np.where(denominator > 0, tau, np.nan)


def _pearson_from_sums(products: np.ndarray, xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
    """The last steps of :func:`_pearson_centred`, from its sums."""
    denominator = np.sqrt(xx * yy)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = products / denominator
    return np.where(denominator > 1e-12, r, np.nan)


def _pick(per_document: np.ndarray, documents: np.ndarray) -> np.ndarray:
    """The values of each resample's drawn documents, [resamples, drawn documents]."""
    return per_document[np.arange(len(documents))[:, None], documents]
