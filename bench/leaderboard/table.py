"""The leaderboard as data: one row per system, means with confidence intervals, rank clusters.

Rows that read the references (the oracle, the human leave-one-out) are kept apart from real
systems: they are ceilings to compare against, not competitors, and take no part in the
significance tests. When systems failed on some examples, :mod:`.coverage` decides in one rule
which systems are ranked and on which examples (those every ranked system completed); the
others are listed apart, unranked, like the reference rows.
Everything is recomputed from the item scores in scores.jsonl with the seed in run.json, so the
same results folder always renders the same tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..records import Column, ItemRecord, RunRecord, StatsSettings, SystemInfo
from ..stats import (
    Interval,
    can_reach,
    compare_ranked,
    mean_with_interval,
    min_examples,
    min_p_value,
    paired_test,
)
from ..wording import counted
from .coverage import KEEP, RULE, Coverage, choose_ranked


@dataclass(frozen=True)
class Row:
    """One system's line of the leaderboard: its means, intervals, cluster and test results."""

    system: str
    kind: str
    n: int  # examples its means and intervals are over
    failed: int  # examples it failed on
    means: dict[str, float | None]
    intervals: dict[str, Interval | None]
    cluster: int | None = None  # 1 = cannot be told apart from the best (real systems only)
    #: Paired test against the best system on the primary column, Holm-adjusted over every
    #: system compared with the best (the value shown, and the one clusters are decided on) ...
    p_best: float | None = None
    p_best_raw: float | None = None  # ... and as the test gave it
    p_baseline: float | None = None  # ... and against the named baseline
    #: Its means are over the examples it completed, not the ranking's (:mod:`.coverage`).
    own_examples: bool = False


@dataclass(frozen=True)
class Signatures:
    """The signature of every producer of a number: the dataset, each metric, each system and
    the statistics. Kept in separate sections, so no name can stand for another (a system may
    be called ``data`` or ``rouge``)."""

    data: str
    metrics: dict[str, str]
    systems: dict[str, str]
    stats: str

    def labelled(self) -> list[tuple[str, str]]:
        """(label, signature) lines in table order: data, metrics, systems, statistics."""
        return [
            ("data", self.data),
            *[(f"metric {name}", sig) for name, sig in self.metrics.items()],
            *[(f"system {name}", sig) for name, sig in self.systems.items()],
            ("stats", self.stats),
        ]

    def as_dict(self) -> dict[str, Any]:
        """The signatures as JSON-ready data."""
        return {
            "data": self.data,
            "metrics": self.metrics,
            "systems": self.systems,
            "stats": self.stats,
        }


