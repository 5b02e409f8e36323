"""`StoreView`: a `GraphStore` that hands every call to the store it wraps.

The one way to wrap the port: a view subclasses it and overrides only what it
changes (the team-network rule's `TeamView`, the report's prefetching view,
the API's store holder). mypy checks at the end of this module that a view is
a whole `GraphStore`, so a method added to the port and forgotten here is an
error, not a silent gap.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    ApiKey,
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Employment,
    Erasure,
    IntroRequest,
    IntroStatus,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    TeamMember,
    Tie,
    TieEvidence,
)
from graph_mtl.domain.pathfinding import Mode, PathTree, RawPath
from graph_mtl.domain.ports import Adjacency, EntityKind, Found, GraphStore

__all__ = ["StoreView"]


class StoreView:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        self.store.load(bundle)

    def export(self) -> Bundle:
        return self.store.export()

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        return self.store.delete_person(person_id, erasure=erasure)

    def erasures(self) -> list[Erasure]:
        return self.store.erasures()

    # -- reads -------------------------------------------------------------
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

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        return self.store.adjacency(person_ids)

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        return self.store.ties(pairs)

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        return self.store.evidence(pairs)

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
    ) -> list[Employment]:
        return self.store.employments(
            person_ids=person_ids, refs=refs, company_keys=company_keys, changed_since=changed_since
        )

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        return self.store.people_by_email(emails)

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
        return self.store.best_paths(
            source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
        )

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        return self.store.paths_from(source, max_hops=max_hops, mode=mode, blocked=blocked)

    def search(self, text: str, *, limit: int) -> Found:
        return self.store.search(text, limit=limit)

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

    def opportunities(self) -> list[Opportunity]:
        return self.store.opportunities()

    # -- access --------------------------------------------------------------
    def save_intro(
        self, intro: IntroRequest, *, expected: IntroStatus | None, also: Bundle | None = None
    ) -> bool:
        return self.store.save_intro(intro, expected=expected, also=also)

    def intros(
        self,
        *,
        salesperson_id: str | None = None,
        via_ids: Collection[str] | None = None,
        ids: Collection[str] | None = None,
    ) -> list[IntroRequest]:
        return self.store.intros(salesperson_id=salesperson_id, via_ids=via_ids, ids=ids)

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
        """A view owns nothing: the store it wraps stays open."""


def _conforms(view: StoreView) -> GraphStore:
    return view  # mypy checks here that a view is a whole GraphStore
