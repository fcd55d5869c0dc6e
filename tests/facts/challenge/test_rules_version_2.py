"""Rule version 2 of the challenge set on small hand-written sentences: broader role swaps
that keep verb agreement, scale changes to an adjacent scale, nationalities swapped within a
written list, and claims cut from article sentences."""

from __future__ import annotations

import random

import pytest

from bench.facts.challenge import clauses, nationalities, numbers, roles
from bench.facts.challenge.analysis import claim_facts, parse
from bench.facts.challenge.wordlists import demonyms


def _parsed(sentence: str, claim: str | None = None):
    claim = claim or sentence
    docs = parse([sentence, claim])
    return docs[sentence], claim_facts(docs[claim])


def _swaps(sentence: str, claim: str | None = None) -> list[str]:
    return [c.sentence for c in roles.role_swaps(*_parsed(sentence, claim))]


@pytest.mark.parametrize(("sentence", "swapped"), [
    # two people's names
    ("Maria Lopez sued Daniel Brooks over the unpaid invoice.",
     "Daniel Brooks sued Maria Lopez over the unpaid invoice."),
    # two definite phrases for groups
    ("The council fined the company for the spill.",
     "The company fined the council for the spill."),
    # a passive and its agent
    ("The goalkeeper was fouled by the striker in the box.",
     "The striker was fouled by the goalkeeper in the box."),
    # two indefinite phrases for people
    ("A teenager attacked a pensioner near the station.",
     "A pensioner attacked a teenager near the station."),
])
def test_role_swaps_trade_two_like_phrases(sentence, swapped):
    assert _swaps(sentence) == [swapped]


def test_a_role_swap_keeps_the_verb_agreeing_with_its_new_subject():
    assert _swaps("The nurses have sued the surgeon over the error.") == [
        "The surgeon has sued the nurses over the error."]
    assert _swaps("The surgeon is suing the nurses.") == ["The nurses are suing the surgeon."]


def test_a_match_result_swaps_its_two_sides_and_leaves_the_score():
    found = _swaps("Ashbourne Rovers beat Kettleby Town 3-1 on Sunday.")
    assert found == ["Kettleby Town beat Ashbourne Rovers 3-1 on Sunday."]


def test_a_titled_name_swaps_with_a_definite_person_and_loses_the_opening_capital():
    found = _swaps("Former captain Mr Okafor criticised the referee.")
    assert found == ["The referee criticised former captain Mr Okafor."]


@pytest.mark.parametrize("sentence", [
    "Maria Lopez met Daniel Brooks in Geneva.",  # symmetric: the fact stays the same
    "Daniel Brooks married Maria Lopez in June.",
    "Maria Lopez takes on Daniel Brooks in the final.",
    "Daniel Brooks joined the club in June.",  # a person and a group
    "Police arrested the teacher on Monday.",  # an authority and a person
    "Maria Lopez told Daniel Brooks that she would resign.",  # whom "she" means would change
    "His brother sued the company.",  # "his": whose?
    "Maria Lopez and her sister sued Daniel Brooks.",  # a coordination
    "Maria Lopez sued herself.",  # a reflexive
    "Helen Marsh overcame dyslexia to become a writer.",  # the parser's PROPN "dyslexia"
])
def test_role_swaps_refuse_what_would_not_change_the_fact_or_would_not_read(sentence):
    assert _swaps(sentence) == []


def test_a_role_swap_needs_both_sides_in_the_claim():
    assert _swaps("Maria Lopez sued Daniel Brooks over the invoice.",
                  "Maria Lopez sued someone over the invoice.") == []


def test_nationalities_change_within_their_region_with_the_article():
    sentence, claim = _parsed("An Italian engineer designed the bridge.")
    seen = set()
    for seed in range(6):
        found = nationalities.changes(sentence, claim, sentence.text, random.Random(seed))
        assert len(found) == 1 and found[0].before == "Italian"
        new = found[0].after
        assert new in demonyms()["Italian"] and new != "Italian"
        article = "An" if new[0] in "AEIOU" else "A"
        assert found[0].sentence == f"{article} {new} engineer designed the bridge."
        seen.add(new)
    assert len(seen) > 1  # the seed chooses among the region's other adjectives
    sentence, claim = _parsed("Scottish ministers rejected the plan.")
    found = nationalities.changes(sentence, claim, sentence.text, random.Random(0))
    assert [c.after in ("English", "Welsh", "Northern Irish") for c in found] == [True]


