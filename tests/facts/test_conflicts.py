"""Contradictions found without probes: another number, date, name in the same place, a
negation that bears on the claim; and the same sentences left alone when they agree."""

from __future__ import annotations

import pytest

from bench.facts.conflicts import claim_parts, find_conflict, wordpiece_words
from bench.facts.matcher import Claim, MatchTask, Verdict
from bench.facts.normalize import Normalizer
from bench.facts.registry import MATCHERS

N = Normalizer()


def conflict(claim: str, sentence: str):
    return find_conflict(claim_parts(claim, N), sentence, N.tokens(sentence), N)


@pytest.mark.parametrize(
    ("claim", "sentence", "kind"),
    [
        ("The diplomat defected in November.", "The diplomat defected in October.", "date"),
        ("He defected in 2023.", "He defected in 2019.", "date"),
        ("Ten ministers met in Rome.", "Twelve ministers met in Rome.", "number"),
        ("The diplomat defected.", "The diplomat did not defect.", "negation"),
        ("The bill passed.", "It is not true that the bill passed.", "negation"),
        ("He was not charged.", "He was not not charged.", "negation"),
        # An answer's "No," is passed over; the "no" that follows it is read.
        ("There is evidence of fraud.", "No, there is no evidence of fraud.", "negation"),
    ],
)
def test_disagreements_are_contradictions(claim, sentence, kind):
    found = conflict(claim, sentence)
    assert found is not None and found.kind == kind
    assert found.sentence == sentence and sentence in found.describe()


@pytest.mark.parametrize(
    ("claim", "sentence"),
    [
        ("The diplomat defected in November.", "The diplomat defected in November."),
        ("He was not charged.", "He was not charged with anything."),
        # The negation is about confirming, not about the defection itself.
        ("The diplomat defected to the South.", "The diplomat defected; the NIS has not said why."),
        # "urged not to indulge": the negation bears on indulging, not on the surveillance.
        (
            "The surveillance is invasive.",
            "Bosses have been urged not to indulge in invasive surveillance.",
        ),
        # A claim's own "not" said another way is not read as a contradiction.
        ("He did not win.", "He lost."),
        # A date the claim does not have, in a sentence about something else.
        ("The diplomat defected in November.", "Relations were established in February."),
        # "No" said as an answer negates nothing: the quote states the claim.
        ("None of it is true.", "'No, none of it is true,' she told the court."),
    ],
)
def test_agreements_and_unrelated_sentences_are_not(claim, sentence):
    assert conflict(claim, sentence) is None


def test_wordpieces_belong_to_their_words():
    assert wordpiece_words(["ri", "il", "ky", "##u", ",", "52"]) == [
        "ri", "il", "kyu", "kyu", ",", "52"
    ]


CLAIMS = (
    Claim("cuba", "The North Korean diplomat was stationed in Cuba."),
    Claim("named", "The defector is Ri Il Kyu."),
    Claim("dutch", "Wesley Sneijder comes from the Netherlands."),
    Claim("iran", "The BBC accused Iran of intimidation."),
)


@pytest.mark.parametrize("matcher", ["learned", "lexical"])
def test_another_name_in_the_same_place_is_a_contradiction(matcher):
    m = MATCHERS.get(matcher).from_config({})
    summaries = [
        "A North Korean diplomat stationed in Mexico defected to South Korea in November.",
        "The defector is Kim Song Nam, a North Korean diplomat.",
    ]
    verdicts = m.match([MatchTask(s, CLAIMS[:2]) for s in summaries])
    assert verdicts[0][0].verdict is Verdict.CONTRADICTED
    assert "name: 'Cuba' in the claim, 'Mexico' in: A North" in verdicts[0][0].evidence
    assert verdicts[1][1].verdict is Verdict.CONTRADICTED
    assert "'Ri Il Kyu' in the claim, 'Kim Song Nam' in" in verdicts[1][1].evidence


@pytest.mark.parametrize("matcher", ["learned", "lexical"])
def test_the_same_name_said_otherwise_or_left_out_is_not(matcher):
    m = MATCHERS.get(matcher).from_config({})
    summaries = [
        # Leaves the posting out: says nothing about it, contradicts nothing.
        "North Korean diplomat Kim Song Nam defected to South Korea in November.",
        "Dutch midfielder Wesley Sneijder has joined Nice.",
        "The BBC accused the Iranian authorities of intimidation.",
        "Ri, a North Korean diplomat, defected.",
    ]
    defected = Claim("defected", "A North Korean diplomat defected to South Korea.")
    tasks = [
        MatchTask(summaries[0], CLAIMS[:1]),
        # Names the defector, says nothing of where he went: no name stands in for the South.
        MatchTask("The defector is Kim Song Nam, a North Korean diplomat.", (defected,)),
        # The South's capital for the South (the gazetteer: a city in the claim's country).
        MatchTask(
            "His work had involved trying to stop Cuba from establishing diplomatic ties with "
            "Seoul.",
            (Claim("ties", "His work involved stopping Cuba from establishing diplomatic ties "
                   "with South Korea."),),
        ),
    ] + [MatchTask(s, CLAIMS[1:]) for s in summaries[1:]]
    for verdicts in m.match(tasks):
        assert all(v.verdict is not Verdict.CONTRADICTED for v in verdicts), verdicts
