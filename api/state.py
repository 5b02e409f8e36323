"""The store the app holds between requests: opened at start-up, opened again
when that failed or the embedded store's file changed under it, and, when it is
the embedded store, answering one call at a time."""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.networkx_store import NetworkxStore

__all__ = ["StoreHolder"]

_log = logging.getLogger("graph_mtl.api")

_WRITES = frozenset({"load", "delete_person", "save_api_key", "revoke_api_key", "set_team_sharing"})


class StoreHolder:
    """Opens the store once and hands it to every request.

    - A store that cannot be opened at start-up (a damaged or unreadable file)
      does not stop the app: requests get 503 until an open succeeds, tried
      again on each request, so the service recovers by itself.
    - A Neo4j store is opened once and kept: its driver reconnects by itself.
    - The embedded store holds the graph in memory. When another process writes
      its file (`graph-mtl keys revoke`, `team share`, `import`), the next
      request opens it again, so a revoked key stops working at once. After a
      failure it is opened again too (after a failed write it falls back to
      what is on disk, which may be nothing while the disk is away). While its
      file is gone, requests get 503 rather than an empty or outdated graph.
    """

    def __init__(self, factory: Callable[[], GraphStore]) -> None:
        self._factory = factory
        self._store: GraphStore | None = None
        self._embedded: _Embedded | None = None
        self._raw: GraphStore | None = None
        self._lock = threading.Lock()
        self._stale = False

    def open(self) -> None:
        """Open now if possible; a failure is logged and left to the first request."""
        try:
            self.get()
        except StoreUnavailable as exc:
            _log.warning("the store is not available at start-up: %s", exc)

    def get(self) -> GraphStore:
        store = self._store
        if store is not None and not self._stale and not self._changed():
            return store
        with self._lock:
            if self._store is None or self._stale or self._changed():
                fresh = self._factory()
                if self._store is not None:
                    fresh.ping()  # a folder still missing: 503, not an empty graph
                    self.close_raw()
                self._raw, self._stale = fresh, False
                if isinstance(fresh, Neo4jStore):
                    self._store, self._embedded = fresh, None
                else:
                    self._embedded = _Embedded(fresh)
                    self._store = cast(GraphStore, self._embedded)
            return self._store

    def failed(self, store: GraphStore) -> None:
        """`store` raised StoreUnavailable: open the embedded store anew next time."""
        if store is self._store and self._embedded is not None:
            self._stale = True

    @property
    def kind(self) -> Literal["embedded", "neo4j"]:
        """ "neo4j" or "embedded" (what /health reports)."""
        return "neo4j" if isinstance(self._raw, Neo4jStore) else "embedded"

    def close(self) -> None:
        with self._lock:
            self.close_raw()
            self._store = self._raw = self._embedded = None

    def close_raw(self) -> None:
        if self._raw is not None:
            self._raw.close()

    def _changed(self) -> bool:
        embedded = self._embedded
        return embedded is not None and embedded.changed_on_disk()


class _Embedded:
    """The embedded store, one call at a time (requests run in threads, and a write
    during a read's iteration would break its dictionaries), noting the state of
    its file after each of its own writes."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._path = store.path if isinstance(store, NetworkxStore) else None
        self._lock = threading.RLock()
        self._seen = _signature(self._path)

    def changed_on_disk(self) -> bool:
        """Whether someone else wrote the file since this store read or wrote it;
        StoreUnavailable when the file it had is gone (its folder moved, a disk
        unmounted): the graph in memory is then no longer the store's."""
        if self._path is None:
            return False
        now = _signature(self._path)
        if now == self._seen:
            return False
        if now is None:
            raise StoreUnavailable(f"the store file {self._path} is gone")
        return True

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                try:
                    return attribute(*args, **kwargs)
                finally:
                    if name in _WRITES:
                        self._seen = _signature(self._path)

        return locked


def _signature(path: Path | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns, found.st_size)
