"""Merge finished runs into one leaderboard, when their numbers are comparable."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SummbenchError
from ..records import ItemRecord, RunRecord

#: The library versions in a signature (``|v:bert-score-0.3.13,transformers-5.24.0``; inside a
#: nested matcher signature the separator is ``;`` and a weight may follow after ``*``).
_VERSIONS = re.compile(r"(^|[|;])v:[^|;*]*")


def settings_only(signature: str) -> str:
    """A signature without its library versions: what two runs must share to be merged."""
    return _VERSIONS.sub(r"\1v:*", signature)


def _versions(signature: str) -> str:
    return ", ".join(m.group(0).lstrip("|;")[2:] for m in _VERSIONS.finditer(signature))


def _differences(
    first: tuple[RunRecord, Path], other: tuple[RunRecord, Path], *, strict_versions: bool
) -> tuple[list[str], list[str]]:
    """(what makes the other run's numbers incomparable with the first's, the library versions
    in which their metrics differ), each naming both values."""
    (first, first_folder), (run, folder) = first, other
    where = f"{first_folder} vs {folder}"
    problems, versions = [], []
    if run.dataset.signature != first.dataset.signature:
        problems.append(
            f"{where}: different data ({first.dataset.signature} vs {run.dataset.signature})"
        )
    mine = {m.name: m.signature for m in first.metrics}
    theirs = {m.name: m.signature for m in run.metrics}
    for name in sorted(mine.keys() | theirs.keys()):
        a, b = mine.get(name), theirs.get(name)
        if a == b:
            continue
        if a is not None and b is not None and settings_only(a) == settings_only(b):
            versions.append(f"{name} {_versions(a)} ({first_folder}) vs {_versions(b)} ({folder})")
            if not strict_versions:
                continue
        problems.append(f"{where}: metric {name!r} differs ({a} vs {b})")
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
    return problems, versions


def merge_runs(
    runs: list[tuple[RunRecord, list[ItemRecord]]],
    folders: list[Path],
    *,
    strict_versions: bool = False,
) -> tuple[RunRecord, list[ItemRecord]]:
    """One (run record, items) from several runs of the same dataset with the same metrics.

    Refuses, naming each differing value, when the dataset version, a metric's settings, the
    columns, the seed or a statistics setting differ, or when two runs have a system of the
    same name. Runs whose metrics differ only in library versions (an unlocked install beside
    the committed results) are merged with a note naming the versions, which every format
    prints under the table; ``strict_versions`` refuses them instead.
    """
    (first, _), *_ = runs
    problems, versions = [], []
    for (run, _), folder in zip(runs[1:], folders[1:], strict=True):
        found, differ = _differences(
            (first, folders[0]), (run, folder), strict_versions=strict_versions
        )
        problems += found
        versions += differ
    names = [s.name for run, _ in runs for s in run.systems]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.append(f"systems named alike in several runs: {', '.join(duplicated)}")
    if problems:
        raise SummbenchError(
            "cannot merge these runs: " + "; ".join(problems) + ".",
            where=", ".join(map(str, folders)),
            fix="merge only runs of the same dataset version scored with the same metric "
            "settings (re-score with one config, e.g. `summbench score ... --like FOLDER`), "
            "and give systems distinct names"
            + (
                "; runs that differ only in library versions merge without --strict-versions"
                if strict_versions and versions
                else ""
            )
            + ".",
        )
    notes = [*first.notes, *(n for run, _ in runs[1:] for n in run.notes)]
    if versions:
        notes.append(
            "Merged runs were scored with other library versions (same settings): "
            + "; ".join(versions)
            + ". Numbers may differ in the last digits; `--strict-versions` refuses such merges."
        )
    merged = first.model_copy(
        update={
            "experiment": " + ".join(run.experiment for run, _ in runs),
            "systems": [s for run, _ in runs for s in run.systems],
            "notes": list(dict.fromkeys(notes)),
        }
    )
    return merged, [item for _, items in runs for item in items]
