"""Hop-bounded best paths over weighted ties (long because one tie-break binds its three
searches): pure functions, no I/O.

A path's cost is a pair of additive, non-negative parts: the tie weights
(-log strength, so the greatest product of strengths is the least weight) and
the hop count. `strongest` compares (weight, hops), `shortest` (hops, weight).
Weights are floats summed in whatever order a search meets the ties, so two
paths with exactly the same product of strengths can come out an ulp or two
apart (0.1 * 0.25 * 0.1 against 0.1 * 0.25 * 1.0 * 0.1); weights within a
relative `TOLERANCE` of each other therefore count as equal, and such a tie
still goes to the fewer hops.

One order between equal costs, everywhere (this module, the array search of
graph_mtl/stores/array_search.py, whichever store runs it): of two paths of the
same cost, the one whose sequence of person ids, read from the source, is less
(plain string order of the ids) comes first. Equal costs have equal hops, so
that is the first person id where the two paths part. The ties themselves are
found one way everywhere: among a layer's offers to a person, the least weight
is found, the offers within TOLERANCE of it are tied, and the first of them in
that order wins; it replaces the person's label when the least weight beats the
label under `before`. Meetings of the two sides and Yen's candidates are picked
the same way (`least_costs`), so `paths_from(s).path_to(t)` is
`k_best_paths(s, t, k=1)[0]`, on every store, with or without tie filters.

`best_path` is a bidirectional layered (Bellman-Ford) search: each side keeps,
per node, the cheapest way to reach it within the hops spent so far, and the
side with the smaller frontier goes one layer further until the two sides
together spend `max_hops`. Every path of at most `max_hops` ties splits into
a forward part and a backward part within those budgets, so the cheapest join
is optimal, and because every cycle costs at least one hop it is simple.
Neighbours are fetched a whole frontier at a time, which keeps a remote store
to one round trip per layer.

The order above falls out of the layers: the forward side (and `paths_from`)
breaks a tie by the offers' paths from the source (all of one length: the
previous layer's); the backward side by the offering neighbour's id, since its
labels are read from the labelled person towards the target. At the first step
where the two depths add up to the best path's hops, that path's two halves are
both labels, so its meeting is among those compared.

`k_best_paths` is Yen's algorithm on top of it, giving loopless paths in
order of cost, then of ids.

`paths_from` runs one side alone for `max_hops` layers: the best path from a
salesperson to everyone within reach, for the features that need many targets
at once (key-person groups, account scoring, reports).

Over 400 lines because the exact search and its oracle-checked pieces (costs,
tie-breaking, Yen) must agree everywhere: the array search reuses them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from graph_mtl.domain.deadline import check_time
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _

__all__ = [
    "DEEP_HOPS",
    "DEEP_MAX_K",
    "DEFAULT_MAX_HOPS",
    "MAX_HOPS_LIMIT",
    "MAX_K",
    "TOLERANCE",
    "Adjacency",
    "BestPath",
    "Fetch",
    "Mode",
    "NeighbourCache",
    "PathTree",
    "RawPath",
    "before",
    "best_path",
    "better",
    "check_limits",
    "cost_key",
    "k_best_paths",
    "least_costs",
    "path_weight",
    "paths_from",
    "same_weight",
    "without_cycles",
    "yen",
]


DEFAULT_MAX_HOPS = 4
MAX_HOPS_LIMIT = 8
MAX_K = 50
DEEP_HOPS = 6
DEEP_MAX_K = 10
"""Beyond DEEP_HOPS hops, at most DEEP_MAX_K alternatives: k = 50 at 8 hops takes
seconds per pair, a report of them minutes, so it is refused rather than run."""


def check_limits(*, max_hops: int, k: int = 1) -> None:
    """The bounds of every search, whatever the door: InvalidInput naming the field."""
    if not 1 <= max_hops <= MAX_HOPS_LIMIT:
        raise InvalidInput(
            "max_hops",
            _("must be between 1 and {most}, got {given}", most=MAX_HOPS_LIMIT, given=max_hops),
        )
    if not 1 <= k <= MAX_K:
        raise InvalidInput("k", _("must be between 1 and {most}, got {given}", most=MAX_K, given=k))
    if max_hops > DEEP_HOPS and k > DEEP_MAX_K:
        raise InvalidInput(
            "k",
            _(
                "at most {most} alternatives beyond {deep} hops (asked {k} at {hops}): "
                "lower k or max_hops",
                most=DEEP_MAX_K,
                deep=DEEP_HOPS,
                k=k,
                hops=max_hops,
            ),
        )


Adjacency = Mapping[str, Sequence[tuple[str, float]]]
"""For each person id asked about: (neighbour id, tie strength) pairs."""


class Mode(StrEnum):
    STRONGEST = "strongest"
    SHORTEST = "shortest"


@dataclass(frozen=True, slots=True)
class RawPath:
    """A path as found: its people (ids, or index rows inside a store) and tie strengths."""

    nodes: tuple[Any, ...]
    strengths: tuple[float, ...]

    @property
    def hops(self) -> int:
        return len(self.strengths)

    @property
    def strength(self) -> float:
        return math.prod(self.strengths)

    @property
    def weight(self) -> float:
        return path_weight(self.strengths)

    def cost(self, mode: Mode) -> tuple[float, float]:
        return cost_key(mode, self.weight, self.hops)


def path_weight(strengths: Iterable[float]) -> float:
    return sum(-math.log(s) for s in strengths)


def cost_key(mode: Mode, weight: float, hops: int) -> tuple[float, float]:
    """A path's cost as compared in `mode`: (weight, hops) or (hops, weight)."""
    return (weight, hops) if mode is Mode.STRONGEST else (hops, weight)


