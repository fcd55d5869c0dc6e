"""Every ROUGE backend gives rouge-score's numbers to the last bit.

rouge-score itself (``backend: rouge-score``) is the reference; rouge-score-rs (``rust``) and
our pure-Python scorer (``python``) are compared with it on the seed set, on random text through
the metric, and pair by pair on arbitrary Unicode.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from bench.data.schema import Example
from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric
from bench.metrics.rouge_python import PythonRougeScorer, lcs_indices

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
FAST = ["rust", "python"]


def _metric(backend: str, **args) -> RougeMetric:
    return RougeMetric.from_config({"types": TYPES, "backend": backend, **args})


def test_auto_picks_the_rust_backend_and_no_backend_changes_the_signature():
    metrics = {name: _metric(name) for name in ("auto", "rust", "python", "rouge-score")}
    assert metrics["auto"].backend == "rust"
    assert len({m.signature() for m in metrics.values()}) == 1


@pytest.mark.parametrize("backend", FAST)
@pytest.mark.parametrize("policy", ["max", "mean", "jackknife"])
@pytest.mark.parametrize("tokenizer", ["default", "unicode"])
def test_backends_agree_exactly_on_the_seed_set(seed_dataset, backend, policy, tokenizer):
    items = [
        ScoringItem(text, example)
        for example in seed_dataset
        for text in (example.source[:400], example.references[0], "")
    ]
    args = {"multi_ref": policy, "tokenizer": tokenizer}
    fast = [s.values for s in _metric(backend, **args).score(items)]
    reference = [s.values for s in _metric("rouge-score", **args).score(items)]
    assert fast == reference


def test_the_reference_backend_is_rouge_score_itself(seed_dataset):
    example = seed_dataset.examples[0]
    ours = _metric("rouge-score").score(
        [ScoringItem(example.references[1], Example("x", "s", (example.references[2],)))]
    )
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True).score(
        target=RougeMetric.prepare(example.references[2]),
        prediction=RougeMetric.prepare(example.references[1]),
    )
    assert ours[0].values["rougeLsum_f"] == direct["rougeLsum"].fmeasure


def test_lines_keeps_the_texts_own_sentence_breaks():
    """``sentence_split: lines`` is rouge-score on the text as given; the splitter re-splits it."""
    reference = "The talks ended. Both sides left.\nA statement followed."
    candidate = "Both sides left the talks. The talks ended.\nNo statement."
    item = ScoringItem(candidate, Example("x", "s", (reference,)))
    lines = _metric("python", sentence_split="lines").score([item])[0].values
    pysbd = _metric("python").score([item])[0].values
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    assert lines["rougeLsum_f"] == direct.score(reference, candidate)["rougeLsum"].fmeasure
    split = direct.score(RougeMetric.prepare(reference), RougeMetric.prepare(candidate))
    assert pysbd["rougeLsum_f"] == split["rougeLsum"].fmeasure
    assert lines["rougeLsum_f"] != pysbd["rougeLsum_f"]  # the split matters for Lsum only
    assert lines["rougeL_f"] == pysbd["rougeL_f"]
    assert "split:lines" in _metric("python", sentence_split="lines").signature()


def test_the_splitter_is_named_in_the_signature_and_pysbd_stays_available():
    """The default splits with our rules (and finds the missing space); ``pysbd`` gives
    rouge-score's numbers on pysbd's splits, as summbench computed them before."""
    reference = "He left Galatasaray at the end of last season.The former Ajax man signed."
    candidate = "The former Ajax man signed for Nice. He left Galatasaray last season."
    item = ScoringItem(candidate, Example("x", "s", (reference,)))
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    for split, label in (("rules", "split:rules-1"), ("pysbd", "split:pysbd-0.3.4")):
        metric = _metric("rust", sentence_split=split)
        assert label in metric.signature()
        expected = direct.score(
            RougeMetric.prepare(reference, split), RougeMetric.prepare(candidate, split)
        )
        assert metric.score([item])[0].values["rougeLsum_f"] == expected["rougeLsum"].fmeasure
    assert RougeMetric.prepare(reference).count("\n") == 1  # two sentences
    assert RougeMetric.prepare(reference, "pysbd").count("\n") == 0  # pysbd sees one
    assert "split:rules-1" in _metric("rust").signature()  # the default


WORDS = st.sampled_from(
    "the a diplomat defected defects defecting ran running runs cat cats 52 2016 North Korea "
    "Seoul's don't e-mail naïve Zürich 北京 Пхеньян , . ! ? \n".split(" ")
)
TEXT = st.lists(WORDS | st.text(max_size=6), max_size=40).map(" ".join)
# References need mostly Latin letters (others are refused before scoring, by design): built
# that way rather than filtered, so that no input is thrown away.
ASCII_WORDS = st.sampled_from("the a diplomat defected ran runs cat 52 2016 North , .".split())
REFERENCE = st.lists(ASCII_WORDS, max_size=20).map(lambda ws: " ".join(["news", *ws]))


def _mostly_latin(text: str) -> str:
    """``text`` followed by more Latin letters than it has letters of any kind."""
    return text + " x" * (1 + sum(map(str.isalpha, text)))


PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(
    candidate=TEXT,
    references=st.lists(REFERENCE | TEXT.map(_mostly_latin), min_size=1, max_size=3),
)
def test_backends_agree_on_random_text(candidate, references):
    item = ScoringItem(candidate, Example("x", "source", tuple(references)))
    reference = _metric("rouge-score", multi_ref="jackknife").score([item])[0].values
    for backend in FAST:
        assert _metric(backend, multi_ref="jackknife").score([item])[0].values == reference
    assert all(0.0 <= v <= 1.0 for v in reference.values())


# Few distinct words, so that n-grams and LCS runs repeat and ties in the backtrack are common.
LINES = st.lists(
    st.lists(st.sampled_from("a b c the of runs running ran 1 é 北".split()), max_size=12).map(
        " ".join
    )
    | st.text(max_size=20),
    max_size=4,
).map("\n".join)


@PROPERTY
@given(target=LINES, prediction=LINES)
def test_python_scorer_equals_rouge_score_pair_by_pair(target, prediction):
    types = ["rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"]
    for stem in (True, False):
        expected = rouge_scorer.RougeScorer(types, use_stemmer=stem).score(target, prediction)
        got = PythonRougeScorer(types, use_stemmer=stem).score(target, prediction)
        assert {k: tuple(v) for k, v in got.items()} == {k: tuple(v) for k, v in expected.items()}


@PROPERTY
@given(
    ref=st.lists(st.sampled_from("abcd"), max_size=15),
    can=st.lists(st.sampled_from("abcd"), max_size=15),
)
def test_bit_parallel_lcs_picks_rouge_scores_lcs(ref, can):
    assert lcs_indices(ref, can) == rouge_scorer.lcs_ind(ref, can)


def test_python_scorer_reuses_each_text_and_each_stem():
    scorer = PythonRougeScorer(TYPES, use_stemmer=True)
    scorer.score_batch(["the talks ended"] * 3, ["talks ended", "ended talks", "talks"])
    assert len(scorer._cache) == 4  # one reference, three candidates
    stems = scorer._tokenize.__self__._stems
    assert stems == {"the": "the", "talks": "talk", "ended": "end"}  # "the": too short to stem


def test_splitting_beside_rust_scoring_changes_no_number(seed_dataset):
    """With rouge-score-rs, pairs go in blocks scored in a thread while the next block is
    split: every pair must get what one batch call and rouge-score itself give."""
    from bench.text import split_sentences

    sentences = [s for e in seed_dataset for s in split_sentences(e.source)]
    items = [
        ScoringItem(" ".join(sentences[i : i + 3]), example)
        for example in seed_dataset
        for i in range(0, len(sentences) - 3, 5)
    ]
    metric = _metric("rust")
    calls: list[int] = []
    real = metric._score_pairs
    metric._score_pairs = lambda t, p: calls.append(len(t)) or real(t, p)
    overlapped = [s.values for s in metric.score(items)]
    assert len(calls) > 2 and sum(calls) == sum(len(i.example.references) for i in items)
    one_by_one = [s.values for item in items for s in _metric("rust").score([item])]
    assert overlapped == one_by_one
    reference = [s.values for s in _metric("rouge-score").score(items[::7])]
    assert overlapped[::7] == reference
