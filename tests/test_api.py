"""The one-call Python API on plain lists, checked against the reference libraries called
directly and against the leaderboard's own statistics."""

from __future__ import annotations

import numpy as np
import pytest

import bench
from bench.errors import SummbenchError


def test_rouge_equals_rouge_score_item_by_item():
    from rouge_score import rouge_scorer

    predictions = ["the cat sat on the mat", "a dog barked loudly", "nothing alike here"]
    references = [["a cat sat on a mat", "the cat is on the mat"], "the dog barked", ["zzz"]]
    result = bench.rouge(predictions, references)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    for item, prediction, refs in zip(result.items, predictions, references):
        refs = [refs] if isinstance(refs, str) else refs
        expected = scorer.score_multi(refs, prediction)
        for kind in ("rouge1", "rouge2", "rougeL"):
            assert item[f"{kind}_f"] == expected[kind].fmeasure
    assert result["rouge1_f"] == pytest.approx(np.mean(result.values("rouge1_f")))
    interval = result.intervals["rouge1_f"]
    assert interval.low <= result["rouge1_f"] <= interval.high
    assert result.signature.startswith("rouge|types:rouge1,rouge2,rougeL,rougeLsum")
    assert bench.rouge(predictions, references, multi_ref="mean").signature != result.signature


def test_bertscore_equals_bert_score():
    import bert_score

    from bench.metrics.bertscore import default_model_path

    predictions = ["the cat sat on the mat", "a dog barked"]
    references = ["a cat sat on a mat", "the dog barked loudly"]
    result = bench.bertscore(predictions, references)
    _, _, f1 = bert_score.score(
        predictions, references, model_type=default_model_path(), num_layers=6
    )
    assert result.values("bertscore_f1") == pytest.approx(f1.tolist(), abs=1e-5)


def test_checklist_on_plain_fact_lists():
    result = bench.checklist(
        ["Ri defected to South Korea in November.", "Nothing about it."],
        [["Ri defected to South Korea", "He defected in November"], ["Ri defected"]],
        matcher={"type": "lexical"},
    )
    assert result.values("fact_recall") == [1.0, 0.0]
    assert {f["verdict"] for f in result.details[0]["facts"]} == {"present"}


def test_compare_is_the_leaderboards_paired_test():
    rng = np.random.default_rng(0)
    a = rng.uniform(0.3, 0.6, size=40)
    b = a + 0.05 + rng.normal(0, 0.02, size=40)
    comparison = bench.compare(list(a), list(b))
    assert comparison.p_value < 0.01 and comparison.difference > 0
    assert comparison.n == 40
    tiny = bench.compare([0.5, 0.6, 0.7], [0.4, 0.5, 0.6])
    assert tiny.p_value == 0.25 and tiny.min_p_value == 0.25  # three examples prove nothing


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bench.rouge("one string", ["ref"]), "not a list"),
        (lambda: bench.rouge(["a", "b"], ["ref"]), "2 predictions but 1 references"),
        (lambda: bench.rouge(["a"], [[]]), "non-empty list of strings"),
        (lambda: bench.checklist(["a"], [[3]]), "a fact is a string"),
        (lambda: bench.compare([1.0, 2.0], [1.0]), "2 scores against 1"),
        (lambda: bench.score("rouge", ["a"]), "rouge needs references"),
        (lambda: bench.rouge(["a"], ["b"], stemer=True), "stemer"),
    ],
)
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(SummbenchError) as err:
        call()
    assert message in str(err.value)
