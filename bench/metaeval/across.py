"""Meta-evaluation across labelled datasets: load each, score it once, compare thresholds.

A dataset is a pyramid folder (human SCU labels: decisions per (SCU, summary) unit) or a
SummaC-format consistency file (human faithfulness labels: decisions per summary). Each is
meta-evaluated once, as ``summbench meta-eval`` does it alone (the learned matcher's refit
aside), keeping every matcher's scores; :mod:`bench.metaeval.transfer` then fits and applies
thresholds on those scores only. Beside the thresholds, each dataset's summary-level
agreement of the matcher and of plain overlap (the floors) is taken from its own report:
summary-level Pearson against ROUGE-1 and BERTScore recall on pyramid data, ROC AUC against
ROUGE-2 and BERTScore precision (summary vs source) on consistency data.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from ..console import Log
from ..errors import ConfigError, DatasetError
from ..stats.intervals import Interval
from .transfer import TransferRow, TransferSettings, transfer_rows
from .units import Decisions

#: What a set's human labels are: which facts a summary states, or whether it is consistent.
LabelKind = Literal["pyramid", "consistency"]

#: The floors' rows in each kind's own report, and the measure compared there.
_PYRAMID_FLOORS = ("R-1 R", "BERTScore R")
_CONSISTENCY_FLOORS = ("R-2 P (summary vs source)", "BERTScore P (summary vs source)")
_MEASURES = {"pyramid": "summary-level Pearson", "consistency": "ROC AUC"}


@dataclass(frozen=True)
class Labelled:
    """A loaded dataset with human labels: a pyramid folder's examples and judgments, or a
    consistency file's pairs."""

    name: str
    path: Path
    kind: LabelKind
    data: object  # (Dataset, Judgments) or list[LabelledSummary]

    @property
    def level(self) -> str:
        """What one decision is about: a (fact, summary) unit, or a whole summary."""
        return "unit" if self.kind == "pyramid" else "summary"


@dataclass(frozen=True)
class LabelledSetInfo:
    """One labelled set of the cross-dataset report: its kind, what a decision is about, and
    how many decisions and positives it holds."""

    name: str
    kind: LabelKind
    level: str  # "unit" or "summary": what one decision is about
    units: int
    positives: int  # units labelled present (pyramid) or consistent (consistency)


@dataclass(frozen=True)
class FloorRow:
    """A scorer's summary-level agreement with people on one dataset. ``matcher`` names the
    matcher behind a matcher's row (None for a floor); ``ahead`` says whether that row's value
    is above every floor's on the dataset (point estimates; None for a floor, or without
    floors)."""

    dataset: str
    measure: str
    scorer: str
    value: Interval
    matcher: str | None = None
    ahead: bool | None = None


@dataclass
class TransferReport:
    """The cross-dataset report: the labelled sets, the transfer rows, and the floors."""

    datasets: list[LabelledSetInfo]
    rows: list[TransferRow]
    floors: list[FloorRow]
    signatures: dict[str, str]
    settings: TransferSettings
    #: decisions[matcher][dataset], what the rows were computed from: not rendered.
    decisions: dict[str, dict[str, Decisions]] = field(
        default_factory=dict, repr=False, compare=False
    )


def dataset_name(path: Path) -> str:
    """A consistency file's stem, or a folder's name (``X/labels/..`` is X)."""
    absolute = Path(os.path.abspath(path))  # normalised (no ..), links not followed
    return absolute.stem if absolute.suffix == ".json" else absolute.name


