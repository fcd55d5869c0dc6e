"""The verifier's word-level backing for its model's "contradicts" (bench/facts/word_conflicts.py),
on spaCy's real parses."""

from __future__ import annotations

import pytest

from bench.facts.word_conflicts import WordConflicts


@pytest.fixture(scope="module")
def finder() -> WordConflicts:
    return WordConflicts()


def readings(finder: WordConflicts, pairs) -> list:
    """What disagrees in each pair: (kind, the claim's value, the window's), None for nothing."""
    return [
        None if c is None else (c.kind, c.claim_value, c.summary_value) for c in finder.find(pairs)
    ]


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


def test_another_place_organisation_or_nationality_of_the_same_kind(finder):
    pairs = [
        ("Two men were arrested in Melbourne.",
         "Two men were arrested in Sydney over the robbery."),
        ("Celtic restored their lead at the top of the table.",
         "Rangers restored their lead at the top of the table."),
        ("The Iraqi army retook the town on Friday.",
         "The Iranian army retook the town on Friday."),
    ]
    assert readings(finder, pairs) == [
        ("name", "melbourne", "sydney"),
        ("name", "celtic", "rangers"),
        ("name", "iraqi", "iranian"),
    ]


def test_a_name_said_differently_is_not_another_name(finder):
    pairs = [
        # A city in the claim's country (the gazetteer), both ways round, and a continent.
        ("His work involved stopping Cuba from establishing ties with South Korea.",
         "His work had included trying to stop Cuba from establishing ties with Seoul."),
        ("The summit was held in Seoul.", "The summit was held in South Korea."),
        ("The festival was held in Europe.", "The festival was held in Munich."),
        # Another claim name's place: Tehran is Iran's, not a rival of "the US".
        ("The US imposed new sanctions on Iran.", "Washington imposed new sanctions on Tehran."),
        # A region the gazetteer does not list may hold the city.
        ("The storm hit Merseyside on Monday.", "The storm hit Liverpool on Monday."),
        # The same stem: a country and its people's adjective.
        ("Fosun is a company from China.", "Fosun is a Chinese company from Shanghai."),
        # Initials and short forms.
        ("The European Union fined the bank.", "The EU fined the bank."),
        ("The Federal Reserve raised interest rates.", "The Fed raised interest rates."),
        # Nationalities of one country, or of none (religions), are not rivals.
        ("The Scottish climber reached the summit.", "The English climber reached the summit."),
        ("The Muslim cleric led the prayers.", "The Sunni cleric led the prayers."),
        # A short form of the claim's name: "Lib Dem" for "Liberal Democrat".
        ("Tim Farron is the Liberal Democrat leader.",
         "Lib Dem leader Tim Farron spoke to the BBC."),
        # Two kinds: an organisation is not a place's rival.
        ("Two men were arrested in Melbourne.", "Two men were arrested by Interpol."),
    ]
    assert finder.find(pairs) == [None] * len(pairs)


def test_a_converse_is_not_an_opposite(finder):
    pairs = [
        ("Chelsea beat Arsenal at the Emirates.", "Arsenal lost to Chelsea at the Emirates."),
        ("The firm sold the unit to Google.", "Google bought the unit from the firm."),
    ]
    assert finder.find(pairs) == [None, None]
    # The same subject: the opposite.
    assert readings(finder, [("Chelsea beat Arsenal.", "Chelsea lost to Arsenal.")]) == [
        ("antonym", "beat", "lose")
    ]


def test_a_pronoun_subject_is_another_party_only_when_the_claims_is_named_too(finder):
    pairs = [
        # Nobody else in the window: "they" are the claim's subject.
        ("The council approved the housing plan.", "They rejected the housing plan."),
        # The claim's subject named beside the pronoun: "they" may be anyone, maybe the converse.
        ("Chelsea beat Arsenal at the Emirates.",
         "Chelsea were at the Emirates, and they lost to Arsenal."),
    ]
    assert readings(finder, pairs) == [("antonym", "approve", "reject"), None]


def test_the_claims_verb_denied_or_its_denial_dropped(finder):
    pairs = [
        ("A post-mortem found he died of head injuries.",
         "A post-mortem did not find he died of head injuries."),
        ("The vaccine can prevent most cases.", "It cannot prevent most cases."),
        ("The mayor never imagined the plan could work.",
         "The mayor imagined the plan could work."),
        ("The club can sign new players.", "The club can no longer sign new players."),
    ]
    assert readings(finder, pairs) == [
        ("negation", "found", "did not find"),
        ("negation", "prevent", "cannot prevent"),
        ("negation", "never imagined", "imagined"),
        ("negation", "sign", "can no longer sign"),
    ]


def test_a_denial_elsewhere_in_the_window_is_not_the_claims(finder):
    pairs = [
        # Denied of something else, in a clause of its own.
        ("Police found the car.", "Police did not find the driver, but recovered the car."),
        # Denied of another named party.
        ("Smith won the race.", "Jones did not win the race."),
        # The verb both denied and asserted in the window, or in the claim.
        ("Smith won the race.", "Smith, who had never won a race, won the race on Sunday."),
        ("Hyman said he prefers not to say who she is.",
         "Hyman stated he prefers not to say who she is."),
        # "Not only" is no denial; a copula's denial is not read.
        ("He won the race.", "He not only won the race but also set a record."),
        ("City are fourth in the table.", "Reds are not seven points behind fourth-placed City."),
    ]
    assert finder.find(pairs) == [None] * len(pairs)


def test_another_number_or_date_counting_the_same_thing(finder):
    pairs = [
        ("The earthquake killed 12 people in Chile.", "The earthquake killed 15 people in Chile."),
        ("Today nearly 1 out of 4 people in the world are Muslim.",
         "Today nearly 1 out of 2 people in the world are Muslim."),
        ("Veltra's profit fell 12 percent.", "Veltra's profit fell 21 percent."),
        ("The vaccine could be available by October.", "The vaccine could be available by July."),
    ]
    assert readings(finder, pairs) == [
        ("number", "12", "15"),
        ("number", "4", "2"),
        ("number", "12 percent", "21 percent"),
        ("date", "October", "July"),
    ]


def test_numbers_that_agree_or_count_something_else_are_no_conflict(finder):
    pairs = [
        # The window's number is the claim's other one ("12 injured"), not a rival of "three".
        ("Three people were killed and 12 people were injured.",
         "12 people were injured in the blast."),
        # Rounding and words: the same value.
        ("The firm made 3.5 million pounds.", "The firm made 3,460,000 pounds."),
        ("Twelve people were arrested.", "12 people were arrested on Monday."),
        # Bare numbers say too little ("Radio 1" against "Sound of 2017").
        ("The list is the BBC's Sound of 2017.", "She was named on BBC Radio 1's Sound list."),
        # Dates naming different parts are not compared ("Monday" / "March").
        ("The vote was held on Monday.", "The vote was held in March."),
        # Money in another currency; a change against a level; a time in another zone.
        ("The deal is worth $6.5m.", "The deal is worth £5m."),
        ("Unemployment fell by 0.2%.", "Unemployment fell to 4.5%."),
        ("The polls closed at 10:00 GMT.", "The polls closed at 11:00 BST."),
        # Another count of the same thing, in a sentence about another step.
        ("Two men were charged with murder.", "Five men were arrested on suspicion of murder."),
    ]
    assert finder.find(pairs) == [None] * len(pairs)
