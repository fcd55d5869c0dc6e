"""The generation phase of a run: every system's summaries, from the store when they are there.

Summaries are keyed by the summarizer's cache key (its validated settings and the digests of
what it reads, see :mod:`bench.plugin`) and the example; only complete successes are stored, so
a later run retries exactly the examples that failed. ``predictions.jsonl`` is rewritten after
each system: a failing metric later never costs finished generations.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from ..console import Log, terminal_text
from ..data.schema import Dataset, Example
from ..progress import WARNING
from ..records import PREDICTIONS, PredictionRecord, write_jsonl
from ..secrets import redact
from ..summarizers.base import Candidate
from ..wording import counted
from .plan import Plan, SystemPlan
from .storage.cache_keys import generation_key
from .storage.store import Store

#: Examples per summarizer call between two saves to the store: a killed run loses at most
#: this much generation work.
GENERATION_CHUNK = 16


def progress(total: int | None, description: str, unit: str = "item") -> Any:
    """A progress bar with counts and ETA on a terminal; silent in logs, pipes and CI.

    ``total=None``: work of unknown size, shown as a count and a rate.
    """
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=terminal_text(description),  # names may hold terminal escapes
        unit=unit,
        leave=False,
        disable=total == 0 or not sys.stderr.isatty(),
    )


def prediction_record(system: str, c: Candidate) -> PredictionRecord:
    """A candidate as a line of predictions.jsonl, its error and note redacted (they may
    quote an endpoint URL)."""
    return PredictionRecord(
        system=system,
        example_id=c.example_id,
        held_out=c.held_out,
        summary=c.text,
        error=redact(c.error) if c.error else c.error,  # errors may quote an endpoint URL
        note=redact(c.note) if c.note else None,
    )


def _succeeded(candidates: list[Candidate]) -> bool:
    return bool(candidates) and all(c.error is None for c in candidates)


def _generate_missing(
    system: SystemPlan, missing: list[Example], keys: dict[str, str], store: Store | None
) -> dict[str, list[Candidate]]:
    """Summaries of ``missing``, chunk by chunk, each stored as soon as it is done."""
    produced_by_example: dict[str, list[Candidate]] = {}
    # Summarizers that batch save after each of their batches; others every few examples.
    size = getattr(system.summarizer.args, "batch_size", None) or GENERATION_CHUNK
    bar = progress(len(missing), f"{system.name}: generating")
    for start in range(0, len(missing), size):
        chunk = missing[start : start + size]
        fresh: dict[str, list[Candidate]] = {e.id: [] for e in chunk}
        for c in system.summarizer.candidates(chunk):
            fresh[c.example_id].append(c)
        produced_by_example.update(fresh)
        bar.update(len(chunk))
        if store:  # only complete successes are kept: failures are retried next time
            complete = [(keys[eid], cs) for eid, cs in fresh.items() if _succeeded(cs)]
            store.put_generations(complete)
    bar.close()
    return produced_by_example


def _system_candidates(
    system: SystemPlan, dataset: Dataset, store: Store | None
) -> tuple[list[Candidate], int]:
    """(every candidate of this system in dataset order, how many examples came from the
    store)."""
    key = system.summarizer.cache_key()
    keys = {e.id: generation_key(key, e) for e in dataset}
    done = store.get_generations(keys.values()) if store else {}
    by_example = {e.id: done[keys[e.id]] for e in dataset if keys[e.id] in done}
    missing = [e for e in dataset if e.id not in by_example]
    by_example.update(_generate_missing(system, missing, keys, store))
    return [c for e in dataset for c in by_example[e.id]], len(dataset) - len(missing)


def generate(
    plan: Plan, dataset: Dataset, out: Path, log: Log, store: Store | None
) -> tuple[dict[str, list[Candidate]], list[PredictionRecord]]:
    """(system name -> its candidates, every example in dataset order (failures included);
    the predictions.jsonl records written)."""
    candidates: dict[str, list[Candidate]] = {}
    records: list[PredictionRecord] = []
    for i, system in enumerate(plan.systems, 1):
        start = time.perf_counter()
        produced, reused = _system_candidates(system, dataset, store)
        candidates[system.name] = produced
        records += [prediction_record(system.name, c) for c in produced]
        write_jsonl(out / PREDICTIONS, records)  # finished generations are kept at once
        # ``reused`` counts examples, not summaries (the human row has one per reference).
        cached = ""
        if reused == len(dataset):
            cached = ", all from the cache"
        elif reused:
            cached = f", those of {reused} of {counted(len(dataset), 'example')} from the cache"
        log(
            f"[{i}/{len(plan.systems)}] {system.name}: {counted(len(produced), 'summary')}"
            f"{cached} ({time.perf_counter() - start:.1f} s)"
        )
        # Failures and notes (truncated sources) are warnings: a terminal keeps them in view.
        failed = sum(c.error is not None for c in produced)
        if failed:
            log(
                f"{WARNING}{system.name}: {failed} of {counted(len(produced), 'summary')} "
                "failed (the reasons are in predictions.jsonl)"
            )
        notes = [c.note for c in produced if c.note]
        if notes:
            log(
                f"{WARNING}{system.name}: {counted(len(notes), 'summary', 'summaries')} with "
                f"notes (e.g. {redact(notes[0])})"
            )
    return candidates, records
