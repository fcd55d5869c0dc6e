"""Property tests: any Unicode in, no crash, every score in its range, and the promises each
metric makes (symmetry, identical text scoring maximal, a stated fact found).

Text comes from all of Unicode (emoji, right-to-left scripts, CJK without spaces, combining
marks, control characters), plus a few real words so that overlaps actually happen.
"""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.data.schema import Example, Fact
from bench.facts.matcher import Claim, MatchTask, Verdict
from bench.facts.registry import MATCHERS
from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric
from bench.metrics.textstats import TextStatsMetric
from bench.text import words

WORDS = st.sampled_from(
    [
        *"the diplomat defected to Seoul in 2023 café naïve".split(),
        *["北京外交官", "مرحبا", "שלום", "🙂👍🏽", "e\u0301", "\x00", "\u202e", "\t", "\n"],
    ]
)
ANY_TEXT = st.lists(WORDS | st.text(max_size=12), max_size=25).map(" ".join)
SETTINGS = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
ROUGE = RougeMetric.from_config(
    {"types": ["rouge1", "rouge2", "rougeL", "rougeLsum"], "tokenizer": "unicode"}
)


def _in_unit_range(values):
    return all(v is None or (0.0 <= v <= 1.0 and not math.isnan(v)) for v in values)


@SETTINGS
@given(a=ANY_TEXT, b=ANY_TEXT)
def test_rouge_any_text_in_range_and_symmetric(a, b):
    ab = ROUGE.score([ScoringItem(a, Example("x", "s", ("r " + b,)))])[0].values
    ba = ROUGE.score([ScoringItem("r " + b, Example("x", "s", (a or "-",)))])[0].values
    assert _in_unit_range(ab.values())
    if a:  # swapping candidate and reference swaps precision and recall; F1 stays
        for t in ("rouge1", "rouge2", "rougeL"):
            assert ab[f"{t}_f"] == pytest.approx(ba[f"{t}_f"], abs=1e-12)
            assert ab[f"{t}_p"] == pytest.approx(ba[f"{t}_r"], abs=1e-12)


@SETTINGS
@given(a=ANY_TEXT)
def test_rouge_identical_text_scores_one(a):
    text = "anchor " + a
    values = ROUGE.score([ScoringItem(text, Example("x", "s", (text,)))])[0].values
    assert values["rouge1_f"] == 1.0 and values["rougeL_f"] == 1.0


@SETTINGS
@given(summary=ANY_TEXT, source=ANY_TEXT)
def test_textstats_any_text_in_range_and_a_copy_of_the_source_all_covered(summary, source):
    metric = TextStatsMetric.from_config({})
    source = source or "-"
    values, copied = (
        s.values
        for s in metric.score(
            [
                ScoringItem(summary, Example("x", source, ("r",))),
                ScoringItem(source, Example("y", source, ("r",))),
            ]
        )
    )
    for key in ("coverage", "novel_1gram", "novel_2gram", "repetition"):
        assert _in_unit_range([values[key]])
    if words(source):  # every word of a copy is in the source, in one fragment
        assert copied["coverage"] == 1.0 and copied["novel_1gram"] == 0.0
        assert copied["words"] == len(words(source)) == copied["density"]
    else:
        assert copied["coverage"] is None


LEXICAL = MATCHERS.get("lexical").from_config({})


@SETTINGS
@given(summary=ANY_TEXT, fact=ANY_TEXT)
def test_lexical_matcher_any_text_gives_a_verdict_in_range(summary, fact):
    claim = Claim("f", "fact " + fact)
    (verdict,) = LEXICAL.match([MatchTask(summary, (claim,), (), "")])[0]
    assert 0.0 <= verdict.confidence <= 1.0
    # Without a word in common the summary cannot state the claim.
    if not _folded_words(claim.text) & _folded_words(summary):
        assert verdict.verdict is Verdict.ABSENT


def _folded_words(text: str) -> set[str]:
    return {w.casefold() for w in words(unicodedata.normalize("NFKC", text))}


@SETTINGS
@given(before=ANY_TEXT, after=ANY_TEXT)
def test_lexical_matcher_finds_a_fact_stated_verbatim(before, after):
    fact = "The diplomat defected to Seoul in November."
    summary = f"{before}\n{fact}\n{after}"
    (verdict,) = LEXICAL.match([MatchTask(summary, (Claim("f", fact),), (), "")])[0]
    assert verdict.verdict is not Verdict.ABSENT


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(a=ANY_TEXT, b=ANY_TEXT)
def test_bertscore_any_text_in_range_symmetric_and_maximal_on_itself(a, b):
    from bench.metrics.bertscore import BertScoreMetric

    metric = BertScoreMetric.from_config({})
    a, b = "a " + a, "b " + b  # never empty: empty candidates are scored 0 by design
    ab, ba, aa = (
        s.values
        for s in metric.score(
            [
                ScoringItem(a, Example("x", "s", (b,))),
                ScoringItem(b, Example("y", "s", (a,))),
                ScoringItem(a, Example("z", "s", (a,))),
            ]
        )
    )
    assert all(-1.0 - 1e-6 <= v <= 1.0 + 1e-6 for v in ab.values())
    assert ab["bertscore_f1"] == pytest.approx(ba["bertscore_f1"], abs=1e-6)
    assert ab["bertscore_p"] == pytest.approx(ba["bertscore_r"], abs=1e-6)
    assert aa["bertscore_f1"] == pytest.approx(1.0, abs=1e-5)


@SETTINGS
@given(summary=ANY_TEXT)
def test_checklist_scores_stay_in_range(summary):
    from bench.metrics.checklist import ChecklistMetric

    facts = (
        Fact("f1", "The diplomat defected.", 1.0, (0,)),
        Fact("f2", "He arrived in Seoul in 2023.", 1.0, (0,)),
    )
    example = Example("x", "source", ("r",), checklist=facts)
    metric = ChecklistMetric.from_config({"matcher": {"type": "lexical"}})
    values = metric.score([ScoringItem(summary, example)])[0].values
    assert _in_unit_range([values["fact_recall"], values["fact_recall_soft"]])
    assert values["contradictions"] >= 0
