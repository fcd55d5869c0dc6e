"""Named things in plain text without a tagger: runs of capitalised words ("The Chosun Ilbo"
-> "Chosun Ilbo"), shared by the probe's corruptions (which swap one for another) and the
fact rules' conflicts (which read a changed name).

No model is needed: a run is capitalised words not led by a sentence-initial function word, a
month or a weekday.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset(
    [
        "A",
        "An",
        "The",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "Of",
        "And",
        "But",
        "Or",
        "However",
        "After",
        "Before",
        "While",
        "When",
        "Since",
        "As",
        "If",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "About",
        "Around",
        "Some",
        "Most",
        "Many",
        "Every",
        "Local",
        "Addressing",
    ]
)
_ENTITY = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
#: The months, capitalised, in order.
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NOT_ENTITIES = _FUNCTION_WORDS | set(MONTHS) | set(_WEEKDAYS)


def entities(text: str) -> list[str]:
    """Capitalised word runs without leading function words, months or weekdays
    ("The Chosun Ilbo" -> "Chosun Ilbo"); dates are the number corruption's business."""
    found = []
    for match in _ENTITY.finditer(text):
        words = match.group(0).split()
        while words and words[0] in _NOT_ENTITIES:
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return found
