"""Fact checklist: spun errors are flagged, faithful summaries are not, verdicts have evidence."""

from __future__ import annotations

import pytest

from bench.data.schema import Example, Fact, Probe
from bench.facts.lexical import LexicalMatcher
from bench.facts.matcher import Claim, MatchTask, Verdict
from bench.metrics.base import ScoringItem
from bench.metrics.checklist import ChecklistMetric

SPUN_SUMMARY = (
    "A prominent North Korean minister stationed in Cuba has resigned from the South, "
    "according to Seoul's detective bureau. He blamed disillusionment with the North Vietnamese "
    "government. Mr Yoon, a liberal, is tougher on Pyongyang than his father Moon Jae-in."
)
FAITHFUL_SUMMARY = (
    "Ri Il Kyu, a 52-year-old North Korean diplomat stationed in Cuba, defected to South Korea "
    "in November, the National Intelligence Service said. He was disillusioned with the North "
    "Korean regime. Mr Yoon, a conservative, takes a harder line on Pyongyang than his "
    "predecessor Moon Jae-in."
)


@pytest.fixture(scope="module")
def metric():
    return ChecklistMetric.from_config({"matcher": {"type": "lexical"}})


def _score(metric, summary, example):
    return metric.score([ScoringItem(summary, example)])[0]


def test_a_summary_repeating_the_spun_errors_is_flagged(metric, spun):
    score = _score(metric, SPUN_SUMMARY, spun)
    stated = {p["id"] for p in score.details["probes_stated"]}
    assert {
        "resigned-from-south",
        "detective-bureau",
        "minister",
        "north-vietnamese",
        "yoon-liberal",
        "moon-father",
    } <= stated
    # Each stated probe is a false claim; a fact contradicted through one is not counted again,
    # and facts the matcher contradicts with no probe stated against them are added.
    through = {p.contradicts for p in spun.probes if p.id in stated}
    facts = score.details["facts"]
    alone = {f["id"] for f in facts if f["verdict"] == "contradicted"} - through
    assert score.values["contradictions"] == len(stated) + len(alone)
    assert score.values["facts_contradicted"] == len(alone) + len(
        through & {f["id"] for f in facts}
    )
    probed = {p.contradicts for p in spun.probes}
    claims = len(spun.probes) + sum(f.id not in probed for f in spun.checklist)
    assert score.values["contradiction_rate"] == pytest.approx(
        score.values["contradictions"] / claims
    )
    verdicts = {f["id"]: f for f in score.details["facts"]}
    assert verdicts["defected"]["verdict"] == "contradicted"
    assert "resigned from the South" in verdicts["defected"]["evidence"]


def test_a_faithful_summary_is_not_flagged(metric, spun):
    score = _score(metric, FAITHFUL_SUMMARY, spun)
    assert score.values["contradictions"] == 0
    assert score.values["facts_contradicted"] == 0
    present = {f["id"] for f in score.details["facts"] if f["verdict"] == "present"}
    assert {
        "named-ri",
        "aged-52",
        "stationed-cuba",
        "defected",
        "defected-november",
        "nis-confirmed",
    } <= present


def test_no_reference_states_a_false_claim(metric, seed_dataset):
    for example in seed_dataset:
        for i, reference in enumerate(example.references):
            score = _score(metric, reference, example)
            assert score.values["contradictions"] == 0, (example.id, i, score.details)
            assert score.values["facts_contradicted"] == 0, (example.id, i, score.details)


def test_matcher_agrees_with_the_hand_annotated_reference_facts(seed_dataset):
    """Each reference lists the facts it states; the lexical matcher should find them."""
    matcher = LexicalMatcher()
    agree = total = 0
    for example in seed_dataset:
        claims = tuple(Claim(f.id, f.text, f.keys) for f in example.checklist)
        tasks = [MatchTask(r, claims, example.aliases) for r in example.references]
        for i, verdicts in enumerate(matcher.match(tasks)):
            for fact, verdict in zip(example.checklist, verdicts):
                agree += (verdict.verdict is Verdict.PRESENT) == (i in fact.references)
                total += 1
    assert agree / total >= 0.97


