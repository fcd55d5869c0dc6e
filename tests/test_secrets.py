"""Secrets never reach results, logs or the page: keys come from the environment, and URLs
with credentials are redacted wherever they would be written."""

from __future__ import annotations

import pytest

from bench.cli import main
from bench.secrets import redact, redact_all

from .openai_server import FakeOpenAI


@pytest.mark.parametrize(
    "text, expected",
    [
        ("http://alice:pw1@host:8/v1", "http://alice:***@host:8/v1"),
        ("see https://:tok@h/x and more", "see https://:***@h/x and more"),
        ("http://h/v1?api_key=abc&model=m", "http://h/v1?api_key=***&model=m"),
        ("http://h/v1?x=1&access_token=abc#sig=zz", "http://h/v1?x=1&access_token=***#sig=***"),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),  # nothing secret: unchanged
        ("keyword: value", "keyword: value"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_redact_all_walks_json():
    value = {"endpoint": {"base_url": "http://u:p@h/v1"}, "list": ["?token=t"], "n": 3}
    assert redact_all(value) == {
        "endpoint": {"base_url": "http://u:***@h/v1"},
        "list": ["?token=***"],
        "n": 3,
    }


def _config(tmp_path, base_url: str):
    path = tmp_path / "c.yaml"
    path.write_text(
        "name: s\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers:\n"
        f"  - {{type: llm, args: {{endpoint: {{base_url: '{base_url}', model: tiny, "
        "api_key_env: SUM_KEY, max_retries: 0, timeout: 5}}}\n"
        "metrics: [{type: rouge}]\ncache: {enabled: false}\n"
    )
    return path


def _assert_nowhere(folder, stderr: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in stderr
        for path in folder.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), (secret, path)


def test_credentials_in_an_endpoint_url_are_written_nowhere(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SUM_KEY", "sk-env-key-31")
    with FakeOpenAI() as server:
        url = server.base_url.replace("http://", "http://alice:pw-s3cr3t-42@")
        out = tmp_path / "out"
        assert main(["run", str(_config(tmp_path, url)), "--output", str(out)]) == 0
    stderr = capsys.readouterr().err
    assert (out / "leaderboard.html").is_file()
    _assert_nowhere(out, stderr, "pw-s3cr3t-42", "sk-env-key-31")
    assert "alice:***@" in (out / "run.json").read_text()


def test_a_token_in_the_query_of_a_dead_endpoint_is_written_nowhere(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SUM_KEY", "sk-env-key-31")
    out = tmp_path / "out"
    url = "http://127.0.0.1:9/v1?api_key=q-t0ken-99"  # nothing listens on port 9
    assert main(["run", str(_config(tmp_path, url)), "--output", str(out)]) == 0
    stderr = capsys.readouterr().err
    _assert_nowhere(out, stderr, "q-t0ken-99", "sk-env-key-31")
    assert "failed" in (out / "leaderboard.md").read_text().lower()


def test_a_key_quoted_back_by_the_endpoint_is_written_nowhere(tmp_path, capsys, monkeypatch):
    """A server that echoes the Authorization header in its error: the error text is saved in
    predictions, scores and the page, without the key."""
    monkeypatch.setenv("SUM_KEY", "sk-env-key-echoed-77")
    with FakeOpenAI() as server:
        server.script = ["echo-auth"] * 50
        out = tmp_path / "out"
        assert main(["run", str(_config(tmp_path, server.base_url)), "--output", str(out)]) == 0
        assert server.requests[0]["auth"] == "Bearer sk-env-key-echoed-77"  # it was sent
    stderr = capsys.readouterr().err
    _assert_nowhere(out, stderr, "sk-env-key-echoed-77")
    predictions = (out / "predictions.jsonl").read_text()
    assert "key rejected: Bearer ***" in predictions
