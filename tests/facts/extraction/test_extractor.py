"""Fact checklists extracted from references (bench/facts/extraction): the cuts, on spaCy's real
parses; several references merged and weighted; the checklist metric's ``facts: auto``; the
``summbench facts extract`` command and the default run on a dataset without checklists."""

from __future__ import annotations

import json

import pytest

from bench.cli import main
from bench.data.loading import DatasetSpec, load_examples
from bench.facts.extraction.extractor import FactExtractor, extractor_label
from bench.facts.registry import MATCHERS


@pytest.fixture(scope="module")
def extractor() -> FactExtractor:
    return FactExtractor()


def facts_of(extractor: FactExtractor, reference: str) -> list[tuple[str, str]]:
    (facts,) = extractor.reference_facts([reference])
    return [(f.kind, f.text) for f in facts]


def test_clauses_relative_clauses_and_appositions_are_facts_of_their_own(extractor):
    reference = (
        "Ri Il Kyu, a 52-year-old diplomat who was stationed in Cuba, defected and fled to "
        "South Korea, officials said."
    )
    assert facts_of(extractor, reference) == [
        ("relative", "Ri Il Kyu was stationed in Cuba"),
        ("reported", "Ri Il Kyu defected"),
        ("clause", "Ri Il Kyu fled to South Korea"),
        ("apposition", "Ri Il Kyu is a 52-year-old diplomat"),
    ]


def test_a_title_before_a_name_and_a_participle_after_a_noun_are_facts_of_their_own(extractor):
    reference = (
        "Liberal Democrat leader Tim Farron said a bomb confiscated by vigilantes exploded."
    )
    assert facts_of(extractor, reference) == [
        ("participle", "A bomb was confiscated by vigilantes"),
        ("reported", "A bomb exploded"),
        ("title", "Tim Farron is Liberal Democrat leader"),
    ]


def test_a_subjectless_clause_takes_its_governors_subject_and_auxiliary(extractor):
    assert facts_of(extractor, "A man was arrested and charged after police found the car.") == [
        ("clause", "A man was arrested"),
        ("clause", "A man was charged"),
        ("clause", "Police found the car"),
    ]


def test_nothing_is_stated_that_the_sentence_does_not_assert(extractor):
    # A denied or conditional report stays whole; a question states nothing.
    assert facts_of(extractor, "He denied that the minister stole the car.") == [
        ("clause", "He denied that the minister stole the car")
    ]
    assert facts_of(extractor, "If the deal goes ahead, the company will cut 300 jobs.") == [
        ("clause", "If the deal goes ahead, the company will cut 300 jobs")
    ]
    assert facts_of(extractor, "The firm cut 300 jobs. Did the minister know?") == [
        ("clause", "The firm cut 300 jobs")
    ]


def test_a_clause_joined_by_and_is_asserted_only_where_what_it_joins_is(extractor):
    # Under a denial or a condition the joined clause is not asserted either: no "he sold it".
    assert facts_of(extractor, "He denied that he stole the car and sold it to a dealer.") == [
        ("clause", "He denied that he stole the car and sold it to a dealer")
    ]
    assert facts_of(extractor, "If the bill passes, taxes will rise and jobs will be lost.") == [
        ("clause", "If the bill passes, taxes will rise and jobs will be lost")
    ]
    # Verbs that share their object or have nothing of their own stay together.
    assert facts_of(extractor, "The company hired and trained 300 workers.") == [
        ("clause", "The company hired and trained 300 workers")
    ]
    assert facts_of(extractor, "Prices rose and fell.") == [("clause", "Prices rose and fell")]


def test_gapping_a_clause_of_a_noun_and_a_title_with_its_article(extractor):
    reference = (
        "Three people have been killed and at least 62 others wounded in two explosions in "
        "the Kenyan capital Nairobi, officials say."
    )
    assert facts_of(extractor, reference) == [
        ("reported", "Three people have been killed"),
        ("participle", "At least 62 others were wounded in two explosions in Nairobi"),
        ("title", "Nairobi is the Kenyan capital"),
    ]
    # A clause with its own subject after a noun says what the noun says, not what it is.
    ruling = "West Ham are unhappy with a ruling that the terms should be made public."
    assert facts_of(extractor, ruling) == [
        ("clause", "West Ham are unhappy with a ruling that the terms should be made public")
    ]


