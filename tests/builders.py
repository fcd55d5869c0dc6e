"""Small builders for files the tests write (sumy's tests/utils.py habit)."""

from __future__ import annotations

import json


def write(tmp_path, name: str, content: str | bytes) -> str:
    """Write text (UTF-8) or bytes to ``tmp_path/name``; returns the path as a string."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def jsonl(*rows) -> str:
    """Rows as JSON Lines text."""
    return "".join(json.dumps(r) + "\n" for r in rows)
