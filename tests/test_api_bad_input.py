"""Every public callable of ``bench``, walked with bad arguments.

Each call must return a result or raise :class:`SummbenchError` naming the argument (and the
index inside it) with a fix; any other exception fails. The table below lists every callable
in ``bench.__all__``: a name added there without an entry here fails
:func:`test_the_table_covers_every_public_callable` until it is walked (or exempted, with the
reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import bench
from bench.errors import SummbenchError

from .builders import jsonl, write

#: Whole-argument values: each replaces one argument of a call that works.
BAD = {
    "None": None,
    "int": 3,
    "nan": float("nan"),
    "nested list": [["a", ["b"]]],
    "flat list": ["a"],
    "empty string": "",
    "whitespace": " \n\t",
}
#: Entry values: each replaces the first entry of a list argument (one entry per prediction).
BAD_ENTRIES = {
    "None": None,
    "int": 3,
    "nan": float("nan"),
    "nested list": [["x"]],
    "empty string": "",
    "whitespace": "  ",
}
#: A keyword no public function takes.
MISSPELT = "seeed"

PREDICTIONS = ["The cat sat on the mat.", "A dog barked at night."]
REFERENCES = ["A cat sat on a mat.", ["The dog barked.", "A dog barked loudly at night."]]
SOURCES = ["The cat sat on the mat. It was happy.", "A dog barked at night. Nobody slept."]
FACTS = [["a cat sat", {"text": "on the mat", "weight": 2}], ["the dog barked"]]


@dataclass
class Walk:
    """How to walk one public callable: the keyword arguments of a call that works, which of
    them hold one entry per prediction, and files the call needs (``prepare``)."""

    good: dict[str, Any]
    per_prediction: tuple[str, ...] = ()
    #: Fills in arguments that need files (in the test's own folder) before one is changed.
    prepare: Callable[[Path, dict[str, Any]], None] | None = None

    def call(self, tmp_path: Path) -> dict[str, Any]:
        kwargs = dict(self.good)
        if self.prepare is not None:
            self.prepare(tmp_path, kwargs)
        return kwargs


def _run_in(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    """A one-example experiment (lead, ROUGE, no cache) writing only under ``tmp_path``."""
    dataset = write(
        tmp_path,
        "d.jsonl",
        jsonl({"id": "a", "source": "The cat sat. It was happy.", "references": ["A cat sat."]}),
    )
    kwargs["config"] = bench.ExperimentConfig(
        name="walk",
        dataset={"path": str(dataset)},
        summarizers=[{"type": "lead"}],
        metrics=[{"type": "rouge"}],
        cache={"enabled": False},
        executor={"type": "inline"},
        output=str(tmp_path / "out"),
    )
    kwargs["output_dir"] = tmp_path / "out"


WALKS: dict[str, Walk | str] = {
    "rouge": Walk(
        {
            "predictions": PREDICTIONS,
            "references": REFERENCES,
            "stemmer": True,
            "seed": 0,
            "stats": None,
        },
        per_prediction=("predictions", "references"),
    ),
    "bertscore": Walk(
        {
            "predictions": PREDICTIONS,
            "references": REFERENCES,
            "idf": False,
            "seed": 1,
            "stats": {"resamples": 50},
        },
        per_prediction=("predictions", "references"),
    ),
    "checklist": Walk(
        {
            "predictions": PREDICTIONS,
            "facts": FACTS,
            "sources": SOURCES,
            "matcher": {"type": "learned"},
            "seed": 0,
            "stats": None,
        },
        per_prediction=("predictions", "facts", "sources"),
    ),
    "score": Walk(
        {
            "metric": "rouge",
            "predictions": PREDICTIONS,
            "references": REFERENCES,
            "sources": SOURCES,
            "facts": FACTS,
            "args": {"stemmer": False},
            "seed": 2,
            "stats": None,
        },
        per_prediction=("predictions", "references", "sources", "facts"),
    ),
    "compare": Walk(
        {"a": [0.1, 0.4, 0.3, 0.5], "b": [0.2, 0.5, 0.5, 0.6], "test": "ar", "trials": 100},
        per_prediction=("a", "b"),
    ),
    "load_config": Walk({"path": "configs/seed.yaml", "overrides": {"seed": 3}}),
    "run_experiment": Walk(
        {"config": None, "config_file": "walk.yaml", "output_dir": None, "log": print},
        prepare=_run_in,
    ),
    "ExperimentConfig": Walk(
        {
            "name": "walk",
            "dataset": {"path": "seeds/nk-diplomat"},
            "summarizers": [{"type": "lead"}],
            "seed": 0,
        },
    ),
    "MetricResult": "the type the scoring functions return; not built from user input",
    "ArgumentError": "an exception class the library raises; not given user data",
    "ConfigError": "an exception class the library raises; not given user data",
    "DatasetError": "an exception class the library raises; not given user data",
    "RegistryError": "an exception class the library raises; not given user data",
    "SummbenchError": "an exception class the library raises; not given user data",
}


def _public_callables() -> list[str]:
    return [name for name in bench.__all__ if callable(getattr(bench, name))]


def test_the_table_covers_every_public_callable():
    assert sorted(WALKS) == sorted(_public_callables())


def _cases() -> list[tuple[str, str, str, Callable[[dict[str, Any]], None]]]:
    """(function, argument, what is tried, how to change the good call)."""
    cases = []
    for name, walk in WALKS.items():
        if isinstance(walk, str):
            continue
        for argument in walk.good:
            for label, value in BAD.items():
                cases.append((name, argument, label, _setter(argument, value)))
        for argument in walk.per_prediction:
            for label, value in BAD_ENTRIES.items():
                cases.append((name, argument, f"entry {label}", _entry_setter(argument, value)))
            cases.append((name, argument, "one entry short", _shortener(argument)))
        cases.append((name, MISSPELT, "misspelt keyword", _setter(MISSPELT, 1)))
    return cases


def _setter(argument: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(kwargs: dict[str, Any]) -> None:
        kwargs[argument] = value

    return change


def _entry_setter(argument: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(kwargs: dict[str, Any]) -> None:
        kwargs[argument] = [value, *kwargs[argument][1:]]

    return change


def _shortener(argument: str) -> Callable[[dict[str, Any]], None]:
    def change(kwargs: dict[str, Any]) -> None:
        kwargs[argument] = kwargs[argument][:-1]

    return change


def _words(text: str | None) -> set[str]:
    return set(re.split(r"\W+", text or ""))


def _names(err: SummbenchError, argument: str) -> bool:
    """Whether the error names ``argument``: in its location, or (for a name longer than a
    letter, which any sentence may contain) as a word of its message."""
    if argument in _words(err.where):
        return True
    return len(argument) > 1 and argument in _words(err.problem)


CASES = _cases()


@pytest.mark.parametrize(
    ("function", "argument", "tried", "change"),
    CASES,
    ids=[f"{f}-{a}-{t}" for f, a, t, _ in CASES],
)
def test_a_bad_argument_is_scored_or_named(function, argument, tried, change, tmp_path):
    kwargs = WALKS[function].call(tmp_path)
    change(kwargs)
    try:
        getattr(bench, function)(**kwargs)
    except SummbenchError as err:
        assert _names(err, argument), f"{argument} is not named in: {err}"
        assert err.fix, f"no fix in: {err}"
        if tried.startswith("entry"):
            assert f"{argument}[0]" in str(err), f"the index is not named in: {err}"
    # Any other exception fails the test.
