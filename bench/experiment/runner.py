"""Run an experiment: summarize, score, aggregate, write the results folder.

Finished work is written as soon as it is finished: ``predictions.jsonl`` after each system,
so a failing metric never costs the generations. Item scores are kept per candidate and
averaged per (system, example) afterwards: the human row has one candidate per reference.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from ..data.loading import content_hash, load_examples
from ..data.schema import Dataset
from ..errors import ConfigError
from ..leaderboard import Leaderboard, write_leaderboard
from ..metrics.base import ItemScore, ScoringItem
from ..secrets import redact, redact_all
from ..summarizers.base import Candidate
from .config import ExperimentConfig
from .environment import environment
from .executors import Executor, make_executor
from .lock import FolderLock
from .plan import Plan, build_plan
from .results import EXAMPLES, PREDICTIONS, RUN, SCORES, write_json, write_jsonl
from .store import Store, dataset_key, example_context, generation_key, score_key

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    print(redact(message), file=sys.stderr, flush=True)


def _check_needs(plan: Plan, dataset: Dataset, file: str) -> None:
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


#: Examples per summarizer call between two saves to the store: a killed run loses at most
#: this much generation work.
GENERATION_CHUNK = 16
#: Items per metric call between two saves.
SCORING_CHUNK = 256


def _progress(total: int, description: str) -> Any:
    """A progress bar with counts and ETA on a terminal; silent in logs, pipes and CI."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=description,
        unit="item",
        leave=False,
        disable=total == 0 or not sys.stderr.isatty(),
    )


def _prediction_record(system: str, c: Candidate) -> dict[str, Any]:
    return {
        "system": system,
        "example_id": c.example_id,
        "held_out": c.held_out,
        "summary": c.text,
        "error": redact(c.error) if c.error else c.error,  # errors may quote an endpoint URL
        **({"note": redact(c.note)} if c.note else {}),
    }


def _generate(
    plan: Plan, dataset: Dataset, out: Path, log: Log, store: Store | None
) -> dict[str, list[Candidate]]:
    candidates: dict[str, list[Candidate]] = {}
    records: list[dict[str, Any]] = []
    examples = list(dataset)
    for i, system in enumerate(plan.systems, 1):
        start = time.perf_counter()
        signature = system.summarizer.signature()
        keys = {e.id: generation_key(signature, e) for e in examples}
        done = store.get_generations(keys.values()) if store else {}
        by_example = {e.id: done[keys[e.id]] for e in examples if keys[e.id] in done}
        missing = [e for e in examples if e.id not in by_example]
        # Summarizers that batch save after each of their batches; others every few examples.
        size = getattr(system.summarizer.args, "batch_size", None) or GENERATION_CHUNK
        bar = _progress(len(missing), f"{system.name}: generating")
        for chunk_start in range(0, len(missing), size):
            chunk = missing[chunk_start : chunk_start + size]
            produced = system.summarizer.candidates(chunk)
            bar.update(len(chunk))
            fresh: dict[str, list[Candidate]] = {e.id: [] for e in chunk}
            for c in produced:
                fresh[c.example_id].append(c)
            by_example.update(fresh)
            if store:  # only complete successes are kept: failures are retried next time
                store.put_generations(
                    (keys[eid], cs)
                    for eid, cs in fresh.items()
                    if cs and all(c.error is None for c in cs)
                )
        bar.close()
        produced = [c for e in examples for c in by_example[e.id]]
        candidates[system.name] = produced
        records += [_prediction_record(system.name, c) for c in produced]
        write_jsonl(out / PREDICTIONS, records)  # finished generations are kept at once
        failed = sum(c.error is not None for c in produced)
        notes = [c.note for c in produced if c.note]
        reused = len(examples) - len(missing)
        log(
            f"[{i}/{len(plan.systems)}] {system.name}: {len(produced)} summaries"
            f"{f', {reused} from the cache' if reused else ''}"
            f"{f', {failed} failed' if failed else ''}"
            f"{f', {len(notes)} with notes (e.g. {notes[0]})' if notes else ''}"
            f" ({time.perf_counter() - start:.1f} s)"
        )
    return candidates


