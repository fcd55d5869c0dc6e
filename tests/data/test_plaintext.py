"""`summbench score --hyp --refs [--src]`: line-aligned text files and standard input, as
sacrebleu takes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.cli import main

from ..builders import ROOT

HYP = ["the cat sat on the mat", "a dog barked\u2028loudly at night", ""]
REF1 = ["a cat sat on a mat", "the dog barked at night", "nothing here"]
REF2 = ["the cat is on the mat", "", "still nothing"]
SRC = ["The cat sat on the mat. It was warm.", "A dog barked at night.", "Nothing."]


def _write(path, lines, end="\n"):
    path.write_text("".join(line + end for line in lines), encoding="utf-8")
    return path


def _board(out):
    return {r["system"]: r for r in json.loads((out / "leaderboard.json").read_text())["rows"]}


def test_text_files_are_scored_like_rouge_score(tmp_path):
    from rouge_score import rouge_scorer

    hyp = _write(tmp_path / "out.txt", HYP)
    ref1, ref2 = _write(tmp_path / "ref1.txt", REF1), _write(tmp_path / "ref2.txt", REF2, "\r\n")
    out = tmp_path / "res"
    argv = ["score", "--hyp", str(hyp), "--refs", str(ref1), str(ref2)]
    assert main([*argv, "--metrics", "rouge", "--output", str(out), "--quiet"]) == 0
    items = [json.loads(line) for line in (out / "scores.jsonl").open()]
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    for item in items:
        i = int(item["example_id"]) - 1
        refs = [r for r in (REF1[i], REF2[i]) if r]
        assert item["scores"]["rouge1_f"] == scorer.score_multi(refs, HYP[i])["rouge1"].fmeasure
    predictions = [json.loads(line) for line in (out / "predictions.jsonl").open()]
    assert predictions[1]["summary"] == HYP[1]  # a U+2028 inside a line is text
    assert "data:ref1.txt+ref2.txt|n:3" in (out / "leaderboard.md").read_text()


def test_sources_and_several_systems(tmp_path):
    a, b = _write(tmp_path / "a.txt", HYP), _write(tmp_path / "b.txt", SRC)
    ref = _write(tmp_path / "ref.txt", REF1)
    src = _write(tmp_path / "src.txt", SRC)
    out = tmp_path / "res"
    argv = ["score", "--hyp", str(a), str(b), "--refs", str(ref), "--src", str(src)]
    assert main([*argv, "--metrics", "rouge,textstats", "--output", str(out), "--quiet"]) == 0
    board = _board(out)
    assert set(board) == {"a", "b"} and board["b"]["n"] == 3


def test_standard_input(tmp_path):
    ref = _write(tmp_path / "ref.txt", REF1)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "score", "--hyp", "-", "--refs", str(ref),
         "--metrics", "rouge", "--output", str(tmp_path / "res")],
        input="".join(line + "\n" for line in HYP),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert set(_board(tmp_path / "res")) == {"stdin"}


def test_files_that_are_not_line_aligned_are_refused(tmp_path, capsys):
    hyp = _write(tmp_path / "out.txt", HYP[:2])
    ref = _write(tmp_path / "ref.txt", REF1)
    assert main(["score", "--hyp", str(hyp), "--refs", str(ref)]) == 2
    err = capsys.readouterr().err
    assert "not line-aligned" in err and "out.txt: 2 lines" in err and "ref.txt: 3 lines" in err
    assert main(["score", "--hyp", str(hyp), "--dataset", "x.jsonl"]) == 2
    assert "without --dataset" in capsys.readouterr().err
    empty_refs = _write(tmp_path / "blank.txt", ["", ""])
    assert main(["score", "--hyp", str(hyp), "--refs", str(empty_refs)]) == 2
    assert "line 1 has no reference" in capsys.readouterr().err


def test_a_file_named_twice_is_refused_however_spelled(tmp_path, capsys, monkeypatch):
    """`--hyp a a` used to fail with "zip() ... This is a bug"; `--refs a ./a b` silently
    scored a.txt as two references (and `--refs a a b` as one): both refused, naming both."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "a.txt", HYP)
    _write(tmp_path / "b.txt", REF1)
    _write(tmp_path / "c.txt", REF2)
    os.symlink(tmp_path / "c.txt", tmp_path / "link.txt")
    cases = [
        (["--hyp", "a.txt", "a.txt", "--refs", "b.txt"], "--hyp names the same file twice (a.txt)"),
        (["--hyp", "a.txt", "--refs", "b.txt", "b.txt", "c.txt"], "(b.txt)"),
        (["--hyp", "a.txt", "--refs", "b.txt", "./b.txt", "c.txt"], "(b.txt and ./b.txt)"),
        (["--hyp", "a.txt", "--refs", "c.txt", "b.txt", "link.txt"], "(c.txt and link.txt)"),
    ]
    for argv, named in cases:
        assert main(["score", *argv, "--metrics", "rouge", "--output", "res"]) == 2, argv
        err = capsys.readouterr().err
        assert named in err and "name each file once" in err, err
        assert "bug" not in err
    assert not (tmp_path / "res").exists()
    # Different files, even with equal text, are separate references (and systems).
    _write(tmp_path / "b2.txt", REF1)
    argv = ["--hyp", "a.txt", "--refs", "b.txt", "b2.txt", "--metrics", "rouge"]
    assert main(["score", *argv, "--output", "res", "--quiet"]) == 0
    rows = [json.loads(line) for line in (tmp_path / "res" / "examples.jsonl").open()]
    assert rows[0]["references"] == [REF1[0], REF1[0]]
