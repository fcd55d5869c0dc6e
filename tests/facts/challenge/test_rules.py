"""The challenge set's perturbation rules on small hand-written sentences: each change
happens, touches only the words it names, carries the right kind, and is skipped where it
would be unsafe (the claim does not hold the word, the sentence would break)."""

from __future__ import annotations

import difflib
import random

import pytest

from bench.facts.challenge import entities, numbers, paraphrase, syntax, wordswaps
from bench.facts.challenge.analysis import claim_facts, parse
from bench.facts.challenge.edits import Edit, apply_edits, article_edit
from bench.facts.challenge.inflect import article_for, verb_form


def _parsed(sentence: str, claim: str):
    docs = parse([sentence, claim])
    return docs[sentence], claim_facts(docs[claim])


def _changed_words(before: str, after: str) -> list[str]:
    """The words that differ between two sentences (a minimal edit changes few)."""
    diff = difflib.ndiff(before.split(), after.split())
    return [line for line in diff if line[:1] in "+-"]


@pytest.mark.parametrize(
    ("tag", "lemma", "form"),
    [("VBD", "rise", "rose"), ("VBN", "rise", "risen"), ("VBZ", "approve", "approves"),
     ("VBD", "acquit", "acquitted"), ("VBG", "win", "winning"), ("VBD", "lose to", "lost to"),
     ("VBZ", "deny", "denies"), ("VBD", "deny", "denied")],
)
def test_verb_forms(tag, lemma, form):
    assert verb_form(lemma, tag) == form


def test_articles_follow_the_new_word():
    assert (article_for("American"), article_for("Brazilian"), article_for("hour"),
            article_for("unit")) == ("an", "a", "an", "a")
    doc = parse(["She met an American official."])["She met an American official."]
    edit = article_edit(doc, 3, "Brazilian")
    assert apply_edits(doc.text, [edit, Edit(doc[3].idx, doc[3].idx + 8, "Brazilian")]) == \
        "She met a Brazilian official."


def test_antonym_changes_the_claimed_verb_only():
    sentence, claim = _parsed("Ticket sales fell by 4.8% in March.", "Ticket sales fell.")
    found = wordswaps.antonym_changes(sentence, claim, random.Random(0))
    assert [(c.kind, c.before, c.after) for c in found] == [("antonym", "fell", "rose")]
    assert found[0].sentence == "Ticket sales rose by 4.8% in March."
    assert _changed_words(sentence.text, found[0].sentence) == ["- fell", "+ rose"]


def test_antonym_needs_the_word_in_the_claim():
    sentence, claim = _parsed("Ticket sales fell by 4.8% in March.", "Ticket sales were 4.8%.")
    assert wordswaps.antonym_changes(sentence, claim, random.Random(0)) == []


def test_antonym_skips_a_frame_the_opposite_lacks():
    # "lost to Hull" cannot become "won to Hull" (lose:to is blocked in antonyms.tsv).
    sentence, claim = _parsed("Leeds lost to Hull on Saturday.", "Leeds lost to Hull.")
    assert wordswaps.antonym_changes(sentence, claim, random.Random(0)) == []


def test_antonym_to_a_phrase_inflects_its_verb():
    sentence, claim = _parsed("Leeds beat Hull on Saturday.", "Leeds beat Hull.")
    found = wordswaps.antonym_changes(sentence, claim, random.Random(0))
    assert [c.sentence for c in found] == ["Leeds lost to Hull on Saturday."]


def test_negation_is_inserted_after_the_auxiliary_or_with_do():
    sentence, claim = _parsed("Antoine Martin has joined Lyon.", "Antoine Martin joined Lyon.")
    found = wordswaps.negation_changes(sentence, claim, random.Random(0))
    assert [c.sentence for c in found] in (["Antoine Martin has not joined Lyon."],
                                           ["Antoine Martin has never joined Lyon."])
    sentence, claim = _parsed("Police arrested the driver.", "Police arrested the driver.")
    found = wordswaps.negation_changes(sentence, claim, random.Random(1))
    assert [c.sentence for c in found] in (["Police did not arrest the driver."],
                                           ["Police never arrested the driver."])


