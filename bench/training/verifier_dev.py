"""The verifier's dev figures (accuracy overall, per label and per kind) and their table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..encoders.verifier_delta import LABELS
from .verifier_pairs import TrainingPair


def dev_figures(
    encoder: Any, pairs: Sequence[TrainingPair], *, batch_size: int, threads: int
) -> dict:
    """Dev figures: accuracy overall, per label and per kind (argmax of the three), the
    stated / not-stated accuracy, and how many pairs were cut to fit."""
    verified = encoder.predict(
        [(p.claim, p.text) for p in pairs], batch_size=batch_size, threads=threads
    )
    predicted = verified.probabilities.argmax(axis=1)
    gold = np.array([p.label for p in pairs])
    stated = LABELS.index("stated")
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for p, guess in zip(pairs, predicted, strict=True):
        by_kind[p.kind].append(bool(guess == p.label))
    confusion = {
        LABELS[g]: {LABELS[q]: int(((gold == g) & (predicted == q)).sum()) for q in range(3)}
        for g in range(3)
    }
    return {
        "pairs": len(pairs),
        "accuracy": _rate(predicted == gold),
        "stated_vs_not": _rate((predicted == stated) == (gold == stated)),
        "by_label": {LABELS[g]: _rate(predicted[gold == g] == g) for g in range(3)},
        "by_kind": {k: {"pairs": len(v), "accuracy": _rate(v)} for k, v in sorted(by_kind.items())},
        "confusion": confusion,
        "truncated": int(verified.truncated.sum()),
    }


def _rate(values: Any) -> float | None:
    values = np.asarray(values)
    return round(float(values.mean()), 4) if values.size else None


def dev_table(figures: dict) -> str:
    """The dev figures as a small text table."""
    lines = [
        f"dev ({figures['pairs']} pairs, {figures['truncated']} cut): accuracy "
        f"{figures['accuracy']:.3f}, stated-vs-not {figures['stated_vs_not']:.3f}",
        "  by label: "
        + ", ".join(f"{k} {v:.3f}" for k, v in figures["by_label"].items() if v is not None),
        "  by kind:",
    ]
    lines += [
        f"    {kind:<16} {v['accuracy']:.3f}  ({v['pairs']} pairs)"
        for kind, v in figures["by_kind"].items()
    ]
    return "\n".join(lines)
