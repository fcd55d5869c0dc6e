"""Faults: a full disk, an unwritable folder, a second run on the same folder, a crashing
plugin. Each gets one clear paragraph and an exit code, never a traceback (unless --debug),
and never costs finished work."""

from __future__ import annotations

import errno
import json

import pytest

from bench.cli import main
from bench.experiment.storage.lock import FolderLock


def _config(tmp_path, metrics: str = "[{type: rouge}]"):
    path = tmp_path / "c.yaml"
    path.write_text(
        "name: faults\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        f"summarizers: [{{type: lead}}, {{type: textrank}}]\nmetrics: {metrics}\n"
        f"cache: {{path: '{tmp_path / 'cache.sqlite'}'}}\n"
    )
    return path


def test_a_second_run_on_the_same_folder_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "out"
    with FolderLock(out):
        assert main(["run", str(_config(tmp_path)), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "another summbench run (pid " in err and "--output" in err
    assert "Traceback" not in err
    assert not (out / "predictions.jsonl").exists()
    # The lock dies with its holder: the next run goes ahead.
    assert main(["run", str(_config(tmp_path)), "--output", str(out), "--quiet"]) == 0


def test_an_output_folder_that_cannot_be_created_is_reported_before_any_work(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["run", str(_config(tmp_path)), "--output", str(blocker / "out")]) == 1
    err = capsys.readouterr().err
    assert "cannot write or read" in err and "a-file" in err and "--output" in err
    assert "Traceback" not in err
    assert not (tmp_path / "cache.sqlite").exists()  # nothing was started


def test_a_full_disk_mid_run_keeps_finished_work_and_the_rerun_completes(
    tmp_path, capsys, monkeypatch
):
    from bench.experiment import runner

    real = runner.write_jsonl

    def full_disk(path, rows):
        if path.name == "scores.jsonl":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, rows)

    monkeypatch.setattr(runner, "write_jsonl", full_disk)
    out = tmp_path / "out"
    assert main(["run", str(_config(tmp_path)), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "run the same command again" in err
    assert "Traceback" not in err
    monkeypatch.setattr(runner, "write_jsonl", real)
    assert main(["run", str(_config(tmp_path)), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "all from the cache" in err  # the summaries were kept
    assert (out / "leaderboard.md").is_file()


def test_a_crashing_metric_is_one_paragraph_and_a_traceback_only_with_debug(
    tmp_path, capsys, monkeypatch
):
    from bench.metrics.rouge import RougeMetric

    def boom(self, items):
        raise RuntimeError("the metric fell over")

    monkeypatch.setattr(RougeMetric, "score", boom)
    config = _config(tmp_path)
    assert main(["run", str(config), "--output", str(tmp_path / "a")]) == 1
    err = capsys.readouterr().err
    assert "unexpected RuntimeError: the metric fell over" in err and "--debug" in err
    assert "Traceback" not in err
    assert main(["run", str(config), "--output", str(tmp_path / "b"), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_names_from_the_config_never_become_paths_out_of_the_results_folder(tmp_path):
    config = _config(
        tmp_path, "[{type: rouge, name: '../../escaped'}, {type: rouge, name: '/tmp/abs'}]"
    )
    out = tmp_path / "deep" / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    outside = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file()
        and out not in p.parents
        and p.name not in ("c.yaml", "cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm")
    ]
    assert outside == []
    plots = sorted(p.name for p in (out / "plots").iterdir())
    assert plots and all("/" not in p and not p.startswith(".") for p in plots)
    board = json.loads((out / "leaderboard.json").read_text())
    assert any(
        c["key"].startswith("../../escaped/") for c in board["columns"]
    )  # names kept as text


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", "ok_name-1.2"])
def test_safe_file_names(name):
    from bench.plots import safe_file_name

    cleaned = safe_file_name(name)
    assert "/" not in cleaned and cleaned not in ("", ".", "..") and not cleaned.startswith(".")
