"""Faithfulness to the source: each summary sentence checked against the document, with the
learned checker (offline), an NLI checkpoint (a tiny one built here) and an LLM judge (a real
HTTP server on 127.0.0.1)."""

from __future__ import annotations

import pytest

from bench.data.schema import Example
from bench.metrics import METRICS
from bench.metrics.base import ScoringItem

from ..openai_server import FakeOpenAI

SOURCE = (
    "A North Korean diplomat stationed in Cuba has defected to South Korea, Seoul's spy agency "
    "said on Tuesday. The diplomat, Ri Il Kyu, left his post in November. "
    "He is 52 years old. He said he was disillusioned with the regime in Pyongyang."
)
EXAMPLE = Example("nk", SOURCE, ("ref",))


def metric(**args):
    m = METRICS.get("faithfulness").from_config(args)
    m.fit([EXAMPLE])
    return m


def score(m, summary: str):
    return m.score([ScoringItem(summary, EXAMPLE)])[0]


@pytest.fixture(scope="module")
def learned():
    return metric()


def test_a_faithful_summary_is_supported_sentence_by_sentence(learned):
    out = score(
        learned,
        "A North Korean diplomat posted in Cuba defected to South Korea in November. "
        "He was disillusioned with the regime.",
    )
    rows = out.details["sentences"]
    assert [r["verdict"] for r in rows] == ["supported", "supported"]
    assert out.values["unsupported"] == 0 and out.values["contradicted"] == 0
    assert "disillusioned" in rows[1]["evidence"]  # the source passage behind it
    assert 0 < out.values["faithfulness"] <= 1


def test_invented_and_contradicted_sentences_are_flagged(learned):
    out = score(
        learned,
        "A North Korean diplomat posted in Cuba defected to South Korea in November. "
        "He is 55 years old. His brother Kim Song Nam runs a bakery in Havana.",
    )
    verdicts = [r["verdict"] for r in out.details["sentences"]]
    assert verdicts == ["supported", "contradicted", "unsupported"]
    assert out.details["sentences"][1]["evidence"] == (
        "number: '55' in the claim, '52' in: He is 52 years old."
    )
    assert out.values["contradicted"] == 1 and out.values["unsupported"] == pytest.approx(2 / 3)
    # Words the source never uses lower a sentence's support.
    assert out.details["sentences"][2]["known_words"] < 0.5


def test_novelty_scaling_can_be_turned_off_and_is_in_the_signature(learned):
    plain = metric(novelty=False)
    assert "novelty:no" in plain.signature() and "novelty:sources-" in learned.signature()
    summary = "His brother Kim Song Nam runs a bakery in Havana."
    assert score(plain, summary).values["faithfulness"] >= score(learned, summary).values[
        "faithfulness"
    ]


def test_an_empty_summary_has_no_score(learned):
    assert score(learned, "  ").values["faithfulness"] is None


def test_nli_checker_on_a_real_checkpoint(tiny_nli):
    m = metric(checker={"type": "nli", "args": {"model": str(tiny_nli)}}, novelty=False)
    out = score(m, "He is 52 years old. He lives in Paris.")
    # The tiny model's bias makes every pair a contradiction: both sentences are flagged.
    assert [r["verdict"] for r in out.details["sentences"]] == ["contradicted"] * 2
    assert out.values["faithfulness"] == 0 and "matcher:nli|model:tiny-nli" in m.signature()


def test_llm_checker_asks_about_the_source():
    with FakeOpenAI() as server:
        endpoint = {"base_url": server.base_url, "model": "judge", "max_retries": 1}
        m = metric(checker={"type": "llm", "args": {"endpoint": endpoint}}, novelty=False)
        out = score(m, "The diplomat defected. He likes football.")
        prompt = server.requests[0]["body"]["messages"][-1]["content"]
    assert prompt.startswith("Document:\n<<<\n" + SOURCE)
    assert "Sentences:\n1. The diplomat defected.\n2. He likes football." in prompt
    assert [r["verdict"] for r in out.details["sentences"]] == ["supported", "unsupported"]
    assert "prompt:source-v1" in m.signature()
    assert m.usage()["requests"] == 1
