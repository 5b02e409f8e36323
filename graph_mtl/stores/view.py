"""`StoreView`: a store seen through a rule, wrapping only what the rule changes.

A view (the team-network rule's `TeamView`, the search options' `TieRules`, the
report's prefetching `Prefetched`) subclasses `StoreView` and defines only the
methods it changes; every other attribute is looked up on the store it wraps
(`__getattr__`), so a method added to the port needs no line here. mypy reads a
class with `__getattr__` as having every attribute, so a view satisfies each
protocol of graph_mtl/domain/ports.py; the methods a view does define are still
checked against the protocols wherever the view is passed as one.

Views stack (prefetching over the search options over the team view); each asks
the one below. Which day of a tie's last contact the reader may know is one
such question: `last_contact_seen`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, Generic, TypeVar

from graph_mtl.domain.models import Tie
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.ports import (
    NO_DETAILS,
    ExplainedPaths,
    GraphReader,
    PathDetails,
    path_parts,
)

__all__ = ["StoreView", "explained_by_parts", "last_contact_seen"]

S = TypeVar("S")
"""The store a view wraps: the whole `GraphStore`, or the narrower protocol it needs."""


class StoreView(Generic[S]):
    def __init__(self, store: S) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        """Whatever the view does not define, as the wrapped store has it. Called
        only when the usual lookup fails; `store` itself and special names (which
        `copy` and `pickle` probe on an instance not yet filled) are never passed
        on, so an unfilled view raises AttributeError instead of recursing."""
        if name == "store" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.store, name)

    def last_contact_seen(self, tie: Tie) -> date | None:
        """The day of `tie`'s last contact as this view's reader may know it: as the
        view below knows it, unless a view says otherwise (`TeamView`)."""
        return last_contact_seen(self.store, tie)

    def tied_only_to(self, person_ids: Collection[str], others: Collection[str]) -> set[str]:
        """Through this view's own `adjacency`, so that a view that changes it is
        never bypassed."""
        among = set(others)
        found = self.adjacency(person_ids)
        return {p for p, near in found.items() if near and {o for o, _ in near} <= among}

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        """By default read through this view's own reads, so that a view that changes
        any of them is never bypassed; a view may read the store's one batch and apply
        its rule to it instead (`TeamView`)."""
        ids = list(dict.fromkeys(person_ids))
        people = self.people(ids)
        employers = {p.customer_id for p in people.values() if p.customer_id}
        return PathDetails(
            people=people,
            ties=self.ties(pairs),
            evidence=self.evidence(pairs),
            customers={c.id: c for c in self.customers(ids=employers)},
            channels=self.channels(person_ids=ids),
        )

    def explained_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> ExplainedPaths:
        """By default through this view's own reads, as `path_details`; a view may ask
        the store's one call and apply its rule to the answer instead (`TeamView`)."""
        view: GraphReader = self
        return explained_by_parts(
            view, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
        )

    def close(self) -> None:
        """A view owns nothing: the store it wraps stays open."""


def last_contact_seen(store: object, tie: Tie) -> date | None:
    """The day `tie`'s two people were last in contact, as whoever reads `store`
    may know it: a view says (`StoreView.last_contact_seen`); a store itself shows
    every recorded date."""
    if isinstance(store, StoreView):
        return store.last_contact_seen(tie)
    return tie.last_contact


def explained_by_parts(
    store: GraphReader,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[str] = frozenset(),
) -> ExplainedPaths:
    """`explained_paths` as its three reads, one after another (a store in process,
    where a read costs no round trip, or a view)."""
    ends = store.existing("person", [source, target])
    if source not in ends or target not in ends:
        return ExplainedPaths(ends, [], NO_DETAILS)
    paths = store.best_paths(source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked)
    details = store.path_details(*path_parts(paths)) if paths else NO_DETAILS
    return ExplainedPaths(ends, paths, details)
