"""How much text ROUGE takes, and which implementation scores which pair.

ROUGE-L compares every token of a summary with every token of its reference, and ROUGE-Lsum
every token of each summary sentence with every token of each reference sentence:
rouge-score and rouge-score-rs fill those m x n tables (rouge-score-rs: 4 bytes a cell, so two
20,000-word texts take 1.6 GB for ROUGE-L, and two 100,000-word texts abort the process asking
for 40 GB). So a pair whose whole-text table could exceed :data:`NATIVE_CELLS` never reaches
them whole (:func:`route`):

* ROUGE-L is scored by our pure-Python scorer (:mod:`.rouge_python`), whose memory is linear
  in the lengths, with the same numbers to the bit;
* the other types stay with rouge-score-rs when its largest sentence-pair table is within
  :data:`NATIVE_SENTENCE_CELLS` (so ROUGE-Lsum on long texts of ordinary sentences keeps its
  speed), else go to our scorer too.

Time stays about m x n / 64 machine-word steps for ROUGE-L (and m x n cell steps for
ROUGE-Lsum in rouge-score-rs), so a pair beyond :data:`MAX_CELLS` is refused with
:class:`TooLongError` before any of the batch is scored, and so is ROUGE-Lsum in our Python
scorer beyond :data:`MAX_SENTENCE_PAIRS` (one Python call per sentence pair). ROUGE-N alone is
linear: it has no cap.

Whether a pair is small is first decided without tokenizing, from :func:`length_bound`, an
upper bound on a text's token count that costs one C-speed pass; only pairs it cannot clear
are tokenized and measured exactly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SummbenchError

#: LCS cells up to which a pair goes to the configured backend: rouge-score-rs then needs at
#: most 16 MB for its table, rouge-score (Python lists of ints) about 150 MB.
NATIVE_CELLS = 1 << 22
#: LCS cells (summary tokens x reference tokens) beyond which a pair with ROUGE-L or -Lsum is
#: refused: two 131,072-token texts (about 125,000 words of news each), about a minute on one
#: core (perf/long_text_bench.py).
MAX_CELLS = 1 << 34
#: Cells of rouge-score-rs's largest ROUGE-Lsum sentence-pair table (one at a time) up to
#: which it scores a long pair's other types: 128 MB.
NATIVE_SENTENCE_CELLS = 1 << 25
#: Our Python ROUGE-Lsum makes one call per (reference sentence, summary sentence), ~20-60 us
#: for ordinary sentences: beyond this many (about a minute), a pair it would score is refused.
MAX_SENTENCE_PAIRS = 1_000_000


class TooLongError(SummbenchError):
    """A summary and reference too long to score in bounded time."""


def length_bound(text: str, unicode_tokenizer: bool) -> int:
    """At least as many as the tokens either tokenizer makes of ``text``.

    Every token is one or more characters of the lower-cased text (NFKC-normalized first for
    the unicode tokenizer, which can lengthen it: U+FDFA becomes 18 characters), and tokens
    do not overlap, so that text's length bounds their number.
    """
    if unicode_tokenizer:
        text = unicodedata.normalize("NFKC", text)
    return len(text.lower())


@dataclass(frozen=True)
class Size:
    """A prepared text's tokens, its non-empty lines (ROUGE-Lsum's sentences) and the tokens
    of its longest line."""

    tokens: int
    sentences: int
    longest: int


def measure(text: str, tokenize) -> Size:
    """The exact :class:`Size` of a prepared text under ``tokenize`` (no token spans a line
    break, so the lines' tokens add up to the text's)."""
    counts = [len(tokenize(line)) for line in text.split("\n") if line]
    return Size(sum(counts), len(counts), max(counts, default=0))


#: How a pair is scored: by the configured backend; by it without ROUGE-L, which our Python
#: scorer adds; or by our Python scorer alone.
NATIVE, SPLIT, PYTHON = "native", "split", "python"


def route(summary: Size, reference: Size, *, backend: str, types: Sequence[str]) -> str:
    """Where a pair that failed the quick bound goes (see the module docstring)."""
    if summary.tokens * reference.tokens <= NATIVE_CELLS:
        return NATIVE
    if backend == "rust" and summary.longest * reference.longest <= NATIVE_SENTENCE_CELLS:
        return SPLIT
    return PYTHON


def check(
    summary: Size,
    reference: Size,
    *,
    types: Sequence[str],
    how: str,
    example: str,
    reference_no: str,
) -> None:
    """Refuse a pair whose ROUGE-L/Lsum would take too long scored ``how`` (a :func:`route`)."""
    lcs, lsum = "rougeL" in types, "rougeLsum" in types
    cells = summary.tokens * reference.tokens
    fix = (
        "shorten the summaries or references (for example, truncate them), or leave rougeL and "
        "rougeLsum out of the rouge metric's `types` (ROUGE-1/2 have no length cap)."
    )
    where = f"example {example!r}, reference {reference_no}"
    if (lcs or lsum) and cells > MAX_CELLS:
        raise TooLongError(
            f"the summary has {summary.tokens:,} tokens and the reference {reference.tokens:,}: "
            f"ROUGE-{'L' if lcs else 'Lsum'} compares each token of one with each of the "
            f"other ({cells:,} "
            f"comparisons), beyond summbench's cap of {MAX_CELLS:,} "
            "(bench.metrics.rouge_limits.MAX_CELLS: two texts of 131,072 tokens).",
            where=where,
            fix=fix,
        )
    pairs = summary.sentences * reference.sentences
    if lsum and how == PYTHON and pairs > MAX_SENTENCE_PAIRS:
        raise TooLongError(
            f"the summary has {summary.sentences:,} sentences and the reference "
            f"{reference.sentences:,}: ROUGE-Lsum compares each sentence of one with each of "
            f"the other ({pairs:,} pairs), beyond summbench's cap of {MAX_SENTENCE_PAIRS:,} "
            "for its pure-Python scorer (bench.metrics.rouge_limits.MAX_SENTENCE_PAIRS).",
            where=where,
            fix="install rouge-score-rs and use `backend: auto` (it scores such pairs), shorten "
            "the texts, or leave rougeLsum out of the rouge metric's `types`.",
        )
