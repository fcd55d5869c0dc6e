"""Meta-evaluation against human consistency labels (SummaC format): is a summary faithful?

A SummaC-format file is a JSON object mapping ids to ``{"document", "claim", "label"}``: a
source, a summary (or summary sentence) and a human judgment, 1 = consistent with the source.
Each scorer gives every pair a score (higher = more faithful) and, where it has verdicts, a
verdict (faithful when no sentence is unsupported or contradicted). Reported, with percentile
bootstrap intervals over pairs (seeded):

* ROC AUC of the score: threshold-free;
* balanced accuracy of the scorer's own verdicts, with its default threshold;
* balanced accuracy with the threshold chosen by k-fold cross-validation over documents
  (best balanced accuracy on the other folds);
* optionally, with the threshold fitted on *another* labelled set (``--threshold-from``): the
  honest test of whether a threshold transfers.

Floors: ROUGE-2 and BERTScore precision of the summary against the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..console import Log
from ..data.schema import Example
from ..facts.registry import DEFAULT_CHECKER
from ..metrics import METRICS
from ..metrics.base import ItemScore, ScoringItem
from ..stats.intervals import Interval, percentile_interval
from ..wording import counted
from .consistency_pairs import LabelledSummary
from .units import EXCLUDED, best_threshold


@dataclass(frozen=True)
class ConsistencySettings:
    """Settings of the consistency meta-evaluation: the checkers, the bootstrap and the folds."""

    checkers: tuple[str, ...] = (DEFAULT_CHECKER,)
    overlap_metrics: bool = True
    folds: int = 5
    resamples: int = 1000
    confidence: float = 0.95
    seed: int = 0

    def signature(self) -> str:
        """The bootstrap, folds and seed."""
        return (
            f"boot:pairs|B:{self.resamples}|ci:{self.confidence:g}|folds:{self.folds}"
            f"|seed:{self.seed}"
        )


@dataclass
class ConsistencyRow:
    """One scorer's agreement with the consistency labels: AUC and balanced accuracies."""

    name: str
    auc: Interval
    verdicts: Interval | None  # balanced accuracy of the scorer's own verdicts
    cv: Interval  # balanced accuracy, CV threshold
    cv_thresholds: list[float] = field(default_factory=list)
    best_threshold: float = float("nan")  # fitted on all of this set (for --threshold-from)
    transfer: Interval | None = None
    transfer_threshold: float | None = None


