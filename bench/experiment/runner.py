"""Run an experiment: load, summarize, score, aggregate, write the results folder.

The pipeline, step by step (each step in a function of its own below, the phases in
:mod:`.generate` and :mod:`.scoring`):

1. take the results folder's lock, open the store, load the dataset;
2. show every summarizer and metric the whole dataset (``fit``: predictions files are read and
   checked, idf weights computed) and write ``examples.jsonl``;
3. generate (``predictions.jsonl`` after each system), score (``scores.jsonl``);
4. write ``run.json``, the leaderboards and the figures.

Finished work is written as soon as it is finished, so a failing metric never costs the
generations, and the store keeps every generation and score for the next run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..console import say
from ..data.loading import content_hash, load_examples
from ..data.schema import Dataset
from ..errors import ConfigError
from ..leaderboard import Leaderboard, write_leaderboard
from ..results import (
    EXAMPLES,
    LAST_RUN,
    RUN,
    SCORES,
    TEMP_PREFIX,
    DatasetInfo,
    ExampleRecord,
    Invocation,
    ItemRecord,
    MetricInfo,
    PredictionRecord,
    RunRecord,
    SystemInfo,
    write_json,
    write_jsonl,
)
from ..secrets import redact, redact_all
from . import ownership
from .config import ExperimentConfig
from .environment import environment, machine
from .executors import make_executor
from .generate import generate
from .lock import FolderLock
from .plan import Plan, build_plan, metrics_for
from .scoring import score
from .store import Store, dataset_key

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    say(message)


def run_experiment(
    config: ExperimentConfig,
    *,
    config_file: str = "config",
    output_dir: Path | None = None,
    log: Log = _stderr,
) -> Leaderboard:
    """Run everything and write the results folder. Returns the leaderboard.

    Refuses to start while another run writes the same folder (see :mod:`.lock`).
    """
    started = time.perf_counter()
    plan = build_plan(config, file=config_file)
    out = output_dir or config.output_dir
    ownership.check_folder(out)
    ownership.check_inputs(out, ownership.config_inputs(config.model_dump(mode="json")))
    with FolderLock(out):
        ownership.claim(out)
        return _run_locked(config, plan, out, config_file, log, started)


def _run_locked(
    config: ExperimentConfig, plan: Plan, out: Path, config_file: str, log: Log, started: float
) -> Leaderboard:
    _remove_stale_temp_files(out)
    store = _open_store(config, out)
    dataset = _load_dataset(config, store)
    fitted = metrics_for(config, dataset)
    if fitted is not config:
        dropped = sorted({m.type for m in config.metrics} - {m.type for m in fitted.metrics})
        log(
            f"the dataset lacks what {', '.join(dropped)} need(s): the default metrics run "
            f"without `{'`, `'.join(dropped)}`"
        )
        config, plan = fitted, build_plan(fitted, file=config_file)
    _prepare(plan, dataset, store, config_file)
    log(
        f"{config.name}: {len(dataset)} examples from {dataset.name}, "
        f"{len(plan.systems)} systems, {len(plan.metrics)} metrics -> {out}"
    )
    out.mkdir(parents=True, exist_ok=True)
    examples = _example_records(dataset)
    write_jsonl(out / EXAMPLES, examples)

    # The executor starts before generation: workers import and load models meanwhile.
    recipe = ([mp.spec for mp in plan.metrics], config.seed, dataset.examples, _path(store))
    executor = make_executor(config.executor, recipe, [mp.metric for mp in plan.metrics])
    try:
        t0 = time.perf_counter()
        candidates, predictions = generate(plan, dataset, out, log, store)
        timings = {"generation": time.perf_counter() - t0}
        if executor.description != "inline":
            log(f"scoring on {executor.description}")
        items, metric_timings = score(
            plan, dataset, candidates, log, store, executor, while_waiting=_prepare_figures
        )
    finally:
        executor.close()
    write_jsonl(out / SCORES, items)
    if store and store.damaged:
        log(f"warning: {store.damaged} rows of the cache could not be read; computed again")
    timings.update({f"metric:{k}": v for k, v in metric_timings.items()})
    timings["total"] = time.perf_counter() - started

    run = _run_record(config, plan, dataset, config_file)
    write_json(out / RUN, run)
    write_json(out / LAST_RUN, _invocation(plan, timings))
    board = Leaderboard.from_run(run, items)
    _write_tables_and_figures(board, out, items, predictions, examples)
    log(f"wrote {out}/ (leaderboard.md, .csv, .json) in {time.perf_counter() - started:.1f} s")
    return board


def _prepare_figures() -> None:
    """Import matplotlib (half a second) while a helper process is still scoring."""
    from ..plots import prepare

    prepare()


def _remove_stale_temp_files(out: Path) -> None:
    """Half-written files of a run that was killed mid-write (the finished ones were renamed
    into place; these never were). We hold the folder's lock, so none is being written; only
    our own temporary files are touched."""
    for folder in (out, out / "plots"):
        for stale in folder.glob(f"{TEMP_PREFIX}*"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)


def _open_store(config: ExperimentConfig, out: Path) -> Store | None:
    if not config.cache.enabled:
        return None
    return Store(Path(config.cache.path) if config.cache.path else out / "cache.sqlite")


def _path(store: Store | None) -> str | None:
    return str(store.path) if store else None


def _load_dataset(config: ExperimentConfig, store: Store | None) -> Dataset:
    """The dataset, from the store when its spec and local files are unchanged."""
    path = Path(config.dataset.path)
    if store is None or not path.exists():
        return load_examples(config.dataset)
    key = dataset_key(config.dataset.model_dump(mode="json"), content_hash(path))
    dataset = store.get_dataset(key)
    if dataset is None:
        dataset = load_examples(config.dataset)
        store.put_dataset(key, dataset)
    return dataset


def check_needs(plan: Plan, dataset: Dataset, file: str) -> None:
    for i, mp in enumerate(plan.metrics):
        for need in sorted(mp.metric.needs):
            lacking = [
                e.id
                for e in dataset
                if not (e.checklist if need == "checklist" else getattr(e, need))
            ]
            if lacking:
                raise ConfigError(
                    f'metric "{mp.name}" needs a {need} for every example; '
                    f"{len(lacking)} lack one (e.g. {lacking[0]!r}).",
                    where=f"{file}: metrics[{i}]",
                    fix=f"remove the metric, or use a dataset that has a {need} column.",
                )


def _prepare(plan: Plan, dataset: Dataset, store: Store | None, file: str) -> None:
    """Show every plugin the whole dataset before any work, and offer them the store.

    Metrics compute corpus statistics (idf) before any signature or key is read; summarizers
    read their inputs (a predictions file is checked against every id here, once).
    """
    check_needs(plan, dataset, file)
    for mp in plan.metrics:
        mp.metric.fit(dataset.examples)
        if store:
            mp.metric.attach_store(store)
    for system in plan.systems:
        system.summarizer.fit(dataset)


def _example_records(dataset: Dataset) -> list[ExampleRecord]:
    """What each example was scored against, so the results folder explains itself (the HTML
    leaderboard's drill-down reads it)."""
    return [
        ExampleRecord(
            id=e.id,
            source=e.source,
            references=list(e.references),
            checklist=[{"id": f.id, "text": f.text, "weight": f.weight} for f in e.checklist],
            probes=[{"id": p.id, "text": p.text} for p in e.probes],
        )
        for e in dataset
    ]


def _run_record(
    config: ExperimentConfig,
    plan: Plan,
    dataset: Dataset,
    config_file: str,
) -> RunRecord:
    """run.json. Configs and plugin settings may hold a URL with a password: redacted."""
    systems = [
        SystemInfo(
            name=s.name,
            type=s.spec.type,
            kind=s.summarizer.kind,
            args=redact_all(s.summarizer.settings()),
            signature=redact(s.summarizer.signature()),
        )
        for s in plan.systems
    ]
    metrics = [
        MetricInfo(
            name=m.name,
            type=m.spec.type,
            args=redact_all(m.metric.settings()),
            signature=redact(m.metric.signature()),
            versions=m.metric.versions(),
        )
        for m in plan.metrics
    ]
    return RunRecord(
        experiment=config.name,
        description=config.description,
        config_file=config_file,
        config=redact_all(config.model_dump(mode="json")),
        dataset=DatasetInfo(
            name=dataset.name, signature=dataset.signature(), examples=len(dataset)
        ),
        systems=systems,
        metrics=metrics,
        columns=plan.columns,
        primary=plan.primary.key,
        shown=[c.key for c in plan.shown],
        decimals=config.leaderboard.decimals,
        stats=config.leaderboard.stats,
        seed=config.seed,
        environment=environment(),
    )


def _invocation(plan: Plan, timings: dict[str, float]) -> Invocation:
    """last-run.json: this invocation's date, machine, timings and endpoint usage."""
    usage = {
        "systems": {s.name: s.summarizer.usage() for s in plan.systems if s.summarizer.usage()},
        "metrics": {m.name: m.metric.usage() for m in plan.metrics if m.metric.usage()},
    }
    return Invocation(
        **machine(),
        timings_s={k: round(v, 3) for k, v in timings.items()},
        usage={k: v for k, v in usage.items() if v},
    )


def _write_tables_and_figures(
    board: Leaderboard,
    out: Path,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    examples: list[ExampleRecord],
) -> None:
    table = out / "leaderboard.json"
    before = table.read_bytes() if table.is_file() else None
    write_leaderboard(board, out, items=items, predictions=predictions, examples=examples)
    # Figures only depend on the table and the item scores: redraw them when those changed
    # (or are missing), not on every unchanged rerun (matplotlib is a second of a warm run).
    if before != table.read_bytes() or not (out / "plots" / "means.png").is_file():
        from ..plots import plot_means, plot_scatter

        plot_means(board, out / "plots")
        plot_scatter(board, items, out / "plots")
