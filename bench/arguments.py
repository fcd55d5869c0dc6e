"""Checks on the arguments of the Python API, shared by every public function of ``bench``.

A value is used as it is or refused with an :class:`~bench.errors.ArgumentError` that names
the argument, the index inside it (``references[2][0]``) and the fix. Nothing is converted in a
way that could change its meaning: a string is never read as the list of its characters,
``None`` never becomes the text "None", a float is not rounded into a seed, ``nan`` is not a
score.

Empty text follows the command line. An empty or blank summary is scored, as stating nothing
(0), as an empty line of predictions is. A blank reference or fact is refused, as a dataset
row with one is (:mod:`bench.data.checks`; the facts are checked in :mod:`bench.fact_arguments`);
a blank reference beside other references is left out, as ``summbench score`` leaves out a
blank line of one of several reference files.

:func:`checked` wraps a public function so that a misspelt, missing or extra argument is
answered the same way, rather than with Python's TypeError.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .errors import ArgumentError, clip, did_you_mean, shorten
from .validation import SEED_MAX

F = TypeVar("F", bound=Callable[..., Any])


def checked(function: F) -> F:
    """``function``, its calls first bound to its signature: an unknown keyword (with the
    closest known one), a missing or an extra argument is an :class:`ArgumentError` naming it,
    not Python's TypeError."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as err:
            raise _call_error(function.__name__, signature, kwargs, err) from None
        return function(*args, **kwargs)

    return call  # type: ignore[return-value]


