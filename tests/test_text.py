"""Sentence splitting and descriptive statistics."""

from __future__ import annotations

import pytest

from bench.data.schema import Example
from bench.metrics.base import ScoringItem
from bench.metrics.textstats import TextStatsMetric, fragments
from bench.text import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Ri left. He was 52.", ["Mr. Ri left.", "He was 52."]),
        ("he left . the talks ended .", ["he left .", "the talks ended ."]),
        ("one line\nanother line", ["one line", "another line"]),
        ("It cost 3.5 million won.", ["It cost 3.5 million won."]),
        ("  \n ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_fragments_follow_grusky_et_al():
    source = ["the", "diplomat", "defected", "to", "the", "south", "in", "november"]
    summary = ["the", "diplomat", "defected", "in", "november", "to", "seoul"]
    assert fragments(summary, source) == [3, 2, 1]  # "the diplomat defected", "in november", "to"


def test_textstats_values():
    example = Example("x", "a b c d e f g h", ("ref",))
    values = TextStatsMetric().score([ScoringItem("a b c x a b c x", example)])[0].values
    assert values["words"] == 8
    assert values["compression"] == 1.0
    assert values["coverage"] == pytest.approx(6 / 8)
    assert values["density"] == pytest.approx((9 + 9) / 8)
    assert values["novel_1gram"] == pytest.approx(2 / 8)
    assert values["repetition"] == pytest.approx(1 - 4 / 6)


def test_empty_summary_has_no_ratios():
    values = TextStatsMetric().score([ScoringItem("", Example("x", "a b", ("r",)))])[0].values
    assert values["words"] == 0 and values["compression"] is None and values["repetition"] is None
