"""What a run would do, without doing it: generations and scores to compute, cached ones, and
for LLM summarizers the requests and an estimate of the prompt tokens."""

from __future__ import annotations

from pathlib import Path

from .config import ExperimentConfig
from .plan import build_plan
from .store import Store, generation_key


def dry_run(config: ExperimentConfig, *, file: str, output_dir: Path | None) -> str:
    from ..data.loading import load_examples
    from ..fingerprint import forget_digests

    forget_digests()  # files edited since the last run in this process are read again
    plan = build_plan(config, file=file)
    out = output_dir or config.output_dir
    cache = Path(config.cache.path) if config.cache.path else out / "cache.sqlite"
    store = Store(cache) if config.cache.enabled and cache.is_file() else None
    dataset = load_examples(config.dataset)
    examples = list(dataset)
    lines = [
        f"{config.name}: {len(examples)} examples from {dataset.name}; cache: "
        f"{cache if store else 'none yet' if config.cache.enabled else 'off'}",
        "",
    ]
    total_to_generate = 0
    for system in plan.systems:
        system.summarizer.fit(dataset)
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
            line += f"; {to_do} requests, ~{chars // 4} prompt tokens (4 characters a token)"
        lines.append(line)
    lines += [
        "",
        f"  metrics ({', '.join(m.name for m in plan.metrics)}): every new summary is "
        f"scored by each; {total_to_generate} example(s) need new summaries, and "
        "summaries already cached reuse their cached scores unless a metric's settings "
        "changed.",
        "",
        "Nothing was generated, scored or written.",
    ]
    return "\n".join(lines)