@dataclass(frozen=True)
class Leaderboard:
    """A ranked table of systems over the chosen columns, with what it was computed from."""

    experiment: str
    dataset: str
    dataset_signature: str
    examples: int
    primary: Column
    columns: list[Column]
    systems: list[Row]  # real systems, ranked
    reference_rows: list[Row]  # oracle and human, ranked among themselves
    signatures: Signatures
    decimals: int
    stats: StatsSettings
    seed: int
    #: Real systems that failed too often to rank (:mod:`.coverage`), in the order of ``rank_key``
    unranked: list[Row]
    #: Examples the ranking stands on: those every ranked system completed
    ranked_on: int
    #: Notes of the run itself, printed under the table in every format (a merge of runs made
    #: with other library versions names them here).
    run_notes: tuple[str, ...] = ()

    @classmethod
    def from_run(cls, run: RunRecord, items: Sequence[ItemRecord]) -> Leaderboard:
        """Build from run.json and the scores.jsonl records."""
        shown = [run.column(k) for k in run.shown]
        primary = run.column(run.primary)
        by_system: dict[str, list[ItemRecord]] = {s.name: [] for s in run.systems}
        for item in items:
            by_system[item.system].append(item)
        scores = {name: _scores_by_column(mine) for name, mine in by_system.items()}
        done = {
            name: {r.example_id for r in mine if not r.failed} for name, mine in by_system.items()
        }
        coverage = choose_ranked(
            {s.name: done[s.name] for s in run.systems if s.kind == "system"},
            {item.example_id for item in items},
        )
        rows = [
            _row(run, system, by_system[system.name], scores, done, coverage, shown)
            for system in run.systems
        ]
        rank_key = _rank_key(primary)
        systems = sorted((r for r in rows if r.system in coverage.ranked), key=rank_key)
        systems = _with_tests(systems, scores, coverage.common, primary.key, run.stats, run.seed)
        return cls(
            experiment=run.experiment,
            dataset=run.dataset.name,
            dataset_signature=run.dataset.signature,
            examples=run.dataset.examples,
            primary=primary,
            columns=shown,
            systems=systems,
            reference_rows=sorted((r for r in rows if r.kind != "system"), key=rank_key),
            signatures=_signatures(run),
            decimals=run.decimals,
            stats=run.stats,
            seed=run.seed,
            unranked=sorted((r for r in rows if r.system in coverage.unranked), key=rank_key),
            ranked_on=len(coverage.common),
            run_notes=tuple(run.notes),
        )

    @property
    def examples_text(self) -> str:
        """The examples the ranking stands on, as every heading says it: "6 examples", or
        "950 of 1000 examples: those every ranked system completed"."""
        if self.ranked_on == self.examples:
            return counted(self.examples, "example")
        return (
            f"{self.ranked_on} of {counted(self.examples, 'example')}: those every ranked "
            "system completed"
        )

    def failure_notes(self) -> list[str]:
        """The sentences every format prints about failures (none when nothing failed): who
        failed on how many, which examples the ranking stands on and why (the rule of
        :mod:`.coverage`), and the rows whose means are over other examples."""
        rows = [*self.systems, *self.unranked, *self.reference_rows]
        failed = [r for r in rows if r.failed]
        if not failed:
            return []
        listed = ", ".join(f"{r.system} failed on {r.failed} of {self.examples}" for r in failed)
        note = f"Failures: {listed} example(s)."
        if self.ranked_on < self.examples:
            note += (
                " The examples a ranked system missed are left out for every ranked system: "
                f"the ranking, means, intervals and paired tests stand on the {self.ranked_on} "
                f"that all {len(self.systems)} completed (n), as do the reference rows that "
                "completed them."
            )
        own = [r for r in [*self.unranked, *self.reference_rows] if r.own_examples]
        if own:
            note += (
                " Over the examples they completed: "
                + ", ".join(f"{r.system} ({r.n})" for r in own)
                + "."
            )
        notes = [note]
        if any(r.failed for r in [*self.systems, *self.unranked]):
            rule = RULE.format(keep=KEEP)
            if self.unranked:
                rule += " Listed apart: " + ", ".join(r.system for r in self.unranked) + "."
            notes.append(rule)
        return notes

    @property
    def separable(self) -> bool:
        """Whether any real system differs significantly from the best one."""
        return any(r.cluster != 1 for r in self.systems)

    @property
    def comparisons(self) -> int:
        """How many systems are tested against the best (the Holm family)."""
        return max(len(self.systems) - 1, 0)

    @property
    def fewest_scored(self) -> int:
        """Examples scored by the real system with the fewest (what its tests stand on)."""
        return min((r.n for r in self.systems), default=0)

    @property
    def can_separate(self) -> bool:
        """Whether any difference could reach significance on these examples at all: with few
        examples even a system better on every one cannot (see :mod:`bench.stats.attainable`)."""
        if self.comparisons == 0 or self.fewest_scored < 1:
            return False
        s = self.stats
        return can_reach(
            s.alpha,
            self.fewest_scored,
            test=s.test,
            trials=s.trials,
            comparisons=self.comparisons,
        )

    def significance_notes(self) -> list[str]:
        """The sentences every format prints under the table, so they say the same thing."""
        if len(self.systems) < 2:
            return []
        s = self.stats
        test = _TEST_NAMES[s.test]
        notes = [
            f"Cluster 1: the best system and every system whose {test} against it "
            f"({self.primary.label}, {s.trials} trials, α = {s.alpha:g}; Holm-corrected over "
            f"{self.comparisons} comparison{'s' if self.comparisons > 1 else ''}) is not "
            "significant; p vs best is that Holm-adjusted p-value. Each later cluster: the same "
            "rule with the best system left as its leader."
        ]
        if not self.can_separate:
            n = self.fewest_scored
            smallest = min_p_value(max(n, 1), test=s.test, trials=s.trials)
            needed = min_examples(
                s.alpha, test=s.test, trials=s.trials, comparisons=self.comparisons
            )
            need = f"; at least {needed} are needed" if needed else ""
            k = self.comparisons
            holm = f", which Holm over {k} comparisons makes {k * smallest:.3g}," if k > 1 else ""
            notes.append(
                f"With {counted(n, 'example')} no difference can be significant: the smallest "
                f"p-value the test can give is {smallest:.3g}{holm} not below "
                f"α = {s.alpha:g}{need}. Read the order as a tie."
            )
        elif not self.separable:
            notes.append(
                "No system differs significantly from the best on these examples. Read the order "
                "as a tie."
            )
        return notes


    def tie_note(self) -> str | None:
        """One short line saying the order is a tie (None when it is not, or with one system):
        what a narrow screen shows in place of :meth:`significance_notes`."""
        if len(self.systems) < 2 or self.separable:
            return None
        if self.can_separate:
            return "A tie: no system differs significantly from the best."
        s = self.stats
        needed = min_examples(s.alpha, test=s.test, trials=s.trials, comparisons=self.comparisons)
        need = f" ({needed} needed)" if needed else ""
        return (
            "A tie: no difference can be significant with "
            f"{counted(self.fewest_scored, 'example')}{need}."
        )


