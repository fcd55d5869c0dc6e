"""Fact checklist: spun errors are flagged, faithful summaries are not, verdicts have evidence."""

from __future__ import annotations

import pytest

from bench.data.schema import Example, Fact
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
    assert score.values["contradictions"] == len(stated)
    assert score.values["contradiction_rate"] == pytest.approx(len(stated) / len(spun.probes))
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

    from .conftest import SEED_DATASET

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
