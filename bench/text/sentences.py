"""Sentence splitting that works offline.

Two splitters (nltk's punkt data cannot be downloaded here):

* ``rules`` (the default): our rule-based splitter (:mod:`.rules`), 130-370x faster than pysbd,
  agreeing with it on 99.8% of news paragraphs' words-per-sentence, and splitting sentences
  whose separating space went missing ("season.The former");
* ``pysbd``: pysbd 0.3.x, as earlier versions of summbench used everywhere.

Both treat line breaks as hard boundaries (paragraphs, and one-sentence-a-line outputs), and
both split lower-cased, tokenized system output (``he left . the talks ended .``) at a
free-standing ``.``/``!``/``?``, which pysbd alone leaves alone before a lower-case word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from . import rules

Splitter = Literal["rules", "pysbd"]
#: The splitter used wherever none is chosen (summarizers, fact matchers, ROUGE-Lsum).
DEFAULT_SPLITTER: Splitter = "rules"

# A standalone terminator between spaces, as in tokenized text: "word . next".
_TOKENIZED_BOUNDARY = re.compile(r"(?<=\s[.!?])\s+(?=\S)")


def splitter_label(splitter: Splitter = DEFAULT_SPLITTER) -> str:
    """The splitter's name and version, as signatures show it: ``rules-1``, ``pysbd-0.3.4``."""
    if splitter == "rules":
        return f"rules-{rules.VERSION}"
    from ..versions import package_version

    return f"pysbd-{package_version('pysbd')}"


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


# pysbd's time grows with the square of a line's length (it searches the whole line for each
# sentence it found): 110 KB take 8 s, a 1 MB line would take minutes. Longer lines are cut
# into pieces of at most _PIECE characters at a likely sentence end first; below _LONG_LINE
# characters (far beyond any paragraph) pysbd sees the line whole, as before.
_LONG_LINE = 20_000
_PIECE = 10_000
_LIKELY_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _pieces(line: str) -> list[str]:
    if len(line) <= _LONG_LINE:
        return [line]
    pieces = []
    while len(line) > _PIECE:
        ends = [m.end() for m in _LIKELY_END.finditer(line, 0, _PIECE)]
        cut = ends[-1] if ends else _PIECE  # no sentence end at all: cut anywhere
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


def _split_pysbd(line: str) -> list[str]:
    sentences = []
    for piece in (p for chunk in _pieces(line) for p in _segmenter().segment(chunk)):
        for part in _TOKENIZED_BOUNDARY.split(piece):
            part = part.strip()
            if part:
                sentences.append(part)
    return sentences


@lru_cache(maxsize=4096)
def _split_cached(text: str, splitter: Splitter = DEFAULT_SPLITTER) -> tuple[str, ...]:
    split_line = rules.split_line if splitter == "rules" else _split_pysbd
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            sentences += split_line(line)
    return tuple(sentences)


def split_sentences(text: str, splitter: Splitter = DEFAULT_SPLITTER) -> list[str]:
    """Split ``text`` into sentences, stripped and non-empty, in order."""
    return list(_split_cached(text, splitter))


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
