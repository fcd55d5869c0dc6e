"""What the pre-flight check of an experiment found: its problems,
the checks it skipped, and what a run continues from when it found nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...data.schema import Dataset
from ...errors import Problems, SummbenchError
from ...wording import counted
from ..config import ExperimentConfig
from ..plan import Plan


@dataclass
class Preflight:
    """What the check found; when it found nothing, what a run continues from."""

    file: str
    problems: list[SummbenchError] = field(default_factory=list)
    #: Checks not run because of an earlier problem, each as "what: why".
    notes: list[str] = field(default_factory=list)
    #: The config as it runs: default metrics the dataset cannot feed are left out.
    config: ExperimentConfig | None = None
    plan: Plan | None = None
    dataset: Dataset | None = None
    #: Types of the default metrics left out (the dataset lacks what they need).
    dropped: list[str] = field(default_factory=list)
    #: Default metrics that read facts extracted from the references instead (the dataset
    #: has no checklists): their types.
    automatic: list[str] = field(default_factory=list)
    #: The dataset was read from the run's store (a run need not store it again).
    dataset_from_store: bool = False

    def add(self, problem: SummbenchError) -> None:
        """Add ``problem`` to the problems, unless one with the same message is there."""
        # Two steps can meet the same fault (an experiment name that is no folder name is
        # both a bad results folder and a bad plan): it is listed once.
        if all(str(problem) != str(p) for p in self.problems):
            self.problems.append(problem)

    def attempt(self, check: Callable[..., Any], *args: Any) -> Any:
        """``check(*args)``, or None with its :class:`SummbenchError` added to the problems."""
        try:
            return check(*args)
        except SummbenchError as err:
            self.add(err)
            return None

    def summary(self) -> str:
        """"6 systems, 4 metrics, 6 examples (...)": what was checked, in a line."""
        if self.plan is not None:
            systems, metrics = len(self.plan.systems), len(self.plan.metrics)
        elif self.config is not None:
            systems, metrics = len(self.config.summarizers), len(self.config.metrics)
        else:
            return ""
        text = f"{counted(systems, 'system')}, {counted(metrics, 'metric')}"
        if self.dataset is not None:
            text += f", {counted(len(self.dataset), 'example')} ({self.dataset.signature()})"
        return text

    def raise_problems(self) -> None:
        """Raise what was found: a lone problem as itself, several as :class:`Problems`."""
        if len(self.problems) == 1 and not self.notes:
            raise self.problems[0]
        if self.problems:
            raise Problems(self.problems, where=self.file, notes=self.notes)
