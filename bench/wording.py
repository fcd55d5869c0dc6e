"""Counted nouns in messages: "1 system", "6 systems".

Messages name counts that are often one (one predictions file, one metric, one failed example),
and "1 systems" reads as a bug. Every message that puts a count before a noun goes through
:func:`counted`.
"""

from __future__ import annotations

#: Plurals that are not the singular plus "s".
_IRREGULAR = {"summary": "summaries", "query": "queries", "entry": "entries"}


def plural(noun: str) -> str:
    """The plural of one of our nouns ("system" -> "systems", "summary" -> "summaries")."""
    return _IRREGULAR.get(noun, noun + "s")


def counted(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and ``noun`` in the number that agrees with it: "1 metric", "0 metrics".
    ``many`` is the plural where :func:`plural` does not know it."""
    return f"{count} {noun if count == 1 else (many or plural(noun))}"
