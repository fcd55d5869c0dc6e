"""Unit-level agreement: a matcher's present/absent verdicts against human labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .correlation import Resample


@dataclass(frozen=True)
class UnitStats:
    """Agreement on individual (fact, summary) units; "positive" means the fact is present."""

    n: int
    accuracy: float
    balanced_accuracy: float
    precision: float
    recall: float


#: The score of a unit that no threshold passes: a claim its matcher found contradicted, a
#: summary with a contradicted sentence (or none). Below every score a matcher gives
#: (probabilities, coverages, cosines: all within [-1, 1]), so ``score >= t`` is the matcher's
#: own rule at any threshold ``t`` it can have, and a threshold search sees that rule.
EXCLUDED = -2.0


@dataclass(frozen=True, eq=False)  # arrays: equal only to itself
class Decisions:
    """One matcher's decisions on one labelled dataset, kept so that a threshold fitted on
    other data can be applied here, and resampled, without matching again.

    ``scores >= t`` is the decision at threshold ``t`` (excluded units hold
    :data:`EXCLUDED`); ``verdicts`` are the matcher's own, at ``threshold``, its configured
    threshold (None when it has none). Each unit belongs to one summary, the cell
    ``cells[i] = system * documents + document`` of a (systems, documents) ``shape``: the
    bootstrap draws systems and documents (``resample``, as
    :func:`~bench.metaeval.correlation.draw`) and takes every unit of the drawn cells.
    """

    gold: np.ndarray
    scores: np.ndarray
    verdicts: np.ndarray
    cells: np.ndarray
    shape: tuple[int, int]
    resample: Resample
    threshold: float | None


def configured_threshold(matcher: object) -> float | None:
    """The threshold a matcher's verdicts use: its ``threshold`` (the learned matcher's even
    odds) or its arguments' (a similarity cut-off); None when it has neither (an LLM judge)."""
    for owner in (matcher, getattr(matcher, "args", None)):
        value = getattr(owner, "threshold", None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def unit_stats(predicted: np.ndarray, gold: np.ndarray) -> UnitStats:
    """Accuracy, balanced accuracy, precision and recall of ``predicted`` against ``gold``."""
    predicted, gold = predicted.astype(bool), gold.astype(bool)
    tp = float(np.sum(predicted & gold))
    tn = float(np.sum(~predicted & ~gold))
    fp = float(np.sum(predicted & ~gold))
    fn = float(np.sum(~predicted & gold))
    recall = _ratio(tp, tp + fn)
    specificity = _ratio(tn, tn + fp)
    return UnitStats(
        n=int(gold.size),
        accuracy=_ratio(tp + tn, gold.size),
        balanced_accuracy=(recall + specificity) / 2,
        precision=_ratio(tp, tp + fp),
        recall=recall,
    )


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold (``score >= t`` means present) with the best balanced accuracy.

    Candidates are midpoints between consecutive distinct scores, plus both ends; ties go to
    the lower threshold.

    Each candidate's true positives and true negatives are counted from the sorted scores of
    each class (binary search), not from a candidates x units matrix: the same integer counts,
    so the same threshold, in O(n log n) time and O(n) memory (the matrix took ~0.9 GB and
    ~1 s per call for the 21,540 continuous scores of a pyramid-scale fold).
    """
    candidates = _candidates(scores)
    return float(candidates[int(np.argmax(_balanced_accuracies(scores, gold, candidates)))])


def best_shared_threshold(sets: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """The one threshold with the best mean balanced accuracy over several labelled sets of
    ``(scores, gold)``: each set weighs the same, however many units it has (pooling the
    units instead would let the largest set choose alone).

    Candidates are those of :func:`best_threshold` for all the scores together (each set's
    balanced accuracy changes only at its own scores); ties go to the lower threshold. With
    one set, it is :func:`best_threshold`'s choice.
    """
    if not sets:
        raise ValueError("no labelled sets to fit a threshold on")
    sets = [(np.asarray(scores), np.asarray(gold, dtype=bool)) for scores, gold in sets]
    candidates = _candidates(np.concatenate([scores for scores, _ in sets]))
    # The sum, not the mean: the same order of candidates, and one set's sum is its own
    # balanced accuracy to the bit.
    total = sum(_balanced_accuracies(scores, gold, candidates) for scores, gold in sets)
    return float(candidates[int(np.argmax(total))])


def _balanced_accuracies(
    scores: np.ndarray, gold: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """Balanced accuracy of ``score >= c`` for each candidate ``c``."""
    if np.isnan(scores).any():
        # NaN sorts last but compares False: count by comparing.
        return _balanced_accuracies_by_matrix(scores, gold, candidates)
    gold = gold.astype(bool)
    positives, negatives = max(gold.sum(), 1), max((~gold).sum(), 1)
    # score >= c for a positive: all positives but those below c; score < c for a negative.
    found = np.sort(scores[gold])
    true_positives = found.size - np.searchsorted(found, candidates, side="left")
    true_negatives = np.searchsorted(np.sort(scores[~gold]), candidates, side="left")
    return (true_positives / positives + true_negatives / negatives) / 2


def _candidates(scores: np.ndarray) -> np.ndarray:
    values = np.unique(scores)
    return np.concatenate([[values[0]], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-9]])


def _balanced_accuracies_by_matrix(
    scores: np.ndarray, gold: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    gold = gold.astype(bool)
    positives, negatives = max(gold.sum(), 1), max((~gold).sum(), 1)
    recall = np.empty(candidates.size)
    specificity = np.empty(candidates.size)
    step = max(1, (1 << 24) // max(scores.size, 1))  # ~16 MB of booleans at a time
    for start in range(0, candidates.size, step):
        predicted = scores[None, :] >= candidates[start : start + step, None]
        recall[start : start + step] = (predicted & gold).sum(axis=1) / positives
        specificity[start : start + step] = (~predicted & ~gold).sum(axis=1) / negatives
    return (recall + specificity) / 2


def cross_validated(
    scores: np.ndarray, gold: np.ndarray, groups: np.ndarray, folds: int, rng: np.random.Generator
) -> tuple[np.ndarray, list[float]]:
    """Predictions where each unit's threshold was fitted on the other folds' groups only.

    ``groups`` assigns each unit to a document: folds split documents, so a document's units
    never help choose their own threshold.
    """
    documents = np.unique(groups)
    fold_of = dict(zip(rng.permutation(documents), np.arange(len(documents)) % folds, strict=True))
    unit_fold = np.array([fold_of[g] for g in groups])
    predicted = np.zeros(scores.shape, dtype=bool)
    thresholds = []
    for fold in range(folds):
        test = unit_fold == fold
        if not test.any():
            continue
        threshold = best_threshold(scores[~test], gold[~test])
        thresholds.append(threshold)
        predicted[test] = scores[test] >= threshold
    return predicted, thresholds
