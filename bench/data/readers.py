"""Reading JSON Lines, JSON and CSV data files ourselves, each row with its line number.

These formats go through the standard library rather than the ``datasets`` library because
Arrow gives each column one type and converts to reach it: CSV ids ``007`` become the integer 7,
JSON ids ``1`` and ``2.5`` both become floats, and a row whose types differ from the others
fails with an Arrow error that names no line. Here CSV cells stay text, JSON values keep their
JSON type (for :mod:`bench.data.fields` to accept or refuse), and every row knows its line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import DatasetError, shorten
from ..jsonlines import DECODER, check_surrogates, describe_json_error, iter_json_lines
from ..utf8 import read_utf8

#: (where, row): ``where`` is ``file:line``, for error messages.
LocatedRow = tuple[str, dict[str, Any]]

SUFFIXES = (".jsonl", ".json", ".csv")

_JSON_FIX = (
    "write one JSON object per line (JSON Lines), or, in a .json file, one JSON array of objects."
)
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, and nothing else


def read_rows(path: Path) -> list[LocatedRow]:
    """The rows of a ``.jsonl``, ``.json`` or ``.csv`` file."""
    text = read_utf8(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, text)
    if suffix == ".json" and text[_WHITESPACE.match(text).end() :].startswith("["):
        return _json_array_rows(path, text)
    return [
        (f"{path}:{number}", record)
        for number, record in iter_json_lines(
            text, where=str(path), error=DatasetError, fix=_JSON_FIX
        )
    ]


def _json_array_rows(path: Path, text: str) -> list[LocatedRow]:
    """The objects of a JSON array, each with the line it starts on."""
    rows: list[LocatedRow] = []
    position = _WHITESPACE.match(text).end() + 1  # after "["
    line, counted = 1, 0

    def fail(problem: str, at: int) -> DatasetError:
        where = f"{path}:{text.count(chr(10), 0, at) + 1}"
        return DatasetError(problem, where=where, fix=_JSON_FIX)

    position = _WHITESPACE.match(text, position).end()
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            line += text.count("\n", counted, position)
            counted = position
            try:
                record, position = DECODER.raw_decode(text, position)
            except (ValueError, RecursionError) as err:
                problem = describe_json_error(err)
                at = err.pos if hasattr(err, "pos") else position
                raise fail(problem + ".", at) from None
            if not isinstance(record, dict):
                raise fail("an item of the array is not a JSON object.", counted)
            check_surrogates(text[counted:position], record, f"{path}:{line}", DatasetError)
            rows.append((f"{path}:{line}", record))
            position = _WHITESPACE.match(text, position).end()
            if text.startswith(",", position):
                position = _WHITESPACE.match(text, position + 1).end()
            elif text.startswith("]", position):
                position += 1
                break
            else:
                raise fail('not valid JSON (expected "," or "]" after an item).', position)
    if text[_WHITESPACE.match(text, position).end() :]:
        raise fail("not valid JSON (extra data after the array).", position)
    return rows


def csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str] | DatasetError]]:
    """(line the row starts on, row as text cells) for each row of a CSV text, or (line, the
    error) for a row that is not as wide as the header: for readers that report every bad
    row. A header that names a column twice, and text the csv module cannot read on, end the
    rows with their error.

    Every row must be as wide as the header (the ``datasets`` loader silently cut a longer row
    to the header). Blank lines are skipped.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        yield 1, DatasetError("the CSV file is empty.", where=str(path), fix="add a header row.")
        return
    seen: set[str] = set()
    for name in header:
        if name in seen:
            yield 1, DatasetError(
                f"the header names column {shorten(name)} twice.",
                where=f"{path}:1",
                fix="give every column a distinct name.",
            )
            return
        seen.add(name)
    start = reader.line_num + 1
    try:
        for cells in reader:
            number, start = start, reader.line_num + 1
            if not cells:
                continue
            if len(cells) != len(header):
                yield number, DatasetError(
                    f"row has {len(cells)} fields, the header has {len(header)}.",
                    where=f"{path}:{number}",
                    fix="quote fields that contain commas, or remove the extra fields.",
                )
                continue
            yield number, dict(zip(header, cells, strict=True))
    except csv.Error as err:
        yield start, DatasetError(
            f"not readable as CSV ({err}).",
            where=f"{path}:{start}",
            fix="check the quoting of that row.",
        )


def iter_csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line the row starts on, row as text cells) for each row of a CSV text; the first bad
    row raises its :class:`DatasetError` (see :func:`csv_rows`)."""
    for number, row in csv_rows(path, text):
        if isinstance(row, DatasetError):
            raise row
        yield number, row


def _csv_rows(path: Path, text: str) -> list[LocatedRow]:
    return [(f"{path}:{number}", row) for number, row in iter_csv_rows(path, text)]
