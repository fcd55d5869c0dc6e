"""The command summarizer: a real child process speaking JSON lines."""

from __future__ import annotations

import sys

import pytest

from bench.errors import ConfigError
from bench.summarizers import SUMMARIZERS

from ..builders import ROOT

SCRIPT = str(ROOT / "tests" / "data" / "first_sentence.py")


def make(mode: str, **args):
    return SUMMARIZERS.get("command").from_config(
        {"command": [sys.executable, SCRIPT, mode], **args}
    )


def test_summaries_come_back_by_id(seed_dataset):
    examples = list(seed_dataset)[:3]
    out = make("ok", budget={"sentences": 1}).candidates(examples)
    assert [c.example_id for c in out] == [e.id for e in examples]
    assert out[0].text.startswith("A high-profile North Korean diplomat") and out[0].error is None


def test_lines_without_ids_follow_the_input_order(seed_dataset):
    examples = list(seed_dataset)[:2]
    out = make("no-ids").candidates(examples)
    assert [c.error for c in out] == [None, None]


def test_a_crash_fails_its_batch_with_the_reason(seed_dataset):
    out = make("crash").candidates(list(seed_dataset)[:2])
    assert all(c.error == "exit code 3: model file missing" for c in out)


def test_a_hang_times_out_per_batch(seed_dataset):
    out = make("hang", timeout=1, batch_size=1).candidates(list(seed_dataset)[:2])
    assert all(c.error.startswith("timed out after 1 s") for c in out)


def test_a_broken_output_line_fails_only_its_example(seed_dataset):
    out = make("garbage").candidates(list(seed_dataset)[:3])
    assert [c.error is None for c in out] == [True, False, True]
    assert "bad output line 2" in out[1].error


def test_a_missing_program_is_a_config_error(seed_dataset):
    summarizer = SUMMARIZERS.get("command").from_config({"command": "no-such-program --x"})
    with pytest.raises(ConfigError, match="command not found: 'no-such-program'"):
        summarizer.candidates(list(seed_dataset)[:1])
