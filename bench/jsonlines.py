"""Reading JSON Lines, with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import SummbenchError


def iter_json_objects(
    lines: Iterable[str], *, where: str, error: type[SummbenchError], fix: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a bad line raises ``error``."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise error(
                f"not valid JSON ({err.msg}, column {err.colno}).",
                where=f"{where}:{number}",
                fix=fix,
            ) from None
        if not isinstance(record, dict):
            raise error("a line must be a JSON object.", where=f"{where}:{number}", fix=fix)
        yield number, record
