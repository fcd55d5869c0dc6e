"""Meta-evaluate metrics and fact matchers against human pyramid judgments.

For every (system, document) summary with human labels, each metric gives a score and the
annotators give a pyramid score (the share of the reference's SCUs they found). We report how
well each metric's scores correlate with the human ones, at system and summary level, with
bootstrap intervals; and, for fact matchers, how well their per-SCU verdicts agree with the
labels. A matcher is reported three ways:

* ``fixed``: its configured threshold, as an experiment would use it;
* ``cv``: the threshold chosen by k-fold cross-validation over documents (best balanced
  accuracy on the other folds) — never fitted on the documents it is scored on;
* ``soft``: no threshold; the pyramid score is the mean of its per-SCU scores.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..console import Log
from ..data.pyramid import Judgments
from ..data.schema import Dataset
from ..encoders.batching import encoding_threads
from ..encoders.token_embeddings import forget_shared, release_freed_memory
from ..experiment.generate import progress
from ..facts.matcher import Verdict
from ..facts.registry import MATCHERS, META_EVAL_MATCHERS
from ..fingerprint import forget_digests
from ..metrics import METRICS
from ..metrics.base import ScoringItem
from ..metrics.checklist import checklist_tasks
from ..owned_processes import usable_cores
from ..progress import listening
from ..stats.intervals import Interval
from ..wording import counted
from .correlation import CORRELATIONS, Level, Resample, bootstrap_many
from .units import EXCLUDED, Decisions, UnitStats, configured_threshold, cross_validated, unit_stats

LEVELS: tuple[Level, ...] = ("system", "summary")


@dataclass(frozen=True)
class MetaEvalSettings:
    """Settings of the meta-evaluation: the matchers, the bootstrap, the folds, the refit."""

    matchers: tuple[str, ...] = META_EVAL_MATCHERS
    overlap_metrics: bool = True  # ROUGE and BERTScore
    folds: int = 5
    resamples: int = 1000
    resample: Resample = "both"
    confidence: float = 0.95
    seed: int = 0
    #: Also refit the learned matcher on the dataset's own labels, cross-validated.
    refit: bool = True
    #: Threads encoding texts side by side (None: one per core this process may use). Not in
    #: the signature: each text is still encoded alone on one thread (same numbers).
    threads: int | None = None

    def signature(self) -> str:
        """The bootstrap, folds and seed."""
        return (
            f"boot:{self.resample}|B:{self.resamples}|ci:{self.confidence:g}"
            f"|folds:{self.folds}|seed:{self.seed}"
        )


@dataclass
class MetricAgreement:
    """One metric's agreement with the human scores."""

    name: str
    family: str  # "ROUGE", "BERTScore", or the matcher's name
    correlations: dict[str, Interval] = field(default_factory=dict)  # "system/pearson" -> ...
    units: UnitStats | None = None
    thresholds: list[float] = field(default_factory=list)


@dataclass
class Report:
    """The meta-evaluation of one pyramid dataset: a row per metric."""

    dataset: str
    systems: tuple[str, ...]
    documents: int
    units: int
    rows: list[MetricAgreement]
    signatures: dict[str, str]
    settings: MetaEvalSettings
    #: Each matcher's unit decisions (for thresholds fitted on other datasets): not rendered.
    decisions: dict[str, Decisions] = field(default_factory=dict, repr=False, compare=False)


def _items(dataset: Dataset, judgments: Judgments) -> list[ScoringItem]:
    return [
        ScoringItem(judgments.summaries[system][example.id], example)
        for system in judgments.systems
        for example in dataset
    ]


class _Pending:
    """Rows whose correlations are still to compute, with their (systems, documents) scores:
    the bootstrap runs once over all of them at the end (:func:`bootstrap_many`)."""

    def __init__(self) -> None:
        self.rows: list[MetricAgreement] = []
        self.values: list[np.ndarray] = []

    def add(self, row: MetricAgreement, values: np.ndarray) -> MetricAgreement:
        self.rows.append(row)
        self.values.append(values)
        return row

    def correlate(self, human: np.ndarray, settings: MetaEvalSettings, log: Log) -> None:
        log(
            f"bootstrapping {counted(len(self.rows), 'row')} x {len(LEVELS) * len(CORRELATIONS)} "
            f"correlations ({settings.resamples} resamples of {settings.resample})"
        )
        bar = progress(settings.resamples, "bootstrap")
        intervals = bootstrap_many(
            self.values,
            human,
            resample=settings.resample,
            resamples=settings.resamples,
            seed=settings.seed,
            confidence=settings.confidence,
            on_chunk=bar.update,
        )
        bar.close()
        for row, found in zip(self.rows, intervals, strict=True):
            row.correlations.update(found)


