"""Merge finished runs into one leaderboard, when their numbers are comparable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import SummbenchError


def merge_runs(
    runs: list[tuple[dict[str, Any], list[dict[str, Any]]]], folders: list[Path]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One (run.json, records) from several runs of the same dataset with the same metrics.

    Refuses, saying what differs, when the dataset version, a metric's signature, the columns
    or the statistics settings differ, or when two runs have a system of the same name.
    """
    (first, _), *_ = runs
    problems = []

    def metric_signatures(run: dict[str, Any]) -> dict[str, str]:
        return {m["name"]: m["signature"] for m in run["resolved"]["metrics"]}

    for (run, _), folder in zip(runs[1:], folders[1:], strict=True):
        where = f"{folders[0]} vs {folder}"
        if run["dataset"]["signature"] != first["dataset"]["signature"]:
            problems.append(
                f"{where}: different data ({first['dataset']['signature']} vs "
                f"{run['dataset']['signature']})"
            )
        mine, theirs = metric_signatures(first), metric_signatures(run)
        for name in sorted(mine.keys() | theirs.keys()):
            if mine.get(name) != theirs.get(name):
                problems.append(
                    f"{where}: metric {name!r} differs ({mine.get(name)} vs {theirs.get(name)})"
                )
        if run["primary"] != first["primary"] or run["shown"] != first["shown"]:
            problems.append(f"{where}: different leaderboard columns")
        if run["seed"] != first["seed"] or (
            run["config"].get("leaderboard", {}).get("stats")
            != first["config"].get("leaderboard", {}).get("stats")
        ):
            problems.append(f"{where}: different seed or statistics settings")
    names = [s["name"] for run, _ in runs for s in run["resolved"]["summarizers"]]
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
    merged = dict(first)
    merged["experiment"] = " + ".join(run["experiment"] for run, _ in runs)
    merged["resolved"] = {
        **first["resolved"],
        "summarizers": [s for run, _ in runs for s in run["resolved"]["summarizers"]],
    }
    records = [r for _, recs in runs for r in recs]
    return merged, records