def load_labelled(path: Path, *, where: str = "datasets") -> Labelled:
    """A pyramid folder or a SummaC-format ``.json`` file, with its labels checked."""
    from ..data.loading import DatasetSpec, load_examples
    from ..data.pyramid import is_pyramid_folder, pyramid_judgments
    from .consistency_pairs import load_pairs

    name = dataset_name(path)
    if path.suffix == ".json" and path.is_file():
        pairs = load_pairs(path)  # a broken file is named with what is wrong in it
        _both_classes([p.label for p in pairs], path, "consistent", "inconsistent")
        return Labelled(name, path, "consistency", pairs)
    if is_pyramid_folder(path):
        dataset = load_examples(DatasetSpec(path=str(path)))
        judgments = pyramid_judgments(path, dataset)
        labels = [
            label
            for system in judgments.systems
            for example in dataset
            if example.checklist
            for label in judgments.labels[system][example.id]
        ]
        _both_classes(labels, path, "present", "absent")
        return Labelled(name, path, "pyramid", (dataset, judgments))
    raise ConfigError(
        "neither a pyramid folder (ids.txt, documents.txt, references.txt, SCUs.txt, "
        "summaries/, labels/) nor a SummaC-format .json file.",
        where=f"{where} {path}",
        fix="give pyramid folders and files of {id: {document, claim, label}}; a dataset "
        "labelled with --annotations has its own report (one --dataset).",
    )


def _both_classes(labels: Sequence[int], path: Path, yes: str, no: str) -> None:
    if all(labels) or not any(labels):
        only = yes if all(labels) else no
        raise DatasetError(
            f"every label is {only}: balanced accuracy needs both classes.",
            where=str(path),
            fix=f"add {no if only == yes else yes} examples, or leave this dataset out.",
        )


def check_datasets(datasets: Sequence[Labelled], *, where: str = "datasets") -> None:
    """At least two datasets, with distinct names (the report's rows are named after them)."""
    if len(datasets) < 2:
        raise ConfigError(
            f"leaving one dataset out needs two datasets or more; got {len(datasets)}.",
            where=where,
            fix="give two or more different labelled datasets (for one, drop the others and "
            "read its own report).",
        )
    seen: dict[str, Path] = {}
    for labelled in datasets:
        if labelled.name in seen:
            raise ConfigError(
                f"two datasets are named {labelled.name!r}: {seen[labelled.name]} and "
                f"{labelled.path}.",
                where=where,
                fix="give each dataset once; copy or link one under another name if they differ.",
            )
        seen[labelled.name] = labelled.path


@dataclass
class _Scored:
    info: LabelledSetInfo
    decisions: dict[str, Decisions]
    floors: list[FloorRow]
    signatures: dict[str, str]


def _score_pyramid(labelled: Labelled, settings: TransferSettings, log: Log) -> _Scored:
    from .runner import MetaEvalSettings, meta_evaluate

    dataset, judgments = labelled.data  # type: ignore[misc]
    single = MetaEvalSettings(
        matchers=settings.matchers,
        overlap_metrics=settings.overlap_metrics,
        folds=settings.folds,
        resamples=settings.resamples,
        resample=settings.resample,
        confidence=settings.confidence,
        seed=settings.seed,
        refit=False,  # the refitted learned matcher has no threshold of its own to transfer
    )
    report = meta_evaluate(dataset, judgments, single, log=log)
    pearson = {row.name: row.correlations["summary/pearson"] for row in report.rows}
    measure = _MEASURES["pyramid"]
    names = _PYRAMID_FLOORS if settings.overlap_metrics else ()
    floors = [FloorRow(labelled.name, measure, name, pearson[name]) for name in names]
    mine = [
        FloorRow(labelled.name, measure, f"{m} ({kind})", pearson[f"{m} ({kind})"], m)
        for m in settings.matchers
        for kind in ("soft", "fixed")
    ]
    gold = next(iter(report.decisions.values())).gold
    info = LabelledSetInfo(labelled.name, "pyramid", "unit", int(gold.size), int(gold.sum()))
    return _Scored(info, report.decisions, _ahead(mine, floors), report.signatures)


