"""`RayEngine`: a team report's searches as Ray tasks, on this machine or a Ray cluster.

The embedded store's search index (graph_mtl/stores/social_index.py: the CSR
arrays, the overlay of rows changed since the index file was written, the
rows' id order) is put once in Ray's object store with `ray.put`: one copy per
node, which every task on that node reads as numpy arrays without copying
(Ray hands out read-only views of its shared memory). The tasks search with
people as index rows (graph_mtl/stores/array_search.py), as the store does; ids
are mapped to rows and back here, in the process that holds the database, so
the nodes need no database, only graph-mtl and Ray installed.

Ray is optional (`pip install 'graph-mtl[ray]'`); it is imported only when
the engine is made. `address` joins a running cluster (`ray.init(address=...)`,
"auto" for the one this machine belongs to); without it Ray starts here with
`num_cpus` and stops when the engine is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.report.engines import chunks
from graph_mtl.services.report.row_search import Found, decode_all, encode_all, packed, search_rows
from graph_mtl.services.report.searches import Answers, SearchRequest
from graph_mtl.stores.social_index import SocialGraph

__all__ = ["RayEngine"]


class RayEngine:
    def __init__(self, *, address: str | None = None, num_cpus: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise InvalidInput(
                "engine",
                _("Ray is not installed: pip install 'graph-mtl[ray]' (or pip install ray)"),
            ) from exc
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            ray.init(
                address=address,
                num_cpus=None if address else num_cpus,
                include_dashboard=False,
                logging_level=logging.ERROR,
                log_to_driver=False,
            )
        self._search = ray.remote(search_rows)
        self._index: tuple[SocialGraph, Any] | None = None

    @property
    def width(self) -> int:
        """The CPUs of the cluster: how many tasks run at once."""
        cpus = self._ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        return max(1, int(cpus))

    def run(self, store: GraphStore, requests: Sequence[SearchRequest]) -> list[Answers]:
        from graph_mtl.stores.sqlite_store import SqliteStore

        if not isinstance(store, SqliteStore):
            raise InvalidInput(
                "engine",
                _("--engine ray searches the embedded store's index; use --engine local"),
            )
        if not requests:
            return []
        index = self._put(store.graph())
        tasks = encode_all(store.id_map, list(requests))
        batches = chunks(requests, self.width)
        futures = [self._search.remote(index, [tasks[i] for i in batch]) for batch in batches]
        found: list[Found] = [[] for _ in requests]
        for batch, answers in zip(batches, self._ray.get(futures), strict=True):
            for i, answer in zip(batch, answers, strict=True):
                found[i] = answer
        return decode_all(store.id_map, found)

    def _put(self, graph: SocialGraph) -> Any:
        """The index in the object store, put once per state of the graph."""
        if self._index is None or self._index[0] is not graph:
            self._index = (graph, self._ray.put(packed(graph)))
        return self._index[1]

    def close(self) -> None:
        self._index = None
        if self._started:
            self._ray.shutdown()
