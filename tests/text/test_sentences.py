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
    assert split_sentences(text, "pysbd") == expected  # both splitters agree on these


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles, initials, initialisms and abbreviations
        ("Gen. Kim met Dr. Ri. They talked.", ["Gen. Kim met Dr. Ri.", "They talked."]),
        ("I met J. K. Rowling. She was nice.", ["I met J. K. Rowling.", "She was nice."]),
        ("In the U.S. Congress voted. It passed.", ["In the U.S. Congress voted.", "It passed."]),
        ("He lives in the U.S. The man left.", ["He lives in the U.S.", "The man left."]),
        ("It rose, e.g. in Seoul. Then it fell.", ["It rose, e.g. in Seoul.", "Then it fell."]),
        ("They met on Jan. 5 in Seoul.", ["They met on Jan. 5 in Seoul."]),
        ("It works for Apple Inc. The firm grew.", ["It works for Apple Inc.", "The firm grew."]),
        ("It is No. 10 on the list.", ["It is No. 10 on the list."]),
        ("She has a Ph.D. in law.", ["She has a Ph.D. in law."]),
        ("It ended at 5 p.m. The talks resumed.", ["It ended at 5 p.m.", "The talks resumed."]),
        # a common word is not an abbreviation (pysbd lists "ill" and "me" as ones)
        ("He was ill. 15 people died.", ["He was ill.", "15 people died."]),
        ("It happened to me. I left.", ["It happened to me.", "I left."]),
        # quotations
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),
        ('"Why?" he asked.', ['"Why?" he asked.']),
        ('She said "We left. They came," and went.', ['She said "We left. They came," and went.']),
        # ellipses, emphasis, CJK
        ("Wait... the man left. Yes... The end.", ["Wait... the man left.", "Yes...", "The end."]),
        ("He left!!! Then he came.", ["He left!!! Then he came."]),
        ("北京很大。上海也很大。", ["北京很大。", "上海也很大。"]),
        # list numbers stay with their item
        ("1. Tom left. 2. Ann came.", ["1. Tom left.", "2. Ann came."]),
    ],
)
def test_rules_splitter(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PyrXSum's articles lost the space between paragraphs: ~14 times per article
        (
            "He left Galatasaray at the end of last season.The former Ajax man signed.",
            ["He left Galatasaray at the end of last season.", "The former Ajax man signed."],
        ),
        ("He joined in 2010.The club said so.", ["He joined in 2010.", "The club said so."]),
        ("Prices rose 1.5%.The bank said.", ["Prices rose 1.5%.", "The bank said."]),
        ("Was it?The man left.", ["Was it?", "The man left."]),
        # a quotation mark at the seam closes an open quotation, else opens the next one
        ('He said "I left."The man came.', ['He said "I left."', "The man came."]),
        (
            'He told Mr Kennedy."Under way," he said.',
            ["He told Mr Kennedy.", '"Under way," he said.'],
        ),
        # not missing spaces: decimals, initialisms, domains, code, e-mail, abbreviations
        ("It cost 3.5 million won.", ["It cost 3.5 million won."]),
        ("The U.S.A. team won.", ["The U.S.A. team won."]),
        ("Visit bbc.co.uk.The site.", ["Visit bbc.co.uk.The site."]),
        ("See www.Example.com today.", ["See www.Example.com today."]),
        ("He codes in Node.js daily.", ["He codes in Node.js daily."]),
        ("Mail John.Smith@bbc.co.uk now.", ["Mail John.Smith@bbc.co.uk now."]),
        ("He went to St.Louis.", ["He went to St.Louis."]),
        ("He earned a Ph.D. in law.", ["He earned a Ph.D. in law."]),
    ],
)
def test_rules_splitter_finds_missing_spaces(text, expected):
    assert split_sentences(text) == expected


def test_pysbd_stays_available_with_its_own_splits():
    glued = "He left at the end of last season.The former Ajax man signed."
    assert split_sentences(glued, "pysbd") == [glued]  # pysbd does not see the missing space
    assert split_sentences("It happened to me. I left.", "pysbd") == [
        "It happened to me. I left."
    ]


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
