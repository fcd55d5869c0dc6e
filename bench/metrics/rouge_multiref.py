"""Multi-reference ROUGE: one (P, R, F) from the per-reference scores of a summary.

Multi-reference policies (named in the signature):

* ``max``: per ROUGE type, the reference with the highest F1, with its precision and recall:
  exactly ``RougeScorer.score_multi``.
* ``mean``: precision, recall and F1 each averaged over the references.
* ``jackknife``: ROUGE-1.5.5's leave-one-out: for M references, the ``max`` score over each of
  the M subsets of M-1 references, averaged. With one reference it is that reference's score.
  A human reference scored against the others has already had itself left out, so it gets the
  ``max`` over the others, as ROUGE-1.5.5 scores human summaries.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_PARTS = (("p", "precision", "P"), ("r", "recall", "R"), ("f", "fmeasure", "F"))


def _pick(scores: list[dict[str, Any]], rouge_type: str) -> tuple[float, float, float]:
    """The (P, R, F) of the reference with the highest F1 (the first on ties, as np.argmax)."""
    best = scores[0][rouge_type]
    for score in scores[1:]:
        if score[rouge_type].fmeasure > best.fmeasure:
            best = score[rouge_type]
    return (best.precision, best.recall, best.fmeasure)


def _mean(values: list[float]) -> float:
    # np.mean, without the array: below 8 values numpy adds left to right, as sum() does.
    if len(values) < 8:
        return sum(values) / len(values)
    return float(np.mean(values))


def combine(scores: list[dict[str, Any]], rouge_type: str, policy: str) -> tuple[float, ...]:
    """Combine per-reference rouge-score results into one (P, R, F) under ``policy``."""
    if policy == "max" or len(scores) == 1:
        return _pick(scores, rouge_type)
    if policy == "mean":
        return tuple(_mean([getattr(s[rouge_type], name) for s in scores]) for _, name, _ in _PARTS)
    # jackknife
    subsets = [_pick(scores[:i] + scores[i + 1 :], rouge_type) for i in range(len(scores))]
    return tuple(_mean([s[k] for s in subsets]) for k in range(3))