def _metric_scores(
    index: int,
    metric: Any,
    items: list[ScoringItem],
    contexts: list[str],
    store: Store | None,
    executor: Executor,
) -> list[ItemScore]:
    """Scores for every item: from the store when there, computed (and saved) otherwise."""
    signature = metric.signature()
    keys = [score_key(signature, item, c) for item, c in zip(items, contexts, strict=True)]
    found = store.get_scores(keys) if store else {}
    # Example by example (systems together), so a chunk holds every system's summary of a
    # document beside its references, which metrics then analyse or encode once.
    missing = sorted(
        (i for i, key in enumerate(keys) if key not in found), key=lambda i: items[i].example.id
    )
    chunks = [
        missing[start : start + SCORING_CHUNK] for start in range(0, len(missing), SCORING_CHUNK)
    ]
    bar = _progress(len(missing), f"{metric.name}: scoring")
    # Each chunk is stored as soon as it is back, in whatever order the workers finish.
    for c, scores in executor.scores(
        index, metric, [[items[i] for i in chunk] for chunk in chunks]
    ):
        bar.update(len(chunks[c]))
        new = {keys[i]: score for i, score in zip(chunks[c], scores, strict=True)}
        found.update(new)
        if store:
            store.put_scores(new.items())
    bar.close()
    return [found[key] for key in keys]


