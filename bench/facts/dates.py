"""Dates and times as written in news text, read into parts that can be compared.

"on Monday", "in March 2014", "March 3", "3rd March", "2014", "at 3pm", "15:30", "10.30am".
A :class:`When` holds the parts the text names (year, month, day, weekday, hour); two agree
unless a part both name differs ("in 2014" agrees with "in March 2014"; "on Monday" does not
agree with "on Tuesday"). Words without a fixed point ("last week", "yesterday", "three
years") name no part and are never compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .parsing import Parse

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)} | {
    m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES) if m != "may"
}
MONTHS["sept"] = 9
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
#: Weekdays, and their plurals ("on Mondays": the same day of the week).
WEEKDAYS = {d: i for i, d in enumerate(_DAY_NAMES)} | {d + "s": i for i, d in enumerate(_DAY_NAMES)}
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)?$")
_DAY = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
PARTS = ("year", "month", "day", "weekday", "hour")


@dataclass(frozen=True)
class When:
    """The parts of a date or time a text names (None: not named)."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    hour: float | None
    text: str
    tokens: tuple[int, ...]

    @property
    def named(self) -> bool:
        """Whether any part (a year, a month...) is named at all."""
        return any(getattr(self, part) is not None for part in PARTS)

    def shares_part(self, other: When) -> bool:
        """Both name at least one same part (a year, a month...)."""
        return any(getattr(self, p) is not None and getattr(other, p) is not None for p in PARTS)

    def agrees(self, other: When) -> bool:
        """No part named by both differs."""
        for part in PARTS:
            mine, theirs = getattr(self, part), getattr(other, part)
            if mine is not None and theirs is not None and mine != theirs:
                return False
        return True


def year_of(word: str) -> int | None:
    """The year a word writes (four digits, 1800-2199), or None."""
    if len(word) == 4 and word.isdigit() and 1800 <= int(word) <= 2199:
        return int(word)
    return None


def read_when(parse: Parse, indices: Sequence[int]) -> When:
    """The date or time the tokens ``indices`` of ``parse`` name (an entity's tokens)."""
    tokens = parse.tokens
    chosen = sorted(indices)
    year = month = day = weekday = None
    hour = None
    for k, i in enumerate(chosen):
        token = tokens[i]
        word = token.lower.rstrip(".")
        if year_of(word) is not None:
            year = year_of(word)
        elif word in MONTHS and (word != "may" or token.text == "May"):
            month = MONTHS[word]
        elif word in WEEKDAYS:
            weekday = WEEKDAYS[word]
        elif word in ("noon", "midday"):
            hour = 12.0
        elif word == "midnight":
            hour = 0.0
        else:
            clock = _CLOCK.match(token.lower)
            following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            suffix = (clock.group(3) if clock else None) or (
                following if following in ("am", "pm", "a.m.", "p.m.") else None
            )
            near_month = any(
                tokens[j].lower.rstrip(".") in MONTHS for j in chosen[max(0, k - 1) : k + 2]
            )
            if clock and (suffix or clock.group(2)) and token.ent == "TIME":
                hours = int(clock.group(1)) % 12 if suffix else int(clock.group(1))
                hour = hours + (12 if suffix and suffix.startswith("p") else 0)
                hour += int(clock.group(2) or 0) / 60
            elif _DAY.match(word) and near_month and 1 <= int(_DAY.match(word).group(1)) <= 31:
                day = int(_DAY.match(word).group(1))
    start_end = parse.span_text(chosen)
    return When(year, month, day, weekday, hour, start_end[2], tuple(chosen))
