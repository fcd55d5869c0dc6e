"""The LLM summarizer against a real local OpenAI-compatible server: prompts, retries,
per-example failures, usage accounting, and no key in any result file."""

from __future__ import annotations

import json

import pytest

from bench.cli import main
from bench.errors import ConfigError
from bench.summarizers import SUMMARIZERS

from ..openai_server import FakeOpenAI


def _config(tmp_path, server, extra=""):
    path = tmp_path / "llm.yaml"
    path.write_text(
        "name: llm-sum\n"
        "dataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers:\n"
        "  - type: llm\n"
        "    name: my-llm\n"
        "    args:\n"
        "      budget: {words: 40}\n"
        '      template: "Summarize in {budget}:\\n\\n{source}"\n'
        "      few_shot: [{source: 'A cat sat.', summary: 'Cat sits.'}]\n"
        f"      endpoint: {{base_url: '{server.base_url}', model: tiny, api_key_env: SUM_KEY,\n"
        f"                 max_retries: 1{extra}}}\n"
        "metrics: [{type: rouge}]\n"
    )
    return path


def test_prompts_retries_failures_and_usage(tmp_path, monkeypatch):
    monkeypatch.setenv("SUM_KEY", "sk-summary-secret-77")
    with FakeOpenAI() as server:
        # Two requests fail for good (429 then 500 for one example, with one retry each
        # allowed); the rest succeed.
        server.script = ["429", "429", "500", "500"]
        out = tmp_path / "out"
        config = _config(tmp_path, server, extra=", concurrency: 1")
        assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
        first = server.requests[-1]["body"]["messages"]
    assert [m["role"] for m in first] == ["system", "user", "assistant", "user"]
    assert first[1]["content"] == "Summarize in 40 words:\n\nA cat sat."
    assert first[-1]["content"].startswith("Summarize in 40 words:\n\n")
    predictions = [json.loads(x) for x in (out / "predictions.jsonl").open()]
    failed = [p for p in predictions if p["error"]]
    assert 1 <= len(failed) <= 2 and all(
        "RateLimit" in p["error"] or "Internal" in p["error"] for p in failed
    )
    board = json.loads((out / "leaderboard.json").read_text())
    row = board["rows"][0]
    assert row["n"] + row["failed"] == 5 and row["failed"] == len(failed)
    last_run = json.loads((out / "last-run.json").read_text())
    (usage,) = last_run["usage"]["systems"].values()
    assert usage["requests"] == len(server.requests) and usage["failures"] == len(failed)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"sk-summary-secret-77" not in path.read_bytes()


def test_request_budget_fails_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("SUM_KEY", "k")
    with FakeOpenAI() as server:
        out = tmp_path / "out"
        config = _config(tmp_path, server, extra=", max_requests: 2")
        assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    predictions = [json.loads(x) for x in (out / "predictions.jsonl").open()]
    assert sum(p["error"] is None for p in predictions) == 2
    assert all("budget" in p["error"] for p in predictions if p["error"])


def test_a_template_with_an_unknown_field_is_a_config_error():
    with pytest.raises(ConfigError, match="template field 'text' is unknown"):
        SUMMARIZERS.get("llm").from_config(
            {
                "endpoint": {"base_url": "http://127.0.0.1:9/v1", "model": "m"},
                "template": "Summarize {text}",
            }
        )


def test_a_rerun_retries_only_the_failed_examples(tmp_path, monkeypatch):
    monkeypatch.setenv("SUM_KEY", "k")
    with FakeOpenAI() as server:
        server.script = ["500", "500"]  # the first example fails (one retry allowed)
        config = _config(tmp_path, server, extra=", concurrency: 1")
        out = tmp_path / "out"
        assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
        first = [json.loads(x) for x in (out / "predictions.jsonl").open()]
        failed = {p["example_id"] for p in first if p["error"]}
        assert len(failed) == 1
        server.requests.clear()
        assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
        asked = [r["body"]["messages"][-1]["content"] for r in server.requests]
    assert len(asked) == 1  # only the failed example was asked again
    second = [json.loads(x) for x in (out / "predictions.jsonl").open()]
    assert all(p["error"] is None for p in second)


def test_resets_garbage_and_endless_429s_fail_only_their_examples(tmp_path, monkeypatch):
    """Bounded retries: every example gets at most max_retries + 1 requests, the run ends,
    and each failure is that example's alone, with its reason."""
    monkeypatch.setenv("SUM_KEY", "k")
    with FakeOpenAI() as server:
        # Concurrency 1, one retry: example 1 sees two resets, example 2 two garbage replies,
        # examples 3-5 nothing but 429s (more than could ever be asked for).
        server.script = ["reset", "reset", "garbage", "garbage"] + ["429"] * 50
        out = tmp_path / "out"
        config = _config(tmp_path, server, extra=", concurrency: 1")
        assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
        requests = len(server.requests)
    predictions = [json.loads(x) for x in (out / "predictions.jsonl").open()]
    assert all(p["error"] for p in predictions)
    assert requests <= 5 * 2  # bounded: 5 examples x (1 + 1 retry)
    reasons = " ".join(p["error"] for p in predictions)
    assert "RateLimit" in reasons and ("Connection" in reasons or "APIError" in reasons)
    assert json.loads((out / "leaderboard.json").read_text())["rows"][0]["failed"] == 5
