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


@pytest.mark.parametrize(
    "reference",
    [
        "2024年他们明天去商店买东西",  # Chinese with a year: once scored by "2024" alone
        "قال الرئيس إن المحادثات مع وفد IBM كانت مثمرة في 2024",  # Arabic, a Latin acronym
        "प्रधानमंत्री ने कहा कि G20 की बैठक 2023 में सफल रही",  # Hindi, with G20 and a year
        "Пхеньян отверг доклад ООН о правах человека, заявил KCNA",  # Cyrillic, a Latin name
    ],
)
def test_a_reference_mostly_outside_latin_is_refused_even_with_digits_or_latin_words(
    reference,
):
    import bench
    from bench.errors import ConfigError
    from bench.metrics.rouge import deleted_letters

    letters, deleted = deleted_letters(reference)
    assert deleted * 2 > letters > 0
    with pytest.raises(ConfigError, match=r"outside a-z.*set `tokenizer: unicode`") as err:
        bench.rouge([reference], [reference])
    assert "reference 1 of example" in str(err.value)
    unicode = bench.rouge([reference], [reference], tokenizer="unicode")
    assert unicode["rouge1_f"] == 1.0  # identical texts, now scored as such


def test_the_issue_pair_is_refused_rather_than_scored_by_its_year():
    """rouge-score's default tokenizer keeps only "2024" of both: R-1 was 1.0 for two different
    sentences (and 0.0 for identical texts without the digits)."""
    from rouge_score import rouge_scorer

    import bench
    from bench.errors import ConfigError

    prediction, reference = "2024年我们今天去公园散步，天气很好", "2024年他们明天去商店买东西"
    direct = rouge_scorer.RougeScorer(["rouge1"]).score(reference, prediction)
    assert direct["rouge1"].fmeasure == 1.0  # what the guard protects against
    with pytest.raises(ConfigError):
        bench.rouge([prediction], [reference])
    assert bench.rouge([prediction], [reference], tokenizer="unicode")["rouge1_f"] < 0.5


def test_latin_text_with_a_few_foreign_words_is_still_scored():
    import bench

    reference = "Kim Jong Un (金正恩) met officials in Pyongyang (평양) on Monday."
    result = bench.rouge(["Kim met officials in Pyongyang."], [reference])
    expected = rouge_scorer_score(reference, "Kim met officials in Pyongyang.")
    assert result["rouge1_f"] == expected


def rouge_scorer_score(reference: str, prediction: str) -> float:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    return scorer.score(reference, prediction)["rouge1"].fmeasure
