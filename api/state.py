"""What the app holds between requests: the store (opened at start-up, reopened
after a failed open, one call at a time when it is the embedded store) and the
playbook."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any, Literal, cast

from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.neo4j_store import Neo4jStore

__all__ = ["StoreHolder"]

_log = logging.getLogger("graph_mtl.api")


class StoreHolder:
    """Opens the store once and hands it to every request.

    A store that cannot be opened at start-up (a damaged or unreadable file) does
    not stop the app: requests get 503 until an open succeeds, tried again on
    each request, so the service recovers by itself. A Neo4j store reconnects by
    itself (its driver does), so it is opened once and kept. The embedded store
    holds the graph in memory and, after a failed write, goes back to what is
    on disk, which may be nothing while the disk is away: after any failure it
    is opened again from its file, and while its folder is missing requests get
    503 rather than an empty graph.
    """

    def __init__(self, factory: Callable[[], GraphStore]) -> None:
        self._factory = factory
        self._store: GraphStore | None = None
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
        if store is not None and not self._stale:
            return store
        with self._lock:
            if self._store is None or self._stale:
                fresh = self._factory()
                if self._stale:
                    fresh.ping()  # a folder still missing: 503, not an empty graph
                    if self._raw is not None:
                        self._raw.close()
                self._raw, self._store, self._stale = fresh, _serialized(fresh), False
            return self._store

    def failed(self, store: GraphStore) -> None:
        """`store` raised StoreUnavailable: open the embedded store anew next time."""
        if store is self._store and not isinstance(self._raw, Neo4jStore):
            self._stale = True

    @property
    def kind(self) -> Literal["embedded", "neo4j"]:
        """ "neo4j" or "embedded" (what /health reports)."""
        return "neo4j" if isinstance(self._raw, Neo4jStore) else "embedded"

    def close(self) -> None:
        with self._lock:
            if self._raw is not None:
                self._raw.close()
            self._store = self._raw = None


def _serialized(store: GraphStore) -> GraphStore:
    # The Neo4j driver is thread-safe; the embedded store's dictionaries are not
    # (a write during a read's iteration would break it), and requests run in
    # threads, so it answers one call at a time.
    if isinstance(store, Neo4jStore):
        return store
    return cast(GraphStore, _OneCallAtATime(store))


class _OneCallAtATime:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return locked
