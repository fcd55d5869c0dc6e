"""Reading JSON Lines strictly, with errors that name the file and line.

Lines end at ``"\\n"`` and nowhere else. ``str.splitlines`` (and a file opened in Python's
default newline mode) also breaks at ``\\r``, ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, U+0085,
U+2028 and U+2029; the last three may stand unescaped inside a JSON string, so splitting there
cuts a valid record in two (and shifts every later line number).

Parsing is strict JSON: a key given twice in one object, and ``NaN``/``Infinity`` (which Python
writes but JSON does not have) are errors rather than a silent last-wins or a float.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from . import surrogates
from .errors import SummbenchError, shorten


def split_lines(text: str) -> list[str]:
    """``text`` cut at ``"\\n"`` only (a ``"\\r"`` before it stays, and is JSON whitespace)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return lines


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice."""

    def __init__(self, key: str):
        super().__init__(f"key {shorten(key)} appears twice in one object")
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise DuplicateKeyError(key)
        record[key] = value
    return record


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (write null, or a number)")


#: A decoder for strict JSON: duplicate keys and NaN/Infinity raise ValueError.
DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys, parse_constant=_no_constants)


def loads_strict(text: str) -> Any:
    """Parse one JSON document strictly; raises ``ValueError`` (``JSONDecodeError`` for syntax)
    or ``RecursionError`` (nesting too deep) on bad input."""
    return DECODER.decode(text)


def describe_json_error(err: BaseException) -> str:
    """A short account of why ``loads_strict`` failed."""
    if isinstance(err, json.JSONDecodeError):
        return f"not valid JSON ({err.msg}, column {err.colno})"
    if isinstance(err, RecursionError):
        return "not readable JSON (nested too deeply)"
    return f"not valid JSON ({err})"


def json_objects(
    lines: Iterable[str], *, where: str, error: type[SummbenchError], fix: str
) -> Iterator[tuple[int, dict[str, Any] | SummbenchError]]:
    """(line number, object) for each non-blank line, or (line number, ``error``) for a line
    that is not a JSON object: for readers that report every bad line, not only the first.

    Give lines cut at ``"\\n"`` only: :func:`split_lines`, or a file opened with
    ``newline="\\n"`` (see the module docstring for why).
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = loads_strict(line)
        except (ValueError, RecursionError) as err:
            message = describe_json_error(err) + "."
            yield number, error(message, where=f"{where}:{number}", fix=fix)
            continue
        if not isinstance(record, dict):
            yield number, error("a line must be a JSON object.", where=f"{where}:{number}", fix=fix)
            continue
        try:
            check_surrogates(line, record, f"{where}:{number}", error)
        except SummbenchError as err:
            yield number, err
            continue
        yield number, record


def iter_json_objects(
    lines: Iterable[str], *, where: str, error: type[SummbenchError], fix: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; the first bad line raises ``error``."""
    for number, record in json_objects(lines, where=where, error=error, fix=fix):
        if isinstance(record, SummbenchError):
            raise record
        yield number, record


def check_surrogates(raw: str, record: Any, where: str, error: type[SummbenchError]) -> None:
    """Refuse a decoded record holding a lone surrogate (see :mod:`bench.surrogates`);
    ``raw`` is its JSON text, looked at first so that ordinary records cost one search."""
    if surrogates.may_hold_surrogate(raw):
        found = surrogates.find_lone_surrogate(record)
        if found is not None:
            raise error(surrogates.describe(*found), where=where, fix=surrogates.FIX)


def iter_json_lines(
    text: str, *, where: str, error: type[SummbenchError], fix: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSON Lines text."""
    return iter_json_objects(split_lines(text), where=where, error=error, fix=fix)
