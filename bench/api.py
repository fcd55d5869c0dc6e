"""One call per metric, on plain lists: the harness's numbers without a config or a folder.

    >>> import bench
    >>> result = bench.rouge(["the cat sat"], ["a cat sat down"])
    >>> result["rouge1_f"]                      # the mean, as evaluate's compute() gives it
    >>> result.items[0]["rouge1_f"]             # per item
    >>> result.intervals["rouge1_f"]            # 95% bootstrap interval of the mean
    >>> result.signature                        # every setting behind the numbers

Each function builds the same metric a config would (``args`` are the config's ``args``), shows
it the whole input (idf weights come from all references, as in a run), scores every item once
and aggregates with the run's statistics. :func:`compare` is the leaderboard's paired test
between two lists of item scores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .data.schema import Example, Fact
from .errors import SummbenchError
from .results import Interval, StatsSettings
from .stats import mean_with_interval, min_p_value, paired_test
from .wording import counted

__all__ = ["Comparison", "MetricResult", "bertscore", "checklist", "compare", "rouge", "score"]


@dataclass(frozen=True)
class MetricResult:
    """Per-item values, their means with bootstrap intervals, and the metric's signature."""

    items: list[dict[str, float | None]]
    means: dict[str, float | None]
    intervals: dict[str, Interval | None]
    signature: str
    #: Per-item details (evidence, verdicts) where the metric gives them.
    details: list[dict[str, Any]] = field(default_factory=list)

    def __getitem__(self, column: str) -> float | None:
        return self.means[column]

    def values(self, column: str) -> list[float | None]:
        """One column's per-item values, in input order (for :func:`compare`)."""
        return [item.get(column) for item in self.items]

    def to_dict(self) -> dict[str, Any]:
        return {
            "means": self.means,
            "intervals": {
                k: None if v is None else {"mean": v.mean, "low": v.low, "high": v.high}
                for k, v in self.intervals.items()
            },
            "items": self.items,
            "signature": self.signature,
        }


def _check_lengths(predictions: Sequence[str], **others: Sequence[Any] | None) -> int:
    if isinstance(predictions, str):
        raise SummbenchError(
            "predictions is one string, not a list of them.",
            where="predictions",
            fix="pass a list: rouge([summary], [reference]).",
        )
    for name, values in others.items():
        if values is not None and len(values) != len(predictions):
            raise SummbenchError(
                f"{counted(len(predictions), 'prediction')} but {len(values)} {name}.",
                where=name,
                fix=f"give one entry of {name} per prediction, in the same order.",
            )
    return len(predictions)


def _references(value: str | Sequence[str], index: int) -> tuple[str, ...]:
    refs = (value,) if isinstance(value, str) else tuple(value)
    if not refs or not all(isinstance(r, str) for r in refs):
        raise SummbenchError(
            f"references[{index}] must be a string or a non-empty list of strings.",
            where=f"references[{index}]",
            fix="give each prediction its reference text(s).",
        )
    return refs


def _facts(value: Sequence[str | Mapping[str, Any]], index: int) -> tuple[Fact, ...]:
    facts = []
    for j, fact in enumerate(value):
        if isinstance(fact, str):
            facts.append(Fact(id=f"f{j}", text=fact))
        elif isinstance(fact, Mapping) and isinstance(fact.get("text"), str):
            facts.append(
                Fact(
                    id=str(fact.get("id", f"f{j}")),
                    text=fact["text"],
                    weight=float(fact.get("weight", 1.0)),
                )
            )
        else:
            raise SummbenchError(
                f"facts[{index}][{j}] is {type(fact).__name__}: a fact is a string or "
                '{"text": ..., "weight": ...}.',
                where=f"facts[{index}]",
                fix="give each prediction a list of fact strings.",
            )
    return tuple(facts)


