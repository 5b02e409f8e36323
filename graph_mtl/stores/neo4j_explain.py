"""What explains the paths the Neo4j store just found, read in one round trip.

`warm_paths` explains its paths with five reads (people, ties, evidence,
customers, channels). After a search, the store remembers the people and ties
of the paths it found (per thread); the first of those reads that asks only
about them fetches all five at once (`read_explanation`), and the others are
answered from that answer. It is kept for `TTL` seconds and dropped by the next
search and by any write through the store: as fresh as the five separate reads,
which could each see a write made between them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph_mtl.domain.models import Channel, Customer, Person, Tie, TieEvidence
from graph_mtl.domain.pathfinding import RawPath
from graph_mtl.stores.neo4j_rows import channel_of, customer_of, evidence_of, person_of, tie_of

__all__ = ["TTL", "Explanations"]

TTL = 2.0
"""Seconds after a search, then after its explanation's read, that the read may
answer the explanation's questions."""

Pair = tuple[str, str]


@dataclass
class _Found:
    ids: frozenset[str]
    pairs: frozenset[Pair]
    at: float
    answer: dict[str, Any] | None = None
    employers: frozenset[str] = field(default_factory=frozenset)


class Explanations:
    """The explanation of the last search on each thread; `fetch(ids, pairs)` reads it."""

    def __init__(self, fetch: Callable[[list[str], list[list[str]]], dict[str, Any]]) -> None:
        self._fetch = fetch
        self._local = threading.local()

    def found(self, paths: Iterable[RawPath]) -> None:
        """A search found `paths`: their explanation may be asked for next."""
        ids = frozenset(n for p in paths for n in p.nodes)
        pairs = frozenset(
            _pair(a, b) for p in paths for a, b in zip(p.nodes, p.nodes[1:], strict=False)
        )
        self._local.found = _Found(ids, pairs, time.monotonic()) if ids else None

    def forget(self) -> None:
        self._local.found = None

    def people(self, ids: Collection[str]) -> dict[str, Person] | None:
        answer = self._answer(ids=ids)
        if answer is None:
            return None
        return {p.id: p for p in answer["people"] if p.id in ids}

    def ties(self, pairs: Collection[Pair]) -> dict[Pair, Tie] | None:
        answer = self._answer(pairs=pairs)
        if answer is None:
            return None
        return {t.pair: t for t in answer["ties"] if t.pair in pairs}

    def evidence(self, pairs: Collection[Pair]) -> dict[Pair, list[TieEvidence]] | None:
        answer = self._answer(pairs=pairs)
        if answer is None:
            return None
        found: dict[Pair, list[TieEvidence]] = {}
        for item in answer["evidence"]:
            if item.pair in pairs:
                found.setdefault(item.pair, []).append(item)
        return found

    def customers(self, ids: Collection[str]) -> list[Customer] | None:
        found = self._current()
        if found is None or found.answer is None or not set(ids) <= found.employers:
            return None
        return [c for c in found.answer["customers"] if c.id in ids]

    def channels(self, person_ids: Collection[str]) -> list[Channel] | None:
        answer = self._answer(ids=person_ids)
        if answer is None:
            return None
        return [c for c in answer["channels"] if c.person_id in person_ids]

    def _current(self) -> _Found | None:
        found: _Found | None = getattr(self._local, "found", None)
        if found is not None and time.monotonic() - found.at > TTL:
            self._local.found = found = None
        return found

    def _answer(
        self, *, ids: Collection[str] = (), pairs: Collection[Pair] = ()
    ) -> dict[str, Any] | None:
        found = self._current()
        if found is None or not (set(ids) <= found.ids and set(pairs) <= found.pairs):
            return None
        if found.answer is None:
            r = self._fetch(sorted(found.ids), [list(p) for p in sorted(found.pairs)])
            people = [person_of(p) for p in r["people"]]
            found.answer = {
                "people": people,
                "ties": [tie_of(t) for t in r["ties"]],
                "evidence": [evidence_of(e) for e in r["evidence"]],
                "customers": [customer_of(c) for c in r["customers"]],
                "channels": [channel_of(c) for c in r["channels"]],
            }
            found.employers = frozenset(p.customer_id for p in people if p.customer_id)
            found.at = time.monotonic()  # counted from the answer: a first plan takes long
        return found.answer


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)
