"""Our ROUGE equals rouge-score's RougeScorer called directly, for every multi-reference policy."""

from __future__ import annotations

import numpy as np
import pytest
from rouge_score import rouge_scorer

from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric, UnicodeTokenizer
from bench.text import split_sentences

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def _direct(prediction: str, reference: str, stemmer: bool = True) -> dict:
    """rouge-score itself, given one sentence per line as rougeLsum expects."""
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=stemmer)
    return scorer.score(
        target="\n".join(split_sentences(reference)),
        prediction="\n".join(split_sentences(prediction)),
    )


def _ours(example, candidate: str, policy: str, held_out: bool = False, **args) -> dict:
    metric = RougeMetric.from_config({"multi_ref": policy, "types": TYPES, **args})
    return metric.score([ScoringItem(candidate, example, held_out=held_out)])[0].values


def _triples(direct: dict, rouge_type: str) -> tuple[float, float, float]:
    s = direct[rouge_type]
    return (s.precision, s.recall, s.fmeasure)


@pytest.fixture(scope="module")
def item(seed_dataset):
    example = seed_dataset.by_id()["nk-001-wire"]
    candidate = "\n".join(split_sentences(example.source)[:3])
    return example, candidate


def test_max_equals_score_multi(item):
    example, candidate = item
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    direct = scorer.score_multi(
        targets=["\n".join(split_sentences(r)) for r in example.references],
        prediction="\n".join(split_sentences(candidate)),
    )
    ours = _ours(example, candidate, "max")
    for t in TYPES:
        for suffix, value in zip("prf", _triples(direct, t)):
            assert ours[f"{t}_{suffix}"] == pytest.approx(value, abs=1e-9)


def test_mean_averages_precision_recall_and_f(item):
    example, candidate = item
    per_ref = [_direct(candidate, r) for r in example.references]
    ours = _ours(example, candidate, "mean")
    for t in TYPES:
        expected = np.mean([_triples(d, t) for d in per_ref], axis=0)
        for suffix, value in zip("prf", expected):
            assert ours[f"{t}_{suffix}"] == pytest.approx(value, abs=1e-9)


def test_jackknife_averages_the_best_of_each_leave_one_out_subset(item):
    example, candidate = item
    per_ref = [_direct(candidate, r) for r in example.references]
    ours = _ours(example, candidate, "jackknife")
    for t in TYPES:
        subsets = []
        for left_out in range(len(per_ref)):
            rest = [d for i, d in enumerate(per_ref) if i != left_out]
            subsets.append(_triples(max(rest, key=lambda d: d[t].fmeasure), t))
        for suffix, value in zip("prf", np.mean(subsets, axis=0)):
            assert ours[f"{t}_{suffix}"] == pytest.approx(value, abs=1e-9)


def test_jackknife_for_a_held_out_reference_is_the_max_over_the_others(item):
    example, _ = item
    rest = example.without_reference(0)
    ours = _ours(rest, example.references[0], "jackknife", held_out=True)
    expected = _ours(rest, example.references[0], "max")
    assert ours == expected


def test_without_stemming_matches_too(item):
    example, candidate = item
    direct = _direct(candidate, example.references[2], stemmer=False)
    ours = _ours(example.without_reference(0).without_reference(0), candidate, "max", stemmer=False)
    assert ours["rouge2_f"] == pytest.approx(direct["rouge2"].fmeasure, abs=1e-9)


def test_lsum_uses_real_sentence_splits():
    # Lower-cased tokenized output: sentences end with a free-standing period.
    from bench.data.schema import Example

    example = Example("x", "src", ("the cat sat . the dog ran .",))
    ours = _ours(example, "the dog ran . the cat sat .", "max")
    assert ours["rougeLsum_f"] == pytest.approx(1.0)
    assert ours["rougeL_f"] < 1.0


def test_unicode_tokenizer_equals_rouge_score_on_ascii_and_keeps_other_scripts():
    from rouge_score.tokenizers import DefaultTokenizer

    text = "The defectors' numbers rose to 34,000 in 2023; officials were worried."
    assert UnicodeTokenizer(True).tokenize(text) == DefaultTokenizer(True).tokenize(text)
    assert DefaultTokenizer(True).tokenize("Пхеньян отверг доклад") == []
    assert UnicodeTokenizer(True).tokenize("Пхеньян отверг доклад") == [
        "пхеньян",
        "отверг",
        "доклад",
    ]
    assert UnicodeTokenizer(True).tokenize("朝鲜外交官") == ["朝", "鲜", "外", "交", "官"]


def test_non_latin_text_does_not_score_zero_with_the_unicode_tokenizer():
    from bench.data.schema import Example
    from bench.errors import ConfigError

    example = Example("x", "src", ("朝鲜外交官叛逃到韩国",))
    with pytest.raises(ConfigError, match="set `tokenizer: unicode`"):
        _ours(example, "朝鲜外交官叛逃", "max")
    unicode = _ours(example, "朝鲜外交官叛逃", "max", tokenizer="unicode")
    assert unicode["rouge1_f"] == pytest.approx(2 * 1.0 * 0.7 / 1.7)  # P = 7/7, R = 7/10