@pytest.mark.parametrize("sentence", [
    "She speaks Italian fluently at home.",  # a language
    "Rafael Silva won the French Open in 2019.",  # part of another name
    "The Spanish were the first to arrive.",  # a people, not an adjective
])
def test_nationality_words_that_are_not_adjectives_stay(sentence):
    parsed, claim = _parsed(sentence)
    assert nationalities.changes(parsed, claim, sentence, random.Random(0)) == []


def test_a_nationality_already_in_the_text_is_not_swapped_in():
    sentence, claim = _parsed("Scottish ministers rejected the plan.")
    context = "Welsh and English officials had backed it. " + sentence.text
    for seed in range(4):
        found = nationalities.changes(sentence, claim, context, random.Random(seed))
        assert [c.after for c in found] == ["Northern Irish"]


def _scales(text: str, seed: int = 0) -> list[tuple[str, str, str]]:
    return [(c.before, c.after, c.sentence) for c in numbers.changes(
        text, numbers.values_in(text), numbers.scales_in(text), random.Random(seed), rules=2)
        if c.kind == "number_scale"]


def test_a_scale_moves_one_step_and_thousands_are_written_in_digits():
    outcomes = {_scales("The museum raised $2.6 million for the roof.", seed)[0][2]
                for seed in range(8)}
    assert outcomes == {"The museum raised $2.6 billion for the roof.",
                        "The museum raised $2,600 for the roof."}
    outcomes = {_scales("The loan was worth £40bn in total.", seed)[0][1] for seed in range(8)}
    assert outcomes == {"m", "tn"}
    assert {_scales("Tickets cost £50k a year.", s)[0][1] for s in range(4)} == {"m"}


def test_what_is_not_a_scale_is_not_changed():
    assert _scales("A 5m wall collapsed on the road.") == []  # five metres
    assert _scales("Support rose by 5 percentage points to 40%.") == []
    # Version 1 keeps its rule (any other scale, the glued "m" read as million).
    assert numbers.changes("A 5m wall collapsed.", numbers.values_in("5m"),
                           numbers.scales_in("5m"), random.Random(0))[-1].kind == "number_scale"


def test_the_sides_of_a_score_are_never_changed_or_spelled_out():
    text = "Dunmore won 3-1 and scored 3 goals."
    found = numbers.changes(text, numbers.values_in(text), frozenset(), random.Random(0),
                            rules=2)
    assert found and all(c.sentence.startswith("Dunmore won 3-1 ") for c in found)
    assert all(c.sentence.startswith("Dunmore won 3-1 ")
               for c in numbers.rewrites(text, random.Random(0), rules=2))


def _claim(sentence: str) -> str | None:
    return clauses.claim_from(parse([sentence])[sentence])


@pytest.mark.parametrize(("sentence", "claim"), [
    ("Helen Marsh, 41, was elected mayor of Dunmore on Thursday.",
     "Helen Marsh was elected mayor of Dunmore on Thursday."),
    ("The bakery, which opened in 1998, will close next month, the owners said.",
     "The bakery will close next month."),
    ("However, the ferry service resumed on Monday.", "The ferry service resumed on Monday."),
    ("The river burst its banks after the storm, flooding dozens of homes.",
     "The river burst its banks after the storm."),
    ("The airline cancelled 40 flights as the strike spread to other airports.",
     "The airline cancelled 40 flights as the strike spread to other airports."),
])
def test_claims_keep_the_main_clause(sentence, claim):
    assert _claim(sentence) == claim


@pytest.mark.parametrize("sentence", [
    "He said the ferry service would resume on Monday.",  # a pronoun subject
    '"We are delighted," the manager said after the match.',  # a quotation
    "Did the ferry service resume on Monday?",  # a question
    "We visited the bakery before it closed.",  # first person
    "No passengers were hurt in the crash.",  # negating it again would not read
    "Second Half ends, Dunmore 2, Kettleby 1.",  # a live report's score line
])
def test_sentences_that_make_poor_claims_give_none(sentence):
    assert _claim(sentence) is None


def test_a_condition_is_never_cut_from_its_clause():
    sentence = "The factory will close, if the orders do not return by May."
    assert _claim(sentence) is None
    assert _claim("The factory will close if the orders do not return.") == \
        "The factory will close if the orders do not return."


def test_a_claim_must_keep_the_sentence_frame():
    docs = parse(["After the match Helen Marsh left.", "Helen Marsh left.", "The match left."])
    assert clauses.keeps_its_frame(docs["After the match Helen Marsh left."],
                                   docs["Helen Marsh left."])
    assert not clauses.keeps_its_frame(docs["After the match Helen Marsh left."],
                                       docs["The match left."])
