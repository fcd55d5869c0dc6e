"""summbench writes only into folders it owns, never over its inputs, never outside results/,
and deletes nothing but its own temporary files."""

from __future__ import annotations

import json
import os

import pytest

from bench.cli import main


def _data(folder):
    data = folder / "tiny.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "source": f"Cats sat {i}. Dogs ran.", "references": ["x"]})
            + "\n"
            for i in range(3)
        )
    )
    return data


def _predictions(path, systems=("a", "b")):
    path.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "summary": "Cats sat.", "system": s}) + "\n"
            for s in systems
            for i in range(3)
        )
    )
    return path


def test_scoring_into_the_folder_holding_the_inputs_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = _data(tmp_path)
    predictions = _predictions(tmp_path / "predictions.jsonl")
    before = predictions.read_bytes()
    argv = ["score", "--dataset", str(data), "--predictions", "predictions.jsonl"]
    assert main([*argv, "--metrics", "rouge", "--output", "."]) == 2
    assert "did not write" in capsys.readouterr().err
    assert predictions.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["predictions.jsonl", "tiny.jsonl"]


def test_an_input_named_like_a_result_inside_a_results_folder_is_refused(tmp_path, capsys):
    data = _data(tmp_path)
    out = tmp_path / "out"
    first = _predictions(tmp_path / "first.jsonl")
    argv = ["score", "--dataset", str(data), "--metrics", "rouge", "--output", str(out)]
    assert main([*argv, "--predictions", str(first), "--quiet"]) == 0
    inside = _predictions(out / "predictions.jsonl")  # the user drops a file in the folder
    before = inside.read_bytes()
    assert main([*argv, "--predictions", str(inside)]) == 2
    assert "an input of this run and a file it writes" in capsys.readouterr().err
    assert inside.read_bytes() == before


def test_a_folder_of_the_users_is_refused_and_left_alone(tmp_path, capsys):
    data = _data(tmp_path)
    mine = tmp_path / "papers"
    mine.mkdir()
    (mine / "leaderboard.md").write_text("my notes")
    (mine / ".report.tmp").write_text("half a report")
    predictions = _predictions(tmp_path / "p.jsonl")
    argv = ["score", "--dataset", str(data), "--predictions", str(predictions)]
    assert main([*argv, "--metrics", "rouge", "--output", str(mine)]) == 2
    assert "new or empty folder" in capsys.readouterr().err
    assert (mine / "leaderboard.md").read_text() == "my notes"
    assert sorted(p.name for p in mine.iterdir()) == [".report.tmp", "leaderboard.md"]


def test_only_our_own_temporary_files_are_removed(tmp_path):
    data = _data(tmp_path)
    predictions = _predictions(tmp_path / "p.jsonl")
    out = tmp_path / "out"
    argv = ["score", "--dataset", str(data), "--predictions", str(predictions)]
    argv += ["--metrics", "rouge", "--output", str(out), "--quiet"]
    assert main(argv) == 0
    (out / ".report.tmp").write_text("the user's")
    # Named as mkstemp names ours: prefix, the target, a dot and eight characters.
    (out / ".summbench-tmp.scores.jsonl.x1y2_k9z").write_text("left by a killed run")
    (out / "plots" / ".summbench-tmp.means.svg.abcd1234").write_text("left by a killed run")
    # Only our prefix, or a name we never write: the user's.
    users = [".summbench-tmp.x.jsonl", ".summbench-tmp.notes.txt.abcd1234",
             ".summbench-tmp.scores.jsonl.x1y2", "plots/.summbench-tmp.mine.png.abcd1234"]
    for name in users:
        (out / name).write_text("the user's")
    assert main(argv) == 0
    assert (out / ".report.tmp").read_text() == "the user's"
    assert not (out / ".summbench-tmp.scores.jsonl.x1y2_k9z").exists()
    assert not (out / "plots" / ".summbench-tmp.means.svg.abcd1234").exists()
    assert all((out / name).read_text() == "the user's" for name in users)


@pytest.mark.parametrize("name", ["..", ".", "../escaped", "a/b", ""])
def test_names_cannot_leave_results(tmp_path, monkeypatch, capsys, name):
    monkeypatch.chdir(tmp_path)
    _data(tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: {json.dumps(name)}\ndataset: {{path: tiny.jsonl}}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    assert main(["validate", str(config), "--no-data"]) == 2
    assert main(["run", str(config)]) == 2
    assert "plain folder name" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "tiny.jsonl"]
    assert not (tmp_path.parent / "escaped").exists()


def test_an_empty_output_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = _data(tmp_path)
    predictions = _predictions(tmp_path / "p.jsonl")
    with pytest.raises(SystemExit) as exit_:
        main(["score", "--dataset", str(data), "--predictions", str(predictions), "--output", ""])
    assert exit_.value.code == 2
    assert "empty one would write here" in capsys.readouterr().err


def test_a_symlinked_lock_is_not_followed(tmp_path, capsys):
    data = _data(tmp_path)
    predictions = _predictions(tmp_path / "p.jsonl")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".summbench-results").write_text("ours\n")
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate")
    os.symlink(precious, out / ".summbench.lock")
    argv = ["score", "--dataset", str(data), "--predictions", str(predictions)]
    assert main([*argv, "--metrics", "rouge", "--output", str(out)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert precious.read_text() == "do not truncate"
