"""The values a claim can get wrong, by kind (years, other numbers, months, weekdays): read by
the lexical matcher and by the contradiction rules (:mod:`.conflicts`), below both."""

from __future__ import annotations

import re
from collections.abc import Sequence

_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2199


def slots(text: str, tokens: Sequence[str]) -> dict[str, frozenset[str]]:
    """The values a claim can get wrong, by kind: years, other numbers, months, weekdays.

    A sentence that states the rest of a claim with another value of the same kind contradicts
    it ("defected in October" against "defected in November").
    """
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    numbers = {t for t in tokens if t.isdigit()}
    return {
        "year": frozenset(n for n in numbers if _is_year(n)),
        "count": frozenset(n for n in numbers if not _is_year(n)),
        # "may" is a month only when capitalised: "he may leave" is not a date.
        "month": frozenset(w for w in words & _MONTHS if w != "may")
        | (frozenset({"may"}) if re.search(r"\bMay\b", text) else frozenset()),
        "weekday": frozenset(words & _WEEKDAYS),
    }
