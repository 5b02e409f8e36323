"""The life of the embedded store's search index, in one owner: `IndexKeeper`
builds it, maps it, decides whether the file on disk can be used, patches it
after writes and rebuilds it.

`<file>.index` holds the ties as CSR arrays (graph_mtl/stores/social_index.py),
memory-mapped, so a one-off query opens in milliseconds and API workers share
one copy. Every write that changes the social graph raises the generation in
`meta` and lists the people whose ties changed in `touched` (`touch`). Before a
search a process compares generations (one small query, or none when nothing
was committed since it last did: `Database.commit_mark`): on a change it reads
the changed people's rows into an overlay, or, after a bulk load or once the
overlay grows past `OVERLAY_LIMIT` people, rebuilds the file (one process at a
time, under a lock file; the others map the new file when it is there).

A file is used only if it is whole and was written for this database: its
header names the database's `store_id` (graph_mtl/stores/sqlite_schema.py) and
its arrays match the CRC-32 the header records. Each process checks that when
it maps a file, and looks at the file's stat (inode, size, times) before each
search, so a file replaced, or overwritten where it lies, is checked again.
Otherwise the index is rebuilt, with a warning saying why, or the store is
unavailable with the reason. Temporary files a killed rebuild left are removed
when the store is opened, if no rebuild holds the lock (the only writer of such
a file), and before every rebuild.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.index_ids import IdTable, id_table
from graph_mtl.stores.social_index import (
    CsrArrays,
    Ints,
    Row,
    SocialGraph,
    build_csr,
    id_rank,
    intact,
    read_index,
    temporaries,
    write_index,
)
from graph_mtl.stores.sqlite_db import Database, file_lock
from graph_mtl.stores.sqlite_records import top_number
from graph_mtl.stores.sqlite_ties import WrittenTies

__all__ = ["OVERLAY_LIMIT", "IndexKeeper", "Rebuild"]

OVERLAY_LIMIT = 20_000
"""Past this many changed people since the index file was written, rebuild it."""

_log = logging.getLogger("graph_mtl.store")

_Signature = tuple[int, int, int, int, int]
"""An index file's device, inode, size, and change and modification times."""


@dataclass(frozen=True, slots=True)
class _State:
    """What the database says about the graph: whose it is, and its generations."""

    store: int
    generation: int
    bulk: int


@dataclass(frozen=True, slots=True)
class Rebuild:
    """A write changed too much to patch: rebuild the index once it is committed."""

    prebuilt: CsrArrays | None = None
    """The index of the ties written, when they are all the ties there are."""


