"""A transparent lexical fact matcher.

For each claim it looks at every summary sentence and every pair of adjacent sentences (a fact
can span two), and measures how many of the claim's content words the window contains, after
normalisation (aliases, numbers, stemming; see :mod:`bench.facts.normalize`). A claim is
*present* when that coverage reaches ``threshold`` and the window holds every required phrase:
the claim's ``keys``, its numbers, and one of its ``any_of`` cues. It is *contradicted* when a
sentence states the rest of the claim with a conflicting number, another name in the claim
name's place, or a negation bearing on the claim's words (:mod:`bench.facts.conflicts`).

Every verdict comes with the window it was read from, so a user can check it by eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import Field

from ..plugin import PluginArgs
from ..progress import advance
from ..text import split_sentences
from .conflicts import claim_parts, find_name_conflict, negations_in_scope, proper_words
from .matcher import Claim, ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import NEGATIONS, Normalizer, contains_phrase, shared_normalizer
from .slots import slots


@dataclass(frozen=True)
class _Window:
    text: str
    tokens: tuple[str, ...]
    content: frozenset[str]
    width: int
    slots: dict[str, frozenset[str]]


#: Share of a claim's other words a sentence must hold before a different year, number or
#: month in it counts as a contradiction. Stricter than presence: at 0.6, "stationed in Cuba,
#: defected to South Korea in November" contradicted "Cuba and South Korea established
#: relations in February" on the seed references.
CONFLICT_COVERAGE = 0.8


class LexicalArgs(PluginArgs):
    """Settings of the lexical matcher: the share of content words needed, and the window."""

    # 0.6 agrees with the seed set's annotated references on 99% of judgements (with its
    # synonym groups); on PyrXSum, with no synonyms, cross-validation prefers 0.41-0.46.
    threshold: float = Field(
        0.6, gt=0, le=1, description="share of a claim's content words a window must contain"
    )
    window: int = Field(2, ge=1, le=5, description="longest run of adjacent sentences compared")


#: The contradiction rules' version (:mod:`bench.facts.conflicts`), for signatures.
RULES_VERSION = 4


class LexicalMatcher(FactMatcher):
    """Content-word overlap with aliases, numbers and stemming; conflicts are contradictions."""

    name = "lexical"
    Args = LexicalArgs
    args: LexicalArgs

    def signature(self) -> str:
        """Threshold, window, and the version of the contradiction rules and place list."""
        from .places import places_label

        a = self.args
        # rules:2 = negations scoped to the claim's words, names in the claim name's place;
        # rules:3 = a place in the claim place (a city in its country) is no other name;
        # rules:4 = an answer's "No," negates nothing.
        return (
            f"matcher:lexical|thr:{a.threshold:g}|win:{a.window}|stem:porter|stop:sumy-en"
            f"|rules:{RULES_VERSION}+{places_label()}"
        )

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Look for each claim's content words in windows of adjacent summary sentences, and for
        conflicts (negations, other numbers, dates or names) that make it contradicted."""
        results = []
        for task in tasks:
            normalizer = shared_normalizer(task.aliases)
            windows = self._windows(task.summary, normalizer)
            proper = (
                proper_words("\n".join((task.source, *task.references))) if task.source else None
            )
            results.append([self._judge(c, windows, normalizer, proper) for c in task.claims])
            advance(1, "summaries read")
        return results

    def _windows(self, summary: str, normalizer: Normalizer) -> list[_Window]:
        sentences = split_sentences(summary)
        tokenized = [normalizer.tokens(s) for s in sentences]
        windows = []
        for width in range(1, self.args.window + 1):
            for start in range(len(sentences) - width + 1):
                tokens = [t for toks in tokenized[start : start + width] for t in toks]
                text = " ".join(sentences[start : start + width])
                windows.append(
                    _Window(
                        text=text,
                        tokens=tuple(tokens),
                        content=frozenset(normalizer.content(tokens)),
                        width=width,
                        slots=slots(text, tokens),
                    )
                )
        return windows

    def _judge(
        self,
        claim: Claim,
        windows: list[_Window],
        normalizer: Normalizer,
        proper: frozenset[str] | None = None,
    ) -> ClaimVerdict:
        claim_tokens = normalizer.tokens(claim.text)
        content = set(normalizer.content(claim_tokens))
        numbers = {t for t in content if t.isdigit()}
        keys = [normalizer.tokens(k) for k in claim.keys]
        cues = [normalizer.tokens(c) for c in claim.any_of]
        if not content or not windows:
            return ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, "")

        def rank(window: _Window) -> tuple[bool, float]:
            # Prefer windows with every required phrase, then coverage, then narrower ones.
            required = (
                numbers <= window.content
                and all(contains_phrase(window.tokens, k) for k in keys)
                and (not cues or any(contains_phrase(window.tokens, c) for c in cues))
            )
            return (required, len(content & window.content) / len(content))

        required, coverage, window = max(
            ((*rank(w), w) for w in windows), key=lambda r: (r[0], r[1], -r[2].width)
        )
        # The score is the coverage of a window holding every required phrase, else 0.
        score = coverage if required else 0.0
        # Another name in the claim's place contradicts it, however many other words agree.
        renamed = (
            None if claim.any_of else self._name_conflict(claim.text, windows, normalizer, proper)
        )
        if score >= self.args.threshold and renamed is None:
            negated = window.width == 1 and self._negated(claim_tokens, content, window)
            verdict = Verdict.CONTRADICTED if negated else Verdict.PRESENT
            return ClaimVerdict(claim.id, verdict, score, window.text)
        conflict = self._slot_conflict(claim.text, claim_tokens, content, windows, normalizer)
        conflict = conflict or renamed
        if conflict is not None:
            return ClaimVerdict(claim.id, Verdict.CONTRADICTED, score, conflict)
        return ClaimVerdict(claim.id, Verdict.ABSENT, score, window.text if coverage else "")

    @staticmethod
    def _negated(claim_tokens: list[str], content: set[str], window: _Window) -> bool:
        """The sentence negates the claim: it adds a negation whose next content word is one
        of the claim's (:func:`bench.facts.conflicts.negations_in_scope`), so that "the NIS has
        not confirmed this" does not negate "the NIS confirmed the defection" unless it is
        about confirming.

        Only single sentences are checked: in a two-sentence window the negation usually
        belongs to the other sentence.
        """
        claimed = sum(t in NEGATIONS for t in claim_tokens)
        stated = negations_in_scope(list(window.tokens), frozenset(content), window.text)
        return stated > claimed and stated % 2 != claimed % 2

    @staticmethod
    def _name_conflict(
        text: str, windows: list[_Window], normalizer: Normalizer, proper: frozenset[str] | None
    ) -> str | None:
        """A sentence that states the rest of the claim with another name in its place
        (:func:`bench.facts.conflicts.find_name_conflict`, by neighbouring words)."""
        parts = claim_parts(text, normalizer, proper)
        if not parts.names:
            return None
        summary = frozenset(t for w in windows if w.width == 1 for t in w.content)
        for window in windows:
            if window.width != 1:
                continue
            found = find_name_conflict(
                parts,
                None,
                window.text,
                None,
                list(window.tokens),
                window.content,
                summary,
                normalizer,
            )
            if found is not None:
                return found.describe()
        return None

    def _slot_conflict(
        self,
        text: str,
        tokens: list[str],
        content: set[str],
        windows: list[_Window],
        normalizer: Normalizer,
    ) -> str | None:
        """A sentence that states the rest of the claim with another value of the same kind
        (a year for a year, a count for a count, a month for a month) instead of its own."""
        claimed = {kind: values for kind, values in slots(text, tokens).items() if values}
        if not claimed:
            return None
        slot_words = {
            t for values in claimed.values() for v in values for t in normalizer.tokens(v)
        }
        words = content - slot_words
        if not words:
            return None
        for window in windows:
            if window.width != 1:
                continue
            for kind, values in claimed.items():
                others = window.slots[kind] - values
                if (
                    others
                    and not values & window.slots[kind]
                    and len(words & window.content) / len(words) >= CONFLICT_COVERAGE
                ):
                    return window.text
        return None
