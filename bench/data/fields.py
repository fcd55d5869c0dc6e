"""One row of a dataset into an :class:`Example`, accepting one type per field.

Nothing is converted that could change meaning: a ``null`` inside the references does not
become the text "None", a string checklist is not a list of its letters, a list is not a
source. Every refusal is a :class:`DatasetError` naming the row (file and line, or row
number), the field and what was found.

Accepted types (JSON names):

* ``id``: a string. An integer is taken as its exact decimal text (``7`` -> ``"7"``), since
  JSON writers and Parquet files often store ids as numbers and no digit can be lost that way;
  any other number (``2.5``, ``1.0``), ``true``/``false`` or ``null`` is refused, as ``1.0`` and
  ``1`` would otherwise be told apart or confused depending on the writer. CSV cells are read
  as text, so ``007`` stays ``007``.
* ``source``, ``noise``: a string (``noise`` may be absent or null).
* ``references``: a list of strings, or one string.
* ``checklist``: a list whose items are strings (a fact of weight 1) or objects with ``text``
  and optionally ``fact_id`` (or ``id``), ``weight`` (a number from 0 to 1e6), ``references``
  (indices of the references stating it), ``keys`` (strings) and ``span`` (where an
  extracted fact came from: ``{"reference": 0, "start": 12, "end": 40}``).
* ``probes``: a list of objects with ``text`` and optionally ``probe_id`` (or ``id``),
  ``kind``, ``contradicts``, ``cues`` and ``keys``.
* ``aliases``: a list of lists of strings.

``checklist``, ``probes``, ``aliases`` and ``noise`` may be absent or null (Parquet and the
``datasets`` library write null for a field a row does not have). Every other column is kept
as it is in ``Example.meta``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..errors import DatasetError, shorten
from .schema import MAX_FACT_WEIGHT, Example, Fact, Probe

#: Our column names. Everything else in a row is kept in ``Example.meta``.
COLUMNS = ("id", "source", "references", "checklist", "probes", "noise", "aliases")

FACT_KEYS = ("fact_id", "id", "text", "weight", "references", "keys", "span")
#: The parts of a fact's ``span`` (where an extracted fact came from).
SPAN_KEYS = ("reference", "start", "end")
PROBE_KEYS = ("probe_id", "id", "text", "kind", "contradicts", "cues", "keys")

_FIX = "correct the row (the README's section on the seed dataset lists the accepted fields)."


def describe(value: Any) -> str:
    """What a value is, in JSON's words, with a short quote of it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {shorten(value)}"
    if isinstance(value, str):
        return f"the string {shorten(value)}"
    if isinstance(value, Mapping):
        return f"an object {shorten(dict(value))}"
    if isinstance(value, (list, tuple)):
        return f"a list {shorten(list(value))}"
    return f"{type(value).__name__} {shorten(value)}"


