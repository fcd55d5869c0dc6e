"""The result store: every generation and every score, keyed by what produced it.

An embedded SQLite database in WAL mode (crash-safe, readable while written, shared safely by
two runs; writes wait for a lock instead of failing). Keys are hashes of everything that
determines the value:

* a generation: the summarizer's signature and the example (id, source, references — the oracle
  and human rows read them);
* a score: the metric's signature, the candidate text, and what it is scored against (source,
  references, checklist, probes, synonym groups, whether a reference is held out);
* a loaded dataset: its spec and the bytes of its local files (a warm run skips ``datasets``);
* a text's contextual token embeddings: the encoder (model, layer) and the text, so that a
  system added to a scored run encodes only its own summaries. Raw float32 bytes: the only
  values that are not JSON, and still no pickles.

Change a setting and its signature changes, so it is recomputed; change nothing and it is
reused. Only complete, successful generations are stored, so a later run retries exactly the
failed examples. Values are JSON, never pickles.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..data.schema import Dataset, Example, Fact, Probe
from ..metrics.base import ItemScore, ScoringItem
from ..results.files import finite
from ..results.links import refuse_linked_file
from ..summarizers.base import Candidate

SCHEMA = """
CREATE TABLE IF NOT EXISTS generations (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


def _digest(*parts: Any) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def generation_key(signature: str, example: Example) -> str:
    return _digest("gen/1", signature, example.id, example.source, list(example.references))


def dataset_key(spec: dict[str, Any], content: str) -> str:
    return _digest("data/2", spec, content)


def example_context(example: Example) -> str:
    """A digest of everything an item is scored against (computed once per example)."""
    e = example
    return _digest(
        "context/1",
        e.source,
        list(e.references),
        [asdict(f) for f in e.checklist],
        [asdict(p) for p in e.probes],
        [list(g) for g in e.aliases],
    )


def score_key(signature: str, item: ScoringItem, context: str) -> str:
    """``context`` is :func:`example_context` of ``item.example``."""
    return _digest("score/1", signature, item.candidate, item.held_out, context)


def _candidates(value: str) -> list[Candidate]:
    rows = json.loads(value)
    out = [Candidate(**row) for row in rows]
    if not out or not all(isinstance(c.text, str) and isinstance(c.example_id, str) for c in out):
        raise ValueError("not a list of candidates")
    return out


def _item_score(value: str) -> ItemScore:
    row = json.loads(value)
    values, details = row["values"], row["details"]
    if not isinstance(values, dict) or not isinstance(details, dict):
        raise ValueError("not an item score")
    if not all(v is None or isinstance(v, (int, float)) for v in values.values()):
        raise ValueError("a value is not a number")
    return ItemScore(values, details)


#: What SQLite writes beside the database: the write-ahead log, its index, a rollback journal.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _refuse_links(path: Path) -> None:
    """SQLite opens its files through links: a ``cache.sqlite`` linked to a user's database
    would get our tables, a linked ``-wal`` our pages. Refuse them, naming the file."""
    for name in (path.name, *(path.name + side for side in _SIDE_FILES)):
        refuse_linked_file(
            path.with_name(name),
            fix=f"remove it (the cache only saves time: summbench fills a new {path.name}), or "
            "point `cache: {path: ...}` at a file of its own.",
        )


class Store:
    """Get and put generations and scores; thread-safe, one connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_links(path)
        self._local = threading.local()
        #: Rows that could not be read back (counted, recomputed, overwritten).
        self.damaged = 0
        self._retry_when_locked(lambda: self._connection().executescript(SCHEMA))

    @staticmethod
    def _retry_when_locked(action, attempts: int = 100) -> None:
        """Run ``action``, waiting while another run holds the lock.

        Switching a database to WAL and creating tables can report "database is locked"
        at once instead of waiting for the busy timeout (seen when two runs open a new cache
        together), so those steps are retried.
        """
        for attempt in range(attempts):
            try:
                action()
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (1 + attempt % 5))

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60)
            self._retry_when_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints
            self._local.db = db
        return db

    def _get_many(
        self, table: str, keys: Iterable[str], decode: Any = json.loads
    ) -> dict[str, Any]:
        keys = list(keys)
        found: dict[str, Any] = {}
        db = self._connection()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in db.execute(
                f"SELECT key, value FROM {table} WHERE key IN ({marks})",
                chunk,
            ):
                try:
                    found[key] = decode(value)
                except (ValueError, TypeError, KeyError, AttributeError):
                    # A damaged row (a disk error, a hand edit, another program) is a miss:
                    # its value is computed again and the row overwritten.
                    self.damaged += 1
        return found

    @staticmethod
    def _json(value: Any) -> str:
        return json.dumps(finite(value), ensure_ascii=False, allow_nan=False)

    def _put_many(self, table: str, rows: Iterable[tuple[str, Any]], encode: Any = None) -> None:
        encode = encode or self._json
        db = self._connection()
        with db:  # one transaction: all of it or none of it
            db.executemany(
                f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)",
                [(k, encode(v)) for k, v in rows],
            )

    # -- generations -------------------------------------------------------------------------
    def get_generations(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        return self._get_many("generations", keys, decode=_candidates)

    def put_generations(self, rows: Iterable[tuple[str, list[Candidate]]]) -> None:
        self._put_many("generations", ((k, [asdict(c) for c in cs]) for k, cs in rows))

    # -- scores ------------------------------------------------------------------------------
    def get_scores(self, keys: Iterable[str]) -> dict[str, ItemScore]:
        return self._get_many("scores", keys, decode=_item_score)

    def put_scores(self, rows: Iterable[tuple[str, ItemScore]]) -> None:
        self._put_many("scores", ((k, {"values": s.values, "details": s.details}) for k, s in rows))

    # -- loaded datasets ---------------------------------------------------------------------
    def get_dataset(self, key: str) -> Dataset | None:
        found = self._get_many("datasets", [key]).get(key)
        if found is None:
            return None
        try:
            return self._dataset(found)
        except (ValueError, TypeError, KeyError, AttributeError):
            self.damaged += 1
            return None  # loaded again from its files

    @staticmethod
    def _dataset(found: dict[str, Any]) -> Dataset:
        return Dataset(
            found["name"],
            tuple(
                Example(
                    **{
                        **e,
                        "references": tuple(e["references"]),
                        "checklist": tuple(
                            Fact(
                                **{
                                    **f,
                                    "references": tuple(f["references"]),
                                    "keys": tuple(f["keys"]),
                                }
                            )
                            for f in e["checklist"]
                        ),
                        "probes": tuple(
                            Probe(**{**p, "cues": tuple(p["cues"]), "keys": tuple(p["keys"])})
                            for p in e["probes"]
                        ),
                        "aliases": tuple(tuple(g) for g in e["aliases"]),
                    }
                )
                for e in found["examples"]
            ),
            tuple(found.get("beyond_limit", ())),
        )

    def put_dataset(self, key: str, dataset: Dataset) -> None:
        self._put_many(
            "datasets",
            [
                (
                    key,
                    {
                        "name": dataset.name,
                        "examples": [asdict(e) for e in dataset],
                        "beyond_limit": list(dataset.beyond_limit),
                    },
                )
            ],
        )

    # -- token embeddings --------------------------------------------------------------------
    def get_embeddings(self, keys: Iterable[str]) -> dict[str, bytes]:
        return self._get_many("embeddings", keys, decode=bytes)

    def put_embeddings(self, rows: Iterable[tuple[str, bytes]]) -> None:
        self._put_many("embeddings", rows, encode=bytes)

    def counts(self) -> dict[str, int]:
        db = self._connection()
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("generations", "scores")
        }