def test_an_indirect_question_or_a_hedged_report_asserts_nothing_of_its_own(extractor):
    # Was "Why some birds and bumblebees are declining faster than others": a question as a fact.
    asked = "Competition for nesting sites could explain why some birds are declining."
    assert facts_of(extractor, asked) == [("clause", asked.rstrip("."))]
    hedged = "Officials may confirm that the plant will close."
    assert facts_of(extractor, hedged) == [("clause", hedged.rstrip("."))]
    assert facts_of(extractor, "Police said the man was arrested.") == [
        ("reported", "The man was arrested")
    ]


def test_a_trailing_participle_a_passives_agent_and_a_relative_after_a_or_an(extractor):
    court = (
        "A 21-year-old man has appeared in court in County Clare charged over the fatal stabbing "
        "of Karl Haugh."
    )
    assert facts_of(extractor, court) == [
        ("clause", "A 21-year-old man has appeared in court in County Clare"),
        ("participle", "A 21-year-old man was charged over the fatal stabbing of Karl Haugh"),
    ]
    # "compared with" says how to read the clause, not what the sales underwent.
    assert facts_of(extractor, "Sales rose 5% compared with last year.") == [
        ("clause", "Sales rose 5% compared with last year")
    ]
    # The agent completes a passive: its core is a fact without the place.
    replaced = "In Kenya's schools, textbooks are being replaced by tablets."
    assert facts_of(extractor, replaced) == [
        ("clause", "Textbooks are being replaced by tablets"),
        ("clause", "In Kenya's schools, textbooks are being replaced by tablets"),
    ]
    hearing = "The court has begun hearing the challenge of a man who wants the right to die."
    assert facts_of(extractor, hearing) == [
        ("clause", "The court has begun hearing the challenge of a man"),
        ("relative", "A man wants the right to die"),
    ]


#: Sentences that assert none of the claims inside them (a user's audit of 1,200 news
#: references found each of these leaking a claim as a fact of its own).
UNASSERTED = [
    "Smith denied that he shot the guard after he robbed the bank.",
    "The mayor denied saying that the police chief had lied.",
    "No one has confirmed that the ship sank near the coast.",
    "The ministry refused to confirm that troops had entered the city.",
    "The company is expected to announce that it will close the Leeds plant.",
    "Smith falsely said that he had served in the army.",
    "The man allegedly stabbed a guard and escaped through a window.",
    "The club did not sack the manager, nor did it fine the players.",
    "If convicted, Davis would be the first senator jailed since 1980.",
    "If convicted of the child pornography charges he faces 20 years' jail.",
]


@pytest.mark.parametrize("sentence", UNASSERTED)
def test_a_claim_the_sentence_does_not_assert_stays_inside_it(extractor, sentence):
    assert [text for _, text in facts_of(extractor, sentence)] == [sentence.rstrip(".")]


def test_a_hedged_clause_keeps_what_it_joins_and_a_reported_one_is_still_cut(extractor):
    said = "Investigators said the pilot may have fallen asleep and missed the runway."
    assert facts_of(extractor, said) == [
        ("reported", "The pilot may have fallen asleep and missed the runway")
    ]
    # A finite adverbial clause has its own subject; "when" is left out of its fact.
    assert facts_of(extractor, "The lights went out when the tree fell on the line.") == [
        ("clause", "The lights went out"),
        ("clause", "The tree fell on the line"),
    ]
    assert facts_of(extractor, "Police said the men, having robbed the bank, fled to Spain.") == [
        ("clause", "Police said the men, having robbed the bank, fled to Spain")
    ]


def test_each_clause_is_judged_once_however_long_the_sentence(extractor, monkeypatch):
    # Before: whether a clause is a fact of its own was asked again of every clause up the
    # tree, and a 60-times-repeated sentence never finished. Counted, not timed.
    from bench.facts.extraction import heads

    calls = []
    decide = heads.ClauseHeads._decide_split
    monkeypatch.setattr(
        heads.ClauseHeads, "_decide_split", lambda self, k: calls.append(k) or decide(self, k)
    )
    clause = (
        "The council said the bridge, which was built in 1890, would be repaired and the "
        "road, which runs to the port, would reopen "
    )
    (facts,) = FactExtractor().reference_facts([clause * 30 + "."])
    assert facts and len(calls) == len(set(calls))


