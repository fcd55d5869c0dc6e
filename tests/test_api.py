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


def test_a_result_as_a_dict_is_plain_json_with_every_number():
    import json

    result = bench.rouge(["the cat sat on the mat", "a dog"], ["a cat sat on a mat", "the dog"])
    as_dict = json.loads(json.dumps(result.to_dict()))
    assert as_dict["means"] == result.means and as_dict["items"] == result.items
    assert as_dict["signature"] == result.signature
    interval = result.intervals["rouge1_f"]
    assert as_dict["intervals"]["rouge1_f"] == {
        "mean": interval.value,
        "low": interval.low,
        "high": interval.high,
    }


def test_bertscore_equals_bert_score():
    import bert_score

    from bench.encoders.bertscore_encoder import default_model_path

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
        (lambda: bench.rouge([None, "a"], ["b", "c"]), "predictions[0]: found None"),
        (lambda: bench.rouge(["a", 7], ["b", "c"]), "predictions[1]: found int 7"),
        (lambda: bench.rouge(["a", "b"], ["c", None]), "references[1]: found None"),
        (lambda: bench.rouge(["a"], [["b", 3]]), "references[0][1]: found int 3"),
        (lambda: bench.rouge(["a"], [" "]), "references[0]: found a blank string"),
        (lambda: bench.rouge(["a"], [["", " "]]), "references[0]: found only blank strings"),
        (lambda: bench.rouge(["a"]), "missing a required argument: 'references'"),
        (lambda: bench.rouge(["a"], ["b"], seed=-1), "seed: found int -1"),
        (lambda: bench.rouge(["a"], ["b"], seed="x"), "seed: found the string 'x'"),
        (lambda: bench.rouge(["a"], ["b"], seed=1.5), "seed: found float 1.5"),
        (lambda: bench.rouge(["a"], ["b"], seed=True), "seed: found bool True"),
        (lambda: bench.rouge(["a"], ["b"], seed=2**32), "seed: found int 4294967296"),
        (lambda: bench.rouge(["a"], ["b"], stats={"resamples": 1e9}), "stats.resamples"),
        (lambda: bench.checklist(["a", "b"], ["cars banned", "x"]), 'facts=[["fact 1"'),
        (lambda: bench.checklist(["a"], [["x"], ["y"]]), "1 predictions but 2 facts"),
        (lambda: bench.checklist(["a"], [[{"text": "x", "weigth": 2}]]), 'Did you mean "weight"'),
        (lambda: bench.checklist(["a"], [[{"weight": 2}]]), "facts[0][0].text: found None"),
        (lambda: bench.checklist(["a"], [[" "]]), "facts[0][0]: found a blank string"),
        (lambda: bench.checklist(["a"], [["x", {"text": "y", "id": "f0"}]]), "used twice"),
        (lambda: bench.checklist(["a"], [[{"text": "x", "weight": 0}]]), "weights sum to 0"),
        (lambda: bench.compare([0.1, float("nan"), 0.3], [1, 2, 3]), "a[1]: found float nan"),
        (lambda: bench.compare([0.1, 0.2], ["0.3", 0.4]), "b[0]: found the string '0.3'"),
        (lambda: bench.compare([0.1, 0.2], [0.3, 0.4], trials=1e8), "trials: found float"),
        (lambda: bench.compare([0.1, 0.2], [0.3, 0.4], trials=10**8), "from 10 to 100,000"),
        (lambda: bench.compare([0.1, 0.2], [0.3, 0.4], test="t"), "test: found the string"),
        (lambda: bench.compare([0.1, 0.2], [0.3, 0.4], trails=9), 'Did you mean "trials"'),
        (lambda: bench.score(None, ["a"]), "metric: found None"),
        (lambda: bench.score("rouge", ["a"], references=["b"], args=[1]), "args: found list"),
        (lambda: bench.load_config(None), "path: found None"),
        (lambda: bench.load_config(" "), "path: found a blank string"),
        (lambda: bench.load_config("configs/seed.yaml", overrides=[1]), "overrides: found"),
        (lambda: bench.load_config("configs/seed.yaml", overide={}), 'Did you mean "overrides"'),
        (lambda: bench.run_experiment("configs/seed.yaml"), 'load_config("configs/seed.yaml")'),
        (lambda: bench.ExperimentConfig(nmae="x"), 'Did you mean "name"'),
    ],
)
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(SummbenchError) as err:
        call()
    assert message in str(err.value)
    assert "Fix:" in str(err.value)


@pytest.mark.parametrize("weight", [float("nan"), -1, float("inf"), 1e308, True, "2", None])
def test_a_fact_weight_is_a_number_from_0_to_a_million(weight):
    with pytest.raises(SummbenchError, match=r"facts\[0\]\[1\]\.weight: found"):
        bench.checklist(["a"], [["x", {"text": "y", "weight": weight}]])


def test_one_string_fact_for_one_prediction_is_one_fact_not_its_letters():
    one = bench.checklist(["A cat."], ["Cat"], matcher={"type": "lexical"})
    assert [f["id"] for f in one.details[0]["facts"]] == ["f0"]
    assert one.values("fact_recall") == [1.0]
    # For one prediction a flat list can only be its facts.
    flat = bench.checklist(["A cat."], ["Cat", "Dog"], matcher={"type": "lexical"})
    assert flat.values("fact_recall") == [0.5]


def test_a_blank_reference_beside_another_is_left_out_as_summbench_score_does():
    with_blank = bench.rouge(["the cat sat"], [["", "a cat sat down", " "]], multi_ref="mean")
    without = bench.rouge(["the cat sat"], [["a cat sat down"]], multi_ref="mean")
    assert with_blank.items == without.items and with_blank.items[0]["rouge1_f"] > 0


def test_an_empty_prediction_scores_zero_with_every_metric():
    predictions, references = ["", "the cat sat on the mat"], ["a cat sat", "a cat sat on a mat"]
    assert bench.rouge(predictions, references).values("rouge1_f")[0] == 0.0
    bert = bench.bertscore([" ", *predictions[1:]], references)
    assert bert.items[0] == {"bertscore_p": 0.0, "bertscore_r": 0.0, "bertscore_f1": 0.0}
    assert bert.items[1]["bertscore_f1"] > 0.5
    facts = bench.checklist(predictions, [["a cat sat"], ["a cat sat"]])
    assert facts.values("fact_recall") == [0.0, 1.0]
    assert facts.values("fact_recall_soft")[0] == 0.0


def test_list_likes_are_taken_as_lists():
    predictions = np.array(["the cat sat", "a dog"])
    result = bench.rouge(predictions, ("a cat sat", ("the dog", "a dog barked")))
    assert result.values("rouge1_f") == bench.rouge(
        ["the cat sat", "a dog"], ["a cat sat", ["the dog", "a dog barked"]]
    ).values("rouge1_f")
    comparison = bench.compare(np.array([0.1, 0.2, 0.3]), (0.2, None, 0.4, ))
    assert comparison.n == 2  # None leaves its example out of both