def test_the_spun_article_itself_states_every_factual_erratum(metric, spun, seed_dataset):
    import json

    from ..builders import SEED_DATASET

    factual = {
        json.loads(x)["probe_id"]
        for x in (SEED_DATASET / "data/errata.jsonl").open()
        if json.loads(x)["kind"] == "factual"
    }
    stated = {p["id"] for p in _score(metric, spun.source, spun).details["probes_stated"]}
    assert factual <= stated


def test_every_probe_stated_plainly_is_detected(metric, spun):
    for probe in spun.probes:
        stated = {p["id"] for p in _score(metric, probe.text, spun).details["probes_stated"]}
        assert probe.id in stated, probe


def test_distortions_in_a_fluent_summary(metric, spun):
    summary = (
        "Ri Il Kyu, a 62-year-old North Korean diplomat stationed in Venezuela, defected to "
        "South Korea in October. He defected alone, leaving his family behind."
    )
    stated = {p["id"] for p in _score(metric, summary, spun).details["probes_stated"]}
    assert {"wrong-age", "wrong-country", "wrong-month", "defected-alone"} <= stated
    verdicts = {f["id"]: f["verdict"] for f in _score(metric, summary, spun).details["facts"]}
    assert verdicts["aged-52"] == verdicts["stationed-cuba"] == "contradicted"


def test_fact_recall_is_weighted_pyramid_style(metric):
    example = Example(
        "x",
        "src",
        ("r1", "r2", "r3"),
        checklist=(
            Fact("a", "Ri Il Kyu is 52 years old.", 3, (0, 1, 2)),
            Fact("b", "The diplomat was stationed in Cuba.", 1, (2,)),
        ),
    )
    score = _score(metric, "Ri Il Kyu, a 52-year-old, spoke.", example)
    assert score.values["fact_recall"] == pytest.approx(3 / 4)


@pytest.mark.parametrize(
    ("summary", "verdict"),
    [
        ("Ri Il Kyu, a 52-year-old diplomat, left.", Verdict.PRESENT),
        ("Ri Il Kyu, a 62-year-old diplomat, left.", Verdict.CONTRADICTED),
        ("The diplomat was not stationed in Cuba.", Verdict.CONTRADICTED),
        ("The weather in Havana was warm.", Verdict.ABSENT),
        ("", Verdict.ABSENT),
    ],
)
def test_lexical_verdicts(summary, verdict):
    claims = (
        Claim("age", "Ri Il Kyu is 52 years old.")
        if "Kyu" in summary or not summary
        else Claim("cuba", "The diplomat was stationed in Cuba."),
    )
    result = LexicalMatcher().match([MatchTask(summary, claims)])[0][0]
    assert result.verdict is verdict
    if verdict is not Verdict.ABSENT:
        assert result.evidence == summary


@pytest.mark.parametrize(
    ("summary", "verdict"),
    [
        ("The diplomat defected in October.", Verdict.CONTRADICTED),
        ("The diplomat defected on Sunday in November.", Verdict.PRESENT),
        ("The diplomat may defect.", Verdict.ABSENT),  # "may" is not a month
        ("The diplomat defected. Talks ended in October.", Verdict.ABSENT),  # not next to it
    ],
)
def test_a_different_month_next_to_the_fact_is_a_contradiction(summary, verdict):
    claim = Claim("nov", "The diplomat defected in November.", ("november",))
    assert LexicalMatcher().match([MatchTask(summary, (claim,))])[0][0].verdict is verdict


def test_leave_one_out_recomputes_weights(spun):
    held = spun.without_reference(0)
    assert len(held.references) == 2
    for before, after in zip(spun.checklist, held.checklist):
        assert after.weight == before.weight - (0 in before.references)


# What ``contradictions`` counts: contradicted facts, and stated probes about no fact, once each.

