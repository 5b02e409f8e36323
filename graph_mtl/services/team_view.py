"""`TeamView`: the graph as one salesperson may see it under the team-network rule
(graph_mtl/services/access.py says the rule; this is where every read applies it)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from functools import cached_property

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Employment,
    Opportunity,
    Person,
    TeamMember,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.ports import (
    NO_DETAILS,
    Adjacency,
    EntityKind,
    ExplainedPaths,
    Found,
    GraphStore,
    PathDetails,
)
from graph_mtl.services.access import origin_owner
from graph_mtl.stores.view import StoreView

__all__ = ["TeamView"]

_FEW = 1_000
"""Up to this many ids are checked by themselves; more (a search's frontier, all of an
answer's people) and the whole set is found once, in a few reads for the view."""
_LOOKUPS = 8
"""After this many checks of a few ids (an answer reading customer after customer),
the whole set is found once too: each check is a round trip to a server store."""


# -- what a salesperson sees ---------------------------------------------------
class TeamView(StoreView[GraphStore]):
    """A `GraphStore` as `viewer` sees it under the team-network rule.

    Other salespeople who have not opted in are cut out of the social graph:
    they have no ties, and nobody's ties lead to them, so no path passes
    through or ends at them. Ties of salespeople who have opted in stay, but
    read without their context and last contact (unless the viewer is the
    other end: `sees_contact_dates`), and with a context naming the teammate
    to ask. The employments a blocked salesperson's own sources recorded are cut
    out, and so are the people only their networks hold (`private`). Everything
    else reads and writes through to the store (`StoreView`). `viewer` None (no
    salesperson asking) blocks every
    salesperson who has not opted in.
    """

    def __init__(self, store: GraphStore, viewer: str | None, team: Iterable[TeamMember]) -> None:
        super().__init__(store)
        self.viewer = viewer
        members = [m for m in team if m.id != viewer]
        self.blocked = frozenset(m.id for m in members if not m.shared)
        self.teammates = {m.id: m.name for m in members if m.shared}

    @classmethod
    def of(cls, store: GraphStore, viewer: str | None) -> TeamView:
        return cls(store, viewer, store.team())

    def sees_contact_dates(self, pair: tuple[str, str]) -> bool:
        """Whether the viewer may know when the two people of `pair` were last in
        contact: yes for the viewer's own ties and for ties with no sharing teammate
        at either end; no for a sharing teammate's tie, which lends its strength to a
        path while its dates stay the teammate's. So a search for recent ties
        (`--since`, `--recent`: `TieRules`) never counts a teammate's tie as recent:
        it has no day the viewer may see (`last_contact_seen`)."""
        return self.viewer in pair or not any(p in self.teammates for p in pair)

    def last_contact_seen(self, tie: Tie) -> date | None:
        return super().last_contact_seen(tie) if self.sees_contact_dates(tie.pair) else None

    @cached_property
    def private(self) -> frozenset[str]:
        """The people only blocked salespeople's own networks hold: every tie of theirs
        is with a blocked salesperson, every employment came from a blocked one's own
        source, and they are no channel. Found once per view, from the blocked
        salespeople's neighbours."""
        if not self.blocked:
            return frozenset()
        around = self.store.adjacency(self.blocked)
        near = {other for ties in around.values() for other, _ in ties} - self.blocked
        near -= {self.viewer, *self.teammates}
        only = self.store.tied_only_to(near, self.blocked) if near else set()
        owners: dict[str, set[str | None]] = {}
        for job in self.store.employments(person_ids=only) if only else []:
            owners.setdefault(job.person_id, set()).add(origin_owner(job.origin))
        only = {p for p in only if owners.get(p, set()) <= self.blocked}
        channels = {c.person_id for c in self.store.channels(person_ids=only)} if only else set()
        return frozenset(only - channels)

    def private_among(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` are `private`, read for them alone: an answer about a few
        people need not find every person the blocked salespeople's networks hold."""
        if not self.blocked:
            return set()
        ids = list(ids)
        unknown = [i for i in dict.fromkeys(ids) if i not in self._private_seen]
        whole = "private" in self.__dict__ or len(ids) > _FEW or self._lookups >= _LOOKUPS
        if whole:  # found whole, once per view
            return set(self.private.intersection(ids))
        if unknown:
            self._lookups += 1
            self._private_seen.update(dict.fromkeys(unknown, False))
            others = self.blocked | {self.viewer, *self.teammates}
            only = self.store.tied_only_to([i for i in unknown if i not in others], self.blocked)
            owners: dict[str, set[str | None]] = {}
            for job in self.store.employments(person_ids=only) if only else []:
                owners.setdefault(job.person_id, set()).add(origin_owner(job.origin))
            only = {p for p in only if owners.get(p, set()) <= self.blocked}
            channels = self.store.channels(person_ids=only) if only else []
            for p in only - {c.person_id for c in channels}:
                self._private_seen[p] = True
        return {i for i in ids if self._private_seen.get(i)}

    @cached_property
    def _private_seen(self) -> dict[str, bool]:
        return {}

    _lookups = 0

    def _shown(self, people: Iterable[Person]) -> list[Person]:
        people = list(people)
        hidden = self.private_among(p.id for p in people)
        return [p for p in people if p.id not in hidden]

    def visible(self, tie: Tie) -> Tie | None:
        """The tie as the viewer may see it, or None when it is hidden."""
        if tie.source in self.blocked or tie.target in self.blocked:
            return None
        if self.sees_contact_dates(tie.pair):
            return tie
        owner = next(p for p in tie.pair if p in self.teammates)
        name = self.teammates[owner]
        context = f"in the team network of your teammate {name}: ask {name} to introduce you"
        return tie.model_copy(
            update={"context": context, "last_contact": self.last_contact_seen(tie)}
        )

    # -- people and their jobs, filtered -----------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        found = self.store.existing(kind, ids)
        return found - self.private_among(found) if kind == "person" else found

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        found = self.store.people(ids)
        hidden = self.private_among(found)
        return {i: p for i, p in found.items() if i not in hidden}

    def employees(self, customer_id: str) -> list[Person]:
        return self._shown(self.store.employees(customer_id))

    def employees_of(
        self, customer_ids: Collection[str], *, with_roles: bool = False
    ) -> dict[str, list[Person]]:
        found = self.store.employees_of(customer_ids, with_roles=with_roles)
        return {c: self._shown(p) for c, p in found.items()}

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
    ) -> list[Employment]:
        found = self.store.employments(
            person_ids=person_ids,
            refs=refs,
            company_keys=company_keys,
            changed_since=changed_since,
        )
        return [e for e in found if origin_owner(e.origin) not in self.blocked]

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        found = self.store.people_by_email(emails)
        hidden = self.private_among(i for ids in found.values() for i in ids)
        shown = {e: [i for i in ids if i not in hidden] for e, ids in found.items()}
        return {e: ids for e, ids in shown.items() if ids}

    def search(self, text: str, *, limit: int) -> Found:
        found = self.store.search(text, limit=limit)
        return found._replace(
            people=self._shown(found.people), employees=self._shown(found.employees)
        )

    # -- the social graph, filtered ----------------------------------------
    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        found = self.store.adjacency([i for i in person_ids if i not in self.blocked])
        if not self.blocked:
            return found
        return {
            i: [(other, s) for other, s in ties if other not in self.blocked]
            for i, ties in found.items()
        }

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        wanted = [(a, b) for a, b in pairs if a not in self.blocked and b not in self.blocked]
        found = self.store.ties(wanted) if wanted else {}
        return {pair: shown for pair, tie in found.items() if (shown := self.visible(tie))}

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        """Only for ties the viewer sees whole: a teammate's evidence is theirs."""
        found = self.store.evidence(pairs)
        return {pair: items for pair, items in found.items() if self._whole(pair)}

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        """The store's one batch, read as `people`, `ties` and `evidence` read here."""
        return self._seen_details(self.store.path_details(person_ids, pairs))

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
        """The store's one call, searching around the blocked salespeople, its ends
        and details then read as `existing` and `path_details` read here."""
        if source == target or source in self.blocked or target in self.blocked:
            return super().explained_paths(
                source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
            )
        found = self.store.explained_paths(
            source, target, k=k, max_hops=max_hops, mode=mode, blocked=self.blocked | set(blocked)
        )
        # The path's people asked about with the ends: one look-up for both checks.
        ends = set(found.ends) - self.private_among([*found.ends, *found.details.people])
        if source not in ends or target not in ends or not found.paths:
            return ExplainedPaths(ends, [], NO_DETAILS)
        return ExplainedPaths(ends, found.paths, self._seen_details(found.details))

    def _seen_details(self, found: PathDetails) -> PathDetails:
        hidden = self.private_among(found.people)
        shown = {}
        for pair, tie in found.ties.items():
            if (seen := self.visible(tie)) is not None:
                shown[pair] = seen
        return found._replace(
            people={i: p for i, p in found.people.items() if i not in hidden},
            ties=shown,
            evidence={p: items for p, items in found.evidence.items() if self._whole(p)},
        )

    def _whole(self, pair: tuple[str, str]) -> bool:
        return not any(p in self.blocked for p in pair) and self.sees_contact_dates(pair)

    def best_paths(
        self,
        source: str,
        target: str,
        *,
        k: int,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> list[RawPath]:
        if source != target and (source in self.blocked or target in self.blocked):
            return []
        return self.store.best_paths(
            source, target, k=k, max_hops=max_hops, mode=mode, blocked=self.blocked | set(blocked)
        )

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        hops = 0 if source in self.blocked else max_hops  # cut out: reaches nobody
        return self.store.paths_from(
            source, max_hops=hops, mode=mode, blocked=self.blocked | set(blocked)
        )

    def visible_opportunity(self, opportunity: Opportunity) -> Opportunity | None:
        """A recorded evaluation as the viewer may see it: their own (or nobody's) whole,
        a sharing teammate's without its details, anyone else's not at all."""
        owner = opportunity.recorded_by
        if owner is None or owner == self.viewer:
            return opportunity
        if owner in self.teammates:
            return opportunity.model_copy(update={"details": {}})
        return None

    def opportunities(self) -> list[Opportunity]:
        found = self.store.opportunities()
        return [shown for o in found if (shown := self.visible_opportunity(o))]

    def export(self) -> Bundle:
        bundle = self.store.export()
        bundle.ties = [shown for tie in bundle.ties if (shown := self.visible(tie))]
        bundle.opportunities = [
            seen for o in bundle.opportunities if (seen := self.visible_opportunity(o))
        ]
        bundle.evidence = [e for e in bundle.evidence if self._whole(e.pair)]
        bundle.people = self._shown(bundle.people)
        bundle.employments = [
            e for e in bundle.employments if origin_owner(e.origin) not in self.blocked
        ]
        return bundle
