"""Our BERTScore equals bert_score.score called directly with the same model and layer."""

from __future__ import annotations

import bert_score
import pytest

from bench.data.schema import Example
from bench.metrics.base import ScoringItem
from bench.metrics.bertscore import BertScoreMetric, default_model_path
from bench.text import split_sentences


@pytest.fixture(scope="module")
def metric():
    return BertScoreMetric.from_config({})


def test_f1_equals_bert_score_with_multiple_references(metric, seed_dataset):
    examples = list(seed_dataset)[:4]
    candidates = [e.source.split("\n")[0] for e in examples]
    ours = metric.score([ScoringItem(c, e) for c, e in zip(candidates, examples)])
    precision, recall, f1 = bert_score.score(
        candidates,
        [list(e.references) for e in examples],
        model_type=default_model_path(),
        num_layers=6,
    )
    for score, p, r, f in zip(ours, precision.tolist(), recall.tolist(), f1.tolist()):
        assert score.values["bertscore_f1"] == pytest.approx(f, abs=1e-5)
        assert score.values["bertscore_p"] == pytest.approx(p, abs=1e-5)
        assert score.values["bertscore_r"] == pytest.approx(r, abs=1e-5)


def test_idf_weights_equal_bert_score_idf_over_the_references(seed_dataset):
    metric = BertScoreMetric.from_config({"idf": True})
    examples = list(seed_dataset)
    candidates = [split_sentences(e.source)[1] for e in examples]
    refs = [e.references[2] for e in examples]
    single = [Example(e.id, e.source, (r,)) for e, r in zip(examples, refs)]
    ours = metric.score([ScoringItem(c, e) for c, e in zip(candidates, single)])
    _, _, f1 = bert_score.score(
        candidates, refs, model_type=default_model_path(), num_layers=6, idf=True
    )
    for score, f in zip(ours, f1.tolist()):
        assert score.values["bertscore_f1"] == pytest.approx(f, abs=1e-5)


def test_an_empty_summary_scores_zero_instead_of_crashing(metric, seed_dataset):
    example = seed_dataset.by_id()["nk-001-wire"]
    scores = metric.score(
        [ScoringItem("  ", example), ScoringItem("A diplomat defected.", example)]
    )
    assert scores[0].values == {"bertscore_p": 0.0, "bertscore_r": 0.0, "bertscore_f1": 0.0}
    assert scores[1].values["bertscore_f1"] > 0.3


def test_signature_names_model_layer_and_versions_but_no_local_path(metric):
    signature = metric.signature()
    assert "model:all-MiniLM-L6-v2" in signature and "layer:6" in signature
    assert "bert-score-0." in signature and "/" not in signature.split("model:")[1].split("|")[0]


def test_rescaling_without_a_baseline_is_a_clear_error():
    from bench.errors import ConfigError

    metric = BertScoreMetric.from_config({"rescale_with_baseline": True})
    with pytest.raises(ConfigError, match="baseline_path"):
        metric.score([ScoringItem("a", Example("x", "s", ("b",)))])


def test_a_custom_model_needs_its_layer():
    from bench.errors import ConfigError

    with pytest.raises(ConfigError, match="num_layers"):
        BertScoreMetric.from_config({"model": "roberta-large"})