def score(
    metric: str,
    predictions: Sequence[str],
    *,
    references: Sequence[str | Sequence[str]] | None = None,
    sources: Sequence[str] | None = None,
    facts: Sequence[Sequence[str | Mapping[str, Any]]] | None = None,
    args: Mapping[str, Any] | None = None,
    seed: int = 0,
    stats: StatsSettings | None = None,
) -> MetricResult:
    """Score ``predictions`` with any registered metric (``args`` as in a config)."""
    from .metrics import METRICS

    n = _check_lengths(predictions, references=references, sources=sources, facts=facts)
    examples = [
        Example(
            id=str(i),
            source=sources[i] if sources is not None else "",
            references=_references(references[i], i) if references is not None else (),
            checklist=_facts(facts[i], i) if facts is not None else (),
        )
        for i in range(n)
    ]
    cls = METRICS.get(metric, where="metric")
    built = cls.from_config(dict(args or {}), where=f"{metric} args")
    given = {"references": references, "source": sources, "checklist": facts}
    keywords = {"references": "references", "source": "sources", "checklist": "facts"}
    for need in sorted(built.needs):
        if given[need] is None:
            keyword = keywords[need]
            raise SummbenchError(
                f"{metric} needs {keyword}.", where=metric, fix=f"pass {keyword}=[...]."
            )
    from .metrics.base import ScoringItem

    built.fit(examples)
    scored = built.score([ScoringItem(p, e) for p, e in zip(predictions, examples, strict=True)])
    items = [dict(s.values) for s in scored]
    stats = stats or StatsSettings()
    means: dict[str, float | None] = {}
    intervals: dict[str, Interval | None] = {}
    for column in built.columns():
        present = np.array([v for item in items if (v := item.get(column.key)) is not None])
        means[column.key], intervals[column.key] = mean_with_interval(
            present, resamples=stats.resamples, level=stats.level, seed=seed
        )
    return MetricResult(items, means, intervals, built.signature(), [s.details for s in scored])


def rouge(
    predictions: Sequence[str], references: Sequence[str | Sequence[str]], **args: Any
) -> MetricResult:
    """ROUGE-1/2/L/Lsum P/R/F against one reference or several per prediction (rouge-score's
    numbers). Keyword arguments are the rouge metric's settings (``stemmer``, ``multi_ref``,
    ``types``, ``tokenizer``...), plus ``seed`` and ``stats``."""
    seed, stats = args.pop("seed", 0), args.pop("stats", None)
    return score("rouge", predictions, references=references, args=args, seed=seed, stats=stats)


def bertscore(
    predictions: Sequence[str], references: Sequence[str | Sequence[str]], **args: Any
) -> MetricResult:
    """BERTScore P/R/F1 (bert-score's model and matching; default all-MiniLM-L6-v2, offline).
    Keyword arguments are the bertscore metric's settings (``model``, ``num_layers``, ``idf``...),
    plus ``seed`` and ``stats``."""
    seed, stats = args.pop("seed", 0), args.pop("stats", None)
    return score(
        "bertscore", predictions, references=references, args=args, seed=seed, stats=stats
    )


def checklist(
    predictions: Sequence[str],
    facts: Sequence[Sequence[str | Mapping[str, Any]]],
    *,
    sources: Sequence[str] | None = None,
    **args: Any,
) -> MetricResult:
    """Fact recall (and contradictions) of each prediction against its list of facts; the
    per-fact verdicts with evidence are in ``details``. Keyword arguments are the checklist's
    settings (``matcher``), plus ``seed`` and ``stats``."""
    seed, stats = args.pop("seed", 0), args.pop("stats", None)
    return score(
        "checklist", predictions, facts=facts, sources=sources, args=args, seed=seed, stats=stats
    )


@dataclass(frozen=True)
class Comparison:
    """A paired test between two systems' item scores."""

    mean_a: float
    mean_b: float
    difference: float  # mean_b - mean_a
    p_value: float
    n: int
    test: str
    trials: int
    #: The smallest p-value this test can give on n examples: above alpha, nothing can be shown.
    min_p_value: float


def compare(
    a: Sequence[float | None],
    b: Sequence[float | None],
    *,
    test: str = "ar",
    trials: int = 10000,
    seed: int = 0,
) -> Comparison:
    """The leaderboard's paired test ("ar": approximate randomization, "bs": bootstrap) between
    two lists of item scores on the same examples; items missing (None) in either are left
    out of both."""
    if len(a) != len(b):
        raise SummbenchError(
            f"{counted(len(a), 'score')} against {len(b)}: a paired test needs one score per "
            "example from each system.",
            where="compare",
            fix="pass the two systems' scores on the same examples, in the same order.",
        )
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if len(pairs) < 2:
        raise SummbenchError(
            "fewer than two examples scored by both systems.",
            where="compare",
            fix="compare on more examples.",
        )
    first = np.array([x for x, _ in pairs], dtype=float)
    second = np.array([y for _, y in pairs], dtype=float)
    p = paired_test(first, second, test=test, trials=trials, rng=np.random.default_rng(seed))
    mean_a, mean_b = math.fsum(first) / len(first), math.fsum(second) / len(second)
    return Comparison(
        mean_a=mean_a,
        mean_b=mean_b,
        difference=mean_b - mean_a,
        p_value=p,
        n=len(pairs),
        test=test,
        trials=trials,
        min_p_value=min_p_value(len(pairs), test=test, trials=trials),
    )
