"""Run an experiment: load, summarize, score, aggregate, write the results folder.

The pipeline, step by step (each step in a function of its own below, the phases in
:mod:`.generate` and :mod:`.scoring`):

1. the pre-flight check (:mod:`.preflight`): the plan, the dataset, every summarizer shown the
   whole dataset (predictions files are read and checked against it), every problem at once;
2. take the results folder's lock, open the store, show every metric the whole dataset
   (``fit``: idf weights) and write ``examples.jsonl``;
3. generate (``predictions.jsonl`` after each system), score (``scores.jsonl``);
4. write ``run.json``, the leaderboards and the figures.

Finished work is written as soon as it is finished, so a failing metric never costs the
generations, and the store keeps every generation and score for the next run.
"""

from __future__ import annotations

import time
from pathlib import Path

from .. import arguments
from ..console import Log, say
from ..data.schema import Dataset
from ..leaderboard import Leaderboard, write_leaderboard
from ..progress import WARNING
from ..records import (
    EXAMPLES,
    LAST_RUN,
    RUN,
    SCORES,
    DatasetInfo,
    ExampleRecord,
    Invocation,
    ItemRecord,
    MetricInfo,
    PredictionRecord,
    RunRecord,
    SystemInfo,
    leaderboard_file,
    remove_stale_temp_files,
    write_json,
    write_jsonl,
)
from ..records.links import is_own_file
from ..secrets import redact, redact_all
from ..wording import counted
from .config import ExperimentConfig
from .environment import environment, machine
from .executors import make_executor
from .generate import generate
from .plan import Plan
from .preflight import check_config
from .preflight.dataset import dataset_key_of
from .preflight.findings import Preflight
from .scoring import score
from .storage import ownership
from .storage.store import Store


def _stderr(message: str) -> None:
    say(message)


@arguments.checked
def run_experiment(
    config: ExperimentConfig,
    *,
    config_file: str = "config",
    output_dir: Path | None = None,
    log: Log = _stderr,
    checked: Preflight | None = None,
) -> Leaderboard:
    """Run everything and write the results folder. Returns the leaderboard.

    First the pre-flight check (:mod:`.preflight`, the one `summbench validate` runs): with any
    problem, all of them are raised before any work and nothing is written. ``checked`` is
    that check already made on this config and folder (the command line makes it first, from
    the file). Refuses to start while another run writes the same folder (see :mod:`.storage.lock`).
    """
    arguments.instance(
        config, ExperimentConfig, "config", fix='load one first: load_config("configs/seed.yaml").'
    )
    arguments.name(config_file, "config_file", fix="name the config in messages (a file name).")
    if output_dir is not None:
        output_dir = arguments.path(output_dir, "output_dir")
    arguments.function(log, "log", fix="pass a function that takes one line of text, e.g. print.")
    started = time.perf_counter()
    out = output_dir or config.output_dir
    if checked is None:
        checked = check_config(config, file=config_file, output_dir=out)
    checked.raise_problems()
    assert checked.config is not None and checked.plan is not None
    assert checked.dataset is not None
    if checked.dropped:
        # Not a warning: the defaults fit the data (plain text has no checklists or sources);
        # a metric the config names and the data cannot feed is a pre-flight problem instead.
        dropped = "`, `".join(sorted(set(checked.dropped)))
        log(f"default metrics without `{dropped}`: this dataset has nothing for them to score")
    if checked.automatic:
        log(
            "checklist: this dataset has no fact checklists; scoring against facts extracted "
            "from its references (facts: auto; `summbench facts extract` writes them out)"
        )
    elif _ignores_checklists(checked):
        log(
            "checklist (facts: auto): the dataset's own checklists and probes are not read; "
            "facts are extracted from the references instead"
        )
    inputs = ownership.config_inputs(checked.config.model_dump(mode="json"))
    with ownership.own_folder(out, inputs):
        return _run_locked(checked, out, config_file, log, started)


def _ignores_checklists(checked: Preflight) -> bool:
    """A checklist the config sets to ``facts: auto`` on a dataset that has checklists."""
    config, dataset = checked.config, checked.dataset
    auto = any(
        spec.type == "checklist" and spec.args.get("facts") == "auto" for spec in config.metrics
    )
    return auto and any(e.checklist or e.probes for e in dataset)


