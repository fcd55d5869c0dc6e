"""Opposite words: where a window says the opposite of one of a claim's words.

The verifier's model reads a claim and a window together and can answer "contradicts" when the
window only says something close to the claim; a contradiction is reported only where what
disagrees can be pointed at. The parse comparison (:mod:`bench.facts.structure`) points at it
through roles, which spaCy's small parser does not always get right; this module is the plain
word-level backing for the model's own "contradicts": the window holds, where the claim does
not,

* ``antonym``: a word the word lists give as the opposite of one of the claim's ("fell" for
  "rose", "rejected" for "approved"), the claim's own word missing from the window;
* ``comparative``: a comparison turned round ("fewer" for "more", "after" for "before");
* ``relation``: another relation word of the same kind ("nephew" for "son");
* ``name``: another person (spaCy's PERSON entities), none of the claim person's words in
  the window ("Sara Errani lost the match" for "Serena Williams lost the match");

and it holds the rest of the claim: at least :data:`COVERAGE` of the claim's other content
words (lemmas of its nouns, names, verbs, adjectives and numbers). Only the curated word lists
count (``bench/facts/wordlists/``), and among names only people: other differences (another
place or organisation, number or negation in the window) were tried and flagged true facts
too often on the seed set's references (18 of 435) and on PyrXSum's human-present facts (20
of 859; "South Korea" against a sentence that says "Seoul"); the lexical rules, which place
them, cover those. With people added, the seed references' and PyrXSum's flags stayed at 2 of
435 and 7 of 859 while swapped people contradicted on the challenge split rose from 44.5% to
74.7%. Words are compared by their lower-case forms and lemmas from spaCy's parse (the
comparison's parser and cache: each distinct text is parsed once per process).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .conflicts import Conflict
from .lexicon import GENERAL, Lexicon, packaged_lexicon
from .parsing import Parse, Parser, shared_parser

#: Share of the claim's other content words the window must hold (the lexical matcher's bar
#: for a stated fact).
COVERAGE = 0.6
#: Parts of speech that carry a claim's content.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: The rules' version, for signatures: raise it when a change can change a verdict.
VERSION = 2


@dataclass(frozen=True)
class _Words:
    words: frozenset[str]  # lower-case forms and lemmas
    content: frozenset[str]  # lemmas of the content words
    people: tuple[tuple[str, ...], ...]  # each PERSON name's lower-case words, in order


def _words(parse: Parse) -> _Words:
    words, content, people = set(), set(), []  # people: lists of words
    for token in parse.tokens:
        lemma = token.lemma.lower()
        words.update((token.lower, lemma))
        if token.pos in CONTENT_POS:
            content.add(lemma)
        if token.ent == "PERSON":
            if token.ent_start or not people:
                people.append([])
            people[-1].append(token.lower)
    return _Words(frozenset(words), frozenset(content), tuple(tuple(p) for p in people))


class WordConflicts:
    """Finds an opposite, a turned comparison or another relation word (batch first)."""

    def __init__(self, lexicon: Lexicon | None = None, parser: Parser | None = None):
        self.lexicon = lexicon or packaged_lexicon()
        self.parser = parser or shared_parser()

    def find(self, pairs: Sequence[tuple[str, str]]) -> list[Conflict | None]:
        """For each (claim, window): the word conflict, or None."""
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        parses = self.parser.parse(texts)
        read = {text: _words(parse) for text, parse in zip(texts, parses, strict=True)}
        return [self._conflict(read[claim], read[window], window) for claim, window in pairs]

    def _conflict(self, claim: _Words, window: _Words, text: str) -> Conflict | None:
        lexicon = self.lexicon
        for mine in sorted(claim.words - window.words):
            for theirs in sorted(window.words - claim.words):
                if lexicon.opposite(mine, theirs):
                    kind = "comparative" if lexicon.comparison(mine, theirs) else "antonym"
                elif _same_relation_kind(lexicon, mine, theirs):
                    kind = "relation"
                else:
                    continue
                rest = claim.content - {mine}
                if not rest or len(rest & window.words) / len(rest) >= COVERAGE:
                    return Conflict(kind, mine, theirs, text)
        for person in claim.people:
            if set(person) & window.words:
                continue  # the claim's person is named there (in part: "Mr King", "King")
            others = [p for p in window.people if not set(p) & claim.words]
            rest = claim.content - set(person)
            if others and (not rest or len(rest & window.words) / len(rest) >= COVERAGE):
                return Conflict("name", " ".join(person), " ".join(others[0]), text)
        return None


def _same_relation_kind(lexicon: Lexicon, mine: str, theirs: str) -> bool:
    kind = lexicon.relation_kind(mine)
    return kind not in (None, GENERAL) and kind == lexicon.relation_kind(theirs)
