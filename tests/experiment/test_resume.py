"""Cached, resumable runs: a real process killed with SIGKILL mid-run, then run again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from bench.cli import main

from ..builders import ROOT

SCRIPT = ROOT / "tests" / "data" / "first_sentence.py"
TABLES = ("leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.tex")


def _config(tmp_path, name: str):
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"name: resume\n"
        "dataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers:\n"
        f"  - {{type: command, name: slow, args: {{command: ['{sys.executable}', '{SCRIPT}', "
        "slow], batch_size: 1, env: [SUMMBENCH_TEST_LOG]}}\n"
        "  - {type: lead}\n"
        "metrics: [{type: rouge}, {type: checklist, args: {matcher: {type: lexical}}}]\n"
        f"cache: {{path: '{tmp_path / (name + '.sqlite')}'}}\n"
    )
    return path


def _spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A run in its own process group, so a kill takes its summarizer subprocess down too (as
    a job scheduler's kill would), not only summbench."""
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _generations(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM generations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_run_resumes_without_recomputing_and_ends_identical(tmp_path, monkeypatch):
    # An uninterrupted run, for comparison.
    monkeypatch.setenv("SUMMBENCH_TEST_LOG", str(tmp_path / "straight.log"))
    assert (
        main(
            [
                "run",
                str(_config(tmp_path, "straight")),
                "--output",
                str(tmp_path / "straight"),
                "--quiet",
            ]
        )
        == 0
    )

    # The same run in a child process, killed once two generations are safely stored.
    log = tmp_path / "resumed.log"
    env = {**os.environ, "SUMMBENCH_TEST_LOG": str(log), "HF_HUB_OFFLINE": "1"}
    config = _config(tmp_path, "resumed")
    command = [
        sys.executable,
        "-m",
        "bench",
        "run",
        str(config),
        "--output",
        str(tmp_path / "resumed"),
        "--quiet",
    ]
    child = _spawn(command, env)
    deadline = time.time() + 120
    while _generations(tmp_path / "resumed.sqlite") < 2 and time.time() < deadline:
        assert child.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    stored_before = _generations(tmp_path / "resumed.sqlite")
    first_pass = log.read_text().split()
    assert 2 <= stored_before < 5

    # Run again: only what was not stored is generated again.
    log.write_text("")
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    second_pass = log.read_text().split()
    assert len(second_pass) == 5 - stored_before
    assert set(second_pass).isdisjoint(first_pass[:stored_before])
    for name in TABLES:
        assert (tmp_path / "resumed" / name).read_bytes() == (
            tmp_path / "straight" / name
        ).read_bytes(), name

    # And a third, unchanged run recomputes nothing at all.
    log.write_text("")
    assert subprocess.run(command, cwd=ROOT, env=env, timeout=300).returncode == 0
    assert log.read_text() == ""


def test_failed_generations_are_retried_and_settings_changes_rescore(tmp_path):
    from bench.experiment import load_config, run_experiment

    config_path = tmp_path / "c.yaml"
    config_path.write_text(
        "name: cache\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
        f"cache: {{path: '{tmp_path / 'c.sqlite'}'}}\n"
    )
    messages: list[str] = []
    run_experiment(load_config(config_path), output_dir=tmp_path / "a", log=messages.append)
    run_experiment(load_config(config_path), output_dir=tmp_path / "b", log=messages.append)
    assert any("lead: 5 summaries, all from the cache" in m for m in messages)
    from bench.experiment.storage.store import Store

    before = Store(tmp_path / "c.sqlite").counts()
    config_path.write_text(
        config_path.read_text().replace("{type: rouge}", "{type: rouge, args: {stemmer: false}}")
    )
    run_experiment(load_config(config_path), output_dir=tmp_path / "c", log=messages.append)
    after = Store(tmp_path / "c.sqlite").counts()
    assert after["generations"] == before["generations"]  # summaries reused
    assert after["scores"] == before["scores"] + 5  # a new metric signature: scored again


def test_dry_run_counts_work_and_llm_requests_without_doing_any(tmp_path, capsys):
    config = tmp_path / "d.yaml"
    config.write_text(
        "name: dry\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers:\n  - {type: lead}\n"
        "  - {type: llm, args: {endpoint: {base_url: 'http://127.0.0.1:9/v1', model: m}}}\n"
        "metrics: [{type: rouge}]\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "lead: 5 to generate, 0 cached" in text
    assert "llm: 5 to generate, 0 cached; 5 requests, ~" in text and "prompt tokens" in text
    assert not out.exists()


def test_no_cache_leaves_no_store(tmp_path):
    config = tmp_path / "n.yaml"
    config.write_text(
        "name: n\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    assert main(["run", str(config), "--output", str(tmp_path / "o"), "--quiet", "--no-cache"]) == 0
    assert not (tmp_path / "o" / "cache.sqlite").exists()
    assert (tmp_path / "o" / "leaderboard.md").is_file()


def test_without_a_store_equal_summaries_of_different_examples_keep_their_own_scores(tmp_path):
    """The scraped page (003) and the wire (001) share their lead; their references differ.
    Without a store, score keys once ignored the example, and one got the other's scores."""
    import json

    config = tmp_path / "n.yaml"
    config.write_text(
        "name: n\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    scores = {}
    for flag in ("--no-cache", None):
        out = tmp_path / str(flag)
        assert (
            main(["run", str(config), "--output", str(out), "--quiet", *[f for f in [flag] if f]])
            == 0
        )
        records = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
        scores[flag] = {r["example_id"]: r["scores"]["rouge1_f"] for r in records}
    assert scores["--no-cache"] == scores[None]
    predictions = (tmp_path / "None" / "predictions.jsonl").read_text().splitlines()
    leads = {json.loads(p)["example_id"]: json.loads(p)["summary"] for p in predictions}
    assert leads["nk-001-wire"] == leads["nk-003-page"]  # the case this test is about
    assert scores[None]["nk-001-wire"] != scores[None]["nk-003-page"]


def test_concurrent_writers_share_one_store(tmp_path):
    import threading

    from bench.experiment.storage.store import Store
    from bench.metrics.base import ItemScore

    path = tmp_path / "shared.sqlite"
    errors: list[Exception] = []

    def writer(n: int) -> None:
        store = Store(path)  # its own connection, as a second run would have
        try:
            for i in range(100):
                store.put_scores([(f"{n}-{i}", ItemScore({"x": float(i)}))])
        except Exception as err:
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Store(path).counts()["scores"] == 400
    assert Store(path).get_scores(["1-99"])["1-99"].values == {"x": 99.0}


def test_killed_again_and_again_at_random_moments_nothing_finished_is_lost(tmp_path):
    """SIGKILL at seeded random moments (while generating, scoring, or writing tables), six
    times: after each kill the cache passes SQLite's integrity check and every results file
    present parses; the run that finally completes ends with an uninterrupted run's tables."""
    import json
    import random

    rng = random.Random(7)
    env = {**os.environ, "SUMMBENCH_TEST_LOG": str(tmp_path / "log"), "HF_HUB_OFFLINE": "1"}
    straight = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "run",
            str(_config(tmp_path, "straight")),
            "--output",
            str(tmp_path / "straight"),
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert straight.returncode == 0, straight.stderr.decode()[-2000:]
    out, db = tmp_path / "killed", tmp_path / "killed.sqlite"
    command = [
        sys.executable,
        "-m",
        "bench",
        "run",
        str(_config(tmp_path, "killed")),
        "--output",
        str(out),
        "--quiet",
    ]
    for _ in range(6):
        child = _spawn(command, env)
        time.sleep(rng.uniform(0.5, 5.0))
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        if db.exists():
            with sqlite3.connect(db, timeout=30) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for path in out.glob("*.json"):
            json.loads(path.read_text())
        for path in out.glob("*.jsonl"):
            for line in path.read_text().splitlines():
                json.loads(line)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert not list(out.glob(".summbench-tmp.*"))  # no half-written leftovers
    for name in TABLES:
        assert (out / name).read_bytes() == (tmp_path / "straight" / name).read_bytes(), name
