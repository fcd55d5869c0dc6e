"""Descriptive statistics of a summary: length, compression, extractiveness, repetition.

Extractive fragment coverage and density follow Grusky et al. (2018, Newsroom): the summary is
covered greedily by the longest shared word sequences with the source; coverage is the share of
summary words inside a fragment, density the mean squared fragment length per summary word.
None of these is better when higher or lower: they describe, they do not rank.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import words
from .base import Column, ItemScore, Metric, ScoringItem


def fragments(summary: Sequence[str], source: Sequence[str]) -> list[int]:
    """Lengths of the extractive fragments (Grusky et al., 2018, Algorithm 1)."""
    positions: dict[str, list[int]] = {}
    for j, token in enumerate(source):
        positions.setdefault(token, []).append(j)
    lengths = []
    i = 0
    while i < len(summary):
        longest = 0
        for j in positions.get(summary[i], ()):
            k = 0
            while i + k < len(summary) and j + k < len(source) and summary[i + k] == source[j + k]:
                k += 1
            longest = max(longest, k)
        if longest:
            lengths.append(longest)
        i += max(longest, 1)
    return lengths


def _ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def novel_ratio(summary: Sequence[str], source: Sequence[str], n: int) -> float | None:
    """Share of the summary's n-grams that never occur in the source."""
    grams = _ngrams(summary, n)
    if not grams:
        return None
    seen = set(_ngrams(source, n))
    return sum(g not in seen for g in grams) / len(grams)


def repetition(summary: Sequence[str], n: int = 3) -> float | None:
    """Share of the summary's n-grams that repeat an earlier one."""
    grams = _ngrams(summary, n)
    if not grams:
        return None
    return 1 - len(set(grams)) / len(grams)


class TextStatsMetric(Metric):
    """Length, compression ratio, fragment coverage/density, novel n-grams, repetition."""

    name = "textstats"
    needs = frozenset({"source"})

    def columns(self) -> list[Column]:
        """Length and extractiveness statistics; none of them has a better direction."""
        return [
            Column("words", "Words", None, headline=True, decimals=1),
            Column("compression", "Compression", None),
            Column("coverage", "Coverage", None),
            Column("density", "Density", None),
            Column("novel_1gram", "Novel 1-grams", None),
            Column("novel_2gram", "Novel 2-grams", None),
            Column("repetition", "Repeated 3-grams", None),
        ]

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """Words, compression, coverage, density and novel n-grams of each summary against its
        source, and its repeated 3-grams."""
        source_tokens: dict[str, list[str]] = {}
        out = []
        for item in items:
            source = item.example.source
            if source not in source_tokens:
                source_tokens[source] = [w.lower() for w in words(source)]
            src = source_tokens[source]
            summ = [w.lower() for w in words(item.candidate)]
            frags = fragments(summ, src)
            n = len(summ)
            out.append(
                ItemScore(
                    {
                        "words": float(n),
                        "compression": len(src) / n if n else None,
                        "coverage": sum(frags) / n if n else None,
                        "density": sum(f * f for f in frags) / n if n else None,
                        "novel_1gram": novel_ratio(summ, src, 1),
                        "novel_2gram": novel_ratio(summ, src, 2),
                        "repetition": repetition(summ),
                    }
                )
            )
        return out

    def signature(self) -> str:
        """Lower-cased words and Grusky et al.'s (2018) fragments."""
        return "textstats|tok:words-lower|frag:grusky2018"
