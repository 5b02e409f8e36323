"""Who may see what: the opt-in team network, applied at the port.

A salesperson's own ties are private. When they opt in to the team network
(`TeamMember.shared`), their ties may carry a teammate's warm path; the answer
then names them as the one to ask, and their ties' private details (context,
last contact) stay out of it. Ties of a salesperson who has not opted in never
carry anybody else's path. Recorded evaluations follow the same rule: they are
the recorder's, and a teammate sees that one exists (not its details) only while
the recorder shares.

`TeamView` applies that rule at the port: it is the graph as one salesperson
sees it, and every service run over it (paths, groups, accounts, channels,
outreach, evaluation) follows the rule without a search of its own. Keys and
opt-ins belong to one store: `copy` does not carry them (a consent or a
credential is not moved silently), so after a copy, keys are made and opt-ins
given again. Keys and the write rules are in graph_mtl/services/access.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    ApiKey,
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Erasure,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    TeamMember,
    Tie,
)
from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.ports import Adjacency, EntityKind, GraphStore

__all__ = ["TeamView"]


class TeamView:
    """A `GraphStore` as `viewer` sees it under the team-network rule.

    Other salespeople who have not opted in are cut out of the social graph:
    they have no ties, and nobody's ties lead to them, so no path passes
    through or ends at them. Ties of salespeople who have opted in stay, but
    read without their context and last contact (unless the viewer is the
    other end), and with a context naming the teammate to ask. Everything
    else reads and writes through to the store. `viewer` None (no salesperson
    asking) blocks every salesperson who has not opted in.
    """

    def __init__(self, store: GraphStore, viewer: str | None, team: Iterable[TeamMember]) -> None:
        self.store = store
        self.viewer = viewer
        members = [m for m in team if m.id != viewer]
        self.blocked = frozenset(m.id for m in members if not m.shared)
        self.teammates = {m.id: m.name for m in members if m.shared}

    @classmethod
    def of(cls, store: GraphStore, viewer: str | None) -> TeamView:
        return cls(store, viewer, store.team())

    def visible(self, tie: Tie) -> Tie | None:
        """The tie as the viewer may see it, or None when it is hidden."""
        if tie.source in self.blocked or tie.target in self.blocked:
            return None
        owner = next((p for p in tie.pair if p in self.teammates), None)
        if owner is None or self.viewer in tie.pair:
            return tie
        name = self.teammates[owner]
        context = f"in the team network of your teammate {name}: ask {name} to introduce you"
        return tie.model_copy(update={"context": context, "last_contact": None})

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
        return bundle

    # -- everything else, as the store has it ------------------------------
    def load(self, bundle: Bundle) -> None:
        self.store.load(bundle)

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        return self.store.delete_person(person_id, erasure=erasure)

    def erasures(self) -> list[Erasure]:
        return self.store.erasures()

    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        return self.store.existing(kind, ids)

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        return self.store.people(ids)

    def employees(self, customer_id: str) -> list[Person]:
        return self.store.employees(customer_id)

    def employees_of(self, customer_ids: Collection[str]) -> dict[str, list[Person]]:
        return self.store.employees_of(customer_ids)

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        return self.store.customers(status=status, ids=ids)

    def customer(self, customer_id: str) -> Customer | None:
        return self.store.customer(customer_id)

    def needs(self) -> list[Need]:
        return self.store.needs()

    def roles(self) -> list[Role]:
        return self.store.roles()

    def capabilities(self) -> list[Capability]:
        return self.store.capabilities()

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        return self.store.channels(person_ids=person_ids)

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        return self.store.reach(target_ids=target_ids)

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        return self.store.customer_needs(customer_id=customer_id)

    def save_api_key(self, key: ApiKey) -> None:
        self.store.save_api_key(key)

    def api_key(self, key_hash: str) -> ApiKey | None:
        return self.store.api_key(key_hash)

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        return self.store.api_keys(salesperson_id=salesperson_id)

    def revoke_api_key(self, key_id: str) -> bool:
        return self.store.revoke_api_key(key_id)

    def team(self) -> list[TeamMember]:
        return self.store.team()

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        return self.store.set_team_sharing(salesperson_id, shared=shared)

    def ping(self) -> None:
        self.store.ping()

    def close(self) -> None:
        """The view owns nothing: the store stays open."""


def _conforms(view: TeamView) -> GraphStore:
    return view  # mypy checks here that a TeamView is a whole GraphStore
