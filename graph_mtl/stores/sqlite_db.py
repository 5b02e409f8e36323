"""The embedded store's connections and transactions: one SQLite file in WAL mode
with foreign keys on, one connection per thread (and per process after a fork),
every SQLite error turned into StoreUnavailable in one place.

Writers wait for each other up to `busy_timeout` seconds, then get
StoreUnavailable (the API's 503). A write is one transaction, committed before
the block ends; a read is one consistent snapshot.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar, cast

from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.sqlite_schema import migrate
from graph_mtl.stores.sqlite_wal import commit_mark, wal_index

__all__ = ["Database", "database_path", "file_lock", "immediate"]

_LARGE_CACHE = -65_536
"""SQLite's page cache for a large load, in KiB when negative (64 MiB: a first
load appends in key order and rebuilds its indexes by sorting, which a bigger
cache hardly speeds up, while each MiB of it is held until the load commits)."""


T = TypeVar("T")


class _Process:
    """This process's id, kept: `os.getpid` is a system call, and every read asks
    whether its connection was made in this process. Set anew in a forked child."""

    pid = os.getpid()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=lambda: setattr(_Process, "pid", os.getpid()))


def database_path(path: Path) -> Path:
    """The SQLite file for a store path: `graph.json` (the earlier format) names the
    `graph.db` beside it."""
    return path.with_suffix(".db") if path.suffix == ".json" else path


class Database:
    """One SQLite file, reached through a connection per thread."""

    def __init__(self, path: Path, *, busy_timeout: float) -> None:
        self.path = path
        self._busy_timeout = busy_timeout
        self._local = threading.local()

    def connection(self, *, create: bool = False) -> sqlite3.Connection:
        """This thread's connection (a forked child makes its own). The file is looked
        at each time: moved away or replaced, the store is unavailable (or opened
        anew once a database is there again), never served from a stale handle."""
        try:
            found = os.stat(self.path)
            identity = (found.st_dev, found.st_ino)
        except FileNotFoundError:
            if not create:
                raise StoreUnavailable(f"the store file {self.path} is gone") from None
            identity = None
        except OSError as exc:
            raise StoreUnavailable(f"the store file {self.path} cannot be reached: {exc}") from exc
        local = self._local
        connection: sqlite3.Connection | None = getattr(local, "connection", None)
        if connection is not None and local.pid == _Process.pid:
            if local.identity == identity:
                return connection
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        connection = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        (mode,) = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA secure_delete = ON")  # see `checkpoint`
        connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        migrate(connection)
        found = os.stat(self.path)
        local.connection, local.pid = connection, _Process.pid
        local.identity = (found.st_dev, found.st_ino)
        local.wal_index = wal_index(self.path, mode)  # in use once `migrate` has read
        local.kept = {}
        return connection

    def commit_mark(self) -> bytes | None:
        """A mark that moves with every transaction committed to the database, by any
        connection of any process (graph_mtl/stores/sqlite_wal.py), read beside this
        thread's connection (`connection`, just before). None when there is none to
        read: then ask the database."""
        fd: int | None = getattr(self._local, "wal_index", None)
        return None if fd is None else commit_mark(fd)

    def kept(self, key: str, read: Callable[[sqlite3.Connection], T]) -> T:
        """`read` in a read transaction of its own, or what it gave the last time on this
        thread's connection if nothing was committed since (`commit_mark`, read before
        it: a commit in between moves the mark past what is kept). The connection
        keeps the WAL index in use, which SQLite rebuilds alike for different data once
        nobody has the database open: what was kept goes with the connection. Inside
        this thread's transaction, `read` in it; a write of this thread's drops what it
        kept (a forgotten person's data among it)."""
        with self.translated("read"):
            db = self.connection()
        if db.in_transaction:
            with self.read() as held:
                return read(held)
        mark, kept = self.commit_mark(), self._local.kept
        found = kept.get(key)
        if mark is not None and found is not None and found[0] == mark:
            return cast("T", found[1])
        with self.read() as db:
            value = read(db)
        if mark is not None:
            kept[key] = (mark, value)
        return value

    def close(self) -> None:
        """Close this thread's connection. Another thread's closes with that thread (or
        when it is collected): closing it from here while it runs a statement would
        pull SQLite's handle out from under it. Later calls open a new one."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
            self._local.connection = None
        self._local.wal_index, self._local.kept = None, {}

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file and empty it, so that no earlier
        version of a page (a forgotten person's row) stays in `-wal`; whether it
        could (readers still on an older snapshot past `busy_timeout` keep it).
        Every connection zeroes what it deletes (`secure_delete`), so the database
        file keeps no deleted row either, in its pages or its free list."""
        with self.translated("checkpoint"):
            (busy, _, _) = self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    @contextlib.contextmanager
    def translated(self, doing: str) -> Iterator[None]:
        """SQLite's errors (and a newer schema) as StoreUnavailable."""
        try:
            yield
        except (sqlite3.Error, ValueError) as exc:  # ValueError: a newer schema
            raise self.unavailable(doing, exc) from exc

    def unavailable(self, doing: str, exc: Exception) -> StoreUnavailable:
        """The error `translated` raises for `exc`, met while `doing`."""
        return StoreUnavailable(f"cannot {doing} the store {self.path}: {exc}")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for the statements inside."""
        with self.translated("read"):
            local = self._local
            held: sqlite3.Connection | None = getattr(local, "connection", None)
            if held is not None and held.in_transaction and local.pid == _Process.pid:
                # Nested in a write or a read of this thread: already in one, on a
                # connection whose file was looked at when that began.
                yield held
                return
            db = self.connection()
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    @contextlib.contextmanager
    def write(self, *, large: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A `large` one (a big load) runs with a bigger page cache and without
        SQLite's foreign-key checks: every tie's ends were just looked up in
        `people` inside the same transaction, so the checks would only repeat
        two lookups per tie.
        """
        with self.translated("write"):
            db = self.connection()
            self._local.kept.clear()
            if large:
                db.execute("PRAGMA foreign_keys = OFF")
                db.execute(f"PRAGMA cache_size = {_LARGE_CACHE}")
            try:
                with immediate(db):
                    yield db
            finally:
                if large:
                    db.execute("PRAGMA foreign_keys = ON")
                    db.execute("PRAGMA cache_size = -2000")


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (where the platform has flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: the rename keeps readers safe, work may be done twice
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def immediate(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction on `db` (in autocommit mode), taken at once (BEGIN
    IMMEDIATE: what is read inside it stays as read until it commits); committed when
    the block ends, rolled back if it raises."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
