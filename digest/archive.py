"""The archive: one SQLite file holding items, fetch state, LLM answers and built posts."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from digest.errors import DigestError
from digest.health import SourceRun
from digest.models import Item

SCHEMA_VERSION = 2
"""1: posts also held their digest (``posts.digest``); 2: the digest lives in the state folder.

Tables added since (``first_builds``) are created on open and read as empty when absent, so
they need no new version; ``items.fetched_at`` is when an item was first seen (rows written
before that kept the last sighting's time)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    published REAL NOT NULL,
    fetched_at REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (source, id)
);
CREATE INDEX IF NOT EXISTS items_published ON items (published);
CREATE TABLE IF NOT EXISTS fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    status INTEGER,
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS source_runs (
    source TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    ok INTEGER NOT NULL,
    items INTEGER NOT NULL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS source_runs_source ON source_runs (source, fetched_at);
CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    response TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS first_builds (date TEXT PRIMARY KEY, built_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS covered (
    date TEXT NOT NULL,
    story TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (date, story)
);
"""
# A post's digest is kept in the state folder (``digests/<date>.json``), not here.
_POSTS = """
CREATE TABLE IF NOT EXISTS posts (
    date TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    path TEXT NOT NULL,
    built_at REAL NOT NULL,
    item_keys TEXT NOT NULL,
    story_ids TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FetchState:
    """What a URL answered last time, for a conditional GET.

    Attributes:
        etag: the ``ETag`` header, if any.
        last_modified: the ``Last-Modified`` header, if any.
        fetched_at: when it was fetched.
    """

    etag: str | None
    last_modified: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class CachedAnswer:
    """An LLM answer kept in the archive.

    Attributes:
        response: the answer's JSON text.
    """

    response: str


@dataclass(frozen=True)
class PostRecord:
    """A post the archive says was built.

    Attributes:
        date: the post's date.
        slug: its folder name.
        path: where it was written.
        item_keys: archive keys of the items it cited.
        story_ids: the stories it covered.
    """

    date: str
    slug: str
    path: str
    item_keys: list[str]
    story_ids: list[str]


def _ts(moment: datetime) -> float:
    return moment.timestamp()


@dataclass(frozen=True)
class Validators:
    """What a URL answered with, to send back in the next conditional GET.

    Attributes:
        url: the URL requested.
        etag: the ``ETag`` header, if any.
        last_modified: the ``Last-Modified`` header, if any.
        status: the HTTP status.
        at: when it answered.
    """

    url: str
    etag: str | None
    last_modified: str | None
    status: int
    at: datetime


@dataclass(frozen=True)
class SourceFetch:
    """What one fetch of a source wrote to the archive (``Archive.record_fetch``).

    Attributes:
        source: the source's name.
        at: the run's clock reading (the items' first-seen time and the run's time).
        ok: whether the fetch succeeded.
        fetched: how many items it brought (for the run log).
        error: why it failed, if it did.
        items: the items read, inside the window and out.
        validators: the validators of the documents it downloaded.
    """

    source: str
    at: datetime
    ok: bool
    fetched: int = 0
    error: str | None = None
    items: tuple[Item, ...] = ()
    validators: tuple[Validators, ...] = ()

    def store(self, db: sqlite3.Connection) -> None:
        """Write it inside the caller's transaction."""
        for state in self.validators:
            _set_fetch_state(db, state)
        _put_items(db, self.items, self.at)
        _record_source_run(db, self.source, self.at, self.ok, self.fetched, self.error)


@dataclass(eq=False)  # compared by identity
class _Pending:
    """A ``SourceFetch`` waiting for a transaction, and how its commit went."""

    fetched: SourceFetch
    done: bool = False
    error: BaseException | None = None


def _put_items(db: sqlite3.Connection, items: Iterable[Item], fetched_at: datetime) -> int:
    """``Archive.put_items`` inside the caller's transaction."""
    count = 0
    for item in items:
        count += 1
        row = db.execute(
            "SELECT published FROM items WHERE source = ? AND id = ?", (item.source, item.id)
        ).fetchone()
        if row is not None:
            if abs(row[0] - _ts(item.published)) < 1:
                continue
            stamp = item.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            item = item.model_copy(update={"id": f"{item.id}@{stamp}"})
        db.execute(
            "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?, ?)",
            (item.source, item.id, _ts(item.published), _ts(fetched_at), item.model_dump_json()),
        )
    return count


def _set_fetch_state(db: sqlite3.Connection, state: Validators) -> None:
    db.execute(
        "INSERT OR REPLACE INTO fetch_state VALUES (?, ?, ?, ?, ?)",
        (state.url, state.etag, state.last_modified, state.status, _ts(state.at)),
    )


def _record_source_run(
    db: sqlite3.Connection, source: str, at: datetime, ok: bool, items: int, error: str | None
) -> None:
    db.execute(
        "INSERT INTO source_runs VALUES (?, ?, ?, ?, ?)", (source, _ts(at), int(ok), items, error)
    )


class Archive:
    """A thread-safe handle on the SQLite archive.

    Opening an archive of an older schema upgrades it in place, in one transaction. The
    upgrade from version 1 hands the digests the file held to ``keep_digests`` (``(date,
    JSON text)`` pairs) before it drops them; ``StateDir.open_archive`` saves the ones the
    state folder lacks.
    """

    def __init__(
        self,
        path: Path,
        *,
        keep_digests: Callable[[list[tuple[str, str]]], None] | None = None,
    ) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._pending: list[_Pending] = []  # record_fetch writes waiting for a transaction
        self._pending_changed = threading.Condition()  # guards _pending and _committing
        self._committing = False  # a record_fetch is committing a batch
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise self._cannot_open(exc) from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA + _POSTS + ";")
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            self._upgrade(keep_digests)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._db.close()
            raise self._cannot_open(exc) from None
        except BaseException:
            self._db.close()
            raise

    def _cannot_open(self, exc: Exception) -> DigestError:
        return DigestError(
            f"cannot open the archive {self.path}: {exc}",
            "check that the state folder is writable and the file is a digest archive",
        )

    def _upgrade(self, keep_digests: Callable[[list[tuple[str, str]]], None] | None) -> None:
        """Bring an archive of an older schema up to ``SCHEMA_VERSION``."""
        with self._tx() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0])
            if version > SCHEMA_VERSION:
                raise DigestError(
                    f"the archive {self.path} was written by a newer digest "
                    f"(schema {version}; this one knows {SCHEMA_VERSION})",
                    "upgrade digest, or point `archive:` in the config at another file",
                )
            if version == 1:
                if keep_digests is not None:
                    keep_digests(db.execute("SELECT date, digest FROM posts").fetchall())
                db.execute("ALTER TABLE posts RENAME TO posts_v1")
                db.execute(_POSTS)
                db.execute(
                    "INSERT INTO posts SELECT date, slug, path, built_at, item_keys, story_ids "
                    "FROM posts_v1"
                )
                db.execute("DROP TABLE posts_v1")
            if version < SCHEMA_VERSION:
                db.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
                )

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    # items -----------------------------------------------------------------
    def put_items(self, items: Iterable[Item], fetched_at: datetime) -> int:
        """Store items first seen at ``fetched_at``; return how many were given.

        A row is never overwritten: an item seen again keeps its row and its first-seen time
        (what an earlier post cited stays as it was). An entry seen again with another date
        (a feed entry without a guid, posted again the next day) is a new *sighting*: it is
        stored beside the first as ``<id>@<published>``.
        """
        with self._tx() as db:
            return _put_items(db, items, fetched_at)

    def first_seen(self, key: str) -> datetime | None:
        """When the item with archive key ``key`` was first seen."""
        source, _, item_id = key.partition(":")
        with self._lock:
            row = self._db.execute(
                "SELECT fetched_at FROM items WHERE source = ? AND id = ?", (source, item_id)
            ).fetchone()
        return datetime.fromtimestamp(row[0], UTC) if row else None

    def items_between(
        self,
        since: datetime,
        until: datetime,
        sources: Iterable[str] | None = None,
        *,
        seen_by: datetime | None = None,
        seen_after: datetime | None = None,
    ) -> list[Item]:
        """Items published in ``[since, until)``, optionally from some sources only, and
        first seen at or before ``seen_by`` / after ``seen_after``."""
        query = "SELECT data FROM items WHERE published >= ? AND published < ?"
        params: list[Any] = [_ts(since), _ts(until)]
        if seen_by is not None:
            query += " AND fetched_at <= ?"
            params.append(_ts(seen_by))
        if seen_after is not None:
            query += " AND fetched_at > ?"
            params.append(_ts(seen_after))
        if sources is not None:
            names = list(sources)
            query += f" AND source IN ({','.join('?' * len(names))})"
            params += names
        query += " ORDER BY published, source, id"
        with self._lock:
            rows = self._db.execute(query, params).fetchall()
        return [Item.model_validate_json(row[0]) for row in rows]

    def get_items(self, keys: Iterable[str]) -> dict[str, Item]:
        """Items by archive key (``source:id``); missing keys are left out."""
        found: dict[str, Item] = {}
        with self._lock:
            for key in keys:
                source, _, item_id = key.partition(":")
                row = self._db.execute(
                    "SELECT data FROM items WHERE source = ? AND id = ?", (source, item_id)
                ).fetchone()
                if row:
                    found[key] = Item.model_validate_json(row[0])
        return found

    # fetch state -----------------------------------------------------------
    def fetch_state(self, url: str) -> FetchState | None:
        """The validators a URL sent last time it answered 200."""
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, fetched_at FROM fetch_state WHERE url = ?", (url,)
            ).fetchone()
        if not row:
            return None
        return FetchState(row[0], row[1], datetime.fromtimestamp(row[2], UTC))

    def set_fetch_state(
        self, url: str, etag: str | None, last_modified: str | None, status: int, at: datetime
    ) -> None:
        """Remember a URL's validators for the next conditional GET."""
        with self._tx() as db:
            _set_fetch_state(db, Validators(url, etag, last_modified, status, at))

    def record_source_run(
        self, source: str, at: datetime, ok: bool, items: int, error: str | None = None
    ) -> None:
        """Log one fetch of a source."""
        with self._tx() as db:
            _record_source_run(db, source, at, ok, items, error)

    def record_fetch(self, fetched: SourceFetch) -> None:
        """Store what one source's fetch gave (validators, items, the run) in one transaction.

        Sources that finish while another's transaction is being committed share the next
        one (a group commit): a commit waits for the disk, ~7 ms on a virtual disk, and with
        one per source the fetching threads queued behind it. This returns once the
        transaction holding ``fetched`` is committed, as a transaction of its own would; a
        source whose write another's batch committed returns without waiting for the
        archive's lock.
        """
        write = _Pending(fetched)
        with self._pending_changed:
            self._pending.append(write)
            while self._committing and not write.done:
                self._pending_changed.wait()
            if write.done:  # committed by another's batch: no need for the archive's lock
                if write.error is not None:
                    raise write.error
                return
            self._committing = True
        batch: list[_Pending] = []
        try:
            with self._lock:  # the batch is taken once the lock is had: as late as can be
                with self._pending_changed:
                    batch, self._pending = self._pending, []
                self._commit_batch(batch)
        finally:
            with self._pending_changed:
                self._committing = False
                # Writes of a commit cut short (Ctrl-C) wait for the next; the caller's own
                # write fails with the interruption.
                self._pending[:0] = [w for w in batch if not w.done and w is not write]
                if not write.done and write in self._pending:
                    self._pending.remove(write)
                self._pending_changed.notify_all()
        if write.error is not None:
            raise write.error

    def _commit_batch(self, batch: list[_Pending]) -> None:
        """Commit ``batch`` in one transaction; if that fails, each in one of its own (so one
        source's bad write fails that source alone)."""
        try:
            with self._tx() as db:
                for write in batch:
                    write.fetched.store(db)
        except Exception as exc:
            if len(batch) == 1:
                batch[0].error = exc
            else:
                for write in batch:
                    try:
                        with self._tx() as db:
                            write.fetched.store(db)
                    except Exception as exc:
                        write.error = exc
        for write in batch:
            write.done = True

    def last_good_fetch(self, source: str) -> datetime | None:
        """When the source was last fetched without error."""
        with self._lock:
            row = self._db.execute(
                "SELECT MAX(fetched_at) FROM source_runs WHERE source = ? AND ok = 1", (source,)
            ).fetchone()
        return datetime.fromtimestamp(row[0], UTC) if row and row[0] is not None else None

    # LLM cache -------------------------------------------------------------
    def source_runs(self, source: str, limit: int = 1000) -> list[SourceRun]:
        """The source's recorded fetches, newest first (at most ``limit``)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT fetched_at, ok, items, error FROM source_runs WHERE source = ? "
                "ORDER BY fetched_at DESC LIMIT ?",
                (source, limit),
            ).fetchall()
        return [SourceRun(datetime.fromtimestamp(r[0], UTC), bool(r[1]), r[2], r[3]) for r in rows]

    def last_post(self) -> tuple[str, datetime] | None:
        """The date and build time of the most recently built post, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT date, built_at FROM posts ORDER BY built_at DESC LIMIT 1"
            ).fetchone()
        return (row[0], datetime.fromtimestamp(row[1], UTC)) if row else None

    def cached_answer(self, key: str) -> CachedAnswer | None:
        """A cached LLM answer for a request hash."""
        with self._lock:
            row = self._db.execute(
                "SELECT response FROM llm_cache WHERE key = ?", (key,)
            ).fetchone()
        return CachedAnswer(row[0]) if row else None

    def cache_answer(
        self, key: str, model: str, response: str, prompt_tokens: int, completion_tokens: int
    ) -> None:
        """Keep an LLM answer for a request hash."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    model,
                    response,
                    prompt_tokens,
                    completion_tokens,
                    datetime.now(UTC).timestamp(),
                ),
            )

    def get_meta(self, key: str) -> str | None:
        """A small remembered value (e.g. which structured-output method a server supports)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Remember a small value."""
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # posts -----------------------------------------------------------------
    def record_post(
        self,
        *,
        date: str,
        slug: str,
        path: str,
        built_at: datetime,
        item_keys: list[str],
        story_ids: list[str],
    ) -> None:
        """Remember what a built post cited and covered (its digest is in the state folder).

        A rebuild replaces the record but not the time the date's post was first built.
        """
        with self._tx() as db:
            # A post recorded before first_builds existed was first built when it says.
            db.execute(
                "INSERT OR IGNORE INTO first_builds "
                "SELECT date, built_at FROM posts WHERE date = ?",
                (date,),
            )
            db.execute("INSERT OR IGNORE INTO first_builds VALUES (?, ?)", (date, _ts(built_at)))
            db.execute(
                "INSERT OR REPLACE INTO posts VALUES (?, ?, ?, ?, ?, ?)",
                (date, slug, path, _ts(built_at), json.dumps(item_keys), json.dumps(story_ids)),
            )

    def first_built(self, date: str) -> datetime | None:
        """When the post for ``date`` was first built, or None if it never was."""
        with self._lock:
            row = self._db.execute(
                "SELECT COALESCE(f.built_at, p.built_at) FROM posts p "
                "LEFT JOIN first_builds f ON f.date = p.date WHERE p.date = ?",
                (date,),
            ).fetchone()
        return datetime.fromtimestamp(row[0], UTC) if row else None

    def record_coverage(self, date: str, fingerprints: Iterable[dict[str, Any]]) -> None:
        """Remember the stories a post covered (replacing what a rerun for the date said)."""
        with self._tx() as db:
            db.execute("DELETE FROM covered WHERE date = ?", (date,))
            db.executemany(
                "INSERT OR REPLACE INTO covered VALUES (?, ?, ?)",
                [(date, f["story"], json.dumps(f, ensure_ascii=False)) for f in fingerprints],
            )

    def coverage_between(self, first: str, before: str) -> list[dict[str, Any]]:
        """Fingerprints of stories covered by posts dated in ``[first, before)``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT fingerprint FROM covered WHERE date >= ? AND date < ? ORDER BY date, story",
                (first, before),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def posts_before(self, date: str, limit: int = 7) -> list[PostRecord]:
        """The most recent posts dated before ``date``, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT date, slug, path, item_keys, story_ids FROM posts "
                "WHERE date < ? ORDER BY date DESC LIMIT ?",
                (date, limit),
            ).fetchall()
        return [PostRecord(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4])) for r in rows]
