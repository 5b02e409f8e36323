"""Searches run ahead of the reports, wherever an engine runs them
(graph_mtl/services/report/engines.py), and the store view that answers a
report's searches from them.

A report reads each bounded search (`paths_from`) only through `path_to` for
people it can name in advance: the key persons and employees of its accounts, the
channels' people, the salesperson's acquaintances (door openers). So a search is
asked as a `SearchRequest` (the search as the store receives it, below every
view, and the people wanted) and answered by the paths to those people, which
are small and travel anywhere. `Searches` sits at the bottom of the views: it
records the requests the views above make (`recording`), then answers them
from the engine's answers. A search or a person not asked about ahead runs
here, on the store, and is counted in `misses`: the answers never change, only
where the work was done.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.ports import GraphStore
from graph_mtl.stores.view import StoreView

__all__ = ["AnswerTree", "Answers", "SearchKey", "SearchRequest", "Searches", "merged", "run_here"]


@dataclass(frozen=True, slots=True)
class SearchKey:
    """One bounded search as the store receives it."""

    source: str
    max_hops: int
    mode: Mode
    blocked: frozenset[str]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    key: SearchKey
    targets: frozenset[str]
    """The people whose paths are wanted (the source is always answered)."""


Answers = dict[str, RawPath]
"""The best path to each target reached (absent: out of reach)."""


class AnswerTree:
    """A `PathTree` from the paths found ahead; any other person asks `full`."""

    def __init__(
        self, source: str, asked: frozenset[str], paths: Answers, full: Callable[[], PathTree]
    ) -> None:
        self._source = source
        self._asked = asked
        self._paths = paths
        self._full = full
        self._tree: PathTree | None = None

    def __contains__(self, person_id: object) -> bool:
        if person_id == self._source or person_id in self._asked:
            return person_id in self._paths
        return person_id in self._fallback()

    def path_to(self, target: str) -> RawPath | None:
        if target == self._source or target in self._asked:
            return self._paths.get(target)
        return self._fallback().path_to(target)

    def _fallback(self) -> PathTree:
        if self._tree is None:
            self._tree = self._full()
        return self._tree


class Searches(StoreView[GraphStore]):
    """The store, with its `paths_from` answered from searches run ahead (`answer`)."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__(store)
        self._answers: dict[SearchKey, tuple[frozenset[str], Answers]] = {}
        self._recorded: list[SearchKey] | None = None
        self.misses = 0
        """Searches (or people in them) that were not asked ahead and ran here."""

    @contextmanager
    def recording(self) -> Iterator[list[SearchKey]]:
        """While open, every `paths_from` is only noted (in the list yielded) and
        reaches nobody: how a view above would ask the store."""
        found: list[SearchKey] = []
        self._recorded = found
        try:
            yield found
        finally:
            self._recorded = None

    def answer(self, request: SearchRequest, paths: Answers) -> None:
        self._answers[request.key] = (request.targets, paths)

    def forget(self) -> None:
        """Drop every answer (a salesperson's report is done with them)."""
        self._answers.clear()

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        key = SearchKey(source, max_hops, Mode(mode), frozenset(blocked))
        if self._recorded is not None:
            self._recorded.append(key)
            return AnswerTree(source, frozenset(), {}, lambda: _NOBODY)
        found = self._answers.get(key)

        def full() -> PathTree:
            self.misses += 1
            return self.store.paths_from(source, max_hops=max_hops, mode=mode, blocked=blocked)

        if found is None:
            return full()
        asked, paths = found
        return AnswerTree(source, asked, paths, full)


class _Nobody:
    def __contains__(self, person_id: object) -> bool:
        return False

    def path_to(self, target: str) -> RawPath | None:
        return None


_NOBODY = _Nobody()


def run_here(store: GraphStore, request: SearchRequest) -> Answers:
    """One request answered on `store` (what a local worker does)."""
    key = request.key
    tree = store.paths_from(key.source, max_hops=key.max_hops, mode=key.mode, blocked=key.blocked)
    out = {}
    for target in sorted(request.targets | {key.source}):
        path = tree.path_to(target)
        if path is not None:
            out[target] = path
    return out


def merged(requests: Mapping[SearchKey, set[str]]) -> list[SearchRequest]:
    """One request per search, asking for every person any caller wanted."""
    return [SearchRequest(key, frozenset(targets)) for key, targets in requests.items()]
