"""What a run would do, without doing it: generations and scores to compute, cached ones, and
for LLM summarizers the requests and an estimate of the prompt tokens."""

from __future__ import annotations

from pathlib import Path

from ...wording import counted
from ..storage.cache_keys import generation_key
from ..storage.store import Store
from .findings import Preflight


def dry_run(checked: Preflight, *, output_dir: Path | None) -> str:
    """The report, from a passing pre-flight check (the one a run makes: a dry run refuses
    exactly what the run would)."""
    checked.raise_problems()
    config, plan, dataset = checked.config, checked.plan, checked.dataset
    assert config is not None and plan is not None and dataset is not None
    out = output_dir or config.output_dir
    cache = Path(config.cache.path) if config.cache.path else out / "cache.sqlite"
    store = Store(cache) if config.cache.enabled and cache.is_file() else None
    examples = list(dataset)
    lines = [
        f"{config.name}: {counted(len(examples), 'example')} from {dataset.name}; cache: "
        f"{cache if store else 'none yet' if config.cache.enabled else 'off'}",
        "",
    ]
    total_to_generate = 0
    for system in plan.systems:
        key = system.summarizer.cache_key()
        keys = [generation_key(key, e) for e in examples]
        cached = len(store.get_generations(keys)) if store else 0
        to_do = len(examples) - cached
        total_to_generate += to_do
        line = f"  {system.name}: {to_do} to generate, {cached} cached"
        if system.spec.type == "llm" and to_do:
            todo = [
                e
                for e, k in zip(examples, keys, strict=True)
                if not (store and store.get_generations([k]))
            ]
            chars = sum(
                sum(len(m["content"]) for m in system.summarizer.conversation(e)) for e in todo
            )
            line += (
                f"; {counted(to_do, 'request')}, ~{chars // 4} prompt tokens "
                "(4 characters a token)"
            )
        lines.append(line)
    lines += [
        "",
        f"  metrics ({', '.join(m.name for m in plan.metrics)}): every new summary is "
        f"scored by each; {counted(total_to_generate, 'example')} "
        f"{'needs' if total_to_generate == 1 else 'need'} new summaries, and "
        "summaries already cached reuse their cached scores unless a metric's settings "
        "changed.",
        "",
        "Nothing was generated, scored or written.",
    ]
    return "\n".join(lines)
