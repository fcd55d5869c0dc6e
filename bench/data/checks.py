"""Schema checks run on every load: a dataset that fails them is not scored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..errors import DatasetError, clip, shorten
from ..wording import counted
from .schema import Example


def check_examples(
    examples: Sequence[Example],
    *,
    where: str,
    inventory: Mapping[str, str] | None = None,
    sources: bool = True,
) -> None:
    """Raise :class:`DatasetError` listing every problem found (up to 10). ``sources`` False:
    a dataset of references alone, whose examples have no source text."""
    problems: list[str] = []
    counts = Counter(e.id for e in examples)
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    if duplicates:
        problems.append(f"duplicate ids: {clip(', '.join(duplicates[:5]))}")
    for example in examples:
        label = f"example {shorten(example.id)}"
        if not example.id.strip():
            problems.append(f"{label}: empty id")
        if sources and not example.source.strip():
            problems.append(f"{label}: empty source")
        if not example.references:
            problems.append(f"{label}: no references")
        elif any(not r.strip() for r in example.references):
            problems.append(f"{label}: an empty reference")
        fact_ids = Counter(f.id for f in example.checklist)
        for fact_id, n in fact_ids.items():
            if n > 1:
                problems.append(f"{label}: fact {fact_id!r} listed {n} times")
        for fact in example.checklist:
            if inventory is not None and fact.id not in inventory:
                problems.append(f"{label}: checklist fact {fact.id!r} is not in the inventory")
            if not fact.text.strip():
                problems.append(f"{label}: checklist fact {fact.id!r} has no text")
            if any(i < 0 or i >= len(example.references) for i in fact.references):
                problems.append(
                    f"{label}: fact {fact.id!r} cites a reference index outside "
                    f"0..{len(example.references) - 1}"
                )
            if fact.references and fact.weight != len(fact.references):
                problems.append(
                    f"{label}: fact {fact.id!r} has weight {fact.weight:g} but "
                    f"{counted(len(fact.references), 'reference')} "
                    f"{'states' if len(fact.references) == 1 else 'state'} it"
                )
        if example.checklist and sum(f.weight for f in example.checklist) <= 0:
            problems.append(f"{label}: checklist weights sum to 0")
        for probe in example.probes:
            if probe.contradicts and inventory is not None and probe.contradicts not in inventory:
                problems.append(
                    f"{label}: probe {probe.id!r} contradicts {probe.contradicts!r}, which is "
                    "not in the inventory"
                )
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise DatasetError(
            "; ".join(problems[:10]) + more + ".",
            where=where,
            fix="correct the dataset's rows (for the seed dataset: edit seeds/src/*.yaml and "
            "run `summbench build-seeds`).",
        )
