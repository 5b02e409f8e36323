"""Where the searches of a team report run: `LocalEngine`, processes forked from
this one (they inherit the store and its memory-mapped search index), or
`RayEngine` (graph_mtl/services/report/ray_engine.py), Ray tasks over the search
index put once in Ray's object store, on this machine or a Ray cluster.

An engine takes `SearchRequest`s and gives back, for each, the paths to the people
it asked about (graph_mtl/services/report/searches.py). Both run the same array
search over the same index, so they give the same answers in the same order;
only where the work runs differs.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol

from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.report.row_search import (
    Found,
    Index,
    Task,
    decode_all,
    encode_all,
    packed,
    search_rows,
)
from graph_mtl.services.report.searches import Answers, SearchRequest, run_here

__all__ = ["Engine", "LocalEngine", "chunks"]


class Engine(Protocol):
    def run(self, store: GraphStore, requests: Sequence[SearchRequest]) -> list[Answers]:
        """The answers to `requests`, in their order."""
        ...

    def close(self) -> None: ...


_SHARED: tuple[Index, list[Task]] | None = None
"""What a forked worker inherits (set only while the workers run)."""


def _work(indices: list[int]) -> list[tuple[int, Found]]:
    assert _SHARED is not None, "a search worker runs only in a process forked by LocalEngine"
    index, tasks = _SHARED
    return list(zip(indices, search_rows(index, [tasks[i] for i in indices]), strict=True))


class LocalEngine:
    """The searches in `workers` processes forked from this one, or here (one
    worker, a platform without fork, or a process running other threads)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(self, store: GraphStore, requests: Sequence[SearchRequest]) -> list[Answers]:
        """On the embedded store, in index rows as Ray's tasks search (the ids read
        in one batch); on another store, through its own `paths_from`, here."""
        from graph_mtl.stores.sqlite_store import SqliteStore

        if not isinstance(store, SqliteStore):
            return [run_here(store, r) for r in requests]
        index = packed(store.graph())
        tasks = encode_all(store.id_map, list(requests))
        forkable = (
            "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        )
        if self.workers == 1 or len(requests) < 2 or not forkable:
            return decode_all(store.id_map, search_rows(index, tasks))
        global _SHARED
        _SHARED = (index, tasks)
        found: list[Found] = [[] for _ in requests]
        gc.freeze()  # keeps the workers from copying the pages they inherit
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
                for done in pool.map(_work, chunks(requests, self.workers)):
                    for i, answer in done:
                        found[i] = answer
        finally:
            gc.unfreeze()
            _SHARED = None
        return decode_all(store.id_map, found)

    def close(self) -> None:
        """Nothing outlives `run`."""


def chunks(requests: Sequence[SearchRequest], workers: int) -> list[list[int]]:
    """The requests in chunks for `workers`: a few chunks each, so that one costly
    search (a salesperson's whole tree) does not hold a worker's share back."""
    size = max(1, len(requests) // (workers * 4))
    order = list(range(len(requests)))
    return [order[i : i + size] for i in range(0, len(order), size)]