def test_a_second_relative_clause_joined_by_and_describes_the_same_noun(extractor):
    reference = (
        "The company, which was founded in Leeds, and which later moved its headquarters to "
        "London, said on Monday that it would cut 300 jobs."
    )
    texts = [text for _, text in facts_of(extractor, reference)]
    assert "The company later moved its headquarters to London" in texts
    assert not any(text.startswith("Which") for text in texts)


def test_a_dateline_and_doubled_spaces_do_not_reach_a_fact(extractor):
    reference = "(CNN)More than 500 rebels have  been killed in the fighting, officials said."
    assert facts_of(extractor, reference) == [
        ("reported", "More than 500 rebels have been killed in the fighting")
    ]


def test_a_sentence_whose_parse_tears_a_word_apart_is_kept_whole(extractor):
    # The small parser reads "re-signed" as three words in two phrases ("have re- Ignacio
    # Scocco", "Ignacio Scocco is signed Sunderland striker"): no fact is cut from it.
    reference = (
        "Argentine club Newell's Old Boys have re-signed Sunderland striker Ignacio Scocco on a "
        "five-year contract."
    )
    assert facts_of(extractor, reference) == [("sentence", reference.rstrip("."))]
    (fact,) = extractor.reference_facts([reference])[0]
    assert reference[fact.start : fact.end] == reference.rstrip(".")


def test_he_or_she_is_named_only_when_the_reference_names_one_person(extractor):
    one = "Jenny Wallenda died on Saturday. She had performed on the high wire."
    assert facts_of(extractor, one)[-1] == (
        "clause",
        "Jenny Wallenda had performed on the high wire",
    )
    two = "Jenny Wallenda met Karl Smith on Saturday. She had performed on the high wire."
    assert facts_of(extractor, two)[-1] == ("clause", "She had performed on the high wire")
    # A name said again in part is the same person; "he'll" keeps its pronoun.
    again = "Ri Il Kyu defected in November. Ri said he had fled Cuba."
    assert facts_of(extractor, again)[-1] == ("reported", "Ri Il Kyu had fled Cuba")


def test_a_clause_is_cut_into_its_core_and_the_core_with_each_adjunct(extractor):
    reference = "The firm cut 300 jobs in March. Shares in Veltra fell 12 percent on Monday."
    assert facts_of(extractor, reference) == [
        ("clause", "The firm cut 300 jobs"),
        ("clause", "The firm cut 300 jobs in March"),
        # An amount is the clause's own; a clause with no object has no core of its own.
        ("clause", "Shares in Veltra fell 12 percent on Monday"),
    ]
    # Not in a denied clause: "did not die in the crash" does not say "did not die".
    assert facts_of(extractor, "The pilot did not die in the crash on Monday.") == [
        ("clause", "The pilot did not die in the crash on Monday")
    ]


def test_a_clause_that_picks_out_which_stays_with_its_noun(extractor):
    reference = "People who have never been divorced can expect to live longer."
    assert facts_of(extractor, reference) == [
        ("clause", "People who have never been divorced can expect to live longer")
    ]
    listed = "He cited the regime, a poor evaluation of his work and a nerve injury."
    assert [kind for kind, _ in facts_of(extractor, listed)] == ["clause"]


def test_a_place_within_a_place_is_no_apposition_and_a_date_describes_nothing(extractor):
    facts = facts_of(extractor, "Ann Lee died at her home in Sarasota, Florida, in February.")
    assert facts == [
        ("clause", "Ann Lee died at her home in Sarasota, Florida"),
        ("clause", "Ann Lee died in February"),
    ]


def test_a_reference_without_a_clause_is_kept_whole_and_never_empty(extractor):
    assert facts_of(extractor, "Arango's 4-3 defeat") == [("fragment", "Arango's 4-3 defeat")]
    assert facts_of(extractor, "Why did the minister resign?") == [
        ("fragment", "Why did the minister resign")
    ]