def test_negation_is_removed_with_its_auxiliary():
    sentence, claim = _parsed("The striker did not score a goal.", "The striker scored.")
    found = wordswaps.negation_changes(sentence, claim, random.Random(0))
    assert [c.sentence for c in found] == ["The striker scored a goal."]


def test_what_a_reporting_verb_says_is_negated_not_the_verb():
    sentence, claim = _parsed("The firm cut 300 jobs, the union said.", "The firm cut jobs.")
    found = wordswaps.negation_changes(sentence, claim, random.Random(1))
    assert [c.sentence for c in found] in (["The firm did not cut 300 jobs, the union said."],
                                           ["The firm never cut 300 jobs, the union said."])


def test_comparatives_turn_round_but_not_before_a_duration():
    sentence, claim = _parsed("More fans stayed at home.", "More fans stayed at home.")
    found = wordswaps.comparative_changes(sentence, claim, random.Random(0))
    assert [c.sentence for c in found] == ["Fewer fans stayed at home."]
    sentence, claim = _parsed("The cat came home after five weeks.", "The cat came home "
                              "after five weeks.")
    assert wordswaps.comparative_changes(sentence, claim, random.Random(0)) == []


def test_relation_words_change_within_their_group():
    sentence, claim = _parsed("His son said the family was shocked.", "His son spoke.")
    found = wordswaps.relation_changes(sentence, claim, random.Random(0))
    assert len(found) == 1 and found[0].before == "son"
    assert found[0].after in ("father", "brother", "husband", "uncle", "nephew",
                              "grandfather", "grandson", "boyfriend")
    assert _changed_words(sentence.text, found[0].sentence) == ["- son", f"+ {found[0].after}"]


def test_numbers_change_value_digits_words_and_scale():
    text = "The fight is expected to earn $230 million."
    found = numbers.changes(text, numbers.values_in("It will earn $230 million."),
                            numbers.scales_in("$230 million"), random.Random(0))
    kinds = {c.kind: c for c in found}
    assert set(kinds) == {"number", "number_digits", "number_scale"}
    assert kinds["number_digits"].after == "320"
    assert kinds["number_scale"].after in ("thousand", "billion")
    assert kinds["number"].after != "230"
    for candidate in found:
        assert len(_changed_words(text, candidate.sentence)) == 2  # one word out, one in


def test_numbers_the_claim_does_not_hold_and_years_stay():
    text = "He signed a three-year contract in 2012."
    assert numbers.changes(text, numbers.values_in("He signed a contract in 2012."),
                           frozenset(), random.Random(0)) == []
    found = numbers.changes(text, numbers.values_in("a three-year contract"), frozenset(),
                            random.Random(0))
    assert {c.kind for c in found} == {"number", "number_word"}
    word = next(c for c in found if c.kind == "number_word")
    assert word.after.isdigit() and word.after != "3"
    # "Fifty-six" is one number: its parts are not changed apart.
    assert numbers.mentions("Fifty-six people were hurt.") == []


def test_entity_swaps_take_a_name_of_the_same_kind_from_another_document():
    texts = ["Antoine Martin joined Lyon on Friday.", "Antoine Martin left early.",
             "Paul Girard scored twice.", "Paul Girard was booked."]
    docs = parse([*texts, "Antoine Martin joined Lyon."])
    pool = entities.EntityPool(
        [("a", e) for t in texts[:2] for e in docs[t].ents]
        + [("b", e) for t in texts[2:] for e in docs[t].ents],
        entities.consistent_names(e for t in texts for e in docs[t].ents),
    )
    claim = claim_facts(docs["Antoine Martin joined Lyon."])
    found = entities.changes(docs[texts[0]], claim, texts[0], "a", pool, random.Random(0))
    person = {c.before: c for c in found if c.kind == "person"}
    # A two-word name takes a two-word name; a one-word name (the small model reads "Lyon"
    # as a person too) a surname: always from the other document.
    assert person["Antoine Martin"].after == "Paul Girard"
    assert person["Antoine Martin"].sentence == "Paul Girard joined Lyon on Friday."
    assert all(c.after in ("Paul Girard", "Girard") for c in person.values())
    # A pool of the document's own names offers nothing to swap in.
    own = entities.EntityPool([("a", e) for t in texts[:2] for e in docs[t].ents],
                              entities.consistent_names(e for t in texts for e in docs[t].ents))
    assert not [c for c in entities.changes(docs[texts[0]], claim, texts[0], "a", own,
                                            random.Random(0)) if c.kind == "person"]


