"""The fast ROUGE backend (rouge-score-rs) gives rouge-score's numbers to the last bit."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from bench.data.schema import Example
from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def _metric(backend: str, **args) -> RougeMetric:
    return RougeMetric.from_config({"types": TYPES, "backend": backend, **args})


def test_auto_picks_the_rust_backend_and_keeps_the_signature():
    fast, slow = _metric("auto"), _metric("python")
    assert fast.backend == "rust" and slow.backend == "python"
    assert fast.signature() == slow.signature()  # the backend cannot change a number


@pytest.mark.parametrize("policy", ["max", "mean", "jackknife"])
@pytest.mark.parametrize("tokenizer", ["default", "unicode"])
def test_backends_agree_exactly_on_the_seed_set(seed_dataset, policy, tokenizer):
    items = [
        ScoringItem(text, example)
        for example in seed_dataset
        for text in (example.source[:400], example.references[0], "")
    ]
    args = {"multi_ref": policy, "tokenizer": tokenizer}
    fast = [s.values for s in _metric("rust", **args).score(items)]
    slow = [s.values for s in _metric("python", **args).score(items)]
    assert fast == slow


def test_the_python_backend_is_rouge_score_itself(seed_dataset):
    example = seed_dataset.examples[0]
    ours = _metric("python").score(
        [ScoringItem(example.references[1], Example("x", "s", (example.references[2],)))]
    )
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True).score(
        target=RougeMetric.prepare(example.references[2]),
        prediction=RougeMetric.prepare(example.references[1]),
    )
    assert ours[0].values["rougeLsum_f"] == direct["rougeLsum"].fmeasure


WORDS = st.sampled_from(
    "the a diplomat defected defects defecting ran running runs cat cats 52 2016 North Korea "
    "Seoul's don't e-mail naïve Zürich 北京 Пхеньян , . ! ? \n".split(" ")
)
TEXT = st.lists(WORDS | st.text(max_size=6), max_size=40).map(" ".join)
# References need a Latin letter or digit (others are refused before scoring, by design):
# built that way rather than filtered, so that no input is thrown away.
ASCII_WORDS = st.sampled_from("the a diplomat defected ran runs cat 52 2016 North , .".split())
REFERENCE = st.lists(ASCII_WORDS, max_size=20).map(lambda ws: " ".join(["news", *ws]))


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    candidate=TEXT,
    references=st.lists(REFERENCE | TEXT.map(lambda t: "x " + t), min_size=1, max_size=3),
)
def test_backends_agree_on_random_text(candidate, references):
    item = ScoringItem(candidate, Example("x", "source", tuple(references)))
    fast = _metric("rust", multi_ref="jackknife").score([item])[0].values
    slow = _metric("python", multi_ref="jackknife").score([item])[0].values
    assert fast == slow
    assert all(0.0 <= v <= 1.0 for v in fast.values())
