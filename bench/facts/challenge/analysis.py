"""The parse every perturbation reads: spaCy's tokens, lemmas, entities and dependencies, and
what a claim mentions (so that an edit touches only what the claim depends on)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...errors import SummbenchError
from ..parsing import PIPELINE
from .numbers import scales_in, values_in

#: Fixed, so that the parse cannot depend on how texts were grouped.
BATCH_SIZE = 64


@cache
def pipeline() -> Any:
    """The packaged small English spaCy pipeline (loaded once)."""
    try:
        import spacy

        return spacy.load(PIPELINE)
    except (ImportError, OSError) as err:
        raise SummbenchError(
            f"the spaCy pipeline {PIPELINE} cannot be loaded ({err}).",
            fix="install the project with its locked dependencies: "
            "pip install -c requirements.lock -e .",
        ) from None


def parse(texts: Iterable[str]) -> dict[str, Any]:
    """Text -> its spaCy Doc, each distinct text parsed once, in sorted order."""
    unique = sorted(set(texts))
    return dict(zip(unique, pipeline().pipe(unique, batch_size=BATCH_SIZE), strict=True))


def content(token: Any) -> bool:
    """A word that carries content (not a stop word, not punctuation)."""
    return not token.is_stop and not token.is_punct and not token.is_space and any(
        c.isalnum() for c in token.text
    )


@dataclass(frozen=True)
class ClaimFacts:
    """What a claim mentions: its lower-cased words and lemmas, and its numbers."""

    text: str
    words: frozenset[str]
    content: frozenset[str]
    numbers: frozenset[str]
    scales: frozenset[str]
    #: (lower-cased word, entity label) of every word inside a named entity of the claim.
    entity_words: frozenset[tuple[str, str]] = frozenset()

    def mentions_any(self, tokens: Iterable[Any]) -> bool:
        """Whether the claim holds one of ``tokens``' content words (word or lemma)."""
        return any(
            content(t) and (t.lower_ in self.words or t.lemma_.lower() in self.words)
            for t in tokens
        )


def claim_facts(doc: Any) -> ClaimFacts:
    """The words of a parsed claim (forms, lemmas and the parts of hyphenated words)."""
    words = set()
    for token in doc:
        words.add(token.lower_)
        words.add(token.lemma_.lower())
        if "-" in token.lower_:
            words.update(token.lower_.split("-"))
    return ClaimFacts(
        text=doc.text,
        words=frozenset(words),
        content=frozenset(t.lemma_.lower() for t in doc if content(t)),
        numbers=values_in(doc.text),
        scales=scales_in(doc.text),
        entity_words=frozenset((t.lower_, e.label_) for e in doc.ents for t in e),
    )


def coverage(claim: ClaimFacts, sentence: Any) -> float:
    """Share of the claim's content lemmas that ``sentence`` (a Doc or Span) holds, as a word
    or a lemma: how well the sentence states the claim, roughly."""
    if not claim.content:
        return 0.0
    held = set()
    for token in sentence:
        held.add(token.lower_)
        held.add(token.lemma_.lower())
        if "-" in token.lower_:
            held.update(token.lower_.split("-"))
    return len(claim.content & held) / len(claim.content)
