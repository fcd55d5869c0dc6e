"""Embedding, NLI (on a tiny model built here), LLM (against a real local HTTP server), hybrid."""

from __future__ import annotations

import pytest

from bench.errors import ConfigError
from bench.facts.matcher import Claim, MatchTask, Verdict
from bench.facts.registry import MATCHERS

from ..openai_server import FakeOpenAI

SUMMARY = "A North Korean diplomat in Havana fled to Seoul in November. He is 52 years old."
CLAIMS = (
    Claim("defected", "A North Korean diplomat defected to South Korea."),
    Claim("weather", "The weather in Paris was warm."),
    Claim("probe", "Ri Il Kyu is 62 years old.", any_of=("62",)),
)


def make(name: str, **args):
    return MATCHERS.get(name).from_config(args)


def test_embedding_matcher_encodes_each_text_once_across_calls(monkeypatch):
    from bench.facts import embedding

    matcher = make("embedding")
    first = matcher.match([MatchTask(SUMMARY, CLAIMS)])
    # Everything is known now: a second call (another system, the same facts) needs no model.
    monkeypatch.setattr(embedding, "load_sentence_model", lambda *a: pytest.fail("re-encoded"))
    assert matcher.match([MatchTask(SUMMARY, CLAIMS)]) == first


def test_embedding_matcher_scores_paraphrase_above_unrelated():
    verdicts = make("embedding", threshold=0.5).match([MatchTask(SUMMARY, CLAIMS)])[0]
    by_id = {v.claim_id: v for v in verdicts}
    assert by_id["defected"].verdict is Verdict.PRESENT
    assert by_id["defected"].evidence.startswith("A North Korean diplomat in Havana")
    assert by_id["weather"].verdict is Verdict.ABSENT
    assert by_id["weather"].confidence < by_id["defected"].confidence
    # A probe needs its cue in the text: embeddings alone cannot tell 52 from 62.
    assert by_id["probe"].verdict is Verdict.ABSENT and by_id["probe"].confidence == 0.0


