"""The experiment configuration: parsed once from YAML into types, checked before any work.

Precedence: built-in defaults < the YAML file < command-line overrides. Unknown keys are errors
with a did-you-mean; plugin names and their ``args`` are checked against the registries here,
so `summbench validate` catches everything a run would trip on before it starts.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import arguments
from ..data.loading import DatasetSpec
from ..errors import ConfigError
from ..plugin import PluginSpec
from ..records.schema import StatsSettings
from ..validation import SEED_MAX, config_error
from ..yaml_reader import read_yaml

#: The file whose data :func:`parse_config` is validating, named in errors; a config built in
#: Python is named as its class.
_PARSING: ContextVar[str] = ContextVar("bench_config_file", default="ExperimentConfig")
#: Set while the pre-flight check validates: it lists pydantic's problems one by one.
_RAW_ERRORS: ContextVar[bool] = ContextVar("bench_config_raw_errors", default=False)


class CacheSpec(BaseModel):
    """Where generations and scores are kept between runs (see bench.experiment.storage.store)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    path: str | None = Field(None, description="SQLite file (default: <output>/cache.sqlite)")


class ExecutorSpec(BaseModel):
    """The ``executor`` section of an experiment config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["auto", "inline", "local", "ray"] = Field(
        "auto",
        description="auto: here, with model-backed metrics in a helper process started at "
        "once (the summbench command only); inline: all here; local: a process pool; ray: Ray "
        "actors",
    )
    workers: int | None = Field(
        None, ge=1, description="processes (local) or actors (ray); default: sized to the machine"
    )
    address: str | None = Field(
        None, description="ray: a cluster address ('auto', 'ray://host:10001'); none starts one"
    )
    gpus_per_worker: float | None = Field(
        None, ge=0, description="ray: GPUs per actor (default: 1 when the cluster has GPUs)"
    )


class LeaderboardSpec(BaseModel):
    """How the leaderboard is shown: its columns, decimals and statistics."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: list[str] | None = Field(None, description="column keys (default: headline ones)")
    decimals: int = Field(3, ge=0, le=8)
    stats: StatsSettings = Field(default_factory=StatsSettings)


def default_metrics() -> list[PluginSpec]:
    """The metrics of an experiment that names none: ROUGE, BERTScore, checklist, textstats."""
    return [
        PluginSpec(type="rouge"),
        PluginSpec(type="bertscore"),
        PluginSpec(type="checklist"),
        PluginSpec(type="textstats"),
    ]


class ExperimentConfig(BaseModel):
    """A whole experiment: what to summarize, with what, scored how, written where."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="experiment name; results go to results/<name>")
    description: str = ""
    dataset: DatasetSpec
    summarizers: list[PluginSpec] = Field(min_length=1)
    metrics: list[PluginSpec] = Field(default_factory=default_metrics, min_length=1)
    seed: int = Field(
        0, ge=0, le=SEED_MAX, description="seed passed to every seeded component (0 to 2**32-1)"
    )
    output: str | None = Field(None, description="results folder (default: results/<name>)")
    primary: str | None = Field(
        None,
        description="column to rank by (default: the first headline column that has a direction)",
    )
    leaderboard: LeaderboardSpec = Field(default_factory=LeaderboardSpec)
    cache: CacheSpec = Field(default_factory=CacheSpec)
    executor: ExecutorSpec = Field(default_factory=ExecutorSpec)

    def __init__(self, /, *args: Any, **data: Any) -> None:
        # Built in Python or read from a file (pydantic's model_validate calls this __init__
        # too): a bad or misspelt field is a ConfigError naming its key (and the file, which
        # parse_config sets), not pydantic's ValidationError.
        if args:
            raise ConfigError(
                f"found {len(args)} positional argument(s); the fields are keywords.",
                where="ExperimentConfig",
                fix='pass them by name: ExperimentConfig(name="x", dataset={...}, ...), or '
                "load a file with load_config(path).",
            )
        try:
            super().__init__(**data)
        except ValidationError as err:
            if _RAW_ERRORS.get():
                raise
            file = _PARSING.get()
            raise config_error(err, file=file, prefix="", model=ExperimentConfig) from None

    @property
    def output_dir(self) -> Path:
        """Where the results go: ``output``, or ``results/<name>``."""
        return Path(self.output or f"results/{self.name}")


def validate_config(data: Any) -> ExperimentConfig:
    """``ExperimentConfig.model_validate`` raising pydantic's own :class:`ValidationError`,
    which holds every problem, for the pre-flight check to list each with its key."""
    token = _RAW_ERRORS.set(True)
    try:
        return ExperimentConfig.model_validate(data)
    finally:
        _RAW_ERRORS.reset(token)


def parse_config(data: Any, *, file: str) -> ExperimentConfig:
    """Validate a mapping (already read from YAML) into an :class:`ExperimentConfig`."""
    if not isinstance(data, dict):
        raise ConfigError(
            f"the file must hold a mapping of keys (it holds {type(data).__name__}).",
            where=file,
            fix="start from configs/seed.yaml.",
        )
    token = _PARSING.set(file)
    try:
        return ExperimentConfig.model_validate(data)
    finally:
        _PARSING.reset(token)


@arguments.checked
def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> ExperimentConfig:
    """Read and parse an experiment file; ``overrides`` win over the file's top-level keys.

    This checks the shape of the file; :func:`bench.experiment.plan.build_plan` then checks the
    plugin names and their arguments.
    """
    path = arguments.path(path, "path")
    overrides = arguments.mapping(
        overrides, "overrides", fix='pass top-level keys of the config: {"seed": 1}.'
    )
    data = read_yaml(path)
    if isinstance(data, dict) and overrides:
        data = {**data, **{k: v for k, v in overrides.items() if v is not None}}
    return parse_config(data, file=str(path))
