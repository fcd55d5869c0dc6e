"""The chat client (bench/llm/client.py) against a real OpenAI-compatible HTTP server on
127.0.0.1 (tests/openai_server.py): what it sends, which failures it retries and how long it
waits, timeouts, the request budget, token accounting, and no key in any error text."""

from __future__ import annotations

import json
import time

import pytest

from bench.errors import ConfigError
from bench.llm.client import ChatClient, EndpointSpec, LLMError

from ..openai_server import FakeOpenAI

MESSAGES = [{"role": "user", "content": "Summarize.\n\nThe diplomat fled to Seoul in November."}]
KEY = "sk-test-0123456789abcdef"


def client(server: FakeOpenAI, **settings) -> ChatClient:
    return ChatClient(EndpointSpec(base_url=server.base_url, model="tiny", **settings))


def text(reply: str) -> str:
    return reply


def words(reply: str) -> list[str]:
    """A parser that refuses an empty reply, as the judges' JSON parsers do."""
    if not reply.strip():
        raise ValueError("empty reply")
    return reply.split()


def test_a_reply_is_parsed_and_its_tokens_counted():
    with FakeOpenAI() as server:
        chat = client(server)
        assert chat.chat(MESSAGES, words) == "The diplomat fled to Seoul in November.".split()
        assert chat.chat(MESSAGES, len) == len("The diplomat fled to Seoul in November.")
    prompt_words = len(MESSAGES[0]["content"].split())
    assert chat.usage_record() == {
        "requests": 2,
        "failures": 0,
        "prompt_tokens": 2 * prompt_words,
        "completion_tokens": 2 * 7,
    }


def test_the_request_carries_the_spec_and_seed_only_when_set():
    with FakeOpenAI() as server:
        client(server, temperature=0.5, max_tokens=40).chat(MESSAGES, text)
        client(server, seed=7).chat(MESSAGES, text)
    first, second = (r["body"] for r in server.requests)
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert first["model"] == "tiny" and first["messages"] == MESSAGES
    assert first["temperature"] == 0.5 and first["max_tokens"] == 40
    assert "seed" not in first
    assert second["seed"] == 7 and second["temperature"] == 0.0 and second["max_tokens"] == 512


def test_the_key_comes_from_the_named_variable(monkeypatch):
    monkeypatch.setenv("SUMMBENCH_TEST_KEY", KEY)
    with FakeOpenAI() as server:
        client(server, api_key_env="SUMMBENCH_TEST_KEY").chat(MESSAGES, text)
        client(server).chat(MESSAGES, text)
    assert [r["auth"] for r in server.requests] == [f"Bearer {KEY}", "Bearer not-needed"]


def test_a_named_variable_that_is_not_set_is_a_config_error(monkeypatch):
    monkeypatch.delenv("SUMMBENCH_TEST_KEY", raising=False)
    with pytest.raises(ConfigError, match="SUMMBENCH_TEST_KEY is not set") as caught:
        ChatClient(EndpointSpec(base_url="http://127.0.0.1:9/v1", model="m",
                                api_key_env="SUMMBENCH_TEST_KEY"))
    assert caught.value.where == "endpoint.api_key_env"
    assert "export SUMMBENCH_TEST_KEY=" in caught.value.fix


def test_429_is_retried_after_the_servers_retry_after():
    """The server says Retry-After: 0; the client's own first delay would be 0.5 s."""
    with FakeOpenAI() as server:
        server.script = ["429", "429"]
        chat = client(server, max_retries=2)
        start = time.perf_counter()
        assert chat.chat(MESSAGES, words)
        elapsed = time.perf_counter() - start
    assert len(server.requests) == 3 and chat.usage.requests == 3 and chat.usage.failures == 0
    assert elapsed < 1.0  # waiting 0.5 s and then 1 s would take 1.5 s


def test_5xx_is_retried_with_exponential_backoff():
    with FakeOpenAI() as server:
        server.script = ["500", "500"]
        chat = client(server, max_retries=2)
        start = time.perf_counter()
        assert chat.chat(MESSAGES, words)
        elapsed = time.perf_counter() - start
    assert len(server.requests) == 3
    assert elapsed >= 0.5 + 1.0  # 0.5 s, then 1 s


def test_a_failure_on_every_try_is_one_llm_error_and_one_failure():
    with FakeOpenAI() as server:
        server.script = ["500", "500"]
        chat = client(server, max_retries=1)
        with pytest.raises(LLMError, match="InternalServerError"):
            chat.chat(MESSAGES, words)
        assert len(server.requests) == 2  # one try and one retry, no more
        assert chat.usage.requests == 2 and chat.usage.failures == 1
        assert chat.chat(MESSAGES, words)  # the client is usable after a failure
    assert len(server.requests) == 3 and chat.usage.failures == 1


