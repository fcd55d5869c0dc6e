"""Checks on the ``facts`` argument of the Python API (:func:`bench.checklist`,
:func:`bench.score`): one list of facts per prediction, each a string or ``{"text", "weight",
"id"}``, refused with an :class:`~bench.errors.ArgumentError` that names the index and the fix,
as :mod:`bench.arguments` does for every other argument."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from .arguments import as_list, describe, items, same_length
from .data.schema import MAX_FACT_WEIGHT, Fact
from .errors import ArgumentError, did_you_mean, shorten

#: The keys of a fact given as a mapping (only ``text`` is required).
FACT_KEYS = ("id", "text", "weight")
#: The shape of ``facts``, shown when it is wrong.
FACTS_SHAPE = 'facts=[["fact 1", "fact 2"], ["fact 3"]], one list per prediction'


def fact_lists(value: Any, n: int) -> list[tuple[Fact, ...]]:
    """One list of facts per prediction, each fact a string or ``{"text", "weight", "id"}``.

    A flat list of facts is ambiguous with several predictions (one fact each, or the same
    facts for all?) and refused; for one prediction it can only be that prediction's facts.
    """
    found = items(value, "facts", example=FACTS_SHAPE)
    if found and all(isinstance(entry, (str, Mapping)) for entry in found):
        if n != 1:
            raise ArgumentError(
                f"found a flat list of {len(found)} facts for {n} predictions: one fact per "
                "prediction, or the same facts for each?",
                where="facts",
                fix=f"give one list of facts per prediction: {FACTS_SHAPE}.",
            )
        found = [found]
    same_length(found, n, "facts")
    return [_facts(entry, i) for i, entry in enumerate(found)]


def _facts(entry: Any, i: int) -> tuple[Fact, ...]:
    where = f"facts[{i}]"
    group = None if isinstance(entry, (str, Mapping)) else as_list(entry)
    if group is None:
        raise ArgumentError(
            f"found {describe(entry)}; expected the list of this prediction's facts.",
            where=where,
            fix=f"give one list of facts per prediction: {FACTS_SHAPE}.",
        )
    facts = [_fact(fact, f"{where}[{j}]", j) for j, fact in enumerate(group)]
    ids = [fact.id for fact in facts]
    twice = next((x for x in ids if ids.count(x) > 1), None)
    if twice is not None:
        raise ArgumentError(
            f"the fact id {shorten(twice)} is used twice.",
            where=where,
            fix="give each fact of a prediction its own id (or leave ids out).",
        )
    if facts and math.fsum(fact.weight for fact in facts) <= 0:
        raise ArgumentError(
            "the fact weights sum to 0: there is nothing to recall.",
            where=where,
            fix="give at least one fact a weight above 0.",
        )
    return tuple(facts)


def _fact(fact: Any, where: str, j: int) -> Fact:
    if isinstance(fact, str):
        text, weight, fact_id = fact, 1.0, f"f{j}"
    elif isinstance(fact, Mapping):
        unknown = [key for key in fact if key not in FACT_KEYS]
        if unknown:
            key = str(unknown[0])
            raise ArgumentError(
                f"unknown key {shorten(unknown[0])}.{did_you_mean(key, FACT_KEYS)}",
                where=where,
                fix=f"a fact's keys are {', '.join(FACT_KEYS)} (only text is required).",
            )
        text = fact.get("text")
        if not isinstance(text, str):
            raise ArgumentError(
                f"found {describe(text)}; expected the fact's text.",
                where=f"{where}.text",
                fix='give every fact as a string or {"text": "...", "weight": 1}.',
            )
        weight = _weight(fact.get("weight", 1.0), f"{where}.weight")
        fact_id = fact.get("id", f"f{j}")
        if not isinstance(fact_id, str) or not fact_id.strip():
            raise ArgumentError(
                f"found {describe(fact_id)}; expected a string.",
                where=f"{where}.id",
                fix="give the fact an id string, or leave it out.",
            )
    else:
        raise ArgumentError(
            f'found {describe(fact)}: a fact is a string or {{"text": ..., "weight": ...}}.',
            where=where,
            fix=f"give each prediction a list of fact strings: {FACTS_SHAPE}.",
        )
    if not text.strip():
        raise ArgumentError(
            f"found {describe(text)}: a fact with no text states nothing to look for.",
            where=where,
            fix="leave the fact out, or give its text.",
        )
    return Fact(id=fact_id, text=text, weight=weight)


def _weight(value: Any, where: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 <= float(value) <= MAX_FACT_WEIGHT  # False for nan too
    ):
        raise ArgumentError(
            f"found {describe(value)}; expected a number from 0 to {MAX_FACT_WEIGHT:g}.",
            where=where,
            fix="a weight counts the references that state the fact (1 when left out).",
        )
    return float(value)
