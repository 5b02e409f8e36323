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

import numpy as np

from graph_mtl.domain.pathfinding import Mode, RawPath
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.services.report.engines import chunks
from graph_mtl.services.report.searches import Answers, SearchRequest
from graph_mtl.stores import array_search
from graph_mtl.stores.social_index import CsrArrays, SocialGraph

__all__ = ["RayEngine"]

_Index = tuple[Any, ...]
"""The index as put in the object store (`_packed`)."""
_Found = list[tuple[int, tuple[int, ...], tuple[float, ...]]]
"""One request's answers in rows: (target, path's rows, strengths)."""
_Task = tuple[int, int, str, list[int], Any]
"""One request in rows: source (-1: no such person), max hops, mode, blocked, targets."""


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
        self._search = ray.remote(_search_batch)
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
        wanted = {k for r in requests for k in (r.key.source, *r.key.blocked, *r.targets)}
        rows = store.id_map.numbers(wanted)
        tasks = [_encoded(r, rows) for r in requests]
        batches = chunks(requests, self.width)
        futures = [self._search.remote(index, [tasks[i] for i in batch]) for batch in batches]
        found: list[_Found] = [[] for _ in requests]
        for batch, answers in zip(batches, self._ray.get(futures), strict=True):
            for i, answer in zip(batch, answers, strict=True):
                found[i] = answer
        ids = store.id_map.ids({n for answer in found for _, nodes, _ in answer for n in nodes})
        return [_decoded(answer, ids) for answer in found]

    def _put(self, graph: SocialGraph) -> Any:
        """The index in the object store, put once per state of the graph."""
        if self._index is None or self._index[0] is not graph:
            self._index = (graph, self._ray.put(_packed(graph)))
        return self._index[1]

    def close(self) -> None:
        self._index = None
        if self._started:
            self._ray.shutdown()


def _packed(graph: SocialGraph) -> _Index:
    base = graph.base
    return (
        np.asarray(base.offsets),
        np.asarray(base.neighbours),
        np.asarray(base.strengths),
        None if base.rank is None else np.asarray(base.rank),
        base.generation,
        graph.overlay,
        graph.generation,
        None if graph.rank is None else np.asarray(graph.rank),
    )


def _encoded(request: SearchRequest, rows: dict[str, int]) -> _Task:
    key = request.key
    targets = sorted(rows[t] for t in request.targets | {key.source} if t in rows)
    return (
        rows.get(key.source, -1),
        key.max_hops,
        key.mode.value,
        sorted(rows[b] for b in key.blocked if b in rows),
        np.asarray(targets, dtype=np.int64),
    )


def _decoded(found: _Found, ids: dict[int, str]) -> Answers:
    # A person forgotten since the search has no id: their paths are left out,
    # as the store leaves them out (graph_mtl/stores/sqlite_paths.py).
    return {
        ids[target]: RawPath(tuple(ids[n] for n in nodes), strengths)
        for target, nodes, strengths in found
        if all(n in ids for n in nodes)
    }


def _search_batch(index: _Index, tasks: list[_Task]) -> list[_Found]:
    """In a Ray worker: the searches of `tasks` over the index from the object store."""
    offsets, neighbours, strengths, base_rank, base_generation, overlay, generation, rank = index
    base = CsrArrays(
        generation=base_generation,
        offsets=offsets,
        neighbours=neighbours,
        strengths=strengths,
        rank=base_rank,
    )
    graph = SocialGraph(base, overlay, generation=generation, rank=rank)
    out: list[_Found] = []
    for source, max_hops, mode, blocked, targets in tasks:
        if source < 0:
            out.append([])
            continue
        tree = array_search.paths_from(
            graph, source, max_hops=max_hops, mode=Mode(mode), blocked=set(blocked)
        )
        found: _Found = []
        for target in targets.tolist():
            path = tree.path_to(target)
            if path is not None:
                found.append((target, tuple(path.nodes), tuple(path.strengths)))
        out.append(found)
    return out