def test_dates_change_in_place_and_names_that_look_like_months_stay():
    sentence, claim = _parsed("Prices fell in March 2012.", "Prices fell in March 2012.")
    found = entities.changes(sentence, claim, sentence.text, "a", entities.EntityPool([],
                             frozenset()), random.Random(0))
    assert [c.kind for c in found] == ["date"]
    assert len(_changed_words(sentence.text, found[0].sentence)) == 2
    sentence, claim = _parsed("She thanked her husband June.", "She thanked her husband June.")
    assert entities.changes(sentence, claim, sentence.text, "a",
                            entities.EntityPool([], frozenset()), random.Random(0)) == []


def test_role_swap_between_two_people_the_claim_names():
    sentence, claim = _parsed("Manny Pacquiao faces Floyd Mayweather in Las Vegas.",
                              "Manny Pacquiao faces Floyd Mayweather.")
    found = syntax.role_swaps(sentence, claim)
    assert [c.sentence for c in found] == ["Floyd Mayweather faces Manny Pacquiao in Las Vegas."]


def test_role_swap_refuses_a_thing_for_a_person():
    sentence, claim = _parsed("Jason Dufner carded an eagle.", "Jason Dufner carded an eagle.")
    assert syntax.role_swaps(sentence, claim) == []


def test_paraphrases_keep_every_fact():
    docs = parse(["The union said the firm cut 300 jobs.", "Police arrested the driver.",
                  "Jason Dufner carded an eagle on Friday."])
    assert "The firm cut 300 jobs, the union said." in {
        c.sentence for c in syntax.reported_speech(docs["The union said the firm cut 300 jobs."])}
    assert [c.sentence for c in syntax.voice(docs["Police arrested the driver."])] == [
        "The driver was arrested by police."]
    sentence = docs["Jason Dufner carded an eagle on Friday."]
    assert [c.sentence for c in syntax.fronted_adverbial(sentence)] == [
        "On Friday, Jason Dufner carded an eagle."]
    assert {c.after for c in numbers.rewrites("Sales fell 4.8% to £5m.", random.Random(0))} <= {
        "4.8 percent", "4.8 per cent", "£5 million"}


def test_dropped_modifiers_are_neither_in_the_claim_nor_meaning_words():
    sentence, claim = _parsed("The striker was seriously injured in the crash.",
                              "The striker was injured.")
    assert [c.sentence for c in paraphrase.dropped_modifiers(sentence, claim)] == [
        "The striker was injured in the crash."]
    sentence, claim = _parsed("The former minister was seriously injured.",
                              "The former minister was seriously injured.")
    assert paraphrase.dropped_modifiers(sentence, claim) == []


def test_a_namesake_in_the_sentence_is_not_the_claimed_name():
    texts = ["Jenny Wallenda was the daughter of Karl Wallenda and grandmother of Nik Wallenda.",
             "Paul Girard scored twice.", "Paul Girard was booked."]
    claim_text = "Jenny Wallenda was grandmother of Nik Wallenda."
    docs = parse([*texts, claim_text])
    pool = entities.EntityPool([("b", e) for t in texts[1:] for e in docs[t].ents],
                               entities.consistent_names(e for t in texts for e in docs[t].ents))
    found = entities.changes(docs[texts[0]], claim_facts(docs[claim_text]), texts[0], "a", pool,
                             random.Random(0))
    assert "Karl Wallenda" not in {c.before for c in found}


def test_days_of_months_and_runs_of_numbers_are_not_counts():
    assert numbers.rewrites("He was out until March 4 with injury.", random.Random(0)) == []
    assert numbers.changes("Call 0845 90 90 90 today.", numbers.values_in("0845 90 90 90"),
                           frozenset(), random.Random(0)) == []


def test_quantity_words_are_never_dropped():
    sentence, claim = _parsed("New mothers are surviving on little sleep.",
                              "New mothers are surviving.")
    assert "little" not in {c.before for c in paraphrase.dropped_modifiers(sentence, claim)}