def _call_error(
    name: str, signature: inspect.Signature, kwargs: dict[str, Any], err: TypeError
) -> ArgumentError:
    params = signature.parameters
    names = [
        p.name for p in params.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    usage = f"{name}({', '.join(names)})"
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    unknown = [] if takes_any else [k for k in kwargs if k not in names]
    if unknown:
        key = clip(unknown[0], 60)
        return ArgumentError(
            f"unknown keyword argument {key}.{did_you_mean(unknown[0], names)}",
            where=f"{name}({key}=...)",
            fix=f"the arguments are {usage}.",
        )
    return ArgumentError(f"{err}.", where=f"{name}()", fix=f"call it as {usage}.")


def describe(value: Any) -> str:
    """What ``value`` is, in a few words with a short quote of it."""
    if value is None:
        return "None"
    if isinstance(value, str):
        if not value:
            return "an empty string"
        return "a blank string" if not value.strip() else f"the string {shorten(value)}"
    return f"{type(value).__name__} {shorten(value)}"


def as_list(value: Any) -> list[Any] | None:
    """``value``'s items when it is list-like (a list, tuple, NumPy array, pandas Series,
    generator...); None for a string, a mapping, a set (no order) or a single value."""
    if isinstance(value, (str, bytes, Mapping, set, frozenset)) or not isinstance(
        value, Iterable
    ):
        return None
    try:
        return list(value)
    except TypeError:  # a 0-d NumPy array claims to be iterable
        return None


def items(value: Any, name: str, *, example: str, n: int | None = None) -> list[Any]:
    """``value`` as a list (of ``n`` items, when given); ``example`` shows a right call."""
    if isinstance(value, str):
        raise ArgumentError(
            f"{name} is one string, not a list of them.", where=name, fix=f"pass a list: {example}."
        )
    found = as_list(value)
    if found is None:
        raise ArgumentError(
            f"found {describe(value)}; expected a list.", where=name, fix=f"pass a list: {example}."
        )
    if n is not None:
        same_length(found, n, name)
    return found


def same_length(values: list[Any], n: int, name: str) -> None:
    """Refuse ``values`` unless it has one entry per prediction (``n``)."""
    if len(values) != n:
        raise ArgumentError(
            f"{n} predictions but {len(values)} {name}.",
            where=name,
            fix=f"give one entry of {name} per prediction, in the same order.",
        )


def texts(value: Any, name: str, *, example: str, fix: str, n: int | None = None) -> list[str]:
    """A list of strings (empty ones included), each checked."""
    found = items(value, name, example=example, n=n)
    for i, item in enumerate(found):
        if not isinstance(item, str):
            raise ArgumentError(
                f"found {describe(item)}; expected a string.", where=f"{name}[{i}]", fix=fix
            )
    return found


def predictions(value: Any) -> list[str]:
    """The summaries to score: a list of strings."""
    return texts(
        value,
        "predictions",
        example='rouge(["a summary"], ["its reference"])',
        fix='give every prediction as a string ("" for an empty summary: it scores 0).',
    )


def sources(value: Any, n: int) -> list[str]:
    """One source document (a string) per prediction."""
    return texts(
        value,
        "sources",
        example='sources=["the document summarized"]',
        fix="give each prediction its source document as a string.",
        n=n,
    )


def references(value: Any, n: int) -> list[tuple[str, ...]]:
    """Each prediction's reference: a string, or a list of strings for several. Blank ones
    beside others are left out; a prediction with no reference text is refused."""
    fix = 'give each prediction a reference string, or a list of them: ["ref"] or [["r1", "r2"]].'
    found = items(value, "references", example='rouge(["a summary"], ["its reference"])', n=n)
    out = []
    for i, entry in enumerate(found):
        where = f"references[{i}]"
        group = [entry] if isinstance(entry, str) else as_list(entry)
        if group is None:
            raise ArgumentError(
                f"found {describe(entry)}; expected a string or a non-empty list of strings.",
                where=where,
                fix=fix,
            )
        for j, ref in enumerate(group):
            if not isinstance(ref, str):
                raise ArgumentError(
                    f"found {describe(ref)}; expected a string.", where=f"{where}[{j}]", fix=fix
                )
        kept = tuple(ref for ref in group if ref.strip())
        if not kept:
            found_text = describe(entry) if isinstance(entry, str) else "only blank strings"
            if not group:
                found_text = "an empty list"
            raise ArgumentError(
                f"found {found_text}; expected a string or a non-empty list of strings with "
                "text (a blank reference would score every summary 0).",
                where=where,
                fix="give each prediction at least one reference with text.",
            )
        out.append(kept)
    return out


def scores(value: Any, name: str) -> list[float | None]:
    """One system's item scores: finite numbers, None where it has no score."""
    found = items(value, name, example='compare(a.values("rouge1_f"), b.values("rouge1_f"))')
    out: list[float | None] = []
    for i, score in enumerate(found):
        if score is not None and (
            isinstance(score, bool)
            or not isinstance(score, numbers.Real)
            or not math.isfinite(float(score))
        ):
            raise ArgumentError(
                f"found {describe(score)}; expected a finite number, or None.",
                where=f"{name}[{i}]",
                fix="give each example's score as a number; None leaves the example out of "
                "both systems.",
            )
        out.append(None if score is None else float(score))
    return out


def whole_number(value: Any, name: str, low: int, high: int, fix: str) -> int:
    """An integer from ``low`` to ``high`` (not a bool, not a float that happens to be whole)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not low <= int(value) <= high
    ):
        raise ArgumentError(
            f"found {describe(value)}; expected a whole number from {low:,} to {high:,}.",
            where=name,
            fix=fix,
        )
    return int(value)


def seed(value: Any) -> int:
    """A seed, in the range configs accept."""
    return whole_number(
        value, "seed", 0, SEED_MAX, "pass seed=0 (the default) or another whole number."
    )


def choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        raise ArgumentError(
            f"found {describe(value)}; expected one of {', '.join(choices)}.{hint}",
            where=name,
            fix=f"pass {name}={choices[0]!r} (the default) or another of those.",
        )
    return value


def name(value: Any, argument: str, fix: str) -> str:
    """A non-blank string (a plugin name)."""
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(f"found {describe(value)}; expected a name.", where=argument, fix=fix)
    return value


def mapping(value: Any, argument: str, fix: str) -> dict[str, Any]:
    """A mapping with string keys (None: empty)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ArgumentError(
            f"found {describe(value)}; expected a mapping (a dict).", where=argument, fix=fix
        )
    for key in value:
        if not isinstance(key, str):
            raise ArgumentError(
                f"the key {shorten(key)} is not a string.", where=argument, fix=fix
            )
    return dict(value)


def stats(value: Any) -> Any:
    """A :class:`~bench.records.StatsSettings`, given as one, as a mapping (a config's
    ``leaderboard.stats`` section) or None for the defaults."""
    from pydantic import ValidationError

    from .records import StatsSettings
    from .validation import config_error

    if value is None or isinstance(value, StatsSettings):
        return value or StatsSettings()
    settings = mapping(value, "stats", "pass StatsSettings(...) or a dict of its keys.")
    try:
        return StatsSettings.model_validate(settings)
    except ValidationError as err:
        found = config_error(err, file=None, prefix="stats", model=StatsSettings)
        raise ArgumentError(
            found.problem,
            where="stats",
            fix="see bench.records.StatsSettings for each key and its range.",
        ) from None


def path(value: Any, argument: str) -> Path:
    """A file path: a non-blank string or a path object."""
    if isinstance(value, os.PathLike) and not isinstance(value, bytes):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(
            f"found {describe(value)}; expected a file path.",
            where=argument,
            fix="pass a path as a string or a pathlib.Path.",
        )
    return Path(value)


def instance(value: Any, cls: type, argument: str, fix: str) -> Any:
    """``value``, when it is a ``cls``."""
    if not isinstance(value, cls):
        raise ArgumentError(
            f"found {describe(value)}; expected {cls.__name__}.", where=argument, fix=fix
        )
    return value


def function(value: Any, argument: str, fix: str) -> Callable[..., Any]:
    """``value``, when it can be called."""
    if not callable(value):
        raise ArgumentError(
            f"found {describe(value)}; expected a function.", where=argument, fix=fix
        )
    return value
