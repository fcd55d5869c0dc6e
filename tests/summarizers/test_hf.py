"""The transformers summarizer on tiny seq2seq and causal models built here (outputs are
meaningless, the code path is the real one)."""

from __future__ import annotations

import json

import pytest

from bench.cli import main
from bench.errors import ConfigError
from bench.summarizers import SUMMARIZERS

from ..tiny_models import build_tiny_models


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    return build_tiny_models(tmp_path_factory.mktemp("tiny"))


@pytest.mark.parametrize("name", ["bart", "gpt"])
def test_generates_for_every_example_and_reports_truncation(tiny_models, seed_dataset, name):
    summarizer = SUMMARIZERS.get("hf").from_config(
        {
            "model": str(tiny_models / name),
            "batch_size": 2,
            "seed": 1,
            "generation": {"max_new_tokens": 6, "do_sample": False},
        }
    )
    examples = list(seed_dataset)[:3]
    out = summarizer.candidates(examples)
    assert [c.example_id for c in out] == [e.id for e in examples]
    assert all(c.error is None and isinstance(c.text, str) for c in out)
    # Every seed article is longer than these models' 64-position window: said, not hidden.
    assert all(c.note and c.note.startswith("source truncated from ") for c in out)
    expected = "seq2seq" if name == "bart" else "causal"
    assert f"arch:{expected}" in summarizer.signature()


def test_notes_reach_predictions_jsonl(tiny_models, tmp_path):
    config = tmp_path / "hf.yaml"
    config.write_text(
        "name: hf\n"
        "dataset: {path: seeds/nk-diplomat, config: articles, limit: 2}\n"
        f"summarizers: [{{type: hf, args: {{model: '{tiny_models / 'bart'}', "
        "generation: {max_new_tokens: 4}}}]\n"
        "metrics: [{type: rouge}]\n"
    )
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    rows = [json.loads(x) for x in (tmp_path / "out" / "predictions.jsonl").open()]
    assert all("truncated" in r["note"] for r in rows)


def test_a_missing_model_folder_is_a_config_error(tmp_path, seed_dataset):
    summarizer = SUMMARIZERS.get("hf").from_config({"model": str(tmp_path / "nope")})
    with pytest.raises(ConfigError, match=r"cannot read the config|cannot load model"):
        summarizer.candidates(list(seed_dataset)[:1])


def test_the_architecture_a_config_states_agrees_with_transformers(tiny_models, tmp_path):
    """A config.json that states ``is_encoder_decoder`` is read without transformers (warm runs
    load no model); the answer must be the one AutoConfig gives, and a config that does not
    state it (GPT-2's) is left to AutoConfig."""
    from transformers import AutoConfig

    from bench.summarizers.hf import _stated_encoder_decoder

    bart = str(tiny_models / "bart")
    assert _stated_encoder_decoder(bart) is AutoConfig.from_pretrained(bart).is_encoder_decoder
    assert _stated_encoder_decoder(str(tiny_models / "gpt")) is None
    assert _stated_encoder_decoder(str(tmp_path)) is None  # no config.json
    (tmp_path / "config.json").write_text("[1, 2]")
    assert _stated_encoder_decoder(str(tmp_path)) is None
