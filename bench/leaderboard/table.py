"""The leaderboard as data: one row per system, means over examples, in ranking order.

Rows that read the references (the oracle, the human leave-one-out) are kept apart from real
systems: they are ceilings to compare against, not competitors. A system that failed on some
examples shows the count; its means are over the examples it did produce.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


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

    @classmethod
    def from_run(cls, run: dict[str, Any], records: list[dict[str, Any]]) -> Leaderboard:
        """Build from run.json and the scores.jsonl records."""
        columns = {
            c["key"]: ColumnInfo(c["key"], c["label"], c["higher_is_better"], c.get("decimals"))
            for c in run["columns"]
        }
        shown = [columns[k] for k in run["shown"]]
        primary = columns[run["primary"]]
        kinds = {s["name"]: s["kind"] for s in run["resolved"]["summarizers"]}
        rows = []
        for system in kinds:
            mine = [r for r in records if r["system"] == system]
            ok = [r for r in mine if not r["failed"]]
            means = {}
            for column in shown:
                values = [r["scores"].get(column.key) for r in ok]
                values = [v for v in values if v is not None]
                means[column.key] = math.fsum(values) / len(values) if values else None
            rows.append(Row(system, kinds[system], len(ok), len(mine) - len(ok), means))

        def rank_key(row: Row) -> tuple:
            value = row.means.get(primary.key)
            missing = value is None
            signed = 0.0 if missing else (-value if primary.higher_is_better else value)
            return (missing, signed, row.system)

        signatures = {"data": run["dataset"]["signature"]}
        signatures.update({m["name"]: m["signature"] for m in run["resolved"]["metrics"]})
        signatures.update({s["name"]: s["signature"] for s in run["resolved"]["summarizers"]})
        return cls(
            experiment=run["experiment"],
            dataset=run["dataset"]["name"],
            dataset_signature=run["dataset"]["signature"],
            examples=run["dataset"]["examples"],
            primary=primary,
            columns=shown,
            systems=sorted((r for r in rows if r.kind == "system"), key=rank_key),
            reference_rows=sorted((r for r in rows if r.kind != "system"), key=rank_key),
            signatures=signatures,
            decimals=run.get("decimals", 3),
        )