def test_each_fact_keeps_the_span_of_the_reference_it_came_from(extractor):
    reference = "Shares in Veltra fell 12 percent on Monday. The firm cut 300 jobs in March."
    facts = extractor.reference_facts([reference])[0]
    assert [reference[f.start : f.end] for f in facts] == [
        "Shares in Veltra fell 12 percent on Monday",
        "The firm cut 300 jobs",
        "The firm cut 300 jobs in March",
    ]


def test_several_references_are_merged_and_weighted_by_how_many_state_each(extractor):
    references = (
        "Shares in Veltra fell 12 percent on Monday. The firm cut 300 jobs.",
        "Veltra shares fell 12 percent on Monday. Its chief executive resigned.",
        "On Monday shares in Veltra fell 12 percent.",
    )
    lexical = MATCHERS.get("lexical").from_config({})
    (checklist,) = extractor.checklists([references], matcher=lexical)
    by_text = {f.text: (f.weight, f.references, f.span) for f in checklist}
    assert by_text["Shares in Veltra fell 12 percent on Monday"][:2] == (3.0, (0, 1, 2))
    assert by_text["The firm cut 300 jobs"][:2] == (1.0, (0,))
    assert by_text["Its chief executive resigned"][:2] == (1.0, (1,))
    # The other references' wordings of the shares fact are merged into the first one's.
    assert not any(text.startswith(("Veltra shares", "On Monday")) for text in by_text)
    assert by_text["Its chief executive resigned"][2] == (1, 41, 69)
    assert [f.id for f in checklist] == [f"auto{i}" for i in range(len(checklist))]
    with pytest.raises(ValueError, match="needs a fact matcher"):
        extractor.checklists([references])


def test_the_checklist_metric_scores_against_extracted_facts():
    import bench

    references = ["Shares in Veltra fell 12 percent on Monday. The firm cut 300 jobs in March."]
    summaries = ["Veltra shares fell 12 percent on Monday.", "Veltra shares rose 12 percent."]
    result = bench.score(
        "checklist",
        summaries,
        references=references * 2,
        args={"facts": "auto"},  # the default matcher, the verifier, sees "rose" for "fell"
    )
    assert f"|facts:auto({extractor_label()})|" in result.signature
    verdicts = [[(f["id"], f["verdict"]) for f in d["facts"]] for d in result.details]
    assert verdicts == [
        [("auto0", "present"), ("auto1", "absent"), ("auto2", "absent")],
        [("auto0", "contradicted"), ("auto1", "absent"), ("auto2", "absent")],
    ]
    assert [item["fact_recall"] for item in result.items] == [pytest.approx(1 / 3), 0.0]
    assert [item["contradictions"] for item in result.items] == [0.0, 1.0]


def test_facts_extract_writes_a_dataset_that_scores_with_its_checklists(tmp_path, capsys):
    out = tmp_path / "nk-auto.jsonl"
    argv = ["facts", "extract", "--dataset", "seeds/nk-diplomat", "--config", "articles",
            "--output", str(out), "--matcher", "lexical"]
    assert main(argv) == 0
    assert "wrote" in capsys.readouterr().err
    rows = [json.loads(line) for line in out.open()]
    assert len(rows) == 5 and all(r["checklist"] for r in rows)
    for row in rows:
        for fact in row["checklist"]:
            span = fact["span"]
            assert row["references"][span["reference"]][span["start"] : span["end"]]
            assert fact["weight"] == len(fact["references"]) >= 1
    # Read back as a dataset: the checklists are the dataset's own, spans included.
    examples = load_examples(DatasetSpec(path=str(out)))
    assert [len(e.checklist) for e in examples] == [len(r["checklist"]) for r in rows]
    span = rows[0]["checklist"][0]["span"]
    assert examples.examples[0].checklist[0].span == (span["reference"], span["start"], span["end"])
    # An existing file is not overwritten without --force.
    assert main(argv) == 2
    assert "exists" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0


