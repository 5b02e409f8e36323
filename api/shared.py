"""What the API's worker processes share: one small SQLite file beside the store.

`graph-mtl serve --workers N` runs N processes behind one port, and a client's
next request may reach any of them. What must be the same whichever answers
lives here rather than in a process's memory:

- report jobs and their results (`api/jobs.py`): any worker answers
  `GET /reports/{id}`, a restart keeps finished ones, and the caps on running
  jobs count every worker's;
- the rate per key (`api/limits.py`): one count per key across workers.

The file is `<store>.server` beside an embedded store, or the one the setting
`server_state` names (`serve` picks one for Neo4j and demo mode and hands it to
its workers). Rate counts are written with `synchronous=OFF` (losing the last
second's counts in a power cut is harmless); jobs are committed as usual.
Each thread keeps its own connection, as SQLite asks.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_mtl.bootstrap import is_neo4j_uri
from graph_mtl.settings import DEFAULT_STORE, Settings
from graph_mtl.stores.sqlite_db import immediate

__all__ = ["SharedState", "pid_alive", "state_path"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id      TEXT PRIMARY KEY,
    owner   TEXT NOT NULL,      -- '' for no caller (demo mode)
    pid     INTEGER NOT NULL,   -- the worker process that runs it
    status  TEXT NOT NULL,      -- running | done | failed
    created TEXT NOT NULL,
    body    TEXT NOT NULL       -- the ReportJob, as JSON
);
CREATE INDEX IF NOT EXISTS jobs_running ON jobs (status, owner);
CREATE TABLE IF NOT EXISTS rates (
    key    TEXT NOT NULL,
    window INTEGER NOT NULL,   -- the window's number: seconds since the epoch // its length
    hits   INTEGER NOT NULL,
    PRIMARY KEY (key, window)
) WITHOUT ROWID;
"""


def state_path(settings: Settings) -> Path:
    """Where the workers of a server over `settings`' store share their state."""
    if settings.server_state is not None:
        return settings.server_state
    if is_neo4j_uri(settings.store):
        return Path(DEFAULT_STORE).with_name("server.db")
    store = Path(settings.store)
    return store.with_name(store.name + ".server")


class SharedState:
    def __init__(self, path: Path, *, busy_timeout: float = 30.0) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection().executescript(_SCHEMA)  # IF NOT EXISTS: every worker may run it

    def connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA secure_delete=ON")  # a discarded report leaves no bytes
            self._local.db = db
        return db

    def checkpoint(self) -> bool:
        """Copy the WAL into the file and empty it (after discarding what named a
        forgotten person); whether it could."""
        (busy, _, _) = self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once (BEGIN IMMEDIATE): counts read inside it
        are not changed by another worker before it commits."""
        with immediate(self.connection()) as db:
            yield db

    def close(self) -> None:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a worker that died
    leaves its running jobs behind: they are failed when next seen)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
