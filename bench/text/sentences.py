"""Rule-based sentence splitting that works offline.

pysbd does the work (nltk's punkt data cannot be downloaded here). Two additions, both because
summaries in the wild are not always well formed:

* line breaks are hard boundaries (paragraphs, and one-sentence-a-line outputs);
* lower-cased, tokenized system output (``he left . the talks ended .``) is split at a
  free-standing ``.``/``!``/``?``, which pysbd leaves alone because it waits for a capital.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A standalone terminator between spaces, as in tokenized text: "word . next".
_TOKENIZED_BOUNDARY = re.compile(r"(?<=\s[.!?])\s+(?=\S)")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for piece in _segmenter().segment(line):
            for part in _TOKENIZED_BOUNDARY.split(piece):
                part = part.strip()
                if part:
                    sentences.append(part)
    return tuple(sentences)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, stripped and non-empty, in order."""
    return list(_split_cached(text))


def sentence_windows(text: str, max_width: int) -> list[str]:
    """Every run of 1..``max_width`` adjacent sentences, joined by spaces (shortest first).

    Fact matchers compare a claim with each window: a fact can span two sentences.
    """
    sentences = split_sentences(text)
    return [
        " ".join(sentences[start : start + width])
        for width in range(1, max_width + 1)
        for start in range(len(sentences) - width + 1)
    ]
