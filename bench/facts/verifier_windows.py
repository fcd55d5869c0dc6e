"""Which windows of a summary the verifier's model reads for a claim (the cheap ranking of
:mod:`bench.facts.verifier`'s docstring): every run of adjacent sentences, ranked by the share
of the claim's content words each holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..text import split_sentences
from .normalize import Normalizer


@dataclass(frozen=True)
class SentenceWindow:
    """A run of adjacent sentences (or the whole summary) and its normalised content words."""

    text: str
    content: frozenset[str]
    width: int
    start: int


@dataclass(frozen=True)
class Candidates:
    """The windows one claim is read against (best first) and the best word overlap."""

    windows: tuple[SentenceWindow, ...]
    overlap: float


def summary_windows(
    summary: str, normalizer: Normalizer, *, window: int, whole: int
) -> list[SentenceWindow]:
    """Every run of 1..``window`` adjacent sentences, and the whole summary when it is
    longer than those and has at most ``whole`` words."""
    sentences = split_sentences(summary)
    content = [frozenset(normalizer.content(normalizer.tokens(s))) for s in sentences]
    out = []
    for width in range(1, min(window, len(sentences)) + 1):
        for start in range(len(sentences) - width + 1):
            out.append(
                SentenceWindow(
                    " ".join(sentences[start : start + width]),
                    frozenset().union(*content[start : start + width]),
                    width,
                    start,
                )
            )
    if len(sentences) > window and len(summary.split()) <= whole:
        whole_summary = " ".join(sentences)
        out.append(SentenceWindow(whole_summary, frozenset().union(*content), len(sentences), 0))
    return out


def choose_windows(
    claim: str,
    windows: Sequence[SentenceWindow],
    normalizer: Normalizer,
    *,
    candidates: int,
    min_overlap: float,
    short: int,
) -> Candidates:
    """The windows the model reads for ``claim``: the best ``candidates`` by the share of
    its content words they hold (narrower, then earlier, first among equals); none when
    even the best holds less than ``min_overlap`` (but the whole summary when it has at most
    ``short`` words). A claim without content words (all stop words) is read against the
    first windows."""
    words = frozenset(normalizer.content(normalizer.tokens(claim)))
    if not windows:
        return Candidates((), 0.0)
    if not words:
        ranked = sorted(windows, key=lambda w: (w.width, w.start))
        return Candidates(tuple(ranked[:candidates]), 1.0)
    scored = sorted(
        ((len(words & w.content) / len(words), w) for w in windows),
        key=lambda sw: (-sw[0], sw[1].width, sw[1].start),
    )
    best = scored[0][0]
    if best < min_overlap or best == 0:
        return Candidates(_whole_if_short(windows, short), best)
    chosen = tuple(w for share, w in scored[:candidates] if share > 0)
    return Candidates(chosen, best)


def _whole_if_short(windows: Sequence[SentenceWindow], short: int) -> tuple[SentenceWindow, ...]:
    """The window that spans the whole summary when the summary has at most ``short``
    words ("no one was injured in the blast" states "Nobody was hurt in the explosion"
    and shares no content word with it); nothing otherwise."""
    sentences = sum(w.width == 1 for w in windows)
    whole = [w for w in windows if w.width == sentences]
    if whole and len(whole[0].text.split()) <= short:
        return (whole[0],)
    return ()
