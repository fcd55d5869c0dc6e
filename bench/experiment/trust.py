"""What a borrowed results folder's settings would do beyond scoring on this machine.

``summbench score --like FOLDER`` takes the metrics, seed, statistics and executor of a run.json
that may come from someone else. Settings are data; but some settings make summbench import
code, run a program, send the summaries and references to a server, send a secret from this
machine's environment with them, or hand the work to a cluster. Those are listed here, before
anything is imported or built, so the command can refuse them unless the user says
``--trust``.
"""

from __future__ import annotations

from typing import Any

from ..secrets import redact

#: Longest value quoted in a finding (a hostile file may hold megabytes).
_QUOTE = 120


def _quote(value: Any) -> str:
    text = redact(str(value))
    return repr(text if len(text) <= _QUOTE else text[:_QUOTE] + "...")


def _walk(value: Any, path: str, found: list[str]) -> None:
    if isinstance(value, list):
        for i, entry in enumerate(value):
            _walk(entry, f"{path}[{i}]", found)
        return
    if not isinstance(value, dict):
        return
    kind = value.get("type")
    if isinstance(kind, str) and (":" in kind or "." in kind):
        found.append(f"{path}.type imports and runs Python code ({_quote(kind)})")
    if value.get("base_url"):
        found.append(
            f"{path}.base_url sends the summaries, references and sources to "
            f"{_quote(value['base_url'])}"
        )
    if value.get("api_key_env"):
        found.append(
            f"{path}.api_key_env sends the value of this machine's "
            f"${str(value['api_key_env'])[:_QUOTE]} with them"
        )
    if value.get("command"):
        found.append(f"{path}.command runs a program ({_quote(value['command'])})")
    for key, entry in value.items():
        _walk(entry, f"{path}.{key}", found)


def untrusted_actions(config: dict[str, Any]) -> list[str]:
    """What the parts of ``config`` that ``--like`` takes (metrics, executor) would do beyond
    scoring here: imports, programs, endpoints, secrets, clusters. Empty when nothing."""
    found: list[str] = []
    _walk(config.get("metrics"), "metrics", found)
    executor = config.get("executor")
    if isinstance(executor, dict):
        if executor.get("type") == "ray" and executor.get("address"):
            found.append(
                f"executor.address hands the examples to the Ray cluster at "
                f"{_quote(executor['address'])}"
            )
        _walk({k: v for k, v in executor.items() if k != "address"}, "executor", found)
    return found
