"""Reading a user's text file as UTF-8, with an error that points at the bad byte."""

from __future__ import annotations

from pathlib import Path

from .errors import DatasetError


def read_utf8(path: Path) -> str:
    """The file's text (a UTF-8 BOM is dropped); a byte that is not UTF-8 is a
    :class:`DatasetError` naming its line and column."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise DatasetError(
            f"byte 0x{data[err.start]:02x} at line {line}, column {column} is not UTF-8.",
            where=f"{path}:{line}",
            fix="save the file as UTF-8 (for example: iconv -f latin1 -t utf-8).",
        ) from None