TOLERANCE = 1e-12
"""Far above the rounding of a sum of a few -log terms (~1e-16 each), far below
any difference between strengths that a person could mean."""


def same_weight(a: float, b: float) -> bool:
    """Whether two path weights are equal to within TOLERANCE (relative)."""
    return abs(a - b) <= TOLERANCE * max(a, b)


def before(mode: Mode, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether cost `a` is strictly cheaper than cost `b` (both from `_cost`)."""
    if mode is Mode.STRONGEST:
        (a_weight, a_hops), (b_weight, b_hops) = a, b
        return a_hops < b_hops if same_weight(a_weight, b_weight) else a_weight < b_weight
    (a_hops, a_weight), (b_hops, b_weight) = a, b
    if a_hops != b_hops:
        return a_hops < b_hops
    return a_weight < b_weight and not same_weight(a_weight, b_weight)


def least_costs(mode: Mode, costs: Sequence[tuple[float, int]]) -> list[int]:
    """The positions of the (weight, hops) pairs tied for the least cost: in
    `strongest` those within TOLERANCE of the least weight, of them the fewest
    hops; in `shortest` the fewest hops, of them those within TOLERANCE of their
    least weight. The order of ids then chooses among them."""
    if not costs:
        return []
    if mode is Mode.STRONGEST:
        least = min(w for w, _ in costs)
        near = [i for i, (w, _) in enumerate(costs) if same_weight(w, least)]
        hops = min(costs[i][1] for i in near)
        return [i for i in near if costs[i][1] == hops]
    hops = min(h for _, h in costs)
    fewest = [i for i, (_, h) in enumerate(costs) if h == hops]
    least = min(costs[i][0] for i in fewest)
    return [i for i in fewest if same_weight(costs[i][0], least)]


def better(mode: Mode, a: tuple[float, float], b: tuple[float, float]) -> bool | None:
    """Whether cost `a` is cheaper than `b` (True), dearer (False), or tied (None)."""
    if before(mode, a, b):
        return True
    if before(mode, b, a):
        return False
    return None


class NeighbourCache:
    """Fetches neighbours a frontier at a time and remembers them for one query."""

    def __init__(self, fetch: Callable[[Collection[str]], Adjacency]) -> None:
        self._fetch = fetch
        self._known: dict[str, Sequence[tuple[str, float]]] = {}

    def get(self, ids: Iterable[str]) -> dict[str, Sequence[tuple[str, float]]]:
        missing = [i for i in ids if i not in self._known]
        if missing:
            fetched = self._fetch(missing)
            for ident in missing:
                # Sorted, so that equal-cost answers do not depend on a store's order.
                self._known[ident] = sorted(fetched.get(ident, ()))
        return self._known


@dataclass(slots=True)
class _Label:
    node: str
    weight: float
    hops: int
    parent: _Label | None
    strength: float  # of the tie from parent to node; 1.0 at the start

    def trail(self) -> tuple[str, ...]:
        """The people from the side's start to this one."""
        return tuple(lab.node for lab in reversed(_chain(self)))


class _Side:
    """One direction of the search: the cheapest label per node within `depth` hops.

    Tied offers go, on the forward side, to the least path from the start and,
    on the backward side (`towards_start`), to the least offering neighbour:
    either way the least path as read from the source of the whole search.
    """

    def __init__(self, start: str, mode: Mode, *, towards_start: bool = False) -> None:
        self.mode = mode
        self.towards_start = towards_start
        self.best: dict[str, _Label] = {start: _Label(start, 0.0, 0, None, 1.0)}
        self.frontier: list[str] = [start]
        self.depth = 0

    def key(self, label: _Label) -> tuple[float, float]:
        return cost_key(self.mode, label.weight, label.hops)

    def expand(
        self,
        cache: NeighbourCache,
        blocked: Collection[str],
        banned: Collection[frozenset[str]],
    ) -> None:
        adjacency = cache.get(self.frontier)
        offers: dict[str, list[_Label]] = {}
        for node in self.frontier:
            label = self.best[node]
            for other, strength in adjacency[node]:
                if other in blocked or (banned and frozenset((node, other)) in banned):
                    continue
                offers.setdefault(other, []).append(
                    _Label(
                        other, label.weight - math.log(strength), label.hops + 1, label, strength
                    )
                )
        improved = []
        for other, offered in offers.items():
            least = min(offer.weight for offer in offered)
            current = self.best.get(other)
            if current is not None and not before(
                self.mode, cost_key(self.mode, least, self.depth + 1), self.key(current)
            ):
                continue
            tied = [offer for offer in offered if same_weight(offer.weight, least)]
            self.best[other] = min(tied, key=self._order) if len(tied) > 1 else tied[0]
            improved.append(other)
        self.frontier = improved
        self.depth += 1

    def _order(self, offer: _Label) -> tuple[str, ...]:
        assert offer.parent is not None
        return (offer.parent.node,) if self.towards_start else offer.parent.trail()

    def min_frontier_key(self) -> tuple[float, float] | None:
        return min((self.key(self.best[n]) for n in self.frontier), default=None)


def _chain(label: _Label | None) -> list[_Label]:
    out = []
    while label is not None:
        out.append(label)
        label = label.parent
    return out


def _join(forward: _Label, backward: _Label) -> RawPath:
    head = _chain(forward)[::-1]
    tail = _chain(backward)
    nodes = [lab.node for lab in head] + [lab.node for lab in tail[1:]]
    strengths = [lab.strength for lab in head[1:]] + [lab.strength for lab in tail[:-1]]
    return without_cycles(nodes, strengths)


def without_cycles(nodes: Sequence[Hashable], strengths: Sequence[float]) -> RawPath:
    """The path with any cycle cut out."""
    # An optimal join never repeats a node (a cycle costs a hop); this guards
    # against float rounding ever making one look cheaper.
    out_nodes: list[Hashable] = []
    out_strengths: list[float] = []
    where: dict[Hashable, int] = {}
    for i, node in enumerate(nodes):
        if node in where:
            cut = where[node]
            for dropped in out_nodes[cut + 1 :]:
                del where[dropped]
            del out_nodes[cut + 1 :]
            del out_strengths[cut:]
            continue
        if i:
            out_strengths.append(strengths[i - 1])
        where[node] = len(out_nodes)
        out_nodes.append(node)
    return RawPath(tuple(out_nodes), tuple(out_strengths))


Fetch = Callable[[Collection[str]], Adjacency]
"""A store's `adjacency`: the neighbours of the people asked about, in one call."""


def _cached(neighbours: NeighbourCache | Fetch) -> NeighbourCache:
    return neighbours if isinstance(neighbours, NeighbourCache) else NeighbourCache(neighbours)


def best_path(
    neighbours: NeighbourCache | Fetch,
    source: str,
    target: str,
    *,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[str] = frozenset(),
    banned: Collection[frozenset[str]] = frozenset(),
) -> RawPath | None:
    """The cheapest simple path of at most `max_hops` ties avoiding `blocked` nodes
    and `banned` ties, or None. A path from a person to themself has no ties."""
    if source == target:
        return RawPath((source,), ())
    cache = _cached(neighbours)
    forward, backward = _Side(source, mode), _Side(target, mode, towards_start=True)
    best: tuple[tuple[float, float], _Label, _Label] | None = None
    while forward.depth + backward.depth < max_hops:
        check_time()
        side = _smaller(forward, backward)
        if side is None:
            break
        if best is not None and _cannot_improve(side, best[0], mode):
            other = backward if side is forward else forward
            if not other.frontier or _cannot_improve(other, best[0], mode):
                break
            side = other
        side.expand(cache, blocked, banned)
        best = _meet(forward, backward, best, side)
        if best is not None and mode is Mode.SHORTEST:
            break  # every path of fewer hops has been seen already
    return None if best is None else _join(best[1], best[2])


def _smaller(forward: _Side, backward: _Side) -> _Side | None:
    sides = [s for s in (forward, backward) if s.frontier]
    return min(sides, key=lambda s: len(s.frontier)) if sides else None


def _cannot_improve(side: _Side, best_key: tuple[float, float], mode: Mode) -> bool:
    floor = side.min_frontier_key()
    if floor is None:
        return True
    # Weights only grow along a path, so a frontier above the best total is spent
    # (one equal to it may still find an equally strong path with fewer hops).
    if mode is Mode.SHORTEST:
        return False
    return floor[0] > best_key[0] and not same_weight(floor[0], best_key[0])


def _meet(
    forward: _Side,
    backward: _Side,
    best: tuple[tuple[float, float], _Label, _Label] | None,
    moved: _Side,
) -> tuple[tuple[float, float], _Label, _Label] | None:
    other = backward if moved is forward else forward
    met = [(forward.best[n], backward.best[n]) for n in moved.frontier if n in other.best]
    if not met:
        return best
    mode = forward.mode
    tied = least_costs(mode, [(f.weight + b.weight, f.hops + b.hops) for f, b in met])
    f, b = min((met[i] for i in tied), key=lambda fb: _join(*fb).nodes)
    key = cost_key(mode, f.weight + b.weight, f.hops + b.hops)
    if best is not None:
        verdict = better(mode, key, best[0])
        if verdict is False or (
            verdict is None and _join(best[1], best[2]).nodes <= _join(f, b).nodes
        ):
            return best
    return (key, f, b)


BestPath = Callable[[Any, Any, int, Collection[Any], Collection[frozenset[Any]]], "RawPath | None"]
"""`best(source, target, max_hops, blocked, banned)`: one best path, as `best_path` finds it."""


def k_best_paths(
    neighbours: NeighbourCache | Fetch,
    source: str,
    target: str,
    *,
    k: int,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[str] = frozenset(),
) -> list[RawPath]:
    """Up to `k` distinct simple paths, cheapest first (Yen's algorithm): the one
    search of every store that answers `adjacency` (Neo4j, the tie filters), with
    one cache of neighbours for the whole query."""
    cache = _cached(neighbours)

    def best(
        s: str, t: str, hops: int, avoid: Collection[str], cut: Collection[frozenset[str]]
    ) -> RawPath | None:
        return best_path(cache, s, t, max_hops=hops, mode=mode, blocked=avoid, banned=cut)

    return yen(best, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked)


_N = TypeVar("_N", bound=Hashable)


def yen(
    best: BestPath,
    source: _N,
    target: _N,
    *,
    k: int,
    max_hops: int,
    mode: Mode,
    blocked: Collection[_N] = frozenset(),
    order: Callable[[tuple[Any, ...]], Any] = tuple,
) -> list[RawPath]:
    """Yen's algorithm over any one-best-path search `best` (this module's, or a
    store's own over its arrays): up to `k` loopless paths, cheapest first, equal
    costs by `order` of their people (the ids themselves; a store searching by
    row numbers gives the rows' places in id order)."""
    first = best(source, target, max_hops, blocked, frozenset())
    if first is None:
        return []
    found = [first]
    seen = {first.nodes}
    candidates: list[RawPath] = []
    while len(found) < k:
        check_time()
        previous = found[-1]
        for i in range(previous.hops):
            root = previous.nodes[: i + 1]
            spur = root[-1]
            banned = {frozenset(p.nodes[i : i + 2]) for p in found if p.nodes[: i + 1] == root}
            tail = best(spur, target, max_hops - i, set(blocked) | set(root[:-1]), banned)
            if tail is None:
                continue
            path = RawPath(root[:-1] + tail.nodes, previous.strengths[:i] + tail.strengths)
            if path.nodes not in seen:
                seen.add(path.nodes)
                candidates.append(path)
        if not candidates:
            break
        tied = least_costs(mode, [(p.weight, p.hops) for p in candidates])
        found.append(candidates.pop(min(tied, key=lambda i: order(candidates[i].nodes))))
    return found


class PathTree(Protocol):
    """The best path from one source to every person within the hop limit."""

    def __contains__(self, person_id: object) -> bool: ...

    def path_to(self, target: str) -> RawPath | None:
        """The best path to `target` (source first), or None when out of reach."""
        ...


class _LabelTree:
    def __init__(self, side: _Side) -> None:
        self._best = side.best

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._best

    def path_to(self, target: str) -> RawPath | None:
        label = self._best.get(target)
        if label is None:
            return None
        chain = _chain(label)[::-1]
        return RawPath(tuple(lab.node for lab in chain), tuple(lab.strength for lab in chain[1:]))


def paths_from(
    neighbours: NeighbourCache | Fetch,
    source: str,
    *,
    max_hops: int,
    mode: Mode = Mode.STRONGEST,
    blocked: Collection[str] = frozenset(),
) -> PathTree:
    """One bounded search from `source`: after `max_hops` layers every label is the
    cheapest path of at most that many ties, as `best_path` would find it."""
    cache = _cached(neighbours)
    side = _Side(source, mode)
    while side.frontier and side.depth < max_hops:
        check_time()
        side.expand(cache, blocked, frozenset())
    return _LabelTree(side)
