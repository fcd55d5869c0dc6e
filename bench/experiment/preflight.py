"""The one pre-flight check of an experiment: every problem a run would meet before its work.

`summbench run`, `summbench run --dry-run` and `summbench validate` (and :func:`run_experiment`
called from Python) all go through :func:`check_file` or :func:`check_config`, so what one
refuses the others refuse, with the same words.

Problems are collected, not raised one at a time, in the order a reader fixes them:

1. the YAML's schema: every bad key of every section;
2. every summarizer's and metric's ``args``, entry by entry, even when another section of the
   file is bad (each entry is read on its own);
3. the plan: entry names, leaderboard columns, ``primary``, the baseline;
4. the results folder: ours to write, and no input among the files a run writes;
5. the dataset;
6. what each metric needs of it, and what each summarizer reads (a predictions file: every bad
   line, up to a cap, and its ids against the dataset's).

A check that needs what an earlier problem withholds (no dataset: no ids to check predictions
against) is not run, and a note says what was skipped, so that nobody is surprised when the
fixed file shows more. The check does no work a run would keep and writes nothing: no results
folder is created by a config that fails it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..data.loading import DatasetSpec, content_hash, load_examples
from ..data.schema import Dataset
from ..errors import ConfigError, Problems, SummbenchError
from ..fingerprint import forget_digests
from ..metrics import METRICS, Metric
from ..plugin import Plugin
from ..registry import Registry
from ..summarizers import SUMMARIZERS, Summarizer
from ..validation import config_problems
from ..wording import counted
from ..yaml_reader import read_yaml
from . import ownership
from .card_language import with_card_language
from .config import (
    ExperimentConfig,
    PluginSpec,
    default_metrics,
    parse_config,
    validate_config,
)
from .plan import Plan, build_plan, build_plugin, lacking, unique_names


@dataclass
class Preflight:
    """What the check found; when it found nothing, what a run continues from."""

    file: str
    problems: list[SummbenchError] = field(default_factory=list)
    #: Checks not run because of an earlier problem, each as "what: why".
    notes: list[str] = field(default_factory=list)
    #: The config as it runs: default metrics the dataset cannot feed are left out.
    config: ExperimentConfig | None = None
    plan: Plan | None = None
    dataset: Dataset | None = None
    #: Types of the default metrics left out (the dataset lacks what they need).
    dropped: list[str] = field(default_factory=list)
    #: Default metrics that read facts extracted from the references instead (the dataset
    #: has no checklists): their types.
    automatic: list[str] = field(default_factory=list)
    #: The dataset was read from the run's store (a run need not store it again).
    dataset_from_store: bool = False

    def add(self, problem: SummbenchError) -> None:
        # Two steps can meet the same fault (an experiment name that is no folder name is
        # both a bad results folder and a bad plan): it is listed once.
        if all(str(problem) != str(p) for p in self.problems):
            self.problems.append(problem)

    def attempt(self, check: Callable[..., Any], *args: Any) -> Any:
        """``check(*args)``, or None with its :class:`SummbenchError` added to the problems."""
        try:
            return check(*args)
        except SummbenchError as err:
            self.add(err)
            return None

    def summary(self) -> str:
        """"6 systems, 4 metrics, 6 examples (...)": what was checked, in a line."""
        if self.plan is not None:
            systems, metrics = len(self.plan.systems), len(self.plan.metrics)
        elif self.config is not None:
            systems, metrics = len(self.config.summarizers), len(self.config.metrics)
        else:
            return ""
        text = f"{counted(systems, 'system')}, {counted(metrics, 'metric')}"
        if self.dataset is not None:
            text += f", {counted(len(self.dataset), 'example')} ({self.dataset.signature()})"
        return text

    def raise_problems(self) -> None:
        """Raise what was found: a lone problem as itself, several as :class:`Problems`."""
        if len(self.problems) == 1 and not self.notes:
            raise self.problems[0]
        if self.problems:
            raise Problems(self.problems, where=self.file, notes=self.notes)


def check_file(
    path: str | Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    output_dir: Path | None = None,
    data: bool = True,
    use_cache: bool = True,
) -> Preflight:
    """Check an experiment file. ``overrides`` win over its top-level keys (``--seed``);
    ``output_dir`` is the results folder given on the command line; ``data=False`` leaves out
    the dataset and everything checked against it; ``use_cache=False`` is ``--no-cache``."""
    found = Preflight(str(path))
    try:
        raw = read_yaml(Path(path))
        if not isinstance(raw, dict):
            parse_config(raw, file=found.file)  # raises the error that says what a config is
    except SummbenchError as err:
        found.add(err)
        found.notes.append("the rest of the file: it must first read as a mapping of keys.")
        return found
    raw = {**raw, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    config = None
    try:
        config = validate_config(raw)
    except ValidationError as err:
        for problem in config_problems(err, file=found.file, prefix="", model=ExperimentConfig):
            found.add(problem)
    if config is not None and not use_cache:
        config = config.model_copy(
            update={"cache": config.cache.model_copy(update={"enabled": False})}
        )
    _check(found, config, raw, output_dir=output_dir, data=data)
    return found


def check_config(
    config: ExperimentConfig,
    *,
    file: str = "config",
    output_dir: Path | None = None,
    data: bool = True,
) -> Preflight:
    """Check an experiment already parsed (from Python, or built by `summbench score`)."""
    found = Preflight(file)
    _check(found, config, None, output_dir=output_dir, data=data)
    return found


def _check(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    *,
    output_dir: Path | None,
    data: bool,
) -> None:
    """Steps 2 to 6 of the module docstring. ``config`` is None when the schema failed: each
    section is then read from ``raw`` on its own, so that its problems are found too."""
    # Files edited since an earlier run in this process are read again (the digest memo is
    # per run: a rewrite within one clock tick keeps size and change time).
    forget_digests()
    if config is not None:  # rouge reads the dataset card's language (card_language.py)
        config = with_card_language(config)
    seed = config.seed if config is not None else None
    summarizers, metrics, complete = _check_plugins_and_plan(found, config, raw, seed)
    out = _check_results_folder(found, config, raw, output_dir)
    if not data:
        return
    dataset = _check_dataset(found, config, raw, out)
    kept, automatic = _metric_needs(found, config, raw, metrics, dataset)
    for i, spec in automatic.items():
        (metrics[i],) = _build_all(found, METRICS, "metrics", [spec], seed)
    _check_against_dataset(found, summarizers, metrics, dataset)
    # Default metrics the dataset cannot feed are left out, or read extracted facts: the
    # plan is made again with what runs.
    if config is not None and kept is not None and (len(kept) < len(metrics) or automatic):
        specs = [automatic.get(i, config.metrics[i]) for i in kept]
        fitted = config.model_copy(update={"metrics": specs})
        found.dropped = [config.metrics[i].type for i in range(len(metrics)) if i not in kept]
        found.automatic = [spec.type for spec in automatic.values()]
        found.config = fitted
        if complete:
            found.plan = found.attempt(
                lambda: build_plan(
                    fitted,
                    file=found.file,
                    summarizers=summarizers,
                    metrics=[metrics[i] for i in kept],
                )
            )


def _check_plugins_and_plan(
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
    summarizers: list[Any] = _build_all(found, SUMMARIZERS, "summarizers", summarizer_specs, seed)
    metrics: list[Any] = _build_all(found, METRICS, "metrics", metric_specs, seed)
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


def _check_results_folder(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    output_dir: Path | None,
) -> Path | None:
    """Step 4: the results folder is ours to write, and was written from these inputs."""
    out = _results_folder(found, config, raw, output_dir)
    if out is not None:
        found.attempt(lambda: ownership.check_folder(out))
        inputs = config.model_dump(mode="json") if config is not None else raw
        found.attempt(lambda: ownership.check_inputs(out, ownership.config_inputs(inputs)))
    return out


def _check_dataset(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    out: Path | None,
) -> Dataset | None:
    """Step 5: the dataset loads (from the results folder's store when it holds it)."""
    spec = config.dataset if config is not None else _dataset_spec(raw)
    dataset = None
    if spec is None:
        found.notes.append("the dataset, and everything checked against it: see `dataset`.")
    else:
        store = _existing_store(config, out)
        loaded = found.attempt(lambda: _load_dataset(spec, store))
        if loaded is not None:
            dataset, found.dataset_from_store = loaded
    found.dataset = dataset
    return dataset


def _check_against_dataset(
    found: Preflight, summarizers: list[Any], metrics: list[Any], dataset: Dataset | None
) -> None:
    """Step 6: what the summarizers read of the dataset; what could not be checked without it."""
    if dataset is None:
        reads = [
            f"summarizers[{i}]"
            for i, s in enumerate(summarizers)
            if s is not None and type(s).fit is not Summarizer.fit
        ]
        needing = [
            f"metrics[{i}]"
            for i, m in enumerate(metrics)
            if m is not None and m.needs - {"references"}
        ]
        if reads:
            found.notes.append(
                f"the inputs of {', '.join(reads)} against the dataset's ids: the dataset did "
                "not load."
            )
        if needing:
            found.notes.append(
                f"what {', '.join(needing)} {'needs' if len(needing) == 1 else 'need'} of each "
                "example: the dataset did not load."
            )
    for summarizer in summarizers:
        if summarizer is not None:
            for problem in summarizer.check(dataset):
                found.add(problem)


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


def _build_all(
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


def _results_folder(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    output_dir: Path | None,
) -> Path | None:
    """The folder a run would write, or None when the config does not say yet."""
    if output_dir is not None:
        return Path(output_dir)
    if config is not None:
        output, name = config.output, config.name
    else:
        output, name = (raw or {}).get("output"), (raw or {}).get("name")
        if not isinstance(output, str) and not isinstance(name, str):
            return None  # the schema step reports it
    if isinstance(output, str):
        return Path(output)
    # results/<name>: the name must be one plain folder name.
    try:
        ownership.check_name(name, where=f"{found.file}: name")
    except SummbenchError as err:
        found.add(err)
        return None
    return Path(f"results/{name}")


def _dataset_spec(raw: dict[str, Any] | None) -> DatasetSpec | None:
    try:
        return DatasetSpec.model_validate((raw or {}).get("dataset"))
    except ValidationError:
        return None  # reported by the schema step


def _existing_store(config: ExperimentConfig | None, out: Path | None):
    """The run's store when it already exists (a rerun): the dataset may be read from it.
    None otherwise: the check creates nothing."""
    if config is None or not config.cache.enabled:
        return None
    path = Path(config.cache.path) if config.cache.path else (out / "cache.sqlite" if out else None)
    if path is None or not path.is_file():
        return None
    from .store import Store

    return Store(path)


def _load_dataset(spec: DatasetSpec, store) -> tuple[Dataset, bool]:
    """(the dataset, whether it came from the store): from the store when its spec and local
    files are unchanged (a warm run need not import ``datasets``)."""
    path = Path(spec.path)
    if store is None or not path.exists():
        return load_examples(spec), False
    dataset = store.get_dataset(dataset_key_of(spec))
    if dataset is not None:
        return dataset, True
    return load_examples(spec), False


def dataset_key_of(spec: DatasetSpec) -> str:
    """The store's key of a local dataset: its spec and the bytes of its files."""
    from .cache_keys import dataset_key

    return dataset_key(spec.model_dump(mode="json"), content_hash(Path(spec.path)))


def _metric_needs(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    metrics: list[Any],
    dataset: Dataset | None,
) -> tuple[list[int] | None, dict[int, PluginSpec]]:
    """Check what each metric needs of every example (a checklist, a source).

    Metrics the config names are never dropped: a missing need is then a problem. When the
    config names none, the defaults that the dataset cannot feed are left out instead (a
    dataset without sources runs the other defaults, not a failure on entries nobody wrote),
    and the checklist reads facts extracted from the references where the dataset has no
    checklists (``facts: auto``). Returns the indices of the metrics kept (None without a
    dataset) and, by index, the entries that become automatic checklists.
    """
    if dataset is None:
        return None, {}
    named = (
        "metrics" in config.model_fields_set if config is not None else "metrics" in (raw or {})
    )
    kept, automatic = [], {}
    for i, metric in enumerate(metrics):
        if metric is None:
            kept.append(i)
            continue
        missing = {need: ids for need in sorted(metric.needs) if (ids := lacking(dataset, need))}
        if not missing or named:
            kept.append(i)
        elif metric.name == "checklist" and set(missing) == {"checklist"}:
            kept.append(i)
            spec = config.metrics[i] if config is not None else PluginSpec(type="checklist")
            automatic[i] = spec.model_copy(update={"args": {**spec.args, "facts": "auto"}})
        for need, ids in missing.items() if named else ():
            found.add(_needs_problem(found.file, i, metric, need, ids, config))
    return kept, automatic


def _needs_problem(
    file: str,
    index: int,
    metric: Metric,
    need: str,
    ids: list[str],
    config: ExperimentConfig | None,
) -> SummbenchError:
    name = config.metrics[index].display_name if config is not None else metric.name
    return ConfigError(
        f'metric "{name}" needs a {need} for every example; '
        f"{len(ids)} lack one (e.g. {ids[0]!r}).",
        where=f"{file}: metrics[{index}]",
        fix=f"remove the metric, or use a dataset that has a {need} column.",
    )
