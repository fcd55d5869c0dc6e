"""The leaderboard as data: one row per system, means with confidence intervals, rank clusters.

Rows that read the references (the oracle, the human leave-one-out) are kept apart from real
systems: they are ceilings to compare against, not competitors, and take no part in the
significance tests. A system that failed on some examples shows the count; its means are over
the examples it did produce, and its paired tests over the examples both systems produced.
Everything is recomputed from the item scores in scores.jsonl with the seed in run.json, so the
same results folder always renders the same tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..stats import (
    Interval,
    approximate_randomization,
    bootstrap_interval,
    paired_bootstrap,
    rank_clusters,
)


@dataclass(frozen=True)
class ColumnInfo:
    key: str
    label: str
    higher_is_better: bool | None
    decimals: int | None = None


@dataclass(frozen=True)
class Row:
    system: str
    kind: str
    n: int
    failed: int
    means: dict[str, float | None]
    intervals: dict[str, Interval | None]
    cluster: int | None = None  # 1 = cannot be told apart from the best (real systems only)
    p_best: float | None = None  # paired test against the best system, on the primary column
    p_baseline: float | None = None  # ... and against the named baseline


@dataclass(frozen=True)
class StatsSettings:
    resamples: int
    level: float
    test: str
    trials: int
    alpha: float
    baseline: str | None
    seed: int


@dataclass(frozen=True)
class Leaderboard:
    experiment: str
    dataset: str
    dataset_signature: str
    examples: int
    primary: ColumnInfo
    columns: list[ColumnInfo]
    systems: list[Row]  # real systems, ranked
    reference_rows: list[Row]  # oracle and human, ranked among themselves
    signatures: dict[str, str]
    decimals: int
    stats: StatsSettings

    @classmethod
    def from_run(cls, run: dict[str, Any], records: list[dict[str, Any]]) -> Leaderboard:
        """Build from run.json and the scores.jsonl records."""
        columns = {
            c["key"]: ColumnInfo(c["key"], c["label"], c["higher_is_better"], c.get("decimals"))
            for c in run["columns"]
        }
        shown = [columns[k] for k in run["shown"]]
        primary = columns[run["primary"]]
        spec = {**_DEFAULT_STATS, **run["config"].get("leaderboard", {}).get("stats", {})}
        stats = StatsSettings(seed=run["seed"], **spec)
        kinds = {s["name"]: s["kind"] for s in run["resolved"]["summarizers"]}
        scores = _scores_by_system(records)

        rows = []
        for system, kind in kinds.items():
            mine = [r for r in records if r["system"] == system]
            ok = sum(not r["failed"] for r in mine)
            means, intervals = {}, {}
            for column in shown:
                values = np.array(list(scores[system].get(column.key, {}).values()))
                means[column.key] = math.fsum(values) / len(values) if len(values) else None
                intervals[column.key] = (
                    bootstrap_interval(
                        values,
                        resamples=stats.resamples,
                        level=stats.level,
                        rng=np.random.default_rng(stats.seed),
                    )
                    if len(values)
                    else None
                )
            rows.append(Row(system, kind, ok, len(mine) - ok, means, intervals))

        def rank_key(row: Row) -> tuple:
            value = row.means.get(primary.key)
            missing = value is None
            signed = 0.0 if missing else (-value if primary.higher_is_better else value)
            return (missing, signed, row.system)

        systems = sorted((r for r in rows if r.kind == "system"), key=rank_key)
        systems = _with_tests(systems, scores, primary.key, stats)
        signatures = {"data": run["dataset"]["signature"]}
        signatures.update({m["name"]: m["signature"] for m in run["resolved"]["metrics"]})
        signatures.update({s["name"]: s["signature"] for s in run["resolved"]["summarizers"]})
        signatures["stats"] = (
            f"stats|ci:percentile|B:{stats.resamples}|level:{stats.level:g}|test:{stats.test}"
            f"|trials:{stats.trials}|alpha:{stats.alpha:g}|seed:{stats.seed}"
        )
        return cls(
            experiment=run["experiment"],
            dataset=run["dataset"]["name"],
            dataset_signature=run["dataset"]["signature"],
            examples=run["dataset"]["examples"],
            primary=primary,
            columns=shown,
            systems=systems,
            reference_rows=sorted((r for r in rows if r.kind != "system"), key=rank_key),
            signatures=signatures,
            decimals=run.get("decimals", 3),
            stats=stats,
        )

    @property
    def separable(self) -> bool:
        """Whether any real system differs significantly from the best one."""
        return any(r.cluster != 1 for r in self.systems)


_DEFAULT_STATS = {
    "resamples": 1000,
    "level": 0.95,
    "test": "ar",
    "trials": 10000,
    "alpha": 0.05,
    "baseline": None,
}


def _scores_by_system(records: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """system -> column -> example id -> score, for the examples the system produced."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for record in records:
        by_column = out.setdefault(record["system"], {})
        if record["failed"]:
            continue
        for key, value in record["scores"].items():
            if value is not None:
                by_column.setdefault(key, {})[record["example_id"]] = value
    return out


def _with_tests(ranked: list[Row], scores, key: str, stats: StatsSettings) -> list[Row]:
    """Add paired-test p-values (against the best and the baseline) and rank clusters."""
    cache: dict[tuple[str, str], float] = {}

    def p_value(x: str, y: str) -> float:
        if (x, y) not in cache:
            a, b = scores[x].get(key, {}), scores[y].get(key, {})
            common = sorted(a.keys() & b.keys())
            if len(common) < 2:
                cache[(x, y)] = 1.0  # nothing to compare on
            else:
                rng = np.random.default_rng(stats.seed)
                first = np.array([a[i] for i in common])
                second = np.array([b[i] for i in common])
                cache[(x, y)] = (
                    approximate_randomization(first, second, trials=stats.trials, rng=rng)
                    if stats.test == "ar"
                    else paired_bootstrap(first, second, resamples=stats.trials, rng=rng)
                )
        return cache[(x, y)]

    names = [r.system for r in ranked]
    clusters = rank_clusters(names, p_value, stats.alpha) if names else {}
    best = names[0] if names else None
    return [
        replace(
            row,
            cluster=clusters.get(row.system),
            p_best=None if row.system == best else p_value(best, row.system),
            p_baseline=None
            if stats.baseline in (None, row.system)
            else p_value(stats.baseline, row.system),
        )
        for row in ranked
    ]
