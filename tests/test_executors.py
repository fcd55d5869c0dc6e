"""Scoring in a process pool or on Ray gives the inline run's results, byte for byte.

The Ray run starts a private instance on 127.0.0.1 (no dashboard) in a child process with an
empty home folder, and checks that Ray wrote nothing there (no ~/.ray, no auth token).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.cli import main

from .conftest import ROOT
from .test_real_size import write_dataset

COMPARED = ("scores.jsonl", "leaderboard.md", "leaderboard.csv", "leaderboard.json")


def _config(tmp_path, executor: str):
    path = tmp_path / f"{executor.split(',')[0].strip('{} ')}.yaml"
    path.write_text(
        "name: executors\n"
        "dataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers: [{type: lead}, {type: textrank}, {type: human}]\n"
        "metrics:\n"
        "  - {type: rouge, args: {multi_ref: jackknife}}\n"
        "  - {type: bertscore, args: {idf: true}}\n"
        "  - {type: checklist, args: {matcher: {type: bertscore}}}\n"
        f"executor: {executor}\n"
        "cache: {enabled: false}\n"
    )
    return path


@pytest.fixture(scope="module")
def inline_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inline")
    config = _config(tmp, "{type: inline}")
    assert main(["run", str(config), "--output", str(tmp / "out"), "--quiet"]) == 0
    return tmp / "out"


@pytest.mark.repro
def test_a_local_process_pool_gives_identical_results(tmp_path, inline_run):
    config = _config(tmp_path, "{type: local, workers: 2}")
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    for name in COMPARED:
        assert (tmp_path / "out" / name).read_bytes() == (inline_run / name).read_bytes(), name


@pytest.mark.repro
def test_ray_on_a_private_local_instance_gives_identical_results(tmp_path, inline_run):
    config = _config(tmp_path, "{type: ray, workers: 2}")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("RAY_ADDRESS", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "run", str(config), "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "scoring on Ray (2 actors, 0 GPU each; nodes: 127.0.0.1)" in done.stderr
    for name in COMPARED:
        assert (tmp_path / "out" / name).read_bytes() == (inline_run / name).read_bytes(), name
    # matplotlib and datasets keep their caches in the home folder; Ray must keep nothing.
    written = [p.relative_to(home).as_posix() for p in home.rglob("*")]
    assert not [p for p in written if "ray" in p.split("/")[0] or "auth_token" in p], written


def test_more_ray_actors_than_cpus_share_them_instead_of_waiting_forever(tmp_path):
    """Each actor used to ask for a whole CPU: on a 2-CPU machine `workers: 4` left two actors
    unstarted and the shards sent to them waiting, so the run never ended. Now they share."""
    workers = (os.cpu_count() or 1) + 2
    # 400 items make 25 chunks of 16, sent round-robin to every actor.
    data = write_dataset(tmp_path / "data.jsonl", 400)
    outputs, stderr = {}, ""
    executors = {"inline": "{type: inline}", "ray": f"{{type: ray, workers: {workers}}}"}
    for kind, executor in executors.items():
        config = tmp_path / f"{kind}.yaml"
        config.write_text(
            "name: crowded\n"
            f"dataset: {{path: '{data}'}}\n"
            "summarizers: [{type: lead}]\n"
            "metrics: [{type: rouge}, {type: textstats}]\n"
            f"executor: {executor}\n"
            "cache: {enabled: false}\n"
        )
        outputs[kind] = tmp_path / f"out-{kind}"
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        env.pop("RAY_ADDRESS", None)
        done = subprocess.run(
            [sys.executable, "-m", "bench", "run", str(config), "--output", str(outputs[kind])],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,  # before the fix: it waited forever
        )
        assert done.returncode == 0, done.stderr[-3000:]
        stderr = done.stderr
    assert f"Ray ({workers} actors, 0 GPU each, sharing " in stderr
    for name in COMPARED:
        assert (outputs["ray"] / name).read_bytes() == (outputs["inline"] / name).read_bytes()


def test_an_unknown_executor_is_a_config_error(tmp_path, capsys):
    config = _config(tmp_path, "{type: slurm}")
    assert main(["run", str(config), "--output", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert "executor.type" in err and "inline" in err and "ray" in err
