"""Resolve a parsed config into plugin instances and leaderboard columns, checking everything.

Errors name the key path in the config (``summarizers[2].type``) and the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.schema import Dataset
from ..errors import ConfigError, SummbenchError, did_you_mean
from ..metrics import METRICS, Column, Metric
from ..plugin import Plugin
from ..registry import Registry
from ..summarizers import SUMMARIZERS, Summarizer
from .config import ExperimentConfig, PluginSpec
from .storage.ownership import check_name


@dataclass(frozen=True)
class SystemPlan:
    """A summarizer of the experiment, built, under the name its rows are shown by."""

    name: str
    spec: PluginSpec
    summarizer: Summarizer


@dataclass(frozen=True)
class MetricPlan:
    """A metric of the experiment, built, with the result columns its columns become."""

    name: str
    spec: PluginSpec
    metric: Metric
    #: Column as the metric names it -> column as the results name it.
    keys: dict[str, str]


@dataclass(frozen=True)
class Plan:
    """What a run will do: its systems and metrics built, every column, the one it ranks by
    (``primary``) and those its tables show."""

    config: ExperimentConfig
    systems: list[SystemPlan]
    metrics: list[MetricPlan]
    columns: list[Column]
    primary: Column
    shown: list[Column]


def build_plugin(
    registry: Registry, spec: PluginSpec, where: str, file: str, seed: int | None
) -> Plugin:
    """One summarizer or metric entry as an instance (``where``: ``summarizers[2]``); a plugin
    that fails while being built is a :class:`ConfigError` naming the entry."""
    cls = registry.get(spec.type, where=f"{file}: {where}.type")
    args = dict(spec.args)
    # Seeded components get the experiment's seed unless the entry sets its own.
    if seed is not None and "seed" in cls.Args.model_fields and args.get("seed") is None:
        args["seed"] = seed
    try:
        plugin = cls.from_config(args, file=file, where=f"{where}.args")
        plugin.check_settings(f"{where}.args", file=file)
        return plugin
    except SummbenchError:
        raise
    except Exception as err:  # a user plugin that fails while being built
        raise ConfigError(
            f"{spec.type} could not be built: {type(err).__name__}: {err}",
            where=f"{file}: {where}",
            fix="check the plugin's arguments (see its documentation).",
        ) from err


def unique_names(specs: list[PluginSpec], section: str, file: str) -> list[str]:
    """The entries' display names; two alike are a :class:`ConfigError`."""
    names = [s.display_name for s in specs]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise ConfigError(
                f'two entries are called "{name}".',
                where=f"{file}: {section}[{i}]",
                fix="give each entry a distinct `name`.",
            )
    return names


def lacking(dataset: Dataset, need: str) -> list[str]:
    """Ids of the examples without ``need`` (a checklist, a source...)."""
    return [e.id for e in dataset if not (e.checklist if need == "checklist" else getattr(e, need))]


def build_plan(
    config: ExperimentConfig,
    *,
    file: str = "config",
    summarizers: list[Summarizer] | None = None,
    metrics: list[Metric] | None = None,
) -> Plan:
    """Instantiate every summarizer and metric and resolve the leaderboard columns.

    ``summarizers`` and ``metrics``, when given, are the entries already built (one for each of
    the config's, in order): the pre-flight check builds and checks them before the plan.
    """
    if config.output is None:
        check_name(config.name, where=f"{file}: name")
    systems = _plan_systems(config, file, summarizers)
    metric_plans, columns = _plan_metrics(config, file, metrics)
    primary = _primary_column(config, columns, file)
    shown = _shown_columns(config, columns, primary, file)
    _check_baseline(config, systems, file)
    return Plan(config, systems, metric_plans, columns, primary, shown)


def _plan_systems(
    config: ExperimentConfig, file: str, summarizers: list[Summarizer] | None
) -> list[SystemPlan]:
    """Every summarizer entry under its display name, built unless given already built."""
    names = unique_names(config.summarizers, "summarizers", file)
    return [
        SystemPlan(
            name,
            spec,
            summarizers[i]
            if summarizers is not None
            else build_plugin(SUMMARIZERS, spec, f"summarizers[{i}]", file, config.seed),
        )
        for i, (name, spec) in enumerate(zip(names, config.summarizers, strict=True))
    ]


