"""The result store: every generation and every score, keyed by what produced it.

An embedded SQLite database in WAL mode (crash-safe, readable while written, shared safely by
two runs; writes wait for a lock instead of failing). Keys (:mod:`.cache_keys`) are hashes of
everything that determines the value:

* a generation: the summarizer's signature and the example (id, source, references — the oracle
  and human rows read them);
* a score: the metric's signature, the candidate text, and what it is scored against (source,
  references, checklist, probes, synonym groups, whether a reference is held out);
* a loaded dataset: its spec and the bytes of its local files (a warm run skips ``datasets``).

Change a setting and its signature changes, so it is recomputed; change nothing and it is
reused. Only complete, successful generations are stored, so a later run retries exactly the
failed examples. Values are JSON, never pickles, stored deflated (zlib): a checklist's details
quote the summary's sentences as evidence, fact after fact, and shrink about 4x.

What is kept is small per scored text (the summary, its scores and their details: under 2 KB
for a CNN/DailyMail summary with ROUGE, BERTScore and an 11-fact checklist), so a cache grows
with the texts, not with their tokens. Token embeddings are not kept: at 1.5 KB a token they
took ~200 KB per scored text, 89% of a cache (557 of 624 MB for 2,814 CNN/DailyMail summaries;
``perf/cache_size_bench.py``). A later run encodes again the texts of what it has to score (a
system added: its summaries and their references), never those of cached scores.

The tables have no version number: each holds rows keyed as above, read back by key, and a row
that does not decode is a miss (recomputed, overwritten). Rows of earlier versions, JSON text,
are read as they are (an earlier version reading this one's rows finds them damaged, and
computes them again). A cache an earlier version wrote is brought to this form when a run opens
it (:meth:`Store.upgrade`, which the run log reports): the tables that version kept and this
one no longer reads (:data:`RETIRED_TABLES`) are dropped, its rows deflated, the file compacted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ...data.schema import Dataset, Example, Fact, Probe
from ...metrics.base import ItemScore
from ...records.files import finite
from ...records.links import refuse_linked_file
from ...summarizers.base import Candidate
from ...wording import counted

#: The tables this version keeps.
TABLES = ("generations", "scores", "datasets")

SCHEMA = """
CREATE TABLE IF NOT EXISTS generations (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

#: Seconds a connection waits for another run's lock before giving up.
LOCK_TIMEOUT_S = 60

#: Tables of earlier versions that nothing reads any more: ``embeddings`` held every encoded
#: text's float32 token vectors (summbench 0.2; every cache it wrote has the table).
RETIRED_TABLES = ("embeddings",)

#: Rows deflated at a time when a cache is upgraded (bounded memory on any cache).
UPGRADE_CHUNK = 1000


def _checkpoint(db: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the database and empty it; False (at once, without
    waiting for the lock timeout) when another connection is reading."""
    db.execute("PRAGMA busy_timeout = 0")
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        db.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_S * 1000}")
    return not busy


def _inflate(value: str | bytes) -> str:
    """A stored value as JSON text: deflated bytes (this version) or text (earlier ones)."""
    if isinstance(value, bytes):
        return zlib.decompress(value).decode("utf-8")
    return value


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


@dataclass(frozen=True)
class Upgrade:
    """What :meth:`Store.upgrade` did to a cache an earlier version wrote: the tables it
    dropped and their rows, the rows it deflated, the cache's bytes before and after, and
    whether the file was compacted."""

    tables: tuple[str, ...]
    dropped: int
    deflated: int
    bytes_before: int
    bytes_after: int
    compacted: bool

    def describe(self, name: str) -> str:
        """One line for the run log."""
        size = f"{self.bytes_before / 1e6:,.1f} MB"
        if self.compacted:
            size += f" -> {self.bytes_after / 1e6:,.1f} MB"
        else:
            size += "; not compacted now, as another run has the cache open: later rows reuse it"
        return (
            f"{name}: written by an earlier summbench; dropped {counted(self.dropped, 'row')} "
            f"of {', '.join(self.tables)} that this version no longer keeps, deflated "
            f"{counted(self.deflated, 'row')} ({size})"
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
            db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)
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
                    found[key] = decode(_inflate(value))
                except (ValueError, TypeError, KeyError, AttributeError, zlib.error):
                    # A damaged row (a disk error, a hand edit, another program) is a miss:
                    # its value is computed again and the row overwritten.
                    self.damaged += 1
        return found

    @staticmethod
    def _pack(value: Any) -> bytes:
        """A value as stored: JSON, deflated."""
        text = json.dumps(finite(value), ensure_ascii=False, allow_nan=False)
        return zlib.compress(text.encode("utf-8"))

    def _put_many(self, table: str, rows: Iterable[tuple[str, Any]]) -> None:
        db = self._connection()
        with db:  # one transaction: all of it or none of it
            db.executemany(
                f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)",
                [(k, self._pack(v)) for k, v in rows],
            )

    # -- generations -------------------------------------------------------------------------
    def get_generations(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """The stored generations of ``keys``, by key; a missing or damaged row is left out."""
        return self._get_many("generations", keys, decode=_candidates)

    def put_generations(self, rows: Iterable[tuple[str, list[Candidate]]]) -> None:
        """Store (key, candidates) rows, in one transaction."""
        self._put_many("generations", ((k, [asdict(c) for c in cs]) for k, cs in rows))

    # -- scores ------------------------------------------------------------------------------
    def get_scores(self, keys: Iterable[str]) -> dict[str, ItemScore]:
        """The stored scores of ``keys``, by key; a missing or damaged row is left out."""
        return self._get_many("scores", keys, decode=_item_score)

    def put_scores(self, rows: Iterable[tuple[str, ItemScore]]) -> None:
        """Store (key, score) rows, values and details, in one transaction."""
        self._put_many("scores", ((k, {"values": s.values, "details": s.details}) for k, s in rows))

    # -- loaded datasets ---------------------------------------------------------------------
    def get_dataset(self, key: str) -> Dataset | None:
        """The dataset stored under ``key``, or None (not stored, or a damaged row: it is
        loaded again from its files)."""
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
                                    "span": tuple(f.get("span", ())),
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
        """Store a loaded dataset under ``key``, so a warm run skips loading it."""
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

    # -- tables of earlier versions ----------------------------------------------------------
    def upgrade(self) -> Upgrade | None:
        """Bring a cache an earlier version wrote to this version's form: drop the
        :data:`RETIRED_TABLES` it holds, deflate its rows of JSON text, then give the space
        back to the file system (``VACUUM``) unless another run has the cache open, in which
        case later rows reuse it. None for a cache of this version (it has none of those
        tables), which is left as it is."""
        db = self._connection()
        present = {
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        tables = [t for t in RETIRED_TABLES if t in present]
        if not tables:
            return None
        before = self.size()
        dropped = 0
        with db:
            for table in tables:
                dropped += db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                db.execute(f"DROP TABLE {table}")
        deflated = sum(self._deflate_text_rows(table) for table in TABLES)
        try:
            db.execute("VACUUM")  # rewrites the live rows (a few MB) into the write-ahead log
        except sqlite3.OperationalError:
            # Another run kept the write lock past the timeout, or no room for the copy: the
            # freed pages stay in the file, where later rows reuse them. Nothing is lost.
            return Upgrade(tuple(tables), dropped, deflated, before, self.size(), False)
        # The file shrinks once the log is copied into it: now, or later if another run is
        # reading (SQLite copies it when that run stops).
        compacted = _checkpoint(db)
        return Upgrade(tuple(tables), dropped, deflated, before, self.size(), compacted)

    def _deflate_text_rows(self, table: str) -> int:
        """Deflate the JSON text rows of ``table`` as they are (not decoded: a damaged row
        stays damaged, and is recomputed when read); returns how many."""
        db = self._connection()
        db.text_factory = bytes  # the stored bytes as they are, even ones that are not UTF-8
        done = 0
        try:
            while True:
                with db:
                    rows = db.execute(
                        f"SELECT rowid, value FROM {table} WHERE typeof(value) = 'text' LIMIT ?",
                        (UPGRADE_CHUNK,),
                    ).fetchall()
                    db.executemany(
                        f"UPDATE {table} SET value = ? WHERE rowid = ?",
                        [(zlib.compress(value), rowid) for rowid, value in rows],
                    )
                done += len(rows)
                if len(rows) < UPGRADE_CHUNK:
                    return done
        finally:
            db.text_factory = str

    def close(self) -> None:
        """Copy the write-ahead log into the database, then close this thread's connection:
        a finished run leaves its cache in one file, not with a log of several MB beside it
        (unless another run is reading it: then SQLite copies the log later)."""
        db = getattr(self._local, "db", None)
        if db is None:
            return
        _checkpoint(db)
        db.close()
        self._local.db = None

    def size(self) -> int:
        """Bytes of the database and the files SQLite keeps beside it."""
        names = (self.path.name, *(self.path.name + side for side in _SIDE_FILES))
        paths = [self.path.with_name(name) for name in names]
        return sum(p.stat().st_size for p in paths if p.is_file())

    def counts(self) -> dict[str, int]:
        """How many rows the generations and scores tables hold, by table."""
        db = self._connection()
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("generations", "scores")
        }