class IndexKeeper:
    """The search index beside one database: the only place that decides whether
    an index file can be used."""

    def __init__(self, database: Database, path: Path) -> None:
        self.path = path
        self._database = database
        self._lock = threading.Lock()
        self._graph: SocialGraph | None = None
        self._signature: _Signature | None = None
        """The stat of the file `_graph` maps (None: it was gone when last looked)."""
        self._seen = threading.local()
        """This thread's connection, and the store it was seen to hold (`current_now`)."""
        self._ranked: tuple[int, Ints] | None = None
        """The id order read for people added since the file was built, and the last row."""

    def graph(self) -> SocialGraph:
        """The social graph as it is now: the index, brought up to date if the data
        changed since this process last looked, or the file did."""
        with self._database.read() as db:
            state = _state(db)
        graph = self._graph
        if graph is not None and self._current(graph, state):
            return graph
        with self._lock:
            graph = self._graph
            if graph is None or not self._current(graph, state):
                graph = self._graph = self._fresh_graph(graph)
            return graph

    def current(self, db: sqlite3.Connection) -> SocialGraph | None:
        """The graph mapped now if it is still the one of what `db` reads (and its file
        unchanged); else None, for `graph` to bring it up to date. On a connection
        seen to be the graph's, the generation alone is read (`current_now`)."""
        graph = self._graph
        return None if graph is None else self._still(graph, db)

    def current_now(self) -> SocialGraph | None:
        """The graph mapped now if it is still that of the database as one statement
        reads it now (and its file unchanged); else None. No transaction is begun
        (inside one of this thread's, the statement is part of it).

        On a connection whose database was seen to be the graph's, the generation
        alone is read: the store's identity is the file's (a file put in its place
        gets a new connection, graph_mtl/stores/sqlite_db.py), and the bulk
        generation only ever changes with the generation."""
        graph = self._graph
        if graph is None:
            return None
        try:  # `Database.translated`, inline: this runs before every search
            db = self._database.connection()
            # Outside a transaction, no statement when nothing was committed since the
            # last read of the generation on this connection (each commit moves the
            # mark); inside one, what it reads is its snapshot's, maybe older.
            mark = None if db.in_transaction else self._database.commit_mark()
            return self._still(graph, db, mark)
        except (sqlite3.Error, ValueError) as exc:
            raise self._database.unavailable("read", exc) from exc

    def _still(
        self, graph: SocialGraph, db: sqlite3.Connection, mark: bytes | None = None
    ) -> SocialGraph | None:
        """`current`, and `current_now` with the commit mark read before any statement
        (None: read the generation)."""
        seen = self._seen
        if getattr(seen, "db", None) is db and seen.store == graph.base.store:
            if mark is None or seen.mark != (mark, graph.generation):
                (generation,) = db.execute(_GENERATION).fetchone()
                if generation != graph.generation:
                    return None
                seen.mark = (mark, graph.generation)
            return graph if _signature(self.path) in (self._signature, None) else None
        state = _state(db)
        if not self._current(graph, state):
            return None
        seen.db, seen.store, seen.mark = db, state.store, (mark, graph.generation)
        return graph

    def sweep(self) -> None:
        """Remove the temporary files a killed rebuild left, unless a rebuild is
        running now (it holds the lock while it writes its file)."""
        if temporaries(self.path):
            with _try_lock(self._lock_path) as held:
                if held:
                    _remove(temporaries(self.path))

    def _current(self, graph: SocialGraph, state: _State) -> bool:
        """Whether `graph` is still the graph of `state` and its file unchanged."""
        return (
            graph.generation == state.generation
            and graph.base.store == state.store
            and _signature(self.path) in (self._signature, None)
        )

    def touch(self, db: sqlite3.Connection, people: Iterable[int], *, bulk: bool) -> int:
        """Within a write: the ties of `people` changed (of too many to list, if
        `bulk`). The new generation."""
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        (generation,) = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if bulk:
            db.execute("UPDATE meta SET value = ? WHERE key = 'bulk_generation'", (generation,))
        else:
            db.executemany(
                "INSERT INTO touched VALUES (?, ?)", [(generation, n) for n in set(people)]
            )
        return int(generation)

    def wrote(self, db: sqlite3.Connection, written: WrittenTies, *, alone: bool) -> Rebuild | None:
        """Within a write: `written` ties were written (`alone`: into an empty table).
        What to do once the write is committed."""
        bulk = written.people is None
        if not bulk and not written.people:
            return None
        generation = self.touch(db, written.people or (), bulk=bulk)
        if not bulk:
            return None
        if alone and written.ends is not None:
            # Nothing was there before: the index is these ties, no need to read them back.
            nodes = top_number(db) + 1
            rank, ids = _id_order(db)
            csr = build_csr(*written.ends, nodes=nodes, generation=generation, rank=rank, ids=ids)
            return Rebuild(csr)
        return Rebuild()

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def rebuild(
        self, prebuilt: CsrArrays | None = None, *, reason: str = "the data changed"
    ) -> SocialGraph:
        """Write the index file from the database (or `prebuilt`, if it is of the
        current generation), one process at a time; `reason` says why, for the
        message if it cannot be written."""
        try:
            with file_lock(self._lock_path):
                _remove(temporaries(self.path))  # none is being written: the lock is ours
                with self._database.read() as db:
                    state = _state(db)
                    found, _ = self._mapped(None, state)
                    if found is None or found.generation != state.generation:
                        fresh = (
                            prebuilt
                            if prebuilt and prebuilt.generation == state.generation
                            else None
                        )
                        csr = fresh or _build(db, state.generation)
                        write_index(self.path, csr, store=state.store)
                        found, why = self._mapped(None, state)
                        if found is None:
                            raise OSError(f"it cannot be read back: {why}")
                with self._database.write() as db:
                    db.execute("DELETE FROM touched WHERE generation <= ?", (found.generation,))
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot write the search index {self.path} ({reason}): {exc}"
            ) from exc
        graph = SocialGraph(found, {}, generation=found.generation, rank=found.rank)
        self._graph = graph
        return graph

    def _fresh_graph(self, old: SocialGraph | None) -> SocialGraph:
        with self._database.read() as db:
            # The snapshot starts with this read. A rebuild renames its file into
            # place before it drops the `touched` rows the file covers, so the file
            # seen below is at least as new as any rows missing from the snapshot.
            state = _state(db)
            mapped = old.base if old is not None and old.base.store == state.store else None
            base, why = self._mapped(mapped, state)
            if base is not None and state.bulk <= base.generation <= state.generation:
                # Over the same file, only the people touched since `old` are read
                # again: the others' rows are as `old` read them (every change to a
                # person's ties touches them), so a write costs what it changed, not
                # every row changed since the file was written.
                since, kept, kept_ids = (
                    (old.generation, old.overlay, old.overlay_ids)
                    if old is not None and old.base is base and old.generation <= state.generation
                    else (base.generation, {}, {})
                )
                changed = [
                    n
                    for (n,) in db.execute(
                        "SELECT DISTINCT n FROM touched WHERE generation > ?", (since,)
                    )
                ]
                if len(kept.keys() | changed) <= OVERLAY_LIMIT:
                    overlay = {**kept, **_rows(db, changed)}
                    ids = {**kept_ids, **_ids(db, changed)}
                    rank = self._rank(db, base)
                    return SocialGraph(
                        base, overlay, generation=state.generation, rank=rank, overlay_ids=ids
                    )
        if why:
            _log.warning("rebuilding the search index %s: %s", self.path, why)
        return self.rebuild(reason=why or "there is none, or the data changed")

    def _rank(self, db: sqlite3.Connection, base: CsrArrays) -> Ints | None:
        """The rows' id order: the file's, unless people were added since it was built
        (then read again, once for each new last row: rows only grow, and the gap a
        forgotten person leaves is in no path)."""
        top = top_number(db)
        if top < base.nodes:
            return base.rank
        if self._ranked is None or self._ranked[0] != top:
            self._ranked = (top, _id_rank(db))
        return self._ranked[1]

    def _mapped(self, base: CsrArrays | None, state: _State) -> tuple[CsrArrays | None, str]:
        """`base` if its file is unchanged (or gone), else the index file if it is
        whole and of this database; or None, and why if there is a file."""
        signature = _signature(self.path)
        if signature is None:
            self._signature = None
            return base, ""
        if base is not None and signature == self._signature:
            return base, ""
        fresh = read_index(self.path)
        if fresh is None:
            return None, "it is not a whole index file of this version"
        if fresh.store != state.store:
            return None, "it was built for another database"
        if not intact(fresh):
            return None, "its content is damaged: the checksum does not match"
        self._signature = signature
        if base is not None and fresh.generation < base.generation:
            return base, ""
        return fresh, ""


