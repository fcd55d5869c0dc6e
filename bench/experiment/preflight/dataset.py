"""Steps 5 and 6 of the pre-flight check: the dataset loads, every metric
has what it needs of each example, and every summarizer's inputs fit the dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...data.loading import DatasetSpec, content_hash, load_examples
from ...data.schema import Dataset
from ...errors import ConfigError, SummbenchError
from ...metrics import Metric
from ...summarizers import Summarizer
from ..config import ExperimentConfig, PluginSpec
from ..plan import lacking
from .findings import Preflight


def check_dataset(
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
    from ..storage.store import Store

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
    from ..storage.cache_keys import dataset_key

    return dataset_key(spec.model_dump(mode="json"), content_hash(Path(spec.path)))


def metric_needs(
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


def check_against_dataset(
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