@pytest.mark.parametrize(
    "behaviour", ["reset", "garbage", "malformed", "empty"], ids=lambda b: f"retried-{b}"
)
def test_connection_resets_and_unusable_replies_are_asked_again(behaviour):
    def parse(reply: str) -> list[str]:
        if "{not json" in reply:
            raise ValueError("not the JSON asked for")
        return words(reply)

    with FakeOpenAI() as server:
        server.script = [behaviour]
        chat = client(server, max_retries=1)
        assert chat.chat(MESSAGES, parse) == "The diplomat fled to Seoul in November.".split()
    assert len(server.requests) == 2 and chat.usage.failures == 0


def test_client_errors_are_not_retried_and_the_key_is_struck(monkeypatch):
    """A 401 will not change by asking again; the server quotes the key back in its error,
    and the error text (saved in predictions and on the page) shows *** instead."""
    monkeypatch.setenv("SUMMBENCH_TEST_KEY", KEY)
    with FakeOpenAI() as server:
        server.script = ["echo-auth"]
        chat = client(server, api_key_env="SUMMBENCH_TEST_KEY", max_retries=3)
        with pytest.raises(LLMError) as caught:
            chat.chat(MESSAGES, text)
    assert len(server.requests) == 1
    message = str(caught.value)
    assert "AuthenticationError" in message and "***" in message
    assert KEY not in message and KEY[:12] not in message


def test_a_slow_reply_times_out_and_is_retried():
    with FakeOpenAI() as server:
        server.slow_seconds = 2.0
        server.script = ["slow"]
        chat = client(server, timeout=0.3, max_retries=1)
        start = time.perf_counter()
        assert chat.chat(MESSAGES, words)
        elapsed = time.perf_counter() - start
        assert len(server.requests) == 2
        assert elapsed < 2.0  # the retry did not wait for the slow reply

        server.script = ["slow"]
        once = client(server, timeout=0.3, max_retries=0)
        with pytest.raises(LLMError, match="Timeout"):
            once.chat(MESSAGES, words)
        assert once.usage_record()["failures"] == 1


def test_the_request_budget_counts_every_try():
    with FakeOpenAI() as server:
        server.script = ["429"]
        chat = client(server, max_requests=2, max_retries=3)
        assert chat.chat(MESSAGES, words)  # two requests: the 429 and its retry
        with pytest.raises(LLMError, match="request budget of 2 spent"):
            chat.chat(MESSAGES, words)
    assert len(server.requests) == 2 and chat.usage.requests == 2


def test_map_keeps_order_puts_failures_in_place_and_limits_concurrency():
    def conversation(i: int) -> list[dict[str, str]]:
        return [{"role": "user", "content": f"Summarize.\n\nStory {i} begins here."}]

    with FakeOpenAI() as server:
        server.slow_seconds = 0.4
        server.script = ["slow"] * 4
        chat = client(server, concurrency=2, max_retries=0)
        start = time.perf_counter()
        out = chat.map([(conversation(i), words) for i in range(4)])
        elapsed = time.perf_counter() - start
        assert [o[1] for o in out] == ["0", "1", "2", "3"]
        assert elapsed >= 2 * 0.4  # two at a time: two rounds of slow replies

        server.script = ["ok", "echo-auth", "ok"]  # one call gets the 401, which one is chance
        out = chat.map([(conversation(i), words) for i in range(3)])
    failed = [i for i, o in enumerate(out) if isinstance(o, LLMError)]
    assert len(failed) == 1 and chat.usage.failures == 1
    assert all(o[1] == str(i) for i, o in enumerate(out) if i not in failed)


def test_the_signature_names_what_changes_a_reply_and_nothing_else():
    base = EndpointSpec(base_url="http://a/v1", model="m")
    assert base.signature() == "llm:m|temp:0|max_tokens:512|seed:None"
    same = EndpointSpec(base_url="http://b/v1", model="m", timeout=5, max_retries=0,
                        concurrency=9, max_requests=3)
    assert same.signature() == base.signature()
    assert EndpointSpec(base_url="http://a/v1", model="m", seed=1).signature() != base.signature()
    assert set(EndpointSpec.not_in_key) <= set(EndpointSpec.model_fields)
    assert json.loads(base.model_dump_json())["max_retries"] == 3