def _score(
    plan: Plan,
    dataset: Dataset,
    candidates: dict[str, list[Candidate]],
    log: Log,
    store: Store | None,
    executor: Executor,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    by_id = dataset.by_id()
    # One flat list of items across systems, so batched metrics see everything at once.
    keys: list[tuple[str, Candidate]] = []
    items: list[ScoringItem] = []
    for system, produced in candidates.items():
        for c in produced:
            if c.error is not None:
                continue
            example = by_id[c.example_id]
            if c.held_out is not None:
                example = example.without_reference(c.held_out)
            keys.append((system, c))
            items.append(ScoringItem(c.text, example, held_out=c.held_out is not None))

    values: list[dict[str, float | None]] = [{} for _ in items]
    details: list[dict[str, Any]] = [{} for _ in items]
    timings = {}
    # Score keys tell items apart even without a store: two examples can share a candidate
    # text (a scraped copy's lead is the wire's lead), and only the context separates them.
    digests: dict[int, str] = {}  # id(example) -> context digest: one per example object
    for item in items:
        if id(item.example) not in digests:
            digests[id(item.example)] = example_context(item.example)
    contexts = [digests[id(item.example)] for item in items]
    for index, mp in enumerate(plan.metrics):
        start = time.perf_counter()
        truncated = 0
        for i, score in enumerate(
            _metric_scores(index, mp.metric, items, contexts, store, executor)
        ):
            for key, value in score.values.items():
                values[i][mp.keys[key]] = value
            if score.details:
                details[i][mp.name] = score.details
                truncated += "truncated" in score.details
        timings[mp.name] = time.perf_counter() - start
        log(f"scored {len(items)} items with {mp.name} ({timings[mp.name]:.1f} s)")
        if truncated:
            log(
                f"warning: {mp.name}: {truncated} items had text longer than the model's window "
                "and were scored on its beginning (details in scores.jsonl)"
            )

    scored_at: dict[tuple[str, str], list[int]] = {}
    for i, (system_name, c) in enumerate(keys):
        scored_at.setdefault((system_name, c.example_id), []).append(i)
    records = []
    for system in plan.systems:
        for example in dataset:
            scored = scored_at.get((system.name, example.id), [])
            errors = [
                c.error
                for c in candidates[system.name]
                if c.example_id == example.id and c.error is not None
            ]
            record: dict[str, Any] = {
                "system": system.name,
                "example_id": example.id,
                "failed": bool(errors) or not scored,
                "error": errors[0] if errors else None,
                "n_candidates": len(scored),
                "scores": {},
                "details": {},
            }
            if scored:
                for column in plan.columns:
                    got = [values[i].get(column.key) for i in scored]
                    present = [v for v in got if v is not None]
                    record["scores"][column.key] = float(np.mean(present)) if present else None
                if len(scored) == 1:
                    record["details"] = details[scored[0]]
                else:
                    record["details"] = {
                        "candidates": [
                            {"held_out": keys[i][1].held_out, **details[i]} for i in scored
                        ]
                    }
            records.append(record)
    return records, timings


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
    with FolderLock(out):
        return _run_locked(config, plan, out, config_file, log, started)


def _run_locked(
    config: ExperimentConfig, plan: Plan, out: Path, config_file: str, log: Log, started: float
) -> Leaderboard:
    # Half-written files of a run that was killed mid-write (the finished ones were renamed
    # into place; these never were). We hold the folder's lock, so none is being written.
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    store = None
    if config.cache.enabled:
        store = Store(Path(config.cache.path) if config.cache.path else out / "cache.sqlite")
    dataset = _load_dataset(config, store)
    _check_needs(plan, dataset, config_file)
    for mp in plan.metrics:
        mp.metric.fit(dataset.examples)  # corpus statistics, before any signature is read
        if store:
            mp.metric.attach_store(store)
    log(
        f"{config.name}: {len(dataset)} examples from {dataset.name}, "
        f"{len(plan.systems)} systems, {len(plan.metrics)} metrics -> {out}"
    )
    out.mkdir(parents=True, exist_ok=True)
    # What each example was scored against, so the results folder explains itself (the HTML
    # leaderboard's drill-down reads it).
    write_jsonl(
        out / EXAMPLES,
        (
            {
                "id": e.id,
                "source": e.source,
                "references": list(e.references),
                "checklist": [
                    {"id": f.id, "text": f.text, "weight": f.weight} for f in e.checklist
                ],
                "probes": [{"id": p.id, "text": p.text} for p in e.probes],
            }
            for e in dataset
        ),
    )

    t0 = time.perf_counter()
    candidates = _generate(plan, dataset, out, log, store)
    generation_s = time.perf_counter() - t0
    recipe = (
        [mp.spec for mp in plan.metrics],
        config.seed,
        dataset.examples,
        str(store.path) if store else None,
    )
    executor = make_executor(config.executor, recipe)
    if config.executor.type != "inline":
        log(f"scoring on {executor.description}")
    try:
        records, metric_timings = _score(plan, dataset, candidates, log, store, executor)
    finally:
        executor.close()
    write_jsonl(out / SCORES, records)

    run = {
        "experiment": config.name,
        "config_file": config_file,
        "config": config.model_dump(mode="json"),
        "resolved": {
            "summarizers": [
                {
                    "name": s.name,
                    "type": s.spec.type,
                    "kind": s.summarizer.kind,
                    "args": s.summarizer.settings(),
                    "signature": s.summarizer.signature(),
                    **({"usage": s.summarizer.usage()} if s.summarizer.usage() else {}),
                }
                for s in plan.systems
            ],
            "metrics": [
                {
                    "name": m.name,
                    "type": m.spec.type,
                    "args": m.metric.settings(),
                    "signature": m.metric.signature(),
                    "versions": m.metric.versions(),
                    **({"usage": m.metric.usage()} if m.metric.usage() else {}),
                }
                for m in plan.metrics
            ],
        },
        "dataset": {
            "name": dataset.name,
            "signature": dataset.signature(),
            "examples": len(dataset),
        },
        "columns": [
            {
                "key": c.key,
                "label": c.label,
                "higher_is_better": c.higher_is_better,
                "headline": c.headline,
                "decimals": c.decimals,
            }
            for c in plan.columns
        ],
        "primary": plan.primary.key,
        "shown": [c.key for c in plan.shown],
        "decimals": config.leaderboard.decimals,
        "seed": config.seed,
        "environment": environment(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "timings_s": {
            "generation": round(generation_s, 3),
            **{f"metric:{k}": round(v, 3) for k, v in metric_timings.items()},
            "total": round(time.perf_counter() - started, 3),
        },
    }
    write_json(out / RUN, redact_all(run))  # the config may hold a URL with a password
    board = Leaderboard.from_run(run, records)
    table = out / "leaderboard.json"
    before = table.read_bytes() if table.is_file() else None
    write_leaderboard(board, out)
    # Figures only depend on the table and the item scores: redraw them when those changed
    # (or are missing), not on every unchanged rerun (matplotlib is a second of a warm run).
    if before != table.read_bytes() or not (out / "plots" / "means.png").is_file():
        from ..plots import plot_means, plot_scatter

        plot_means(board, out / "plots")
        plot_scatter(board, records, out / "plots")
    log(f"wrote {out}/ (leaderboard.md, .csv, .json) in {time.perf_counter() - started:.1f} s")
    return board