def _signature(path: Path) -> _Signature | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_ctime_ns, found.st_mtime_ns)


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # gone already, or (Windows) open
            os.unlink(path)
            _log.warning(
                "removed %s, left by a rebuild of the search index that was cut short", path
            )


@contextlib.contextmanager
def _try_lock(path: Path) -> Iterator[bool]:
    """The lock of `file_lock` if no one holds it now (False: someone does)."""
    try:
        import fcntl
    except ImportError:  # Windows: a file being written cannot be deleted anyway
        yield True
        return
    try:
        handle = open(path, "a+b")  # noqa: SIM115 (closed below, after the unlock)
    except OSError:
        yield False
        return
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


_STATE = "SELECT key, value FROM meta WHERE key IN ('store_id', 'generation', 'bulk_generation')"
_GENERATION = "SELECT value FROM meta WHERE key = 'generation'"


def _state(db: sqlite3.Connection) -> _State:
    values = dict(db.execute(_STATE).fetchall())
    return _State(values["store_id"], values["generation"], values["bulk_generation"])


def _rows(db: sqlite3.Connection, people: Sequence[int]) -> dict[int, Row]:
    """The whole neighbour list of each person, from the database."""
    found: dict[int, list[tuple[int, float]]] = {n: [] for n in people}
    if people:
        for n, m, s in db.execute(
            "SELECT j.value, t.b, t.strength FROM json_each(?1) j JOIN ties t ON t.a = j.value"
            " UNION ALL"
            " SELECT j.value, t.a, t.strength FROM json_each(?1) j JOIN ties t ON t.b = j.value",
            (json.dumps(list(people)),),
        ):
            found[n].append((m, s))
    return {
        n: ([m for m, _ in row], [s for _, s in row])
        for n, row in ((n, sorted(row)) for n, row in found.items())
    }


def _ids(db: sqlite3.Connection, people: Sequence[int]) -> dict[int, str | None]:
    """The id of each person (None: no such person any more)."""
    found: dict[int, str | None] = dict.fromkeys(people)
    if people:
        found.update(
            db.execute(
                "SELECT p.n, p.id FROM json_each(?) j JOIN people p ON p.n = j.value",
                (json.dumps(list(people)),),
            ).fetchall()
        )
    return found


def _build(db: sqlite3.Connection, generation: int) -> CsrArrays:
    top = top_number(db)
    a_parts, b_parts, s_parts = [], [], []
    cursor = db.execute("SELECT a, b, strength FROM ties")
    while chunk := cursor.fetchmany(500_000):
        block = np.array(chunk, dtype=np.float64)
        a_parts.append(block[:, 0].astype(np.int64))
        b_parts.append(block[:, 1].astype(np.int64))
        s_parts.append(block[:, 2])
    empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    rank, ids = _id_order(db)
    return build_csr(
        np.concatenate(a_parts) if a_parts else empty_i,
        np.concatenate(b_parts) if b_parts else empty_i,
        np.concatenate(s_parts) if s_parts else empty_f,
        nodes=top + 1,
        generation=generation,
        rank=rank,
        ids=ids,
    )


def _id_order(db: sqlite3.Connection) -> tuple[Ints, IdTable]:
    """Each person's row's place in id order, and the ids in that order."""
    rows: list[int] = []
    ids: list[str] = []
    cursor = db.execute("SELECT n, id FROM people ORDER BY id")
    while chunk := cursor.fetchmany(500_000):
        found_rows, found_ids = zip(*chunk, strict=True)
        rows.extend(found_rows)
        ids.extend(found_ids)
    return id_rank(np.array(rows, dtype=np.int64)), id_table(rows, ids)


def _id_rank(db: sqlite3.Connection) -> Ints:
    """Each person's row's place in id order (through the unique index on id)."""
    rows = db.execute("SELECT n FROM people ORDER BY id")
    return id_rank(np.fromiter((n for (n,) in rows), dtype=np.int64))