def test_a_default_run_on_a_dataset_without_checklists_scores_extracted_facts(tmp_path, capsys):
    data = tmp_path / "data.jsonl"
    rows = [
        {"id": "a", "source": "Veltra shares fell 12 percent. The firm cut 300 jobs.",
         "references": ["Shares in Veltra fell 12 percent after the firm cut 300 jobs."]},
        {"id": "b", "source": "The bridge will close in June. Repairs cost 5 million.",
         "references": ["The bridge will close in June for repairs."]},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = tmp_path / "exp.yaml"
    config.write_text(
        f"name: auto\ndataset: {{path: {data}}}\nsummarizers: [{{type: lead}}]\n"
        f"output: {tmp_path / 'out'}\n"
    )
    assert main(["run", str(config)]) == 0
    err = capsys.readouterr().err
    assert "scoring against facts extracted from its references" in err
    board = (tmp_path / "out" / "leaderboard.md").read_text()
    assert "Fact recall (soft, auto facts)" in board
    assert f"facts:auto({extractor_label()})" in board


def test_a_span_in_a_dataset_is_checked(tmp_path):
    from bench.errors import DatasetError

    data = tmp_path / "data.jsonl"
    fact = {"text": "Shares fell", "span": {"reference": 0, "start": 9, "end": 3}}
    data.write_text(json.dumps({"id": "a", "source": "x", "references": ["r"],
                                "checklist": [fact]}) + "\n")
    with pytest.raises(DatasetError, match="start 9 after end 3"):
        load_examples(DatasetSpec(path=str(data)))
    fact["span"] = {"reference": 0, "start": 0}
    data.write_text(json.dumps({"id": "a", "source": "x", "references": ["r"],
                                "checklist": [fact]}) + "\n")
    with pytest.raises(DatasetError, match=r"span\.end"):
        load_examples(DatasetSpec(path=str(data)))



def test_identical_references_state_each_others_facts_whatever_the_matcher_reads(extractor):
    reference = (
        "Police attempted to stop the stolen vehicle, but the driver, 29-year-old Terry Proctor "
        "of Piedmont, Alabama, did not stop, leading to a pursuit."
    )
    verifier = MATCHERS.get("verifier").from_config({})
    (checklist,) = extractor.checklists([(reference, reference)], matcher=verifier)
    assert [f.references for f in checklist] == [(0, 1)] * len(checklist)
    assert len({f.text for f in checklist}) == len(checklist)


def test_a_sentence_longer_than_the_parser_takes_is_read_in_pieces(extractor):
    words = " ".join(f"word{i % 50} and" for i in range(3000))  # 27,000 characters, no stop
    reference = f"The council approved the plan {words} the budget"
    facts = extractor.reference_facts([reference])[0]
    assert facts and all(reference[f.start : f.end] for f in facts)
    # Punctuation alone is still a fact (the reference as written), never an empty checklist.
    assert facts_of(extractor, "!!! ... ???") == [("fragment", "!!! ... ???")]


@pytest.mark.parametrize(
    "output, problem",
    [
        ("out.csv", "is not a .jsonl file"),
        ("afile/out.jsonl", "afile is a file"),
        ("data.jsonl", "is the dataset read"),
    ],
)
def test_facts_extract_refuses_an_output_it_cannot_write_before_any_work(
    tmp_path, capsys, output, problem
):
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"id": "a", "source": "x", "references": ["A b c."]}) + "\n")
    (tmp_path / "afile").write_text("mine")
    argv = ["facts", "extract", "--dataset", str(data), "--output", str(tmp_path / output)]
    assert main([*argv, "--force"]) == 2
    assert problem in capsys.readouterr().err
    assert (tmp_path / "afile").read_text() == "mine"
    assert data.read_text().startswith('{"id": "a"')
    # An unknown matcher is refused before the dataset is read, even with one reference each.
    argv = ["facts", "extract", "--dataset", str(data), "--output", str(tmp_path / "o.jsonl")]
    assert main([*argv, "--matcher", "bogus"]) == 2
    assert "bogus" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_a_run_shows_the_extracted_facts_and_says_when_it_ignores_a_datasets_own(
    tmp_path, capsys
):
    config = tmp_path / "exp.yaml"
    config.write_text(
        "name: auto\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\n"
        "metrics: [{type: checklist, args: {facts: auto, matcher: {type: lexical}}}]\n"
        f"output: {tmp_path / 'out'}\n"
    )
    assert main(["run", str(config)]) == 0
    assert "the dataset's own checklists and probes are not read" in capsys.readouterr().err
    first = json.loads((tmp_path / "out" / "scores.jsonl").open().readline())
    fact = first["details"]["checklist"]["facts"][0]
    assert fact["text"] and len(fact["span"]) == 3
