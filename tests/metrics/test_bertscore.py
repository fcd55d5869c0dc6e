"""Our BERTScore equals bert_score.score called directly with the same model and layer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import bert_score
import pytest

from bench.data.schema import Example
from bench.encoders.bertscore_encoder import default_model_path
from bench.metrics.base import ScoringItem
from bench.metrics.bertscore import BertScoreMetric
from bench.text import split_sentences

from ..bertscore_blank_check import BLANKS, check
from ..builders import ROOT


@pytest.fixture(scope="module")
def metric():
    return BertScoreMetric.from_config({})


def test_f1_equals_bert_score_with_multiple_references(metric, seed_dataset):
    examples = list(seed_dataset)[:4]
    candidates = [e.source.split("\n")[0] for e in examples]
    ours = metric.score([ScoringItem(c, e) for c, e in zip(candidates, examples)])
    precision, recall, f1 = bert_score.score(
        candidates,
        [list(e.references) for e in examples],
        model_type=default_model_path(),
        num_layers=6,
    )
    for score, p, r, f in zip(ours, precision.tolist(), recall.tolist(), f1.tolist()):
        assert score.values["bertscore_f1"] == pytest.approx(f, abs=1e-5)
        assert score.values["bertscore_p"] == pytest.approx(p, abs=1e-5)
        assert score.values["bertscore_r"] == pytest.approx(r, abs=1e-5)


def test_idf_weights_equal_bert_score_idf_over_the_references(seed_dataset):
    metric = BertScoreMetric.from_config({"idf": True})
    examples = list(seed_dataset)
    candidates = [split_sentences(e.source)[1] for e in examples]
    refs = [e.references[2] for e in examples]
    single = [Example(e.id, e.source, (r,)) for e, r in zip(examples, refs)]
    ours = metric.score([ScoringItem(c, e) for c, e in zip(candidates, single)])
    _, _, f1 = bert_score.score(
        candidates, refs, model_type=default_model_path(), num_layers=6, idf=True
    )
    for score, f in zip(ours, f1.tolist()):
        assert score.values["bertscore_f1"] == pytest.approx(f, abs=1e-5)


def test_an_empty_summary_scores_zero_instead_of_crashing(metric, seed_dataset):
    example = seed_dataset.by_id()["nk-001-wire"]
    scores = metric.score(
        [ScoringItem("  ", example), ScoringItem("A diplomat defected.", example)]
    )
    assert scores[0].values == {"bertscore_p": 0.0, "bertscore_r": 0.0, "bertscore_f1": 0.0}
    assert scores[1].values["bertscore_f1"] > 0.3


def test_signature_names_model_layer_and_versions_but_no_local_path(metric):
    signature = metric.signature()
    assert "model:all-MiniLM-L6-v2" in signature and "layer:6" in signature
    assert "bert-score-0." in signature and "/" not in signature.split("model:")[1].split("|")[0]


def test_a_custom_model_needs_its_layer():
    from bench.errors import ConfigError

    with pytest.raises(ConfigError, match="num_layers"):
        BertScoreMetric.from_config({"model": "roberta-large"})


def _assert_blank_text_works(found: dict) -> None:
    """What tests/bertscore_blank_check.py measured, under whichever transformers it ran."""
    # A blank text is its special tokens alone, as bert-score encodes it; others are bert-score's.
    assert found["blank_ids"] == [found["special_ids"]] * len(BLANKS)
    assert found["same_ids_as_bert_score"]
    zero = {"bertscore_p": 0.0, "bertscore_r": 0.0, "bertscore_f1": 0.0}
    # Blank candidate, blank reference, both blank: 0, as bert-score scores them.
    assert found["scores"][:3] == [zero] * 3
    # A blank reference beside a real one leaves the max over references to the real one, and
    # non-blank pairs keep bert-score's numbers (to 1e-5: its batches are padded).
    assert found["scores"][3]["bertscore_f1"] > 0.5
    assert found["largest_difference_from_bert_score"] < 1e-5
    for matcher, (task, empty_summary) in found["verdicts"].items():
        verdicts = {claim: verdict for claim, verdict, _ in task}
        assert verdicts == {"blank": "absent", "space": "absent", "cat": "present"}, matcher
        assert empty_summary == [["cat", "absent", 0.0]], matcher
    assert [c for _, _, c in found["verdicts"]["bertscore"][0][:2]] == [0.0, 0.0]


def test_blank_text_is_encoded_and_scores_zero_under_the_installed_transformers():
    _assert_blank_text_works(check())


def _newest_transformers() -> str:
    """The newest transformers release the registry serves that pip can install (its own
    resolver's answer: a listed release whose dependencies the registry lacks is not one)."""
    found = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--report", "-", "transformers"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if found.returncode != 0:
        pytest.skip(f"pip could not resolve transformers: {found.stderr.strip()[-200:]}")
    report = json.loads(found.stdout)
    (version,) = (
        item["metadata"]["version"]
        for item in report["install"]
        if item["metadata"]["name"].lower() == "transformers"
    )
    return version


def _install_beside(target, requirement: str) -> None:
    """``requirement`` into ``target`` without its dependencies, then each dependency the
    installed environment does not satisfy (a newer release may need one more package): the
    installed torch and tokenizers serve it, as they would a user's upgrade."""
    from importlib import metadata

    from packaging.requirements import Requirement

    def pip(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
             str(target), *args],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"pip could not install {' '.join(args)} (no registry?): {last}")

    pip(requirement)
    (info,) = target.glob("transformers-*.dist-info")
    needed = metadata.PathDistribution(info).requires or []
    missing = []
    for line in needed:
        wanted = Requirement(line)
        if wanted.marker is not None and not wanted.marker.evaluate({"extra": ""}):
            continue
        try:
            if wanted.specifier.contains(metadata.version(wanted.name), prereleases=True):
                continue
        except metadata.PackageNotFoundError:
            pass
        missing.append(str(wanted))
    if missing:
        pip(*missing)


@pytest.mark.slow
@pytest.mark.parametrize("version", ["5.23.0", "newest"])
def test_blank_text_under_another_transformers_version(version, tmp_path):
    """The same check in a fresh interpreter with another transformers first on the path: the
    release the committed results were first made with, and the newest the registry serves
    (installed beside this environment's torch and tokenizers)."""
    if version == "newest":
        version = _newest_transformers()
    target = tmp_path / "site"
    _install_beside(target, f"transformers=={version}")
    path = os.pathsep.join(p for p in (str(target), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", "from tests.bertscore_blank_check import main; main()"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["transformers"] == version
    _assert_blank_text_works(found)


def test_a_long_text_is_cut_without_the_tokenizers_warning():
    """A reference past the 512-token window is cut and reported per item; the tokenizer's own
    "Token indices sequence length is longer ..." line (once per process, in the middle of a
    meta-evaluation's log) is not printed. A fresh interpreter reads back all it logs."""
    code = (
        "import bench\n"
        "r = bench.bertscore(['a cat sat'], [' '.join(['word'] * 2000)])\n"
        "print(r.details[0].get('truncated'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "reference 1 cut to 512 tokens" in done.stdout, done.stdout
    assert "Token indices sequence length" not in done.stderr, done.stderr
