"""Score good summaries and their corruptions with every metric; count who notices.

The good summaries are the references: each is scored leave-one-out against the other
references (as the human row is), and so is each of its corruptions. A metric *notices* a
corruption when it scores it worse than the original (lower, or higher for a lower-is-better
column such as contradictions). Datasets with a real machine-spun copy (``spun_from``) add a
real pair: the lead of the original article against the lead of its spun copy, both scored
against the spun copy's references, which are faithful to the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..data.loading import load_examples
from ..data.schema import Dataset, Example
from ..errors import DatasetError
from ..experiment.config import ExperimentConfig
from ..experiment.generate import progress
from ..experiment.plan import Plan, build_plan
from ..experiment.scoring import chunk_size
from ..fingerprint import forget_digests
from ..metrics.base import ScoringItem
from ..text import split_sentences
from ..wording import counted
from .corruptions import KINDS, corrupt

SPUN = "spun (real)"
ANY_CHECKLIST = "checklist (any)"
_CHECKLIST_KEYS = {"fact_recall": True, "contradictions": False, "facts_contradicted": False}


@dataclass(frozen=True)
class CorruptedPair:
    """A text and its corrupted copy (one kind of error put in), both scored against the same
    example: a metric that notices the error scores the copy lower."""

    kind: str
    example: Example  # what both texts are scored against
    original: str
    corrupted: str
    detail: str
    example_id: str


@dataclass
class Cell:
    """How one metric column fared on one kind of corruption."""

    n: int = 0
    noticed: int = 0
    deltas: list[float] = field(default_factory=list)
    relative: list[float] = field(default_factory=list)  # change over the original's score

    @property
    def rate(self) -> float | None:
        """The share of pairs the metric noticed; None when there were none."""
        return self.noticed / self.n if self.n else None

    @property
    def mean_delta(self) -> float | None:
        """The mean change of the score (corrupted minus original); None without scores."""
        return float(np.mean(self.deltas)) if self.deltas else None

    @property
    def mean_relative(self) -> float | None:
        """Mean relative change, when every original score was non-zero."""
        if not self.relative or len(self.relative) != len(self.deltas):
            return None
        return float(np.mean(self.relative))


@dataclass
class ProbeReport:
    """Per metric column and kind of corruption, how often the corrupted copy scored worse
    (lower, or higher for a column where lower is better)."""

    experiment: str
    dataset: str
    kinds: list[str]
    rows: list[tuple[str, str]]  # (column key, label)
    cells: dict[tuple[str, str], Cell]
    pairs: list[dict[str, Any]]
    signatures: dict[str, str]


def _distractors(example: Example, examples: list[Example]) -> list[str]:
    """Unrelated sentences: the dataset's scraped noise (reader comments) when it has any,
    else the openings of the other documents (unrelated when the dataset covers many stories).
    """
    noise = [s for e in examples for s in split_sentences(e.noise)]
    if noise:
        return noise
    return [
        s for other in examples if other.id != example.id for s in split_sentences(other.source)[:3]
    ]


def make_pairs(examples: list[Example], seed: int) -> list[CorruptedPair]:
    """Each kind of corruption of each reference, scored against the example's other
    references (drawn with ``seed``), and each spun article's lead-3 against its original's."""
    rng = np.random.default_rng(seed)
    pairs = []
    by_id = {e.id: e for e in examples}
    for example in examples:
        distractors = _distractors(example, examples)
        # A reference is scored against the others: with one reference there are none, and
        # scoring it against itself would call every corruption noticed.
        references = example.references if len(example.references) > 1 else ()
        for i, reference in enumerate(references):
            against = example.without_reference(i)
            for kind in KINDS:
                c = corrupt(
                    kind, reference, source=example.source, distractors=distractors, rng=rng
                )
                if c is not None and c.text != reference:
                    pairs.append(
                        CorruptedPair(kind, against, reference, c.text, c.detail, example.id)
                    )
        original_id = example.meta.get("spun_from")
        if original_id and original_id in by_id:
            lead = " ".join(split_sentences(by_id[original_id].source)[:3])
            spun = " ".join(split_sentences(example.source)[:3])
            pairs.append(
                CorruptedPair(
                    SPUN,
                    example,
                    lead,
                    spun,
                    f"lead-3 of {original_id} vs its spun copy",
                    example.id,
                )
            )
    return pairs


def run_probe(
    config: ExperimentConfig, *, file: str = "config", log: Callable[[str], None] = print
) -> ProbeReport:
    """Corrupt every reference of the config's dataset, score originals and corruptions with
    its metrics, and count, per column and kind of corruption, how often the score got worse."""
    forget_digests()  # files edited since the last run in this process are read again
    plan = build_plan(config, file=file)
    dataset = _load_probed(config, log)
    pairs = make_pairs(list(dataset), config.seed)
    values = _score_pairs(plan, dataset, pairs, log)
    directions = {c.key: c.higher_is_better for c in plan.columns}
    rows = _rows(plan, directions)
    kinds = [k for k in (*KINDS, SPUN) if any(p.kind == k for p in pairs)]
    cells, records = _tally(pairs, values, rows, kinds, directions)
    signatures = {
        "data": dataset.signature(),
        "probe": f"kinds:{','.join(KINDS)}|seed:{config.seed}|pairs:{len(pairs)}",
    }
    signatures.update({m.name: m.metric.signature() for m in plan.metrics})
    return ProbeReport(config.name, dataset.name, kinds, rows, cells, records, signatures)


def _load_probed(config: ExperimentConfig, log: Callable[[str], None]) -> Dataset:
    """The config's dataset; examples with a single reference are not probed (none is left to
    score it against), and a dataset of nothing else is a :class:`DatasetError`."""
    dataset = load_examples(config.dataset)
    single = sum(len(e.references) < 2 for e in dataset)
    if single == len(dataset):
        raise DatasetError(
            "every example has a single reference; a probe scores each reference against the "
            "others, so it needs at least two per example.",
            where=config.dataset.path,
            fix="probe a dataset with several references per example (the seed set has three).",
        )
    if single:
        log(
            f"{single} of {counted(len(dataset), 'example')} "
            f"{'has' if single == 1 else 'have'} one reference: not probed"
        )
    return dataset


def _score_pairs(
    plan: Plan, dataset: Dataset, pairs: list[CorruptedPair], log: Callable[[str], None]
) -> list[dict[str, float | None]]:
    """Every pair's original and corrupted text scored by every metric, in that order (the
    original of pair n at 2n, its corruption at 2n + 1), under the results' column names."""
    items = [
        ScoringItem(text, p.example, held_out=p.example is not None)
        for p in pairs
        for text in (p.original, p.corrupted)
    ]
    values: list[dict[str, float | None]] = [{} for _ in items]
    size = chunk_size(len(items))
    for mp in plan.metrics:
        mp.metric.fit(dataset.examples)
        log(f"scoring {counted(len(items), 'text')} with {mp.name}")
        bar = progress(len(items), f"{mp.name}: probing")
        for start in range(0, len(items), size):
            scores = mp.metric.score(items[start : start + size])
            for i, score in enumerate(scores, start):
                for key, value in score.values.items():
                    values[i][mp.keys[key]] = value
            bar.update(len(scores))
        bar.close()
    return values


