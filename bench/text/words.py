"""Word tokens for counting and overlap statistics (not for ROUGE, which has its own)."""

from __future__ import annotations

import re

# Unicode letters and digits, keeping inner apostrophes and hyphens ("Yong-ho", "don't").
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` as written (case kept)."""
    return _WORD.findall(text)


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(words(text))