def test_embedding_matcher_uses_no_deprecated_sentence_transformers_call():
    """`summbench meta-eval` printed "The `tokenize` method is deprecated": our call, renamed
    `preprocess` in sentence-transformers 6. The warning is logged once per process, so a
    fresh interpreter runs the matcher and everything it logs is read back."""
    import subprocess
    import sys

    from ..builders import ROOT

    code = (
        "from bench.facts.matcher import Claim, MatchTask\n"
        "from bench.facts.registry import MATCHERS\n"
        "m = MATCHERS.get('embedding').from_config({})\n"
        f"[[v]] = m.match([MatchTask({SUMMARY!r}, (Claim('a', {CLAIMS[0].text!r}),))])\n"
        "print(v.claim_id, v.confidence > 0.5)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split() == ["a", "True"]  # it encoded and matched
    assert "deprecated" not in done.stderr.lower(), done.stderr


def test_hybrid_averages_member_scores():
    lexical, embedding = make("lexical"), make("embedding")
    hybrid = make("hybrid")
    task = [MatchTask(SUMMARY, CLAIMS[:2])]
    expected = [
        (a.confidence + b.confidence) / 2
        for a, b in zip(lexical.match(task)[0], embedding.match(task)[0])
    ]
    assert [v.confidence for v in hybrid.match(task)[0]] == pytest.approx(expected)
    assert "matcher:hybrid" in hybrid.signature() and "lexical" in hybrid.signature()


def test_nli_matcher_runs_a_real_checkpoint(tiny_nli):
    matcher = make("nli", model=str(tiny_nli))
    verdicts = matcher.match([MatchTask(SUMMARY, CLAIMS[:2]), MatchTask("", CLAIMS[:1])])
    assert [v.verdict for v in verdicts[0]] == [Verdict.CONTRADICTED, Verdict.CONTRADICTED]
    assert all(0 <= v.confidence < 0.05 for v in verdicts[0])  # entailment probability
    assert verdicts[1][0].verdict is Verdict.ABSENT
    assert "matcher:nli|model:tiny-nli" in matcher.signature() and "local:" in matcher.signature()
    lenient = make("nli", model=str(tiny_nli), contradiction_threshold=1.0)
    assert lenient.match([MatchTask(SUMMARY, CLAIMS[:1])])[0][0].verdict is Verdict.ABSENT


def test_nli_label_names_must_be_found(tiny_nli):
    matcher = make("nli", model=str(tiny_nli), entailment_label="entails")
    with pytest.raises(ConfigError, match="set `entailment_label`"):
        matcher.match([MatchTask(SUMMARY, CLAIMS[:1])])
    missing = make("nli", model=str(tiny_nli.parent / "nope"))
    with pytest.raises(ConfigError, match="cannot load NLI model"):
        missing.match([MatchTask(SUMMARY, CLAIMS[:1])])


FLED = (Claim("fled", "A North Korean diplomat fled."),)  # the fake judge finds these words


def _llm(server: FakeOpenAI, **endpoint):
    spec = {"base_url": server.base_url, "model": "judge", "max_retries": 2, **endpoint}
    return make("llm", endpoint=spec, facts_per_call=2)


def test_llm_matcher_batches_facts_and_accounts_tokens(monkeypatch):
    monkeypatch.setenv("JUDGE_KEY", "sk-test-123")
    with FakeOpenAI() as server:
        matcher = _llm(server, api_key_env="JUDGE_KEY")
        claims = (
            Claim("a", "A North Korean diplomat fled."),
            Claim("b", "Paris was warm."),
            Claim("c", "He is 52 years old."),
        )
        verdicts = matcher.match([MatchTask(SUMMARY, claims), MatchTask("Nothing here.", claims)])
    assert [v.verdict for v in verdicts[0]] == [Verdict.PRESENT, Verdict.ABSENT, Verdict.PRESENT]
    assert all(v.verdict is Verdict.ABSENT for v in verdicts[1])
    assert len(server.requests) == 4  # 2 summaries x ceil(3 facts / 2 per call)
    assert server.requests[0]["auth"] == "Bearer sk-test-123"
    usage = matcher.client.usage_record()
    assert usage["requests"] == 4 and usage["failures"] == 0 and usage["prompt_tokens"] > 0


def test_llm_matcher_retries_429_500_and_bad_replies():
    with FakeOpenAI() as server:
        server.script = ["429", "500", "malformed", "wrong-shape"]
        matcher = _llm(server, concurrency=1, max_retries=4)  # four failures, one more try
        verdicts = matcher.match([MatchTask(SUMMARY, FLED)])[0]
    assert verdicts[0].verdict is Verdict.PRESENT
    assert len(server.requests) == 5  # four failures, then an answer


def test_llm_matcher_gives_up_per_request_and_goes_on():
    with FakeOpenAI() as server:
        server.script = ["malformed"] * 3
        matcher = _llm(server, concurrency=1, max_retries=2)
        verdicts = matcher.match([MatchTask(SUMMARY, FLED), MatchTask(SUMMARY, FLED)])
    assert verdicts[0][0].verdict is Verdict.ABSENT
    assert verdicts[0][0].evidence.startswith("error: ")
    assert verdicts[1][0].verdict is Verdict.PRESENT
    assert matcher.client.usage_record()["failures"] == 1


def test_llm_timeouts_and_the_request_budget():
    with FakeOpenAI() as server:
        server.script = ["slow"]
        server.slow_seconds = 1.5
        matcher = _llm(server, timeout=0.5, max_retries=1, concurrency=1)
        first = matcher.match([MatchTask(SUMMARY, FLED)])[0][0]
        assert first.verdict is Verdict.PRESENT  # the timed-out request was retried
        budget = _llm(server, max_requests=1, concurrency=1)
        out = budget.match([MatchTask(SUMMARY, FLED), MatchTask(SUMMARY, FLED)])
    assert "budget" in out[1][0].evidence


def test_missing_api_key_is_a_config_error(monkeypatch):
    monkeypatch.delenv("NO_SUCH_KEY", raising=False)
    matcher = make(
        "llm",
        endpoint={"base_url": "http://127.0.0.1:9/v1", "model": "m", "api_key_env": "NO_SUCH_KEY"},
    )
    with pytest.raises(ConfigError, match="NO_SUCH_KEY is not set"):
        matcher.match([MatchTask(SUMMARY, CLAIMS[:1])])


def test_an_experiment_with_an_llm_judge_records_its_usage(tmp_path, monkeypatch):
    import json

    from bench.cli import main

    monkeypatch.setenv("JUDGE_KEY", "sk-secret-never-written-42")
    with FakeOpenAI() as server:
        config = tmp_path / "llm.yaml"
        config.write_text(
            "name: llm-judge\n"
            "dataset: {path: seeds/nk-diplomat, config: articles, limit: 2}\n"
            "summarizers: [{type: lead, args: {budget: {sentences: 2}}}]\n"
            "metrics:\n"
            "  - {type: rouge}\n"
            "  - type: checklist\n"
            "    args:\n"
            "      matcher:\n"
            "        type: llm\n"
            "        args:\n"
            "          facts_per_call: 10\n"
            f"          endpoint: {{base_url: '{server.base_url}', model: judge,\n"
            "                     api_key_env: JUDGE_KEY}\n"
        )
        assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    last_run = json.loads((tmp_path / "out" / "last-run.json").read_text())
    usage = last_run["usage"]["metrics"]["checklist"]
    assert usage["requests"] == len(server.requests) > 0 and usage["prompt_tokens"] > 0
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"sk-secret-never-written-42" not in path.read_bytes()