_TEST_NAMES = {"ar": "paired approximate randomization", "bs": "paired bootstrap"}


def _row(
    run: RunRecord,
    system: SystemInfo,
    mine: list[ItemRecord],
    scores: dict[str, dict[str, dict[str, float]]],
    done: dict[str, set[str]],
    coverage: Coverage,
    shown: list[Column],
) -> Row:
    """A system's row: the mean and interval of every shown column, over the examples the
    ranking stands on, or over those it completed when it is not held to them."""
    shared = _on_common(system.name, system.kind, done[system.name], coverage)
    over = coverage.common if shared else done[system.name]
    means, intervals = {}, {}
    for column in shown:
        per_example = scores[system.name].get(column.key, {})
        # In the order of scores.jsonl: the bootstrap draws positions, so the order
        # is part of the interval (and must not move when no system failed).
        values = np.array([v for e, v in per_example.items() if e in over])
        means[column.key], intervals[column.key] = mean_with_interval(
            values, resamples=run.stats.resamples, level=run.stats.level, seed=run.seed
        )
    failed = sum(r.failed for r in mine)
    row = Row(system.name, system.kind, len(over), failed, means, intervals)
    return replace(row, own_examples=not shared)


def _rank_key(primary: Column) -> Callable[[Row], tuple]:
    """The order of rows: best mean of the primary column first, rows without one last, ties
    by name."""

    def rank_key(row: Row) -> tuple:
        value = row.means.get(primary.key)
        missing = value is None
        signed = 0.0 if missing else (-value if primary.higher_is_better else value)
        return (missing, signed, row.system)

    return rank_key


def _signatures(run: RunRecord) -> Signatures:
    return Signatures(
        data=run.dataset.signature,
        metrics={m.name: m.signature for m in run.metrics},
        systems={s.name: s.signature for s in run.systems},
        stats=run.stats.signature(run.seed),
    )


def _scores_by_column(items: Sequence[ItemRecord]) -> dict[str, dict[str, float]]:
    """column -> example id -> score, for the examples the system produced."""
    by_column: dict[str, dict[str, float]] = {}
    for item in items:
        if item.failed:
            continue
        for key, value in item.scores.items():
            if value is not None:
                by_column.setdefault(key, {})[item.example_id] = value
    return by_column


def _on_common(name: str, kind: str, done: set[str], coverage: Coverage) -> bool:
    """Whether a row's means are over the ranking's examples: a ranked system's are, and so
    are a reference row's that completed all of them; any other row's are over what it
    completed."""
    return name in coverage.ranked or (kind != "system" and coverage.common <= done)


def _with_tests(
    ranked: list[Row], scores, shared: frozenset[str], key: str, stats: StatsSettings, seed: int
) -> list[Row]:
    """Add paired-test p-values (against the best, Holm-adjusted, and the baseline) and rank
    clusters, all from one rule (:func:`bench.stats.compare_ranked`), on the examples the
    ranking stands on (``shared``)."""
    cache: dict[tuple[str, str], float] = {}

    def p_value(x: str, y: str) -> float:
        if (x, y) not in cache:
            a, b = scores[x].get(key, {}), scores[y].get(key, {})
            common = sorted(a.keys() & b.keys() & shared)
            if len(common) < 2:
                cache[(x, y)] = 1.0  # nothing to compare on
            else:
                first = np.array([a[i] for i in common])
                second = np.array([b[i] for i in common])
                cache[(x, y)] = paired_test(
                    first,
                    second,
                    test=stats.test,
                    trials=stats.trials,
                    rng=np.random.default_rng(seed),
                )
        return cache[(x, y)]

    names = [r.system for r in ranked]
    if not names:
        return []
    comparison = compare_ranked(names, p_value, stats.alpha)
    return [
        replace(
            row,
            cluster=comparison.clusters[row.system],
            p_best=comparison.p_best_adjusted.get(row.system),
            p_best_raw=comparison.p_best.get(row.system),
            p_baseline=None
            if stats.baseline in (None, row.system)
            else p_value(stats.baseline, row.system),
        )
        for row in ranked
    ]
