"""A results folder from someone else is data: `score --like FOLDER` refuses settings that
would import code, run a program, or send data or a key to an endpoint, unless --trust."""

from __future__ import annotations

import json
import shutil

import pytest

from bench.cli import main
from bench.experiment.trust import untrusted_actions

from ..builders import ROOT
from ..openai_server import FakeOpenAI

SEED = ROOT / "results" / "seed"


def _borrowed(tmp_path, metrics, executor=None):
    """A copy of the seed results folder whose run.json names ``metrics`` (and ``executor``)."""
    folder = tmp_path / "borrowed"
    shutil.copytree(SEED, folder, ignore=shutil.ignore_patterns("cache.sqlite*", "*.lock"))
    run = json.loads((folder / "run.json").read_text())
    run["config"]["metrics"] = metrics
    if executor is not None:
        run["config"]["executor"] = executor
    (folder / "run.json").write_text(json.dumps(run))
    return folder


def _predictions(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": e, "summary": "A North Korean diplomat defected."}) + "\n"
            for e in (
                "nk-001-wire",
                "nk-002-ap",
                "nk-003-page",
                "nk-004-digest",
                "nk-000-spun",
                "nk-cluster",
            )
        )
    )
    return path


def _llm_checklist(base_url):
    return [
        {"type": "rouge", "args": {}},
        {
            "type": "checklist",
            "args": {
                "matcher": {
                    "type": "llm",
                    "args": {
                        "endpoint": {
                            "base_url": base_url,
                            "model": "judge",
                            "api_key_env": "OPENAI_API_KEY",
                        }
                    },
                }
            },
        },
    ]


def _score(tmp_path, like, *extra):
    return main(
        [
            "score",
            "--dataset",
            "seeds/nk-diplomat",
            "--config",
            "all",
            "--predictions",
            str(_predictions(tmp_path)),
            "--like",
            str(like),
            "--output",
            str(tmp_path / "out"),
            "--quiet",
            *extra,
        ]
    )


def test_an_endpoint_and_a_key_from_a_borrowed_folder_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-user-secret-123")
    with FakeOpenAI() as server:
        folder = _borrowed(tmp_path, _llm_checklist(server.base_url))
        assert _score(tmp_path, folder) == 2
        assert server.requests == []  # nothing was sent
    err = capsys.readouterr().err
    assert server.base_url in err and "$OPENAI_API_KEY" in err and "--trust" in err
    assert "sk-user-secret-123" not in err
    assert not (tmp_path / "out").exists()


def test_with_trust_the_borrowed_endpoint_is_used_and_said(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-user-secret-123")
    with FakeOpenAI() as server:
        folder = _borrowed(tmp_path, _llm_checklist(server.base_url))
        assert _score(tmp_path, folder, "--trust") == 0
        assert server.requests  # the user said so
    assert "--trust: metrics[1].args.matcher.args.endpoint.base_url sends" in (
        capsys.readouterr().err
    )


def test_an_import_string_from_a_borrowed_folder_is_never_imported(tmp_path, monkeypatch, capsys):
    marker = tmp_path / "imported"
    (tmp_path / "evil_metric.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\nclass Metric: pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    folder = _borrowed(tmp_path, [{"type": "evil_metric:Metric", "args": {}}])
    assert _score(tmp_path, folder) == 2
    assert not marker.exists()
    assert "imports and runs Python code ('evil_metric:Metric')" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"metrics": [{"type": "rouge", "args": {}}]}, []),
        (
            {"metrics": [{"type": "faithfulness", "args": {"checker": {"type": "mod.x:Y"}}}]},
            ["metrics[0].args.checker.type imports and runs Python code ('mod.x:Y')"],
        ),
        (
            {"executor": {"type": "ray", "address": "ray://10.1.2.3:10001"}},
            ["executor.address hands the examples to the Ray cluster at 'ray://10.1.2.3:10001'"],
        ),
        (
            {"metrics": [{"type": "x", "args": {"base_url": "http://u:pw@h/v1?api_key=k"}}]},
            [
                "metrics[0].args.base_url sends the summaries, references and sources to "
                "'http://u:***@h/v1?api_key=***'"
            ],
        ),
    ],
)
def test_what_a_borrowed_config_would_do(config, expected):
    assert untrusted_actions(config) == expected
