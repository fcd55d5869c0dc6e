"""sacrebleu's paired tests called on per-item scores: the reference our tests compare with."""

from __future__ import annotations

import numpy as np


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


def sacrebleu_p(test, a, b, samples, seed):
    """The p-value of sacrebleu's ``test`` (``significance._paired_ar_test`` or
    ``_paired_bs_test``) for system b against baseline a."""
    ids_a, ids_b = [f"a{i}" for i in range(len(a))], [f"b{i}" for i in range(len(b))]
    metric = MeanOfItems({**dict(zip(ids_a, a)), **dict(zip(ids_b, b))})
    baseline = (np.array(metric._extract_corpus_statistics(ids_a, None)), _Result(a.mean()))
    _, results = test(
        {"m": baseline}, "b", ids_b, None, {"m": metric}, n_samples=samples, seed=seed
    )
    return results["m"].p_value
