"""The run's cache stays small per scored text: scores and small per-text data, no token vectors.

A CNN/DailyMail summary's float32 token embeddings take ~140 KB; kept in the cache they were
nearly all of it (557 of 624 MB for 2,814 summaries). ``perf/cache_size_bench.py`` measures the
full-size case; here 200 summaries of the same data, the stored values, and the migration of a
cache an earlier version wrote.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ...builders import ROSE, write_rose_experiment

#: The budget the cache must keep to per scored text (issue 23).
BYTES_PER_TEXT = 5_000


def _legacy_rows(path: Path, rows: int, size: int) -> None:
    """The ``embeddings`` table summbench 0.2 kept, with ``rows`` blobs of ``size`` bytes."""
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE embeddings (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        db.executemany(
            "INSERT INTO embeddings VALUES (?, ?)",
            [(f"{i:064x}", bytes([i % 251]) * size) for i in range(rows)],
        )
    db.close()


def _tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        db.close()


@pytest.mark.skipif(not ROSE.is_file(), reason="../shared/data/RoSE-ACU is not beside this")
def test_the_cache_keeps_under_5_kb_per_scored_text(tmp_path):
    from bench.experiment import load_config, run_experiment
    from bench.experiment.storage.store import Store

    config = write_rose_experiment(tmp_path, systems=10, documents=20)
    cache = tmp_path / "cache.sqlite"
    text = config.read_text(encoding="utf-8") + f"cache: {{path: '{cache}'}}\n"
    config.write_text(text, encoding="utf-8")
    run_experiment(load_config(config), output_dir=tmp_path / "out", log=lambda _: None)
    store = Store(cache)
    texts = 10 * 20
    assert store.counts() == {"generations": texts, "scores": 3 * texts}
    assert _tables(cache) == {"generations", "scores", "datasets"}  # no token vectors
    assert store.size() / texts < BYTES_PER_TEXT


def _plain_rows(path: Path) -> None:
    """Rows as summbench 0.2 wrote them: JSON text; one of them damaged (not UTF-8)."""
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO scores VALUES ('old', ?)", ['{"values": {"x": 0.5}, "details": {}}']
        )
        db.execute("INSERT INTO scores VALUES ('bad', CAST(? AS TEXT))", [b"\xff{"])
    db.close()


def test_a_cache_an_earlier_version_wrote_is_upgraded_and_shrinks(tmp_path):
    from bench.experiment.storage.store import Store
    from bench.metrics.base import ItemScore

    path = tmp_path / "cache.sqlite"
    Store(path).put_scores([("k", ItemScore({"rouge1_f": 0.5}, {"note": "kept"}))])
    _legacy_rows(path, rows=40, size=50_000)
    _plain_rows(path)
    store = Store(path)  # opening an old cache reads it as it is
    assert "embeddings" in _tables(path)
    upgrade = store.upgrade()
    assert (upgrade.tables, upgrade.dropped, upgrade.deflated) == (("embeddings",), 40, 2)
    assert upgrade.compacted
    assert upgrade.bytes_before > 2_000_000 > 100_000 > upgrade.bytes_after == store.size()
    assert "embeddings" not in _tables(path)
    db = sqlite3.connect(path)
    assert {t for (t,) in db.execute("SELECT DISTINCT typeof(value) FROM scores")} == {"blob"}
    db.close()
    found = store.get_scores(["k", "old", "bad"])
    assert found["k"].details == {"note": "kept"}
    assert found["old"].values == {"x": 0.5}
    assert "bad" not in found and store.damaged == 1  # still a miss, computed again
    assert store.upgrade() is None  # once


def test_while_another_run_reads_the_cache_it_is_upgraded_without_waiting(tmp_path):
    from bench.experiment.storage.store import Store

    path = tmp_path / "cache.sqlite"
    Store(path)
    _legacy_rows(path, rows=20, size=50_000)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM scores").fetchone()  # holds a read snapshot
    try:
        upgrade = Store(path).upgrade()
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert (upgrade.dropped, upgrade.compacted) == (20, False)
    assert "another run has the cache open" in upgrade.describe("cache.sqlite")
    assert "embeddings" not in _tables(path)
    later = Store(path)
    later.close()  # the reader is gone: the compacted copy goes into the file
    assert later.size() < 100_000


def test_a_run_on_an_old_cache_says_what_it_changed(tmp_path):
    from bench.experiment import load_config, run_experiment

    cache = tmp_path / "cache.sqlite"
    config = tmp_path / "c.yaml"
    config.write_text(
        "name: old\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
        f"cache: {{path: '{cache}'}}\n"
    )
    run_experiment(load_config(config), output_dir=tmp_path / "a", log=lambda _: None)
    _legacy_rows(cache, rows=3, size=1_000)
    said: list[str] = []
    run_experiment(load_config(config), output_dir=tmp_path / "b", log=said.append)
    (line,) = [s for s in said if "embeddings" in s]
    assert line.startswith(
        "cache.sqlite: written by an earlier summbench; dropped 3 rows of embeddings that this "
        "version no longer keeps, deflated 0 rows ("
    )
    said.clear()
    run_experiment(load_config(config), output_dir=tmp_path / "c", log=said.append)
    assert not [s for s in said if "earlier summbench" in s]
    scores = [(tmp_path / out / "scores.jsonl").read_bytes() for out in ("a", "b", "c")]
    assert scores[0] == scores[1] == scores[2]


def test_values_are_stored_deflated_and_plain_rows_of_earlier_versions_still_read(tmp_path):
    import zlib

    from bench.experiment.storage.store import Store
    from bench.metrics.base import ItemScore

    path = tmp_path / "cache.sqlite"
    store = Store(path)
    evidence = "Arango had earlier scored a free kick in his team's 4-3 defeat. " * 2
    facts = [{"id": f"f{i}", "verdict": "present", "evidence": evidence} for i in range(11)]
    store.put_scores([("new", ItemScore({"fact_recall": 1.0}, {"facts": facts}))])
    db = sqlite3.connect(path)
    with db:
        (raw,) = db.execute("SELECT value FROM scores WHERE key = 'new'").fetchone()
        db.execute(
            "INSERT INTO scores VALUES ('old', ?)", ['{"values": {"x": 0.5}, "details": {}}']
        )
        db.execute("INSERT INTO scores VALUES ('bad', ?)", [zlib.compress(b"{")[:-2]])
    db.close()
    stored = json.loads(zlib.decompress(raw))
    assert stored == {"values": {"fact_recall": 1.0}, "details": {"facts": facts}}
    assert len(raw) * 4 < len(json.dumps(stored))  # the evidence repeats: it deflates well
    found = store.get_scores(["new", "old", "bad"])
    assert found["new"].details["facts"] == facts
    assert found["old"].values == {"x": 0.5}  # JSON text, as summbench 0.2 wrote it
    assert "bad" not in found and store.damaged == 1  # a damaged row is a miss
