"""The typed record of a run: what ``run.json``, ``scores.jsonl``, ``predictions.jsonl`` and
``examples.jsonl`` hold.

The runner writes these records and every renderer (tables, the HTML page, plots, merges)
reads them, so the shape of a results folder is defined here once. Reading validates: a
truncated or hand-edited file is a clear error naming the file, not a ``KeyError`` three
modules away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..stats.intervals import Interval

#: Bumped when the layout of run.json changes. Format 2 (which also held the run's date,
#: timings, platform and usage) is still read; older folders are refused with the fix.
RUN_FORMAT = 3

#: Upper bound of bootstrap resamples and test trials. The Monte Carlo error of a p-value near
#: 0.05 is then about 0.0007 (sqrt(p(1-p)/N)), and of an interval's ends a thousandth of the
#: standard error: more only costs time.
MAX_RESAMPLES = 100_000

#: Decimals a table may show (as a config allows them).
MAX_DECIMALS = 8

#: The largest magnitude a score read back from a results folder may have. No metric here comes
#: near it; a larger value is a hand-edited or foreign file, and would overflow the means.
MAX_SCORE = 1e12

__all__ = [
    "RUN_FORMAT",
    "Column",
    "DatasetInfo",
    "ExampleRecord",
    "Interval",
    "Invocation",
    "ItemRecord",
    "MetricInfo",
    "PredictionRecord",
    "RunRecord",
    "StatsSettings",
    "SystemInfo",
]


@dataclass(frozen=True)
class Column:
    """One number a metric produces per item, as the leaderboard shows it.

    ``higher_is_better`` is None for descriptive statistics (length...), which are shown but
    never used to rank. ``headline`` columns appear on the leaderboard by default.
    """

    key: str
    label: str
    higher_is_better: bool | None
    headline: bool = False
    #: Decimals on the leaderboard (None: the leaderboard's default).
    decimals: int | None = None


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatsSettings(_Record):
    """Confidence intervals and significance tests on the leaderboard (seeded by the run's
    ``seed``): the ``leaderboard.stats`` section of a config, with its defaults."""

    resamples: int = Field(
        1000, ge=10, le=MAX_RESAMPLES, description="bootstrap resamples for intervals"
    )
    level: float = Field(0.95, gt=0, lt=1, description="confidence level of the intervals")
    test: Literal["ar", "bs"] = Field(
        "ar", description="paired test: approximate randomization (ar) or bootstrap (bs)"
    )
    trials: int = Field(
        10000, ge=10, le=MAX_RESAMPLES, description="trials (ar) or resamples (bs) of the test"
    )
    alpha: float = Field(0.05, gt=0, lt=1, description="significance level for rank clusters")
    baseline: str | None = Field(None, description="system every other is also compared with")

    def signature(self, seed: int) -> str:
        """Every statistics setting behind the intervals, p-values and clusters: the test and
        how it treats ties (counted), small samples (exact sign flips when 2^n fits the trials)
        and the family of comparisons with the best (Holm)."""
        test = "ar,ties,exact" if self.test == "ar" else "bs,ties,two-sided"
        return (
            f"stats|ci:percentile|B:{self.resamples}|level:{self.level:g}|test:{test}"
            f"|trials:{self.trials}|alpha:{self.alpha:g}|fwer:holm|seed:{seed}"
        )


#: What a row of the leaderboard is: a system, or one of the rows that read the references
#: (the oracle, the human agreement row), shown apart and never ranked.
SystemKind = Literal["system", "oracle", "human"]


class SystemInfo(_Record):
    """A summarizer as it was built for the run."""

    name: str
    type: str
    kind: SystemKind
    args: dict[str, Any]
    signature: str


class MetricInfo(_Record):
    """A metric as it was built for the run."""

    name: str
    type: str
    args: dict[str, Any]
    signature: str
    versions: dict[str, str] = Field(default_factory=dict)


class DatasetInfo(_Record):
    """The dataset as it was loaded for the run: its name, signature and number of examples."""

    name: str
    signature: str
    examples: int = Field(ge=0)


class RunRecord(_Record):
    """``run.json``: what ran, with which settings, and how the leaderboard is laid out.

    Only what decides the numbers is here, so that the same inputs and library versions write
    the same bytes on any machine and any day (a committed results folder stays unchanged when
    it is run again). What changes from one invocation to the next (date, timings, platform,
    commit, requests and tokens spent) is in :class:`Invocation` (``last-run.json``).
    """

    format: Literal[3] = RUN_FORMAT
    experiment: str
    description: str = ""
    config_file: str
    #: The resolved experiment config, as it ran (secrets redacted).
    config: dict[str, Any]
    dataset: DatasetInfo
    systems: list[SystemInfo]
    metrics: list[MetricInfo]
    columns: list[Column]
    primary: str
    shown: list[str]
    decimals: int = Field(3, ge=0, le=MAX_DECIMALS)
    stats: StatsSettings = Field(default_factory=StatsSettings)
    seed: int
    #: The summbench version and the versions of the libraries behind the numbers.
    environment: dict[str, Any] = Field(default_factory=dict)
    #: Said under the table in every format (e.g. a merge of runs made with other versions).
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> RunRecord:
        keys = {c.key for c in self.columns}
        unknown = [k for k in [self.primary, *self.shown] if k not in keys]
        if unknown:
            raise ValueError(f"columns {unknown} are shown but not described in `columns`")
        wide = [
            c.key
            for c in self.columns
            if c.decimals is not None and not 0 <= c.decimals <= MAX_DECIMALS
        ]
        if wide:
            raise ValueError(f"columns {wide} ask for decimals outside 0-{MAX_DECIMALS}")
        names = [s.name for s in self.systems]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"systems {twice} appear twice")
        return self

    def column(self, key: str) -> Column:
        """The column described under ``key`` (which must be there)."""
        return next(c for c in self.columns if c.key == key)


class Invocation(_Record):
    """``last-run.json``: the last invocation that wrote the folder. It differs on every run
    (when, how long, on which machine and commit, what endpoints were asked), so it is kept out
    of ``run.json`` and out of version control."""

    created: str
    python: str
    platform: str
    git_commit: str | None = None
    #: The cache as this invocation used it (``enabled`` false with ``--no-cache``; its path).
    cache: dict[str, Any] = Field(default_factory=dict)
    timings_s: dict[str, float] = Field(default_factory=dict)
    #: Requests, tokens and failures of each endpoint-backed system and metric, by name.
    usage: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)


class ItemRecord(_Record):
    """One line of ``scores.jsonl``: a system on an example, every column, failures, details."""

    system: str
    example_id: str
    failed: bool
    error: str | None = None
    n_candidates: int = Field(ge=0)
    scores: dict[str, float | None]
    details: dict[str, Any] = Field(default_factory=dict)


class PredictionRecord(_Record):
    """One line of ``predictions.jsonl``: a summary (or the failure to produce one)."""

    system: str
    example_id: str
    held_out: int | None = None
    summary: str
    error: str | None = None
    note: str | None = None


class ExampleRecord(_Record):
    """One line of ``examples.jsonl``: what an example was scored against."""

    id: str
    source: str
    references: list[str]
    checklist: list[dict[str, Any]] = Field(default_factory=list)
    probes: list[dict[str, Any]] = Field(default_factory=list)
