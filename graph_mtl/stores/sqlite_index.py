"""The life of the embedded store's search index, in one owner: `IndexKeeper`
builds it, maps it, decides whether the file on disk can be used, patches it
after writes and rebuilds it.

`<file>.index` holds the ties as CSR arrays (graph_mtl/stores/social_index.py),
memory-mapped, so a one-off query opens in milliseconds and API workers share
one copy. Every write that changes the social graph raises the generation in
`meta` and lists the people whose ties changed in `touched` (`touch`). Before a
search a process compares generations (one small query): on a change it reads
the changed people's rows into an overlay, or, after a bulk load or once the
overlay grows past `OVERLAY_LIMIT` people, rebuilds the file (one process at a
time, under a lock file; the others map the new file when it is there).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.social_index import (
    CsrArrays,
    Row,
    SocialGraph,
    build_csr,
    read_index,
    write_index,
)
from graph_mtl.stores.sqlite_db import Database, file_lock
from graph_mtl.stores.sqlite_records import top_number
from graph_mtl.stores.sqlite_ties import WrittenTies

__all__ = ["OVERLAY_LIMIT", "IndexKeeper", "Rebuild"]

OVERLAY_LIMIT = 20_000
"""Past this many changed people since the index file was written, rebuild it."""


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
        self._signature: tuple[int, int, int] | None = None

    def graph(self) -> SocialGraph:
        """The social graph as it is now: the index, brought up to date if the data
        changed since this process last looked."""
        with self._database.read() as db:
            generation, _ = _generations(db)
        graph = self._graph
        if graph is not None and graph.generation == generation:
            return graph
        with self._lock:
            graph = self._graph
            if graph is None or graph.generation != generation:
                graph = self._graph = self._fresh_graph(graph)
            return graph

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
            return Rebuild(build_csr(*written.ends, nodes=nodes, generation=generation))
        return Rebuild()

    def rebuild(self, prebuilt: CsrArrays | None = None) -> SocialGraph:
        """Write the index file from the database (or `prebuilt`, if it is of the
        current generation), one process at a time."""
        try:
            with file_lock(self.path.with_name(self.path.name + ".lock")):
                with self._database.read() as db:
                    generation, _ = _generations(db)
                    found = self._mapped(None)
                    if found is None or found.generation != generation:
                        fresh = prebuilt if prebuilt and prebuilt.generation == generation else None
                        write_index(self.path, fresh or _build(db, generation))
                        found = self._mapped(None)
                if found is None:
                    raise OSError(f"{self.path} cannot be read back")
                with self._database.write() as db:
                    db.execute("DELETE FROM touched WHERE generation <= ?", (found.generation,))
        except OSError as exc:
            raise StoreUnavailable(f"cannot write the search index {self.path}: {exc}") from exc
        graph = SocialGraph(found, {}, generation=found.generation)
        self._graph = graph
        return graph

    def _fresh_graph(self, old: SocialGraph | None) -> SocialGraph:
        with self._database.read() as db:
            # The snapshot starts with this read. A rebuild renames its file into
            # place before it drops the `touched` rows the file covers, so the file
            # seen below is at least as new as any rows missing from the snapshot.
            generation, bulk = _generations(db)
            base = self._mapped(old.base if old is not None else None)
            if base is not None and bulk <= base.generation <= generation:
                changed = [
                    n
                    for (n,) in db.execute(
                        "SELECT DISTINCT n FROM touched WHERE generation > ?", (base.generation,)
                    )
                ]
                if len(changed) <= OVERLAY_LIMIT:
                    overlay = _rows(db, changed)
                    return SocialGraph(base, overlay, generation=max(generation, base.generation))
        return self.rebuild()

    def _mapped(self, base: CsrArrays | None) -> CsrArrays | None:
        """`base`, or the index file when another process has written a newer one."""
        try:
            found = os.stat(self.path)
        except OSError:
            return base
        signature = (found.st_ino, found.st_mtime_ns, found.st_size)
        if base is not None and signature == self._signature:
            return base
        fresh = read_index(self.path)
        if fresh is None or (base is not None and fresh.generation < base.generation):
            return base
        self._signature = signature
        return fresh


def _generations(db: sqlite3.Connection) -> tuple[int, int]:
    values = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return values["generation"], values["bulk_generation"]


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
    return build_csr(
        np.concatenate(a_parts) if a_parts else empty_i,
        np.concatenate(b_parts) if b_parts else empty_i,
        np.concatenate(s_parts) if s_parts else empty_f,
        nodes=top + 1,
        generation=generation,
    )
