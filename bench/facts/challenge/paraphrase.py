"""Meaning-preserving rewrites of a text (label ``stated``): number formats, synonyms,
reported speech and adverbials moved, passive <-> active, non-essential modifiers dropped.
"""

from __future__ import annotations

import random
from typing import Any

from . import numbers, syntax
from .analysis import ClaimFacts
from .edits import Edit, ProposedEdit, apply_edits, article_edit
from .wordlists import synonyms
from .wordswaps import swap_word

#: Modifiers that change what a phrase refers to or how sure it is: never dropped.
_KEEP = {
    "former", "ex", "fake", "false", "alleged", "allegedly", "suspected", "would-be",
    "so-called", "potential", "possible", "possibly", "likely", "unlikely", "probably",
    "proposed", "planned", "supposed", "apparent", "apparently", "reportedly", "only",
    "just", "nearly", "almost", "never", "not", "no", "hardly", "barely", "first", "last",
    "late", "next", "previous", "other", "same", "new", "old", "own", "interim", "acting",
    "deputy", "vice", "assistant", "junior", "senior", "non", "anti", "partly", "partially",
    "mostly", "largely", "fully", "wholly", "completely", "totally", "mainly", "also", "still",
    "again", "already", "yet", "once", "twice", "formerly", "previously", "currently",
    "temporarily", "permanently", "illegally", "legally", "unlawfully", "wrongly",
    "mistakenly", "accidentally", "deliberately", "unanimously", "narrowly", "finally",
    "immediately", "recently", "publicly", "privately", "jointly", "separately",
    # quantities: "surviving on little sleep" is not "surviving on sleep"
    "little", "few", "much", "many", "several", "enough", "less", "more", "most", "least",
    "fewer", "numerous", "countless", "single", "sole", "entire", "whole", "full", "half",
    "total", "extra", "additional", "further", "maximum", "minimum",
}


def synonym_swaps(sentence: Any, rng: random.Random) -> list[ProposedEdit]:
    """Words swapped for a synonym from ``data/synonyms.tsv`` (injured -> hurt)."""
    out = []
    for token in sentence:
        if token.pos_ in ("VERB", "ADJ", "NOUN"):
            candidate = swap_word(sentence, token, synonyms(), "paraphrase", rng)
            if candidate is not None:
                out.append(candidate)
    return out


def dropped_modifiers(sentence: Any, claim: ClaimFacts) -> list[ProposedEdit]:
    """A one-word adjective or -ly adverb the claim does not hold, dropped ("seriously
    injured" -> "injured" when the claim only says "injured")."""
    out = []
    for token in sentence:
        if token.lower_ in _KEEP or claim.mentions_any([token]) or list(token.children):
            continue
        adjective = token.dep_ == "amod" and token.tag_ == "JJ" and token.i < token.head.i \
            and token.head.pos_ == "NOUN"
        adverb = token.dep_ == "advmod" and token.tag_ == "RB" and token.lower_.endswith("ly") \
            and token.head.pos_ in ("VERB", "ADJ")
        if not (adjective or adverb) or "-" in token.text or token.i == 0:
            continue
        if token.i + 1 < len(token.doc) and token.doc[token.i + 1].is_punct:
            continue
        # Drop the word and the space after it.
        edits = [Edit(token.idx, token.idx + len(token.text_with_ws), "")]
        after = token.doc[token.i + 1]
        article = article_edit(token.doc, token.i, after.text)
        if article is not None:
            edits.append(article)
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("paraphrase", edited, token.text, ""))
    return out


def paraphrases(sentence: Any, claim: ClaimFacts, rng: random.Random,
                rules: int = 1) -> list[ProposedEdit]:
    """Every paraphrase rule's candidates for ``sentence``, in a fixed order (``rules``: the
    rule version, see :mod:`.rules`)."""
    return (
        numbers.rewrites(sentence.text, rng, rules)
        + synonym_swaps(sentence, rng)
        + syntax.reported_speech(sentence)
        + syntax.fronted_adverbial(sentence)
        + syntax.voice(sentence)
        + dropped_modifiers(sentence, claim)
    )