class _Row:
    """Field readers for one row; every error names ``where`` and the field."""

    def __init__(self, where: str):
        self.where = where

    def fail(self, field: str, found: str, expected: str, fix: str = _FIX) -> DatasetError:
        return DatasetError(
            f'field "{field}": found {found}; expected {expected}.', where=self.where, fix=fix
        )

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            raise self.fail(field, describe(value), "a string")
        return value

    def optional_text(self, value: Any, field: str, default: str = "") -> str:
        return default if value is None else self.text(value, field)

    def identifier(self, value: Any, field: str) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail(
            field,
            describe(value),
            "a string (or a whole number)",
            fix='write the id as a JSON string, e.g. "007".',
        )

    def texts(self, value: Any, field: str) -> tuple[str, ...]:
        """A list of strings, or one string."""
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, (list, tuple)):
            raise self.fail(field, describe(value), "a list of strings, or one string")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{field}[{i}]", describe(item), "a string")
        return tuple(value)

    def optional_texts(self, value: Any, field: str) -> tuple[str, ...]:
        return () if value is None else self.texts(value, field)

    def items(self, value: Any, field: str) -> list[Any]:
        """A list (or nothing, for null)."""
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise self.fail(field, describe(value), "a list")
        return list(value)

    def record(self, value: Any, field: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(field, describe(value), "an object")
        unknown = [k for k in value if k not in allowed]
        if unknown:
            raise self.fail(
                field,
                f"the unknown key {shorten(unknown[0])}",
                f"only {', '.join(allowed)}",
            )
        return value

    def item_id(self, record: Mapping[str, Any], own: str, field: str, default: str) -> str:
        mine, other = record.get(own), record.get("id")
        if mine is not None and other is not None:
            raise self.fail(field, f'both "{own}" and "id"', "one of them")
        if mine is not None:
            return self.identifier(mine, f"{field}.{own}")
        return default if other is None else self.identifier(other, f"{field}.id")

    def fact(self, item: Any, field: str, index: int) -> Fact:
        if isinstance(item, str):  # a plain string is a fact of weight 1 (hand-made datasets)
            return Fact(id=f"fact{index}", text=item)
        record = self.record(item, field, FACT_KEYS)
        refs = []
        for i, ref in enumerate(self.items(record.get("references"), f"{field}.references")):
            if isinstance(ref, bool) or not isinstance(ref, int):
                raise self.fail(
                    f"{field}.references[{i}]", describe(ref), "a reference index (0, 1, ...)"
                )
            refs.append(ref)
        weight = record.get("weight")
        if weight is None:
            weight = float(len(refs) or 1)
        elif (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float))
            or not math.isfinite(weight)
            or not 0 <= weight <= MAX_FACT_WEIGHT
        ):
            raise self.fail(
                f"{field}.weight", describe(weight), f"a number from 0 to {MAX_FACT_WEIGHT:g}"
            )
        return Fact(
            id=self.item_id(record, "fact_id", field, f"fact{index}"),
            text=self.text(record.get("text"), f"{field}.text"),
            weight=float(weight),
            references=tuple(refs),
            keys=self.optional_texts(record.get("keys"), f"{field}.keys"),
            span=self.span(record.get("span"), f"{field}.span"),
        )

    def span(self, value: Any, field: str) -> tuple[int, int, int] | tuple[()]:
        """``{"reference": 0, "start": 12, "end": 40}``: where an extracted fact came from."""
        if value is None:
            return ()
        record = self.record(value, field, SPAN_KEYS)
        parts = []
        for key in SPAN_KEYS:
            part = record.get(key)
            if isinstance(part, bool) or not isinstance(part, int) or part < 0:
                raise self.fail(f"{field}.{key}", describe(part), "a whole number from 0")
            parts.append(part)
        if parts[1] > parts[2]:
            raise self.fail(field, f"start {parts[1]} after end {parts[2]}", "start <= end")
        return (parts[0], parts[1], parts[2])

    def probe(self, item: Any, field: str) -> Probe:
        record = self.record(item, field, PROBE_KEYS)
        contradicts = record.get("contradicts")
        return Probe(
            id=self.item_id(record, "probe_id", field, ""),
            text=self.text(record.get("text"), f"{field}.text"),
            kind=self.optional_text(record.get("kind"), f"{field}.kind", "distortion"),
            contradicts="" if contradicts is None else self.identifier(contradicts, field),
            cues=self.optional_texts(record.get("cues"), f"{field}.cues"),
            keys=self.optional_texts(record.get("keys"), f"{field}.keys"),
        )

    def alias_group(self, item: Any, field: str) -> tuple[str, ...]:
        if not isinstance(item, (list, tuple)):
            raise self.fail(field, describe(item), "a list of strings (one synonym group)")
        return self.texts(item, field)


def as_id(value: Any, *, field: str, where: str) -> str:
    """An example id, by the rule above (a string, or a whole number as its exact text)."""
    return _Row(where).identifier(value, field)


def row_to_example(
    row: Mapping[str, Any], index: int, with_noise: bool, where: str = "row"
) -> Example:
    """Build an :class:`Example` from a row already renamed to our column names.

    ``where`` names the row in errors (``file:line``, or a row number); ``index`` numbers the
    example when the data has no ``id`` column.
    """
    read = _Row(where)
    if "source" not in row:
        raise read.fail("source", "no such field", "a string")
    if "references" not in row:
        raise read.fail("references", "no such field", "a list of strings, or one string")
    source = read.text(row["source"], "source")
    noise = read.optional_text(row.get("noise"), "noise")
    if with_noise and noise:
        source = f"{source}\n\n{noise}"
    return Example(
        id=read.identifier(row["id"], "id") if "id" in row else f"{index:06d}",
        source=source,
        references=read.texts(row["references"], "references"),
        checklist=tuple(
            read.fact(item, f"checklist[{i}]", i)
            for i, item in enumerate(read.items(row.get("checklist"), "checklist"))
        ),
        probes=tuple(
            read.probe(item, f"probes[{i}]")
            for i, item in enumerate(read.items(row.get("probes"), "probes"))
        ),
        noise=noise,
        aliases=tuple(
            read.alias_group(group, f"aliases[{i}]")
            for i, group in enumerate(read.items(row.get("aliases"), "aliases"))
        ),
        meta={k: v for k, v in row.items() if k not in COLUMNS},
    )