AGE = Fact("age", "Ri Il Kyu is 52 years old.")
CUBA = Fact("cuba", "The diplomat was stationed in Cuba.")
DEFECTED = Fact("defected", "The diplomat defected to South Korea.")


def _probe(probe_id: str, text: str, cue: str, contradicts: str = "") -> Probe:
    return Probe(probe_id, text, contradicts=contradicts, cues=(cue,))


def test_a_contradicted_plain_fact_counts_without_any_probe(metric):
    example = Example("x", "src", ("r",), checklist=(AGE, CUBA))
    score = _score(metric, "Ri Il Kyu, a 62-year-old diplomat stationed in Cuba, left.", example)
    verdicts = {f["id"]: f["verdict"] for f in score.details["facts"]}
    assert verdicts == {"age": "contradicted", "cuba": "present"}
    assert score.values["contradictions"] == score.values["facts_contradicted"] == 1
    assert score.values["contradiction_rate"] == pytest.approx(1 / 2)
    assert score.values["fact_recall"] == score.values["fact_recall_soft"] == pytest.approx(1 / 2)


def test_stated_probes_and_facts_contradicted_without_one_each_count(metric):
    probes = (
        _probe("sixty-two", "Ri Il Kyu is 62 years old.", "62", "age"),
        _probe("resigned", "The diplomat resigned from South Korea.", "resigned", "defected"),
        _probe("returned", "The diplomat returned to North Korea.", "returned", "defected"),
        _probe("venezuela", "The diplomat was stationed in Venezuela.", "venezuela", "cuba"),
        # About no fact of this checklist: a claim of its own.
        _probe("family", "The diplomat defected alone, without his family.", "alone"),
    )
    named = Fact("named", "The diplomat is Ri Il Kyu.")
    example = Example("x", "src", ("r",), checklist=(AGE, CUBA, DEFECTED, named), probes=probes)
    summary = (
        "Ri Il Kyu, a 62-year-old diplomat stationed in Mexico, resigned from South Korea and "
        "returned to North Korea. The diplomat defected alone, without his family."
    )
    matcher_alone = metric.matcher.match(
        [MatchTask(summary, tuple(Claim(f.id, f.text) for f in example.checklist))]
    )[0]
    assert [v.verdict for v in matcher_alone[:2]] == [Verdict.CONTRADICTED] * 2  # age, cuba
    score = _score(metric, summary, example)
    stated = {p["id"] for p in score.details["probes_stated"]}
    assert stated == {"sixty-two", "resigned", "returned", "family"}
    verdicts = {f["id"]: f["verdict"] for f in score.details["facts"]}
    assert verdicts == {
        "age": "contradicted",  # by the matcher and through a stated probe
        "cuba": "contradicted",  # by the matcher alone: its probe is not stated
        "defected": "contradicted",  # through two stated probes
        "named": "present",
    }
    assert score.values["facts_contradicted"] == 3
    # Four probes stated (two about one fact: two false claims; one about the age the matcher
    # also finds: once) and cuba, contradicted with no probe stated: five, not the four
    # probes alone, nor six.
    assert score.values["contradictions"] == 5
    # Claims that could be contradicted: the five probes, and the one fact no probe is
    # written against (named).
    assert score.values["contradiction_rate"] == pytest.approx(5 / 6)


def test_a_fact_the_matcher_finds_but_a_stated_probe_contradicts_earns_no_soft_credit(metric):
    probe = _probe("resigned", "The diplomat resigned from South Korea.", "resigned", "defected")
    example = Example("x", "src", ("r",), checklist=(DEFECTED,), probes=(probe,))
    summary = "The diplomat defected to South Korea. Later he resigned from South Korea."
    score = _score(metric, summary, example)
    facts = {f["id"]: f for f in score.details["facts"]}
    assert facts["defected"]["verdict"] == "contradicted"
    assert facts["defected"]["confidence"] > 0.5  # the matcher alone would have found it
    assert score.values["fact_recall"] == score.values["fact_recall_soft"] == 0
    assert score.values["contradictions"] == 1
