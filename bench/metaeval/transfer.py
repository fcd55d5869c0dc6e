"""Does one threshold transfer? Each matcher's decisions on several labelled datasets.

For every matcher and dataset, the balanced accuracy of its decisions at three thresholds:

* ``own``: its configured threshold (the default verdicts, as an experiment uses them);
* ``best``: the best threshold for this dataset's own labels, an oracle (fitted on the very
  labels it is scored on): the most any threshold could give here;
* ``lodo`` (leave one dataset out): the one threshold best for the *other* datasets together,
  each weighing the same (the mean of their balanced accuracies), applied here.

Gaps are ``best - own`` and ``best - lodo``; a threshold "transfers" when its gap is at most
``tolerance`` (0.03). Decisions come from :class:`~bench.metaeval.units.Decisions`: unit level
for pyramid data (is the SCU in the summary?), summary level for consistency files (is the
summary faithful?). Nothing here matches again: every threshold is applied to the kept scores.

Intervals are percentile bootstraps with the seed of the single-dataset reports: a dataset's
resamples are drawn once (:func:`~bench.metaeval.correlation.draw`, a fresh generator per
dataset) and shared by its three rows, so a gap's interval is a paired one. Thresholds stay
fixed in the resamples: the oracle's interval does not re-fit it, and is optimistic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..facts.registry import DEFAULT_CHECKER, DEFAULT_MATCHER
from ..stats.intervals import Interval, percentile_interval
from .correlation import Resample, _counts, draw
from .units import Decisions, best_shared_threshold, best_threshold, unit_stats


@dataclass(frozen=True)
class TransferSettings:
    """What the cross-dataset report computes and how; ``resample`` applies to pyramid data
    (consistency pairs are resampled one by one, as their own report does)."""

    # The checklist's default matcher and the faithfulness metric's default checker.
    matchers: tuple[str, ...] = (DEFAULT_MATCHER, DEFAULT_CHECKER)
    overlap_metrics: bool = True  # ROUGE and BERTScore floors
    folds: int = 5  # the single-dataset reports' cross-validation, run underneath
    resamples: int = 1000
    resample: Resample = "both"
    confidence: float = 0.95
    seed: int = 0
    tolerance: float = 0.03

    def signature(self) -> str:
        """How thresholds are fitted and compared: bootstrap, seed and tolerance."""
        return (
            f"transfer|fit:mean-bal-acc|boot:{self.resample}|B:{self.resamples}"
            f"|ci:{self.confidence:g}|seed:{self.seed}|tol:{self.tolerance:g}"
        )


@dataclass(frozen=True)
class Applied:
    """A threshold applied to one dataset: its balanced accuracy with an interval."""

    threshold: float | None  # None: the matcher's own verdicts, from a matcher with none
    accuracy: Interval


@dataclass(frozen=True)
class TransferRow:
    """One matcher on one dataset."""

    matcher: str
    dataset: str
    own: Applied
    best: Applied
    lodo: Applied
    fitted_on: tuple[str, ...]  # the datasets the lodo threshold was fitted on
    own_gap: Interval  # best - own
    lodo_gap: Interval  # best - lodo
    own_within: bool  # own_gap within the tolerance
    lodo_within: bool


def balanced_accuracy_samples(
    predicted: np.ndarray, decisions: Decisions, systems: np.ndarray, documents: np.ndarray
) -> np.ndarray:
    """Balanced accuracy of ``predicted`` in each resample of (systems, documents) drawn by
    :func:`~bench.metaeval.correlation.draw`: every unit of a drawn summary counts as often as
    its system and its document are drawn together. NaN where a resample lacks a class.

    The counts per summary are integers, so each resample's numbers equal those of the
    resampled units themselves (for one system, :func:`~bench.metaeval.consistency._interval`'s
    resamples of pairs), to the bit.
    """
    n_systems, n_documents = decisions.shape
    predicted, gold = predicted.astype(bool), decisions.gold.astype(bool)

    def per_cell(mask: np.ndarray) -> np.ndarray:
        counts = np.bincount(decisions.cells[mask], minlength=n_systems * n_documents)
        return counts.reshape(n_systems, n_documents).astype(float)

    system_counts, document_counts = _counts(systems, n_systems), _counts(documents, n_documents)

    def drawn(cell_counts: np.ndarray) -> np.ndarray:
        return np.einsum("bs,sd,bd->b", system_counts, cell_counts, document_counts)

    tp, fn = drawn(per_cell(predicted & gold)), drawn(per_cell(~predicted & gold))
    tn, fp = drawn(per_cell(~predicted & ~gold)), drawn(per_cell(predicted & ~gold))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (tp / (tp + fn) + tn / (tn + fp)) / 2


def transfer_rows(
    decisions: Mapping[str, Mapping[str, Decisions]], settings: TransferSettings
) -> list[TransferRow]:
    """The rows for ``decisions[matcher][dataset]``, in the mappings' order. Every dataset
    needs both classes (balanced accuracy has no meaning otherwise) and there must be at least
    two datasets for a matcher (the left-out one and one to fit on)."""
    rows = []
    for matcher, by_dataset in decisions.items():
        if len(by_dataset) < 2:
            raise ValueError(f"{matcher}: leaving one dataset out needs two datasets or more")
        for dataset, here in by_dataset.items():
            others = [name for name in by_dataset if name != dataset]
            lodo = best_shared_threshold(
                [(by_dataset[o].scores, by_dataset[o].gold) for o in others]
            )
            rows.append(_row(matcher, dataset, here, lodo, tuple(others), settings))
    return rows


def _row(
    matcher: str,
    dataset: str,
    here: Decisions,
    lodo: float,
    others: tuple[str, ...],
    settings: TransferSettings,
) -> TransferRow:
    gold = here.gold.astype(bool)
    if gold.all() or not gold.any():
        raise ValueError(f"{dataset}: balanced accuracy needs labels of both classes")
    best = best_threshold(here.scores, gold)
    # Each dataset's resamples from a fresh generator with the seed: the same draws as its
    # single-dataset report, and the same for every matcher.
    systems, documents = draw(
        here.shape, here.resample, settings.resamples, np.random.default_rng(settings.seed)
    )
    predictions = {
        "own": here.verdicts.astype(bool),
        "best": here.scores >= best,
        "lodo": here.scores >= lodo,
    }
    samples = {
        k: balanced_accuracy_samples(p, here, systems, documents) for k, p in predictions.items()
    }
    values = {k: unit_stats(p, gold).balanced_accuracy for k, p in predictions.items()}

    def applied(key: str, threshold: float | None) -> Applied:
        interval = percentile_interval(values[key], samples[key], settings.confidence)
        return Applied(threshold, interval)

    def gap(key: str) -> Interval:
        return percentile_interval(
            values["best"] - values[key], samples["best"] - samples[key], settings.confidence
        )

    own_gap, lodo_gap = gap("own"), gap("lodo")
    # A hair of float tolerance: a gap of exactly 0.03 is within 0.03.
    within = settings.tolerance + 1e-12
    return TransferRow(
        matcher,
        dataset,
        applied("own", here.threshold),
        applied("best", best),
        applied("lodo", lodo),
        others,
        own_gap,
        lodo_gap,
        own_gap.value <= within,
        lodo_gap.value <= within,
    )
