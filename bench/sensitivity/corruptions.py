"""Controlled corruptions of a good summary, each a single, known kind of error.

No tagger or NER model is needed (none ships offline): entities are runs of capitalised words
that are not sentence-initial function words, numbers are digits, number words, months and
years. Every corruption is drawn with the generator passed in, so a seed reproduces it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..text import split_sentences
from ..text.entities import MONTHS, entities

KINDS = ("entity", "number", "negation", "omission", "insertion", "shuffle")

_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_NUMBER = re.compile(
    r"\b(?:\d[\d,.]*|"
    + "|".join(MONTHS + [w.capitalize() for w in _NUMBER_WORDS] + _NUMBER_WORDS)
    + r")\b"
)
_AUXILIARY = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|can|could|did|does|do|must|should)\b"
)


@dataclass(frozen=True)
class Corruption:
    """A corrupted copy of a summary: the kind of error (one of :data:`KINDS`), the text,
    and what was changed ("Smith -> Jones")."""

    kind: str
    text: str
    detail: str


def _swap_entity(summary: str, source: str, rng: np.random.Generator) -> Corruption | None:
    present = sorted(set(entities(summary)))
    candidates = sorted({e for e in entities(source) if e not in summary and len(e) > 2})
    if not present or not candidates:
        return None
    old = present[int(rng.integers(len(present)))]
    new = candidates[int(rng.integers(len(candidates)))]
    return Corruption("entity", summary.replace(old, new, 1), f"{old} -> {new}")


def _change_number(summary: str, rng: np.random.Generator) -> Corruption | None:
    matches = list(_NUMBER.finditer(summary))
    if not matches:
        return None
    match = matches[int(rng.integers(len(matches)))]
    old = match.group(0)
    if old in MONTHS:
        new = MONTHS[(MONTHS.index(old) + int(rng.integers(1, 12))) % 12]
    elif old.lower() in _NUMBER_WORDS:
        choices = [w for w in _NUMBER_WORDS if w != old.lower()]
        new = choices[int(rng.integers(len(choices)))]
        new = new.capitalize() if old[0].isupper() else new
    else:
        digits = old.rstrip(".,").replace(",", "")
        try:
            value = int(float(digits))
        except ValueError:
            return None
        step = int(rng.integers(1, 4)) if 1800 <= value <= 2100 else int(rng.integers(2, 10))
        new = str(value + step if rng.random() < 0.5 or value - step < 0 else value - step)
    text = summary[: match.start()] + new + summary[match.end() :]
    return Corruption("number", text, f"{old} -> {new}")


def _negate(summary: str, rng: np.random.Generator) -> Corruption | None:
    sentences = split_sentences(summary)
    if not sentences:
        return None
    order = rng.permutation(len(sentences))
    for i in order:
        match = _AUXILIARY.search(sentences[i])
        if match:
            sentences[i] = sentences[i][: match.end()] + " not" + sentences[i][match.end() :]
            return Corruption("negation", " ".join(sentences), f"not after '{match.group(0)}'")
    i = int(order[0])
    sentence = sentences[i]
    sentences[i] = "It is not true that " + sentence[:1].lower() + sentence[1:]
    return Corruption("negation", " ".join(sentences), "'It is not true that' prefixed")


def _omit(summary: str, rng: np.random.Generator) -> Corruption | None:
    sentences = split_sentences(summary)
    if len(sentences) < 2:
        return None
    drop = int(rng.integers(len(sentences)))
    kept = [s for i, s in enumerate(sentences) if i != drop]
    return Corruption("omission", " ".join(kept), f"dropped sentence {drop + 1}")


def _insert(
    summary: str, distractors: Sequence[str], rng: np.random.Generator
) -> Corruption | None:
    if not distractors:
        return None
    sentence = distractors[int(rng.integers(len(distractors)))]
    sentences = split_sentences(summary)
    at = int(rng.integers(len(sentences) + 1))
    sentences.insert(at, sentence)
    return Corruption("insertion", " ".join(sentences), f"inserted: {sentence[:60]}")


def _shuffle(summary: str, rng: np.random.Generator) -> Corruption | None:
    words = summary.split()
    if len(words) < 3:
        return None
    shuffled = [words[i] for i in rng.permutation(len(words))]
    return Corruption("shuffle", " ".join(shuffled), "words shuffled")


def corrupt(
    kind: str, summary: str, *, source: str, distractors: Sequence[str], rng: np.random.Generator
) -> Corruption | None:
    """One corruption of ``kind``, or None when the summary offers nothing to corrupt."""
    if kind == "entity":
        return _swap_entity(summary, source, rng)
    if kind == "number":
        return _change_number(summary, rng)
    if kind == "negation":
        return _negate(summary, rng)
    if kind == "omission":
        return _omit(summary, rng)
    if kind == "insertion":
        return _insert(summary, distractors, rng)
    if kind == "shuffle":
        return _shuffle(summary, rng)
    raise ValueError(f"unknown corruption kind {kind!r}")
