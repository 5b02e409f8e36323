"""The store the app holds between requests: opened at start-up, or at the first
request that finds it openable when the start-up could not."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from graph_mtl import bootstrap
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import StoreUnavailable

__all__ = ["StoreHolder"]

_log = logging.getLogger("graph_mtl.api")


class StoreHolder:
    """Opens the store once and hands it to every request.

    Both stores may be shared by request threads and see what other processes
    write as soon as it is committed (the embedded store's SQLite file in WAL
    mode, Neo4j's server), so one open store serves the app's whole life. A
    store that cannot be opened at start-up (an unreadable file, a server
    down) does not stop the app: requests get 503 until an open succeeds,
    tried again on each request, so the service recovers by itself.
    """

    def __init__(self, factory: Callable[[], GraphStore]) -> None:
        self._factory = factory
        self._store: GraphStore | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        """Open now if possible; a failure is logged and left to the first request."""
        try:
            self.get()
        except StoreUnavailable as exc:
            _log.warning("the store is not available at start-up: %s", exc)

    @property
    def opened(self) -> GraphStore | None:
        """The store if it is open (`get` opens it otherwise)."""
        return self._store

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    @property
    def kind(self) -> bootstrap.StoreKind:
        """What /health reports: "embedded" or "neo4j" (the embedded one until opened)."""
        return bootstrap.store_kind(self._store) if self._store is not None else "embedded"

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
            self._store = None