def _score_consistency(labelled: Labelled, settings: TransferSettings, log: Log) -> _Scored:
    from ..encoders.token_embeddings import forget_shared, release_freed_memory
    from .consistency import ConsistencySettings, consistency_meta_eval

    pairs = labelled.data
    single = ConsistencySettings(
        checkers=settings.matchers,
        overlap_metrics=settings.overlap_metrics,
        folds=settings.folds,
        resamples=settings.resamples,
        confidence=settings.confidence,
        seed=settings.seed,
    )
    try:
        report = consistency_meta_eval(labelled.name, pairs, single, log=log)  # type: ignore[arg-type]
    finally:
        forget_shared()  # the next dataset's texts are others: its memory goes to them
        release_freed_memory()
    gold = np.array([p.label for p in pairs], dtype=bool)  # type: ignore[attr-defined]
    n = gold.size
    decisions = {
        s.checker: Decisions(
            gold, s.decision, s.verdicts, np.arange(n), (1, n), "documents", s.threshold
        )
        for s in report.scored
        if s.checker is not None and s.decision is not None and s.verdicts is not None
    }
    measure = _MEASURES["consistency"]
    auc = {row.name: row.auc for row in report.rows}
    names = _CONSISTENCY_FLOORS if settings.overlap_metrics else ()
    floors = [FloorRow(labelled.name, measure, name, auc[name]) for name in names]
    mine = [
        FloorRow(labelled.name, measure, f"faithfulness ({m})", auc[f"faithfulness ({m})"], m)
        for m in settings.matchers
    ]
    info = LabelledSetInfo(labelled.name, "consistency", "summary", n, int(gold.sum()))
    return _Scored(info, decisions, _ahead(mine, floors), report.signatures)


def _ahead(mine: list[FloorRow], floors: list[FloorRow]) -> list[FloorRow]:
    """The matcher's rows marked ahead (or not) of every floor, then the floors."""
    if not floors:
        return [*mine, *floors]
    best = max(f.value.value for f in floors)
    marked = [
        FloorRow(r.dataset, r.measure, r.scorer, r.value, r.matcher, bool(r.value.value > best))
        for r in mine
    ]
    return [*marked, *floors]


def check_matchers(names: Sequence[str], *, where: str = "matchers") -> None:
    """Every name a registered fact matcher (or an import string of one), and at least one."""
    from ..facts.registry import MATCHERS

    if not names:
        raise ConfigError("no matchers.", where=where, fix="name one, e.g. learned.")
    for name in names:
        MATCHERS.get(name, where=where)


def load_datasets(paths: Sequence[Path], *, where: str = "datasets") -> list[Labelled]:
    """The labelled datasets at ``paths`` (a path given twice counts once), loaded and checked
    (:func:`load_labelled`, :func:`check_datasets`); ``where`` names the paths' origin in
    errors (the command line's --dataset)."""
    unique: dict[str, Path] = {}
    for path in paths:
        unique.setdefault(os.path.abspath(path), Path(path))
    datasets = [load_labelled(p, where=where) for p in unique.values()]
    check_datasets(datasets, where=where)
    return datasets


def transfer_meta_eval(
    datasets: Sequence[Labelled], settings: TransferSettings, log: Log = print
) -> TransferReport:
    """Every matcher's thresholds across ``datasets`` (see :mod:`bench.metaeval.transfer`),
    each dataset scored once."""
    check_matchers(settings.matchers)
    check_datasets(datasets)
    scored = []
    for labelled in datasets:
        log(f"{labelled.name}: meta-evaluating ({labelled.kind}, {labelled.level} level)")
        score = _score_pyramid if labelled.kind == "pyramid" else _score_consistency
        scored.append(score(labelled, settings, log))
    decisions = {m: {s.info.name: s.decisions[m] for s in scored} for m in settings.matchers}
    signatures = {"transfer": settings.signature()}
    for s in scored:
        signatures.update({f"{s.info.name}: {k}": v for k, v in s.signatures.items()})
    return TransferReport(
        [s.info for s in scored],
        transfer_rows(decisions, settings),
        [f for s in scored for f in s.floors],
        signatures,
        settings,
        decisions,
    )
