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
from ..data.schema import Example
from ..errors import DatasetError
from ..experiment.config import ExperimentConfig
from ..experiment.generate import progress
from ..experiment.plan import build_plan
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
class Pair:
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
        return self.noticed / self.n if self.n else None

    @property
    def mean_delta(self) -> float | None:
        return float(np.mean(self.deltas)) if self.deltas else None

    @property
    def mean_relative(self) -> float | None:
        """Mean relative change, when every original score was non-zero."""
        if not self.relative or len(self.relative) != len(self.deltas):
            return None
        return float(np.mean(self.relative))


@dataclass
class ProbeReport:
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


def make_pairs(examples: list[Example], seed: int) -> list[Pair]:
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
                    pairs.append(Pair(kind, against, reference, c.text, c.detail, example.id))
        original_id = example.meta.get("spun_from")
        if original_id and original_id in by_id:
            lead = " ".join(split_sentences(by_id[original_id].source)[:3])
            spun = " ".join(split_sentences(example.source)[:3])
            pairs.append(
                Pair(
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
    forget_digests()  # files edited since the last run in this process are read again
    plan = build_plan(config, file=file)
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
    pairs = make_pairs(list(dataset), config.seed)
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

    rows = [(c.key, c.label) for c in plan.shown if c.higher_is_better is not None]
    directions = {c.key: c.higher_is_better for c in plan.columns}
    has_checklist = all(k in directions for k in _CHECKLIST_KEYS)
    if has_checklist:
        rows.append((ANY_CHECKLIST, "Checklist (recall ↓ or contradiction ↑)"))
    kinds = [k for k in (*KINDS, SPUN) if any(p.kind == k for p in pairs)]
    cells = {(key, kind): Cell() for key, _ in rows for kind in kinds}
    records = []

    def worse(key: str, before: float, after: float) -> bool:
        return after < before if directions[key] else after > before

    for n, pair in enumerate(pairs):
        before, after = values[2 * n], values[2 * n + 1]
        for key, _ in rows:
            cell = cells[(key, pair.kind)]
            if key == ANY_CHECKLIST:
                cell.n += 1
                cell.noticed += any(
                    before.get(k) is not None
                    and after.get(k) is not None
                    and worse(k, before[k], after[k])
                    for k in _CHECKLIST_KEYS
                )
                continue
            if before.get(key) is None or after.get(key) is None:
                continue
            cell.n += 1
            cell.noticed += worse(key, before[key], after[key])
            cell.deltas.append(after[key] - before[key])
            if before[key]:
                cell.relative.append((after[key] - before[key]) / abs(before[key]))
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
    signatures = {
        "data": dataset.signature(),
        "probe": f"kinds:{','.join(KINDS)}|seed:{config.seed}|pairs:{len(pairs)}",
    }
    signatures.update({m.name: m.metric.signature() for m in plan.metrics})
    return ProbeReport(config.name, dataset.name, kinds, rows, cells, records, signatures)
