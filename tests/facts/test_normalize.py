"""The lexical normaliser remembers tokens: the same answers, fresh lists, bounded memory."""

from __future__ import annotations

from bench.facts import normalize
from bench.facts.lexical import LexicalMatcher
from bench.facts.matcher import Claim, MatchTask
from bench.facts.normalize import Normalizer, shared_normalizer

ALIASES = (("North Korea", "the North", "Pyongyang"), ("defected", "fled to the South"))
TEXTS = [
    "Pyongyang's envoy fled to the South in November, the NIS said.",
    "Ten diplomats haven't returned; 34,000 people watched.",
    "The North Korean diplomat defected.",
]


def test_remembered_tokens_equal_fresh_ones_and_are_fresh_lists():
    remembering, fresh = Normalizer(ALIASES), Normalizer(ALIASES)
    for text in TEXTS:
        first = remembering.tokens(text)
        first.append("changed by the caller")
        again = remembering.tokens(text)
        assert again == list(fresh._tokenize(text)) == Normalizer(ALIASES).tokens(text)
        assert "changed by the caller" not in again


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(normalize, "TOKEN_MEMO_SIZE", 2)
    n = Normalizer(ALIASES)
    for text in TEXTS:
        n.tokens(text)
    assert len(n._memo) <= 2
    assert n.tokens(TEXTS[0]) == Normalizer(ALIASES).tokens(TEXTS[0])


def test_one_normalizer_per_alias_set_across_calls():
    assert shared_normalizer(ALIASES) is shared_normalizer(ALIASES)
    assert shared_normalizer(ALIASES) is not shared_normalizer(())


def test_lexical_verdicts_do_not_depend_on_what_was_matched_before():
    claims = (Claim("f1", "A North Korean diplomat defected in November"),)
    task = MatchTask(summary=TEXTS[0], claims=claims, aliases=ALIASES)
    other = MatchTask(summary=TEXTS[2], claims=claims, aliases=ALIASES)
    cold = LexicalMatcher().match([task])
    LexicalMatcher().match([other, task, other])
    assert LexicalMatcher().match([task]) == cold
