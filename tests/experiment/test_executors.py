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

from ..builders import ROOT, write_dataset

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


def _run_command(config, out, timeout=600):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "bench", "run", str(config), "--output", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.repro
def test_the_default_executor_scores_model_metrics_in_a_helper_with_identical_results(
    tmp_path, inline_run
):
    """`auto` (the default) in the summbench command: BERTScore and the bertscore matcher go
    to a helper process started before generation; the numbers are the inline run's."""
    config = _config(tmp_path, "{type: auto}")
    done = _run_command(config, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "scoring on this process, and a helper process for bertscore, checklist" in done.stderr
    for name in COMPARED:
        assert (tmp_path / "out" / name).read_bytes() == (inline_run / name).read_bytes(), name


def test_auto_is_inline_when_called_from_python(tmp_path):
    """A spawned helper imports the caller's main module again: a script without a
    `__main__` guard would run twice. Only the summbench command's process starts one."""
    from bench.experiment.config import ExecutorSpec, PluginSpec
    from bench.experiment.executor_base import build_metric
    from bench.experiment.executors import InlineExecutor, make_executor
    from bench.owned_processes import claimed

    assert not claimed()
    spec = PluginSpec(type="bertscore")
    executor = make_executor(ExecutorSpec(), ([spec], 0, [], None), [build_metric(spec, 0)])
    assert isinstance(executor, InlineExecutor)


def test_a_model_that_fails_to_load_in_the_helper_is_reported_with_its_key(tmp_path):
    # A folder that passes the pre-flight check (a config.json naming a model type, layers
    # enough) but holds no weights: only loading it finds out, in the helper.
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "config.json").write_text(
        '{"model_type": "bert", "num_hidden_layers": 2}'
    )
    config = tmp_path / "bad-model.yaml"
    config.write_text(
        "name: bad\n"
        "dataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers: [{type: lead}]\n"
        "metrics:\n"
        "  - {type: rouge}\n"
        f"  - {{type: bertscore, args: {{model: '{tmp_path}/none', num_layers: 2}}}}\n"
    )
    done = _run_command(config, tmp_path / "out", timeout=300)
    assert done.returncode == 2, done.stderr[-3000:]
    assert "metrics.bertscore.args.model" in done.stderr and str(tmp_path / "none") in done.stderr
    assert "Traceback" not in done.stderr
    # What finished before the failure is kept: the summaries and the ROUGE scores.
    assert (tmp_path / "out" / "cache.sqlite").is_file()


def test_an_unused_helper_is_stopped_without_waiting_for_its_model(tmp_path):
    """A run whose model-backed scores all come from the cache must not wait for the helper
    to finish importing torch: the helper is stopped where it is."""
    import threading
    import time

    from bench.experiment.executors import _spawned_pool, _stop_at_once

    pool = _spawned_pool(([], 0, [], None), 1)
    pool.submit(time.sleep, 600)  # a model load that would take ten minutes
    time.sleep(1)
    stopper = threading.Thread(target=_stop_at_once, args=(pool,))
    stopper.start()
    stopper.join(timeout=60)
    assert not stopper.is_alive()
