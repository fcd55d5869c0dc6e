"""Contradictions a summary sentence makes against a claim, found by rules (no probes needed).

A sentence contradicts a claim when it states the rest of the claim and disagrees on one of
the things summaries get wrong: a number, a date, a name in the same place, or polarity.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..probe.corruptions import entities
from .lexical import slots
from .normalize import NEGATIONS, Normalizer

#: Share of a claim's other content words a sentence must hold before a disagreement in it
#: counts as a contradiction (the lexical matcher's value).
CONFLICT_COVERAGE = 0.8


@dataclass(frozen=True)
class ClaimParts:
    """A claim's words, as the checks need them."""

    tokens: tuple[str, ...]
    content: frozenset[str]
    content_seq: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]  # normalised content tokens of each name
    numbers: frozenset[str]  # numbers, years, months, weekdays (normalised)
    slots: dict[str, frozenset[str]]
    negations: frozenset[str]


@dataclass(frozen=True)
class Conflict:
    """Why a sentence contradicts a claim."""

    kind: str  # "number", "date", "name", "negation"
    claim_value: str
    summary_value: str
    sentence: str

    def describe(self) -> str:
        if self.kind == "negation":
            return f"negated: {self.sentence}"
        return f"{self.kind} {self.claim_value!r} stated as {self.summary_value!r}: {self.sentence}"


def claim_parts(text: str, normalizer: Normalizer) -> ClaimParts:
    tokens = normalizer.tokens(text)
    content_seq = normalizer.content(tokens)
    names = []
    for name in entities(text):
        words = tuple(normalizer.content(normalizer.tokens(name)))
        if words:
            names.append(words)
    claim_slots = {k: v for k, v in slots(text, tokens).items() if v}
    numbers = frozenset(v for values in claim_slots.values() for v in values)
    return ClaimParts(
        tuple(tokens),
        frozenset(content_seq),
        tuple(content_seq),
        tuple(names),
        frozenset(normalizer.tokens(" ".join(numbers))) if numbers else frozenset(),
        claim_slots,
        frozenset(set(tokens) & NEGATIONS),
    )


def find_conflict(
    parts: ClaimParts, sentence: str, tokens: list[str], normalizer: Normalizer
) -> Conflict | None:
    """How ``sentence`` contradicts the claim, if it states the rest of it with another
    number, date or polarity; else None."""
    if not parts.content:
        return None
    content = set(normalizer.content(tokens))
    sentence_slots = slots(sentence, tokens)
    for kind, values in parts.slots.items():
        others = sentence_slots[kind] - values
        if not others or values & sentence_slots[kind]:
            continue
        rest = parts.content - set(normalizer.tokens(" ".join(values)))
        if rest and len(rest & content) / len(rest) >= CONFLICT_COVERAGE:
            label = "number" if kind == "count" else "date"
            return Conflict(label, ", ".join(sorted(values)), ", ".join(sorted(others)), sentence)
    extra = (set(tokens) & NEGATIONS) - parts.negations
    if extra and len(parts.content & content) / len(parts.content) >= CONFLICT_COVERAGE:
        return Conflict("negation", "", ", ".join(sorted(extra)), sentence)
    return None