@contextmanager
def _moving(description: str) -> Iterator[None]:
    """A progress bar (terminals only) for one long call, moved by what the call's inner loops
    report (:mod:`bench.progress`): texts encoded per batch, summaries read, pairs matched.
    The bar counts those steps and names the latest kind; the call itself is unchanged."""
    bar = progress(None, description, unit="step")
    last = [""]

    def listener(done: int, what: str) -> None:
        if what != last[0]:
            last[0] = what
            bar.set_postfix_str(what, refresh=False)
        bar.update(done)

    try:
        with listening(listener):
            yield
    finally:
        bar.close()
        # What the call freed (encoder activations, matching tensors) is returned to the
        # system before the next call: otherwise it stays resident and adds to the peak.
        release_freed_memory()


@dataclass(frozen=True)
class _Units:
    """Every (SCU, summary) unit, flattened in system, document, SCU order."""

    gold: np.ndarray  # human label
    document: np.ndarray  # document index (cross-validation folds split documents)
    summary: np.ndarray  # system * n_documents + document
    shape: tuple[int, int]

    def per_summary(self, values: np.ndarray) -> np.ndarray:
        """Mean of unit values per summary, as a (systems, documents) matrix."""
        size = self.shape[0] * self.shape[1]
        sums = np.bincount(self.summary, weights=values.astype(float), minlength=size)
        counts = np.bincount(self.summary, minlength=size)
        return (sums / np.maximum(counts, 1)).reshape(self.shape)


def _units(judgments: Judgments, documents: list) -> _Units:
    gold, document, summary = [], [], []
    for s, system in enumerate(judgments.systems):
        for d, example in enumerate(documents):
            labels = judgments.labels[system][example.id]
            gold += labels
            document += [d] * len(labels)
            summary += [s * len(documents) + d] * len(labels)
    return _Units(
        np.array(gold, dtype=bool),
        np.array(document),
        np.array(summary),
        (len(judgments.systems), len(documents)),
    )


def _overlap_rows(items, human, pending: _Pending, signatures, log) -> None:
    for metric_name, family, args in (
        ("rouge", "ROUGE", {"types": ["rouge1", "rouge2", "rougeL"]}),
        ("bertscore", "BERTScore", {}),
    ):
        metric = METRICS.get(metric_name).from_config(args)
        log(f"scoring {counted(len(items), 'summary')} with {metric_name}")
        with _moving(f"{metric_name}: scoring"):
            scores = metric.score(items)
        signatures[metric_name] = metric.signature()
        for column in metric.columns():
            values = np.array([s.values[column.key] for s in scores]).reshape(human.shape)
            pending.add(MetricAgreement(column.label, family), values)