def _plan_metrics(
    config: ExperimentConfig, file: str, metrics: list[Metric] | None
) -> tuple[list[MetricPlan], list[Column]]:
    """Every metric entry (built unless given already built) and the columns of them all, as
    the results name them; two entries that produce one column are a :class:`ConfigError`."""
    metric_plans: list[MetricPlan] = []
    columns: list[Column] = []
    owner: dict[str, str] = {}
    for i, (name, spec) in enumerate(
        zip(unique_names(config.metrics, "metrics", file), config.metrics, strict=True)
    ):
        metric = (
            metrics[i]
            if metrics is not None
            else build_plugin(METRICS, spec, f"metrics[{i}]", file, config.seed)
        )
        keys = {}
        for column in metric.columns():
            key = f"{spec.name}/{column.key}" if spec.name else column.key
            if key in owner:
                raise ConfigError(
                    f'column "{key}" is produced by both "{owner[key]}" and "{name}".',
                    where=f"{file}: metrics[{i}]",
                    fix="give one of the two entries a `name`; its columns are then prefixed.",
                )
            owner[key] = name
            keys[column.key] = key
            label = f"{column.label} ({spec.name})" if spec.name else column.label
            columns.append(
                Column(key, label, column.higher_is_better, column.headline, column.decimals)
            )
        metric_plans.append(MetricPlan(name, spec, metric, keys))
    return metric_plans, columns


def _named_column(columns: list[Column], key: str, where: str, file: str) -> Column:
    """The column a key of the config names (``where``: the key's path)."""
    by_key = {c.key: c for c in columns}
    if key not in by_key:
        raise ConfigError(
            f'no column "{key}".{did_you_mean(key, by_key)}',
            where=f"{file}: {where}",
            fix=f"use one of: {', '.join(by_key)}.",
        )
    return by_key[key]


def _primary_column(config: ExperimentConfig, columns: list[Column], file: str) -> Column:
    """The column the leaderboard ranks by: ``primary``, else the first headline score."""
    if config.primary is not None:
        primary = _named_column(columns, config.primary, "primary", file)
        if primary.higher_is_better is None:
            raise ConfigError(
                f'"{primary.key}" describes summaries but does not rank them.',
                where=f"{file}: primary",
                fix="rank by a score such as rouge1_f or fact_recall.",
            )
        return primary
    ranked = [c for c in columns if c.headline and c.higher_is_better is not None]
    if not ranked:
        raise ConfigError(
            "no metric produces a score to rank by (only descriptive columns).",
            where=f"{file}: metrics",
            fix="add a scoring metric such as rouge, or set `primary`.",
        )
    return ranked[0]


def _shown_columns(
    config: ExperimentConfig, columns: list[Column], primary: Column, file: str
) -> list[Column]:
    """The leaderboard's columns: ``leaderboard.columns``, else the headline ones; the primary
    column is always among them (first when the config leaves it out)."""
    if config.leaderboard.columns is not None:
        shown = [
            _named_column(columns, k, f"leaderboard.columns[{i}]", file)
            for i, k in enumerate(config.leaderboard.columns)
        ]
    else:
        shown = [c for c in columns if c.headline]
    if primary not in shown:
        shown.insert(0, primary)
    return shown


def _check_baseline(config: ExperimentConfig, systems: list[SystemPlan], file: str) -> None:
    """``leaderboard.stats.baseline``, when set, names one of the systems."""
    baseline = config.leaderboard.stats.baseline
    names = [s.name for s in systems]
    if baseline is not None and baseline not in names:
        raise ConfigError(
            f'no system called "{baseline}".{did_you_mean(baseline, names)}',
            where=f"{file}: leaderboard.stats.baseline",
            fix=f"name one of: {', '.join(names)}.",
        )
