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

from . import arguments, fact_arguments
from .data.schema import Example
from .errors import ArgumentError
from .records import Interval, StatsSettings
from .records.schema import MAX_RESAMPLES
from .stats import mean_with_interval, min_p_value, paired_test
from .stats.paired import TESTS

#: The fewest trials :func:`compare` takes: a config's ``leaderboard.stats.trials`` bound.
MIN_TRIALS = 10

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
        """The result as JSON-ready data: means, intervals, items and signature."""
        return {
            "means": self.means,
            "intervals": {
                k: None if v is None else {"mean": v.value, "low": v.low, "high": v.high}
                for k, v in self.intervals.items()
            },
            "items": self.items,
            "signature": self.signature,
        }


@arguments.checked
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
    """Score ``predictions`` with any registered metric (``args`` as in a config).

    Bad arguments are an :class:`~bench.errors.ArgumentError` naming them (see
    :mod:`bench.arguments`); an empty prediction is scored, as stating nothing.
    """
    from .metrics import METRICS

    metric = arguments.name(metric, "metric", fix='pass a metric name: score("rouge", ...).')
    predictions = arguments.predictions(predictions)
    n = len(predictions)
    refs = None if references is None else arguments.references(references, n)
    texts = None if sources is None else arguments.sources(sources, n)
    checklists = None if facts is None else fact_arguments.fact_lists(facts, n)
    settings = arguments.mapping(args, "args", fix="pass the metric's settings as a dict.")
    seed = arguments.seed(seed)
    stats = arguments.stats(stats)
    examples = [
        Example(
            id=str(i),
            source=texts[i] if texts is not None else "",
            references=refs[i] if refs is not None else (),
            checklist=checklists[i] if checklists is not None else (),
        )
        for i in range(n)
    ]
    cls = METRICS.get(metric, where="metric")
    built = cls.from_config(settings, where=f"{metric} args")
    given = {"references": references, "source": sources, "checklist": facts}
    keywords = {"references": "references", "source": "sources", "checklist": "facts"}
    for need in sorted(built.needs):
        if given[need] is None:
            keyword = keywords[need]
            raise ArgumentError(
                f"{metric} needs {keyword}.", where=keyword, fix=f"pass {keyword}=[...]."
            )
    from .metrics.base import ScoringItem

    built.fit(examples)
    scored = built.score([ScoringItem(p, e) for p, e in zip(predictions, examples, strict=True)])
    items = [dict(s.values) for s in scored]
    means: dict[str, float | None] = {}
    intervals: dict[str, Interval | None] = {}
    for column in built.columns():
        present = np.array([v for item in items if (v := item.get(column.key)) is not None])
        means[column.key], intervals[column.key] = mean_with_interval(
            present, resamples=stats.resamples, level=stats.level, seed=seed
        )
    return MetricResult(items, means, intervals, built.signature(), [s.details for s in scored])


@arguments.checked
def rouge(
    predictions: Sequence[str], references: Sequence[str | Sequence[str]], **args: Any
) -> MetricResult:
    """ROUGE-1/2/L/Lsum P/R/F against one reference or several per prediction (rouge-score's
    numbers). Keyword arguments are the rouge metric's settings (``stemmer``, ``multi_ref``,
    ``types``, ``tokenizer``...), plus ``seed`` and ``stats``."""
    seed, stats = args.pop("seed", 0), args.pop("stats", None)
    return score("rouge", predictions, references=references, args=args, seed=seed, stats=stats)


@arguments.checked
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


@arguments.checked
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


@arguments.checked
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
    a, b = arguments.scores(a, "a"), arguments.scores(b, "b")
    if len(a) != len(b):
        raise ArgumentError(
            f"{len(a)} scores against {len(b)}: a paired test needs one score per example "
            "from each system.",
            where="a, b",
            fix="pass the two systems' scores on the same examples, in the same order.",
        )
    test = arguments.choice(test, "test", TESTS)
    trials = arguments.whole_number(
        trials, "trials", MIN_TRIALS, MAX_RESAMPLES, fix="pass trials=10000 (the default)."
    )
    seed = arguments.seed(seed)
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if len(pairs) < 2:
        raise ArgumentError(
            "fewer than two examples scored by both systems.",
            where="a, b",
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
