"""Merge finished runs into one leaderboard, when their numbers are comparable."""

from __future__ import annotations

from pathlib import Path

from ..errors import SummbenchError
from ..results import ItemRecord, RunRecord


def _differences(first: RunRecord, run: RunRecord, where: str) -> list[str]:
    """What makes ``run``'s numbers incomparable with ``first``'s, each naming both values."""
    problems = []
    if run.dataset.signature != first.dataset.signature:
        problems.append(
            f"{where}: different data ({first.dataset.signature} vs {run.dataset.signature})"
        )
    mine = {m.name: m.signature for m in first.metrics}
    theirs = {m.name: m.signature for m in run.metrics}
    for name in sorted(mine.keys() | theirs.keys()):
        if mine.get(name) != theirs.get(name):
            problems.append(
                f"{where}: metric {name!r} differs ({mine.get(name)} vs {theirs.get(name)})"
            )
    if run.primary != first.primary:
        problems.append(f"{where}: ranked by {first.primary} vs {run.primary}")
    if run.shown != first.shown:
        problems.append(
            f"{where}: different columns ({', '.join(first.shown)} vs {', '.join(run.shown)})"
        )
    if run.seed != first.seed:
        problems.append(f"{where}: seed {first.seed} vs {run.seed}")
    for field in type(first.stats).model_fields:
        a, b = getattr(first.stats, field), getattr(run.stats, field)
        if a != b:
            problems.append(f"{where}: statistics setting {field} is {a} vs {b}")
    return problems


def merge_runs(
    runs: list[tuple[RunRecord, list[ItemRecord]]], folders: list[Path]
) -> tuple[RunRecord, list[ItemRecord]]:
    """One (run record, items) from several runs of the same dataset with the same metrics.

    Refuses, naming each differing value, when the dataset version, a metric's signature, the
    columns, the seed or a statistics setting differ, or when two runs have a system of the
    same name.
    """
    (first, _), *_ = runs
    problems = []
    for (run, _), folder in zip(runs[1:], folders[1:], strict=True):
        problems += _differences(first, run, f"{folders[0]} vs {folder}")
    names = [s.name for run, _ in runs for s in run.systems]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.append(f"systems named alike in several runs: {', '.join(duplicated)}")
    if problems:
        raise SummbenchError(
            "cannot merge these runs: " + "; ".join(problems) + ".",
            where=", ".join(map(str, folders)),
            fix="merge only runs of the same dataset version scored with the same metric "
            "settings (re-score with one config), and give systems distinct names.",
        )
    merged = first.model_copy(
        update={
            "experiment": " + ".join(run.experiment for run, _ in runs),
            "systems": [s for run, _ in runs for s in run.systems],
            "timings_s": {},
        }
    )
    return merged, [item for _, items in runs for item in items]
