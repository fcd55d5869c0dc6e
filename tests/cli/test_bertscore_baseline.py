"""``summbench bertscore-baseline``: bert-score's baseline procedure (seeded random pairs of
sentences, every layer), checked against bert-score layer by layer; the packaged baseline is
the file its record describes, made from the shared files it names."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import bert_score
import pytest

from bench.cli import main
from bench.encoders.bertscore_encoder import default_model_path, packaged_model_label
from bench.errors import DatasetError
from bench.metrics.rescale_baseline import PACKAGED, packaged_record
from bench.metrics.rescale_baseline.corpus import random_pairs, sentences, shared_texts
from bench.metrics.rescale_baseline.make import write_baseline

from ..builders import ROOT

SHARED = ROOT.parent / "shared"


def test_the_packaged_file_is_the_one_its_record_describes():
    record = packaged_record()
    table = PACKAGED.read_text(encoding="utf-8")
    assert record["table_sha256"] == hashlib.sha256(table.encode()).hexdigest()
    assert record["model"] == packaged_model_label()
    assert table.splitlines()[0] == "LAYER,P,R,F" and len(table.splitlines()) == 1 + 7
    assert record["layers"] == 7 and record["pairs"] * 2 <= record["corpus"]["sentences"]
    assert f"--seed {record['seed']}" in record["command"]
    assert f"--pairs {record['pairs']}" in record["command"]
    # Inputs are named under the shared folder, never by a path of the machine that made it.
    assert all(name.startswith("data/") for name in record["corpus"]["inputs"])


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repo")
def test_the_record_names_the_shared_files_and_sentences_it_was_made_from():
    record = packaged_record()
    texts, inputs = shared_texts(SHARED)
    assert inputs == record["corpus"]["inputs"]
    assert len(sentences(texts)) == record["corpus"]["sentences"]


def test_pairs_are_seeded_and_each_sentence_is_in_one_pair_at_most():
    corpus = [f"sentence {i}" for i in range(21)]
    first, second = random_pairs(corpus, None, seed=5)
    assert len(first) == len(second) == 10
    assert len(set(first) | set(second)) == 20
    assert (first, second) == random_pairs(corpus, None, seed=5)
    assert (first, second) != random_pairs(corpus, None, seed=6)
    with pytest.raises(DatasetError, match="at most 10 pairs"):
        random_pairs(corpus, 11, seed=5)


def test_sentences_keep_bert_scores_length_limit_once_each():
    long = " ".join(["word"] * 32) + "."
    kept = sentences([f"A short one. {long} Another one.", "A short one.\n"])
    assert kept == ["A short one.", "Another one."]


def test_the_command_writes_each_layers_mean_bert_score_of_the_seeded_pairs(
    tmp_path, capsys, seed_dataset
):
    corpus = tmp_path / "texts.txt"
    corpus.write_text("\n".join(e.source for e in seed_dataset) + "\n")
    out = tmp_path / "made" / "base.tsv"
    code = main(["bertscore-baseline", "--corpus", str(corpus), "--pairs", "12", "--seed", "3",
                 "--out", str(out)])
    assert code == 0
    table = out.read_text()
    assert capsys.readouterr().out == table
    record = json.loads(out.with_suffix(".json").read_text())
    assert record["pairs"] == 12 and record["seed"] == 3 and record["layers"] == 7
    assert record["corpus"]["inputs"] == {"texts.txt": hashlib.sha256(
        corpus.read_bytes()).hexdigest()}
    assert str(tmp_path) not in out.with_suffix(".json").read_text()
    rows = [[float(v) for v in line.split(",")[1:]] for line in table.splitlines()[1:]]
    first, second = random_pairs(sentences(corpus.read_text().splitlines()), 12, seed=3)
    # Each row is bert-score's mean at that layer alone (the model cut there), not all at once.
    for layer in (0, 6):
        scores = bert_score.score(first, second, model_type=default_model_path(),
                                  num_layers=layer)
        means = [float(t.double().mean()) for t in scores]
        assert rows[layer] == pytest.approx(means, abs=2e-6), layer


def test_a_link_at_the_output_is_replaced_not_written_through(tmp_path):
    outside = tmp_path / "users.txt"
    outside.write_text("the user's own file\n")
    out = tmp_path / "made" / "b.tsv"
    out.parent.mkdir()
    out.symlink_to(outside)
    out.with_suffix(".json").hardlink_to(outside)
    write_baseline(out, "LAYER,P,R,F\n0,0.1,0.1,0.1\n", {"seed": 0})
    assert outside.read_text() == "the user's own file\n"
    assert not out.is_symlink() and out.read_text().startswith("LAYER,P,R,F\n")
    assert json.loads(out.with_suffix(".json").read_text()) == {"seed": 0}


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not beside the repo")
def test_two_processes_make_the_same_bytes_and_another_seed_other_numbers(tmp_path):
    """The packaged file's recipe, on fewer pairs, in fresh interpreters: the same seed writes
    the same bytes (table and record), another seed another table. (The packaged file itself
    takes minutes to remake: docs/configuration.md, BERTScore rescaling, says how it was
    checked.)"""
    def make(seed: int, name: str) -> Path:
        out = tmp_path / name / "b.tsv"
        done = subprocess.run(
            [sys.executable, "-m", "bench", "bertscore-baseline", "--shared", str(SHARED),
             "--pairs", "150", "--seed", str(seed), "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=900,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return out

    first, again, other = make(0, "a"), make(0, "b"), make(1, "c")
    assert first.read_bytes() == again.read_bytes()
    assert first.with_suffix(".json").read_bytes() == again.with_suffix(".json").read_bytes()
    assert first.read_bytes() != other.read_bytes()


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--model", "test/absent-model"], "--model: no local folder 'test/absent-model'"),
        (["--model", "."], "--model: '.' is not a model folder"),
        (["--shared", "no-such-folder"], "no-such-folder: the shared data folder does not exist"),
        (["--corpus", "README.md", "--pairs", "100000"], "--pairs: 100000 pairs asked of"),
    ],
)
def test_bad_options_are_refused_before_any_model_loads(tmp_path, capsys, options, says):
    out = tmp_path / "b.tsv"
    assert main(["bertscore-baseline", *options, "--out", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