def _rows(plan: Plan, directions: dict[str, bool | None]) -> list[tuple[str, str]]:
    """(column key, label) of the report's rows: the leaderboard's ranking columns, and the
    checklist's columns taken together when the plan has them all."""
    rows = [(c.key, c.label) for c in plan.shown if c.higher_is_better is not None]
    if all(k in directions for k in _CHECKLIST_KEYS):
        rows.append((ANY_CHECKLIST, "Checklist (recall ↓ or contradiction ↑)"))
    return rows


def _tally(
    pairs: list[CorruptedPair],
    values: list[dict[str, float | None]],
    rows: list[tuple[str, str]],
    kinds: list[str],
    directions: dict[str, bool | None],
) -> tuple[dict[tuple[str, str], Cell], list[dict[str, Any]]]:
    """Every pair counted in its kind's cell of every row, and every pair as a record."""
    cells = {(key, kind): Cell() for key, _ in rows for kind in kinds}
    records = []
    for n, pair in enumerate(pairs):
        before, after = values[2 * n], values[2 * n + 1]
        for key, _ in rows:
            _count(cells[(key, pair.kind)], key, before, after, directions)
        records.append(
            {
                "kind": pair.kind,
                "example_id": pair.example_id,
                "detail": pair.detail,
                "original": pair.original,
                "corrupted": pair.corrupted,
                "scores_original": before,
                "scores_corrupted": after,
            }
        )
    return cells, records


def _count(
    cell: Cell,
    key: str,
    before: dict[str, float | None],
    after: dict[str, float | None],
    directions: dict[str, bool | None],
) -> None:
    """One pair into a row's cell: the checklist row notices when any of its columns does; a
    column's row skips a pair it has no score for, and keeps the change."""

    def worse(k: str) -> bool:
        return after[k] < before[k] if directions[k] else after[k] > before[k]

    if key == ANY_CHECKLIST:
        cell.n += 1
        cell.noticed += any(
            before.get(k) is not None and after.get(k) is not None and worse(k)
            for k in _CHECKLIST_KEYS
        )
        return
    if before.get(key) is None or after.get(key) is None:
        return
    cell.n += 1
    cell.noticed += worse(key)
    cell.deltas.append(after[key] - before[key])
    if before[key]:
        cell.relative.append((after[key] - before[key]) / abs(before[key]))