def _run_locked(
    checked: Preflight, out: Path, config_file: str, log: Log, started: float
) -> Leaderboard:
    config, plan, dataset = checked.config, checked.plan, checked.dataset
    _remove_stale_temp_files(out)
    store = _open_store(config, out)
    upgrade = store.upgrade() if store is not None else None
    if upgrade is not None:
        log(upgrade.describe(store.path.name))
    if store is not None and not checked.dataset_from_store and Path(config.dataset.path).exists():
        store.put_dataset(dataset_key_of(config.dataset), dataset)
    _prepare(plan, dataset, store)
    log(
        f"{config.name}: {counted(len(dataset), 'example')} from {dataset.name}, "
        f"{counted(len(plan.systems), 'system')}, {counted(len(plan.metrics), 'metric')} "
        f"-> {out}"
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
        log(
            f"{WARNING}{counted(store.damaged, 'row')} of the cache could not be read; "
            "computed again"
        )
    if store:
        store.close()
    timings.update({f"metric:{k}": v for k, v in metric_timings.items()})
    timings["total"] = time.perf_counter() - started

    run = _run_record(config, plan, dataset, config_file)
    write_json(out / RUN, run)
    write_json(out / LAST_RUN, _invocation(config, plan, timings))
    board = Leaderboard.from_run(run, items)
    written = _write_tables_and_figures(board, out, items, predictions, examples)
    log(f"wrote {out}/: {listing(written, out)} ({time.perf_counter() - started:.1f} s)")
    return board


def _prepare_figures() -> None:
    """Import matplotlib (half a second) while a helper process is still scoring."""
    from ..plots import prepare

    prepare()


def _remove_stale_temp_files(out: Path) -> None:
    """Half-written files of a run that was killed mid-write (the finished ones were renamed
    into place; these never were): only temporary files for names a run writes."""
    from ..plots import is_figure_name

    ours = {*ownership.WRITTEN, ownership.MARKER}
    remove_stale_temp_files(out, ours.__contains__)
    remove_stale_temp_files(out / ownership.PLOTS, is_figure_name)


def _open_store(config: ExperimentConfig, out: Path) -> Store | None:
    if not config.cache.enabled:
        return None
    return Store(Path(config.cache.path) if config.cache.path else out / "cache.sqlite")


def _path(store: Store | None) -> str | None:
    return str(store.path) if store else None


def _prepare(plan: Plan, dataset: Dataset, store: Store | None) -> None:
    """Show every metric the whole dataset before any work, and offer them the store.

    Metrics compute corpus statistics (idf) before any signature or key is read. Summarizers
    were shown the dataset by the pre-flight check (a predictions file is read and checked
    against every id there, once).
    """
    for mp in plan.metrics:
        mp.metric.fit(dataset.examples)
        if store:
            mp.metric.attach_store(store)


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
        # The cache changes no number and is this invocation's choice (`--no-cache`, a path on
        # this machine): it is recorded in last-run.json, not here.
        config=redact_all(config.model_dump(mode="json", exclude={"cache"})),
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


def _invocation(config: ExperimentConfig, plan: Plan, timings: dict[str, float]) -> Invocation:
    """last-run.json: this invocation's date, machine, cache, timings and endpoint usage."""
    spent = {
        "systems": {s.name: s.summarizer.usage() for s in plan.systems},
        "metrics": {m.name: m.metric.usage() for m in plan.metrics},
    }
    usage = {section: {k: v for k, v in by.items() if v} for section, by in spent.items()}
    return Invocation(
        **machine(),
        cache=redact_all(config.cache.model_dump(mode="json")),
        timings_s={k: round(v, 3) for k, v in timings.items()},
        usage={k: v for k, v in usage.items() if v},
    )


def _write_tables_and_figures(
    board: Leaderboard,
    out: Path,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    examples: list[ExampleRecord],
) -> list[Path]:
    """Write the tables and (when they changed) the figures; returns every path written."""
    table = out / leaderboard_file("json")
    before = table.read_bytes() if is_own_file(table) else None  # a link or a pipe: no table
    written = write_leaderboard(board, out, items=items, predictions=predictions, examples=examples)
    # Figures only depend on the table and the item scores: redraw them when those changed
    # (or are missing, or one is a link someone put there), not on every unchanged rerun
    # (matplotlib is a second of a warm run).
    if before != table.read_bytes() or not _figures_intact(out / ownership.PLOTS):
        from ..plots import plot_means, plot_scatter

        written += plot_means(board, out / ownership.PLOTS)
        written += plot_scatter(board, items, out / ownership.PLOTS)
    return written


def listing(paths: list[Path], folder: Path) -> str:
    """``paths`` inside ``folder``, short: the files of one name in several formats grouped
    as the shell writes them, ``leaderboard.{md,csv,json}, plots/means.{png,svg}``."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        relative = path.relative_to(folder)
        stem = (relative.parent / relative.stem).as_posix()
        groups.setdefault(stem, []).append(relative.suffix.lstrip("."))
    return ", ".join(
        f"{stem}.{suffixes[0]}" if len(suffixes) == 1 else f"{stem}.{{{','.join(suffixes)}}}"
        for stem, suffixes in groups.items()
    )


def _figures_intact(plots: Path) -> bool:
    """The figures of an earlier run are there, and each is a file of ours (not a link)."""
    from ..plots import is_figure_name

    if not is_own_file(plots / "means.png"):
        return False
    return all(is_own_file(e) for e in plots.iterdir() if is_figure_name(e.name))
