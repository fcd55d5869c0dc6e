"""Rescaling BERTScore with a baseline: summbench's own for the packaged model, equal to
bert-score's rescaling given the same file; how a baseline file is found, checked, and named
in signatures and cache keys."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import bert_score
import numpy as np
import pytest

import bench
from bench.data.schema import Example
from bench.encoders.bertscore_encoder import default_model_path
from bench.errors import ConfigError
from bench.metrics.base import ScoringItem
from bench.metrics.bertscore import BertScoreMetric
from bench.metrics.rescale_baseline import PACKAGED, find_baseline
from bench.text import split_sentences


def _items(seed_dataset):
    """Lead sentences against their own example's references, and against another example's
    (unrelated text, which rescaling should bring near 0)."""
    examples = list(seed_dataset)
    candidates = [split_sentences(e.source)[0] for e in examples]
    # (A news sentence of ordinary length: bert-score pads each text to the longest of its
    # batch, and a very short one padded beside long references moves its raw score by ~3e-5.)
    candidates += [
        split_sentences(examples[0].source)[2],
        "The central bank left interest rates unchanged on Thursday, citing slower growth in "
        "the euro zone and falling energy prices across the region.",
    ]
    paired = [*examples, examples[1], examples[2]]
    return candidates, paired


def test_packaged_rescaling_equals_bert_scores_with_the_same_file(seed_dataset):
    candidates, examples = _items(seed_dataset)
    metric = BertScoreMetric.from_config({"rescale_with_baseline": True})
    ours = metric.score([ScoringItem(c, e) for c, e in zip(candidates, examples)])
    expected = bert_score.score(
        candidates,
        [list(e.references) for e in examples],
        model_type=default_model_path(),
        num_layers=6,
        lang="en",
        rescale_with_baseline=True,
        baseline_path=str(PACKAGED),
    )
    found = np.array([[s.values[f"bertscore_{k}"] for k in ("p", "r", "f1")] for s in ours])
    difference = np.abs(found - np.stack([t.numpy() for t in expected], axis=1)).max()
    assert difference < 1e-5, difference
    # And it is the raw score rescaled with layer 6's row of the packaged file, in float32.
    raw = BertScoreMetric.from_config({}).score(
        [ScoringItem(c, e) for c, e in zip(candidates, examples)]
    )
    row = np.array(PACKAGED.read_text().splitlines()[1 + 6].split(",")[1:], dtype=np.float32)
    unscaled = np.array([[s.values[f"bertscore_{k}"] for k in ("p", "r", "f1")] for s in raw])
    rescaled = (unscaled.astype(np.float32) - row) / (1 - row)
    assert np.abs(found - rescaled).max() < 1e-6
    # Unrelated text lands near 0 once rescaled, well below its raw score.
    assert unscaled[-1, 2] > 0.1 and abs(found[-1, 2]) < 0.1


def test_the_python_api_rescales_offline_and_says_so():
    result = bench.bertscore(
        ["A diplomat defected."], [["The diplomat fled to Seoul."]], rescale_with_baseline=True
    )
    digest = hashlib.sha256(PACKAGED.read_bytes()).hexdigest()[:12]
    assert f"|rescale:summbench-{digest}|" in result.signature


def test_signature_and_key_name_the_baseline_by_its_content(tmp_path):
    default = BertScoreMetric.from_config({})
    assert "|rescale:no|" in default.signature()
    assert default.key_inputs()["baseline"] is None
    packaged = BertScoreMetric.from_config({"rescale_with_baseline": True})
    copy = tmp_path / "mine.tsv"
    shutil.copy(PACKAGED, copy)
    same = BertScoreMetric.from_config({"rescale_with_baseline": True, "baseline_path": str(copy)})
    # The same bytes under another name: the same numbers, so the same key input.
    assert same.key_inputs()["baseline"] == packaged.key_inputs()["baseline"]
    assert same.signature().replace("rescale:file-", "rescale:summbench-") == packaged.signature()
    lines = copy.read_text().splitlines()
    lines[6 + 1] = "6,0.2,0.2,0.2"
    edited = tmp_path / "edited.tsv"
    edited.write_text("\n".join(lines) + "\n")
    other = BertScoreMetric.from_config(
        {"rescale_with_baseline": True, "baseline_path": str(edited)}
    )
    assert other.signature() != same.signature()
    assert other.cache_key() != same.cache_key()
    assert len({default.cache_key(), packaged.cache_key(), other.cache_key()}) == 3


def test_a_hub_model_rescales_with_bert_scores_own_file():
    found = find_baseline(
        baseline_path=None, model="roberta-large", model_label="roberta-large",
        num_layers=17, lang="en", where="args",
    )
    path = Path(bert_score.__file__).parent / "rescale_baseline" / "en" / "roberta-large.tsv"
    row = path.read_text().splitlines()[1 + 17].split(",")
    assert found.origin == "bert-score"
    assert found.values.tolist() == pytest.approx([float(v) for v in row[1:]])


@pytest.mark.parametrize(
    ("settings", "key", "says"),
    [
        ({"model": str(Path(default_model_path())), "num_layers": 6}, "rescale_with_baseline",
         "summbench bertscore-baseline --model"),
        ({"lang": "de"}, "lang", "summbench bertscore-baseline --corpus"),
        ({"baseline_path": "no/such.tsv"}, "baseline_path", "check the path"),
    ],
)
def test_a_missing_baseline_is_an_error_naming_the_key_and_the_command(settings, key, says):
    metric = BertScoreMetric.from_config({"rescale_with_baseline": True, **settings})
    with pytest.raises(ConfigError) as caught:
        metric.check_settings("metrics[1].args", file="exp.yaml")
    assert caught.value.where == f"exp.yaml: metrics[1].args.{key}"
    assert says in str(caught.value)
    # Scoring refuses alike, before the model loads.
    with pytest.raises(ConfigError, match=key):
        metric.score([ScoringItem("a", Example("x", "s", ("b",)))])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("LAYER,P,R\n0,0.1,0.1\n", "header"),
        ("LAYER,P,R,F\n0,0.1,0.1,0.1\n2,0.1,0.1,0.1\n", "LAYER column"),
        ("LAYER,P,R,F\n0,0.1,0.1,0.1\n1,0.1,0.1,0.1\n", "layers 0-1, not layer 6"),
        ("LAYER,P,R,F\n" + "".join(f"{i},0.1,0.1,{1.0 if i == 6 else 0.1}\n" for i in range(7)),
         "below 1"),
        ("", "not a baseline table"),
    ],
)
def test_a_malformed_baseline_file_is_refused_with_what_is_wrong(tmp_path, text, says):
    path = tmp_path / "b.tsv"
    path.write_text(text)
    settings = {"rescale_with_baseline": True, "baseline_path": str(path)}
    metric = BertScoreMetric.from_config(settings)
    with pytest.raises(ConfigError, match=says) as caught:
        metric.check_settings("metrics[0].args")
    assert caught.value.where == "metrics[0].args.baseline_path"