@dataclass
class ConsistencyReport:
    """The consistency meta-evaluation of one dataset: a row per scorer."""

    dataset: str
    pairs: int
    consistent: int
    rows: list[ConsistencyRow]
    signatures: dict[str, str]
    settings: ConsistencySettings
    transfer_from: str | None = None
    #: Every scorer's scores and verdicts (for thresholds fitted on other datasets): not
    #: rendered.
    scored: list[Scored] = field(default_factory=list, repr=False, compare=False)


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """ROC AUC along the last axis (Mann-Whitney, ties counted half); NaN without both
    classes."""
    from scipy.stats import rankdata

    labels = labels.astype(bool)
    ranks = rankdata(scores, axis=-1)
    n_pos = labels.sum(axis=-1)
    n_neg = labels.shape[-1] - n_pos
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = ((ranks * labels).sum(axis=-1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    return np.where((n_pos > 0) & (n_neg > 0), auc, np.nan)


def balanced_accuracy(predicted: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Mean of the recalls of both classes, along the last axis."""
    predicted, labels = predicted.astype(bool), labels.astype(bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        tpr = (predicted & labels).sum(axis=-1) / labels.sum(axis=-1)
        tnr = (~predicted & ~labels).sum(axis=-1) / (~labels).sum(axis=-1)
    return (tpr + tnr) / 2


def _interval(stat, arrays: Sequence[np.ndarray], settings: ConsistencySettings) -> Interval:
    """``stat`` on the arrays, with a percentile bootstrap over pairs (the same resamples for
    every row: a fresh generator with the same seed)."""
    rng = np.random.default_rng(settings.seed)
    n = len(arrays[0])
    index = rng.integers(0, n, size=(settings.resamples, n))
    samples = stat(*(a[index] for a in arrays))
    return percentile_interval(float(stat(*arrays)), samples, settings.confidence)


def _cv_predictions(
    scores: np.ndarray, labels: np.ndarray, groups: list[str], settings: ConsistencySettings
) -> tuple[np.ndarray, list[float]]:
    documents = sorted(set(groups))
    rng = np.random.default_rng(settings.seed)
    order = rng.permutation(len(documents))
    fold_of = {documents[i]: k % settings.folds for k, i in enumerate(order)}
    folds = np.array([fold_of[g] for g in groups])
    predicted = np.zeros(len(scores), dtype=bool)
    thresholds = []
    for k in range(settings.folds):
        test = folds == k
        if not test.any() or (~test).sum() == 0:
            continue
        t = best_threshold(scores[~test], labels[~test])
        thresholds.append(t)
        predicted[test] = scores[test] >= t
    return predicted, thresholds


@dataclass
class Scored:
    """One scorer's score for every pair; for the faithfulness metric also its verdicts, the
    score its verdict thresholds (:func:`weakest_support`), its checker and that threshold."""

    name: str
    scores: np.ndarray
    verdicts: np.ndarray | None
    checker: str | None = None
    decision: np.ndarray | None = None
    threshold: float | None = None


def weakest_support(result: ItemScore) -> float:
    """The support of a summary's least supported sentence: the faithfulness metric judges
    the summary faithful when every sentence is supported, so at threshold ``t`` when this
    reaches ``t`` (its own verdict at its own threshold). :data:`EXCLUDED` when a sentence is
    contradicted, or there is none: then no threshold makes it faithful.

    The details keep support to 4 decimals: at a threshold within 0.00005 of a sentence's
    support, the rule and the metric's own verdict can differ.
    """
    rows = result.details.get("sentences") or []
    if not rows or any(row["verdict"] == "contradicted" for row in rows):
        return EXCLUDED
    return float(min(row["support"] for row in rows))


def score_pairs(
    pairs: Sequence[LabelledSummary],
    settings: ConsistencySettings,
    signatures: dict[str, str],
    log: Log,
) -> list[Scored]:
    """Every scorer's score (and verdict) for every pair."""
    # The source is also the one "reference", so the overlap metrics compare summary and
    # source (precision: how much of the summary the source covers).
    examples = [Example(p.id, p.document, (p.document,)) for p in pairs]
    items = [ScoringItem(p.summary, e) for p, e in zip(pairs, examples, strict=True)]
    out = []
    for checker in settings.checkers:
        metric = METRICS.get("faithfulness").from_config({"checker": {"type": checker}})
        metric.fit(examples)
        log(f"checking {counted(len(items), 'summary')} against their sources with {checker}")
        results = metric.score(items)
        signatures[f"faithfulness ({checker})"] = metric.signature()
        scores = np.array([r.values["faithfulness"] or 0.0 for r in results])
        verdicts = np.array(
            [r.values["unsupported"] == 0 and r.values["contradicted"] == 0 for r in results]
        )
        decision = np.array([weakest_support(r) for r in results])
        name = f"faithfulness ({checker})"
        out.append(Scored(name, scores, verdicts, checker, decision, metric.threshold))
    if settings.overlap_metrics:
        for name, args, key, label in (
            ("rouge", {"types": ["rouge2"]}, "rouge2_p", "R-2 P (summary vs source)"),
            ("bertscore", {}, "bertscore_p", "BERTScore P (summary vs source)"),
        ):
            metric = METRICS.get(name).from_config(args)
            metric.fit(examples)
            log(f"scoring {counted(len(items), 'summary')} with {name}")
            results = metric.score(items)
            signatures[name] = metric.signature()
            out.append(Scored(label, np.array([r.values[key] for r in results]), None))
    return out


def consistency_meta_eval(
    name: str,
    pairs: Sequence[LabelledSummary],
    settings: ConsistencySettings,
    log: Log = print,
    transfer: tuple[str, Sequence[LabelledSummary]] | None = None,
) -> ConsistencyReport:
    """Agreement of faithfulness scorers with the pairs' human labels."""
    labels = np.array([p.label for p in pairs])
    signatures = {"meta-eval": settings.signature()}
    scored = score_pairs(pairs, settings, signatures, log)
    other: dict[str, float] = {}
    if transfer is not None:
        other_pairs = transfer[1]
        other_labels = np.array([p.label for p in other_pairs])
        log(f"fitting thresholds on {transfer[0]}")
        for s in score_pairs(other_pairs, settings, {}, log):
            other[s.name] = best_threshold(s.scores, other_labels)
    groups = [p.document for p in pairs]
    rows = []
    for s in scored:
        cv, thresholds = _cv_predictions(s.scores, labels, groups, settings)
        row = ConsistencyRow(
            s.name,
            _interval(roc_auc, (s.scores, labels), settings),
            _interval(balanced_accuracy, (s.verdicts, labels), settings)
            if s.verdicts is not None
            else None,
            _interval(balanced_accuracy, (cv, labels), settings),
            thresholds,
            best_threshold(s.scores, labels),
        )
        if s.name in other:
            row.transfer_threshold = other[s.name]
            row.transfer = _interval(
                balanced_accuracy, (s.scores >= other[s.name], labels), settings
            )
        rows.append(row)
    return ConsistencyReport(
        name,
        len(pairs),
        int(labels.sum()),
        rows,
        signatures,
        settings,
        transfer[0] if transfer else None,
        scored,
    )
