"""The verifier's word-level backing for its model's "contradicts" (bench/facts/word_conflicts.py),
on spaCy's real parses."""

from __future__ import annotations

import pytest

from bench.facts.word_conflicts import WordConflicts


@pytest.fixture(scope="module")
def finder() -> WordConflicts:
    return WordConflicts()


def test_opposites_turned_comparisons_and_relation_words_are_found(finder):
    pairs = [
        ("Shares in the bank rose 5 percent.", "Shares in the bank fell 5 percent on Monday."),
        ("The council approved the housing plan.", "The council rejected the housing plan."),
        ("More people voted in the election.", "Fewer people voted in the election."),
        ("Her son was arrested in Leeds.", "Her nephew was arrested in Leeds."),
    ]
    found = finder.find(pairs)
    assert [(c.kind, c.claim_value, c.summary_value) for c in found] == [
        ("antonym", "rise", "fall"),
        ("antonym", "approve", "reject"),
        ("comparative", "more", "fewer"),
        ("relation", "son", "nephew"),
    ]
    assert found[0].sentence == pairs[0][1]
    assert found[0].describe().startswith("antonym: 'rise' in the claim, 'fall' in: Shares")


def test_nothing_without_an_opposite_or_without_the_rest_of_the_claim(finder):
    pairs = [
        # The same words, and a synonym: no opposite.
        ("Shares in the bank rose 5 percent.", "Shares in the bank climbed 5 percent."),
        # An opposite, but about something else: under 60% of the claim's other words.
        ("Shares in the bank rose 5 percent.", "The river fell after the storm."),
        # Both words in the window: the claim's own word is there too.
        ("Shares rose 5 percent.", "Shares rose 5 percent before they fell again."),
        # A general relation word never conflicts ("child" for "son").
        ("Her son was arrested in Leeds.", "Her child was arrested in Leeds."),
    ]
    assert finder.find(pairs) == [None, None, None, None]


def test_another_person_where_the_claim_names_one(finder):
    pairs = [
        ("Serena Williams lost the doubles match on Sunday.",
         "Sara Errani lost the doubles match on Sunday."),
        # The claim's person named in part: the same person.
        ("Jacob King stood up to the protester.", "Mr King stood up to the protester."),
        # Another person, but the window is about something else.
        ("Serena Williams lost the doubles match on Sunday.",
         "Sara Errani opened a bakery in Leeds."),
    ]
    found = finder.find(pairs)
    assert (found[0].kind, found[0].claim_value, found[0].summary_value) == (
        "name", "serena williams", "sara errani")
    assert found[1:] == [None, None]
