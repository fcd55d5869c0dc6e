"""Steps 2 and 3 of the pre-flight check: every summarizer and metric entry
built on its own, then the plan, or, when an entry or the schema failed, what the plan checks
without them."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...metrics import METRICS
from ...plugin import Plugin
from ...registry import Registry
from ...summarizers import SUMMARIZERS
from ..config import ExperimentConfig, PluginSpec, default_metrics
from ..plan import build_plan, build_plugin, unique_names
from .findings import Preflight


def check_plugins_and_plan(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    seed: int | None,
) -> tuple[list[Any], list[Any], bool]:
    """Steps 2 and 3: every plugin entry, each on its own, then the plan. Returns the built
    summarizers and metrics (None for an entry that failed) and whether all were built."""
    file = found.file
    summarizer_specs = _specs(config, raw, "summarizers")
    metric_specs = _specs(config, raw, "metrics")
    summarizers: list[Any] = build_all(found, SUMMARIZERS, "summarizers", summarizer_specs, seed)
    metrics: list[Any] = build_all(found, METRICS, "metrics", metric_specs, seed)
    complete = config is not None and None not in summarizers and None not in metrics
    if complete:
        found.plan = found.attempt(
            lambda: build_plan(config, file=file, summarizers=summarizers, metrics=metrics)
        )
    else:
        # What the plan checks without any plugin is checked here; the keys that name
        # columns or systems wait for the entries they name.
        for section, specs in (("summarizers", summarizer_specs), ("metrics", metric_specs)):
            if None not in specs:
                found.attempt(unique_names, specs, section, file)
        skipped = _naming_keys(config, raw)
        if skipped:
            found.notes.append(
                f"{', '.join(skipped)}: they name columns or systems, which need every key "
                "and plugin above to be right."
            )
    found.config = config
    return summarizers, metrics, complete


def _specs(
    config: ExperimentConfig | None, raw: dict[str, Any] | None, section: str
) -> list[PluginSpec | None]:
    """The entries of ``summarizers`` or ``metrics``; from the raw file when the config as a
    whole did not parse, each entry on its own (None: a malformed entry, already reported)."""
    if config is not None:
        return list(getattr(config, section))
    raw = raw or {}
    if section == "metrics" and "metrics" not in raw:
        return list(default_metrics())
    entries = raw.get(section)
    if not isinstance(entries, list):
        return []
    specs: list[PluginSpec | None] = []
    for entry in entries:
        try:
            specs.append(PluginSpec.model_validate(entry))
        except ValidationError:
            specs.append(None)
    return specs


def build_all(
    found: Preflight,
    registry: Registry,
    section: str,
    specs: list[PluginSpec | None],
    seed: int | None,
) -> list[Plugin | None]:
    """Every entry built (None where it cannot be, with its problem added)."""
    built: list[Plugin | None] = []
    for i, spec in enumerate(specs):
        where = f"{section}[{i}]"
        built.append(
            None
            if spec is None
            else found.attempt(build_plugin, registry, spec, where, found.file, seed)
        )
    return built


def _naming_keys(config: ExperimentConfig | None, raw: dict[str, Any] | None) -> list[str]:
    """The keys given that name leaderboard columns or systems (checked with the plan)."""
    if config is not None:
        board = config.leaderboard
        given = [config.primary, board.columns, board.stats.baseline]
    else:
        board = (raw or {}).get("leaderboard")
        board = board if isinstance(board, dict) else {}
        stats = board.get("stats") if isinstance(board.get("stats"), dict) else {}
        given = [(raw or {}).get("primary"), board.get("columns"), stats.get("baseline")]
    keys = ("primary", "leaderboard.columns", "leaderboard.stats.baseline")
    return [f"`{key}`" for key, value in zip(keys, given, strict=True) if value is not None]
