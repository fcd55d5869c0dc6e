"""Lone surrogates: the one kind of Python string that cannot be written as UTF-8.

A JSON or YAML ``"\\ud800"`` escape (half of a UTF-16 pair, without its other half) decodes to
a Python string holding U+D800, which is not a character: writing it to a results file or the
terminal fails deep inside the run. Readers of user data find it first, with
:func:`find_lone_surrogate`, and refuse it naming the file, line and field.
"""

from __future__ import annotations

import re
from typing import Any

_LONE = re.compile("[\ud800-\udfff]")
#: A JSON/YAML escape that may stand for half a pair: only such text can hold a lone one
#: (the UTF-8 readers refuse encoded surrogates), so records without one are not walked.
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

FIX = (
    "write the character itself (or both halves of its UTF-16 pair, e.g. \\ud83d\\ude00), or "
    "remove the lone \\uXXXX escape."
)


def may_hold_surrogate(raw: str) -> bool:
    """Whether JSON/YAML source text has an escape that could decode to a lone surrogate."""
    return "\\" in raw and _ESCAPE.search(raw) is not None


def lone_surrogate_in(text: str) -> str | None:
    """The first lone surrogate in ``text`` (as a ``\\uXXXX`` escape), or None."""
    found = _LONE.search(text)
    return None if found is None else f"\\u{ord(found.group(0)):04x}"


def find_lone_surrogate(value: Any, field: str = "") -> tuple[str, str] | None:
    """(field path such as ``references[2]``, the surrogate as ``\\uXXXX``) of the first string
    (key or value) in decoded JSON/YAML data that holds a lone surrogate; None if none does."""
    stack: list[tuple[str, Any]] = [(field, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            found = lone_surrogate_in(item)
            if found:
                return path or "(the value)", found
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and lone_surrogate_in(key):
                    return f"the key {path + '.' if path else ''}{key!a}", lone_surrogate_in(key)
                stack.append((name, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None


def describe(field: str, escape: str) -> str:
    """The problem, for an error message."""
    return (
        f'field "{field}" holds {escape}, half of a UTF-16 surrogate pair without its other '
        "half: not a character, and not writable as UTF-8."
    )