def _refit_rows(
    matcher, tasks, scored, documents, units: _Units, pending: _Pending, settings, log
) -> list[MetricAgreement]:
    """The learned matcher refitted on this dataset's own labels, cross-validated over
    documents (the shipped model may have been trained on this very dataset: then only these
    rows are out of sample)."""
    from . import refit

    log("refitting the learned matcher by cross-validation over documents")
    n_docs = len(documents)
    labelled = refit.Units(
        list(tasks),
        [[] for _ in tasks],
        [i % n_docs for i in range(len(tasks))],
        [i // n_docs for i in range(len(tasks))],
        ["human"] * len(tasks),
        [features for features, _ in scored],
    )
    offset = 0
    for i, task in enumerate(tasks):
        labelled.labels[i] = units.gold[offset : offset + len(task.claims)].astype(int).tolist()
        offset += len(task.claims)
    corrupted = refit.corruption_units(documents, np.random.default_rng(settings.seed))
    with _moving("learned: refitting"):
        corrupted.features = matcher._extractor(tasks).compute(corrupted.tasks)
    scores, thresholds = refit.refit_cross_validated(
        labelled, corrupted, settings.folds, settings.seed
    )
    predicted = scores >= thresholds
    return [
        pending.add(
            MetricAgreement(
                "learned (refit cv)", "learned", units=unit_stats(predicted, units.gold)
            ),
            units.per_summary(predicted),
        ),
        pending.add(
            MetricAgreement("learned (refit cv, soft)", "learned"), units.per_summary(scores)
        ),
    ]


def _match(matcher, tasks, done: dict, log) -> tuple[list[Verdict], list | None]:
    """Every verdict of ``matcher`` on ``tasks`` (flattened), and the learned matcher's
    features (kept for refitting; None for other matchers)."""
    name = matcher.name
    members = getattr(matcher, "members", None)
    if members is not None and hasattr(matcher, "combine"):
        # A hybrid of matchers already run: combine their verdicts (the same numbers as
        # matching again, without encoding every text again).
        outputs = [done.get(_memo_key(m)) for m, _ in members]
        if all(o is not None for o in outputs):
            log(f"combining the verdicts of {', '.join(m.name for m, _ in members)}")
            return _flat(matcher.combine(tasks, outputs)), None
    scored = None
    with _moving(f"{name}: matching"):
        if hasattr(matcher, "scores"):  # the learned matcher: keep its features for refitting
            scored = matcher.scores(tasks)
            verdicts = matcher.verdicts(tasks, scored)
        else:
            verdicts = matcher.match(tasks)
    done[_memo_key(matcher)] = verdicts
    return _flat(verdicts), scored


def _memo_key(matcher) -> tuple[str, str]:
    # The signature too: it names everything that can change a verdict.
    return matcher.cache_key(), matcher.signature()


def _flat(verdicts: list[list]) -> list:
    return [v for task_verdicts in verdicts for v in task_verdicts]


def _matcher_rows(
    name,
    tasks,
    units: _Units,
    pending: _Pending,
    settings,
    signatures,
    log,
    documents,
    done,
    decisions: dict[str, Decisions],
) -> list[MetricAgreement]:
    matcher = MATCHERS.get(name).from_config({})
    signatures[name] = matcher.signature()
    log(f"matching {units.gold.size} (SCU, summary) units with {name}")
    verdicts, scored = _match(matcher, tasks, done, log)
    scores = np.array([v.confidence for v in verdicts])
    contradicted = np.array([v.verdict is Verdict.CONTRADICTED for v in verdicts])
    fixed = np.array([v.verdict is Verdict.PRESENT for v in verdicts])
    decisions[name] = Decisions(
        units.gold,
        np.where(contradicted, EXCLUDED, scores),
        fixed,
        units.summary,
        units.shape,
        settings.resample,
        configured_threshold(matcher),
    )
    cv, thresholds = cross_validated(
        scores, units.gold, units.document, settings.folds, np.random.default_rng(settings.seed)
    )
    cv &= ~contradicted
    rows = [
        pending.add(
            MetricAgreement(
                f"{name} ({variant})",
                name,
                units=unit_stats(predicted, units.gold),
                thresholds=thresholds if variant == "cv" else [],
            ),
            units.per_summary(predicted),
        )
        for variant, predicted in (("fixed", fixed), ("cv", cv))
    ]
    rows.append(pending.add(MetricAgreement(f"{name} (soft)", name), units.per_summary(scores)))
    if scored is not None and settings.refit and documents:
        rows += _refit_rows(matcher, tasks, scored, documents, units, pending, settings, log)
    return rows


def meta_evaluate(
    dataset: Dataset, judgments: Judgments, settings: MetaEvalSettings, log: Log = print
) -> Report:
    """Correlate every metric and matcher with the human pyramid scores of ``judgments``.

    Progress bars (one per metric, matcher and the bootstrap, moving per chunk) show on a
    terminal only. Texts are encoded on one thread per core (``settings.threads``): the
    forward passes are most of the time, and each text's are the same on any thread.
    """
    forget_digests()  # files edited since the last run in this process are read again
    try:
        with encoding_threads(settings.threads or usable_cores()):
            return _meta_evaluate(dataset, judgments, settings, log)
    finally:
        # The token vectors of every text (~300 MB at pyramid scale) are of no more use: their
        # memory goes to what follows (the report's plots) instead of adding to the peak.
        forget_shared()
        release_freed_memory()


def _meta_evaluate(
    dataset: Dataset, judgments: Judgments, settings: MetaEvalSettings, log: Log
) -> Report:
    documents = [e for e in dataset if e.checklist]  # no SCUs, no human score
    dataset = Dataset(dataset.name, tuple(documents))
    human = np.array(
        [[judgments.pyramid_score(s, e.id) for e in documents] for s in judgments.systems],
        dtype=float,
    )
    items = _items(dataset, judgments)
    signatures = {"data": dataset.signature(), "meta-eval": settings.signature()}
    pending = _Pending()
    if settings.overlap_metrics:
        _overlap_rows(items, human, pending, signatures, log)
    units = _units(judgments, documents)
    tasks = checklist_tasks(items, probes=False)
    done: dict = {}
    decisions: dict[str, Decisions] = {}
    for name in settings.matchers:
        _matcher_rows(
            name, tasks, units, pending, settings, signatures, log, documents, done, decisions
        )
    pending.correlate(human, settings, log)
    return Report(
        dataset.name,
        judgments.systems,
        len(documents),
        int(units.gold.size),
        pending.rows,
        signatures,
        settings,
        decisions,
    )
