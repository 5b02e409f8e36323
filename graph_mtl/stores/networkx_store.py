"""The embedded store: the social graph in networkx, the rest in dictionaries,
persisted as one JSON file.

Writes go to a temporary file in the same folder, are flushed to disk, and
then renamed over the old file, so a crash mid-write leaves the previous
graph intact. A store without a path lives in memory only (the tests' fake).
Access data (API key records, team-network opt-ins) is kept in the same file,
beside the bundle, under "access".
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
from pydantic import ValidationError

from graph_mtl.domain.access import ApiKey, TeamMember
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    Channel,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Opportunity,
    Person,
    Reach,
    Role,
    Tie,
    as_person,
)
from graph_mtl.domain.ports import Adjacency, EntityKind
from graph_mtl.errors import StoreUnavailable

__all__ = ["NetworkxStore"]

_T = TypeVar("_T")

_FORMAT = "graph-mtl/1"


class NetworkxStore:
    """A `GraphStore` held in memory and, given a path, in one JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._reset()
        if path is not None and path.exists():
            self._read(path)

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        self._apply(bundle)
        self._persist()

    def export(self) -> Bundle:
        return Bundle(
            people=[data["person"] for _, data in self._social.nodes(data=True)],
            ties=[_tie(a, b, data) for a, b, data in self._social.edges(data=True)],
            customers=list(self._customers.values()),
            needs=list(self._needs.values()),
            roles=list(self._roles.values()),
            customer_needs=list(self._customer_needs.values()),
            capabilities=list(self._capabilities.values()),
            channels=list(self._channels.values()),
            reach=list(self._reach.values()),
            opportunities=list(self._opportunities.values()),
        )

    def delete_person(self, person_id: str) -> bool:
        if person_id not in self._social:
            return False
        person: Person = self._social.nodes[person_id]["person"]
        self._social.remove_node(person_id)
        self._salespeople.discard(person_id)
        self._shared.discard(person_id)
        if person.customer_id is not None:
            self._employees[person.customer_id].discard(person_id)
        for key in [k for k in self._reach if k[1] == person_id]:
            del self._reach[key]
        self._persist()
        return True

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        table: Collection[str] = self._social if kind == "person" else self._tables()[kind]
        return {i for i in ids if i in table}

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        nodes = self._social.nodes
        return {i: nodes[i]["person"] for i in ids if i in nodes}

    def employees(self, customer_id: str) -> list[Person]:
        nodes = self._social.nodes
        return [nodes[i]["person"] for i in sorted(self._employees.get(customer_id, ()))]

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        if ids is None:
            found = [c for _, c in sorted(self._customers.items())]
        else:
            found = [self._customers[i] for i in sorted(set(ids)) if i in self._customers]
        return [c for c in found if status is None or c.status == status]

    def customer(self, customer_id: str) -> Customer | None:
        return self._customers.get(customer_id)

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        adj = self._social.adj
        return {
            i: [(other, data["strength"]) for other, data in adj[i].items()]
            for i in person_ids
            if i in adj
        }

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        out: dict[tuple[str, str], Tie] = {}
        for a, b in pairs:
            data = self._social.get_edge_data(a, b)
            if data is not None:
                tie = _tie(a, b, data)
                out[tie.pair] = tie
        return out

    def needs(self) -> list[Need]:
        return _sorted(self._needs)

    def roles(self) -> list[Role]:
        return _sorted(self._roles)

    def capabilities(self) -> list[Capability]:
        return _sorted(self._capabilities)

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        if person_ids is None:
            return _sorted(self._channels)
        wanted = set(person_ids)
        return [c for c in _sorted(self._channels) if c.person_id in wanted]

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        wanted = None if target_ids is None else set(target_ids)
        return [r for k, r in sorted(self._reach.items()) if wanted is None or k[1] in wanted]

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        return [
            cn
            for k, cn in sorted(self._customer_needs.items())
            if customer_id is None or k[0] == customer_id
        ]

    def opportunities(self) -> list[Opportunity]:
        return _sorted(self._opportunities)

    # -- access --------------------------------------------------------------
    def save_api_key(self, key: ApiKey) -> None:
        old = self._api_keys.get(key.id)
        if old is not None:
            del self._key_ids[old.key_hash]
        self._api_keys[key.id] = key
        self._key_ids[key.key_hash] = key.id
        self._persist()

    def api_key(self, key_hash: str) -> ApiKey | None:
        key_id = self._key_ids.get(key_hash)
        return None if key_id is None else self._api_keys[key_id]

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        return sorted(
            (
                k
                for k in self._api_keys.values()
                if salesperson_id is None or k.salesperson_id == salesperson_id
            ),
            key=lambda k: (k.created_on, k.id),
        )

    def revoke_api_key(self, key_id: str) -> bool:
        key = self._api_keys.get(key_id)
        if key is None:
            return False
        if not key.revoked:
            self._api_keys[key_id] = key.model_copy(update={"revoked": True})
            self._persist()
        return True

    def team(self) -> list[TeamMember]:
        nodes = self._social.nodes
        return [
            TeamMember(id=i, name=nodes[i]["person"].name, shared=i in self._shared)
            for i in sorted(self._salespeople)
        ]

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        if salesperson_id not in self._salespeople:
            return False
        if shared != (salesperson_id in self._shared):
            if shared:
                self._shared.add(salesperson_id)
            else:
                self._shared.discard(salesperson_id)
            self._persist()
        return True

    # -- life cycle --------------------------------------------------------
    def ping(self) -> None:
        if self.path is not None and not self.path.parent.exists():
            raise StoreUnavailable(f"the store's folder {self.path.parent} does not exist")

    def close(self) -> None:
        """Nothing to release: every write is on disk when it returns."""

    # -- internals ---------------------------------------------------------
    def _reset(self) -> None:
        self._social = nx.Graph()
        self._employees: defaultdict[str, set[str]] = defaultdict(set)
        self._customers: dict[str, Customer] = {}
        self._needs: dict[str, Need] = {}
        self._roles: dict[str, Role] = {}
        self._capabilities: dict[str, Capability] = {}
        self._channels: dict[str, Channel] = {}
        self._customer_needs: dict[tuple[str, str], CustomerNeed] = {}
        self._reach: dict[tuple[str, str], Reach] = {}
        self._opportunities: dict[str, Opportunity] = {}
        # Access data, and an index of the salespeople so that `team()` reads no
        # more than the team on a graph of any size.
        self._salespeople: set[str] = set()
        self._shared: set[str] = set()
        self._api_keys: dict[str, ApiKey] = {}
        self._key_ids: dict[str, str] = {}  # key hash -> key id

    def _tables(self) -> dict[str, dict[str, Any]]:
        return {
            "customer": self._customers,
            "need": self._needs,
            "role": self._roles,
            "capability": self._capabilities,
            "channel": self._channels,
        }

    def _apply(self, bundle: Bundle) -> None:
        for person in bundle.people:
            self._put_person(person)
        for tie in bundle.ties:
            self._social.add_edge(
                tie.source,
                tie.target,
                strength=tie.strength,
                last_contact=tie.last_contact,
                context=tie.context,
            )
        self._customers.update((c.id, c) for c in bundle.customers)
        self._needs.update((n.id, n) for n in bundle.needs)
        self._roles.update((r.id, r) for r in bundle.roles)
        self._capabilities.update((c.id, c) for c in bundle.capabilities)
        self._channels.update((c.id, c) for c in bundle.channels)
        self._customer_needs.update(((c.customer_id, c.need_id), c) for c in bundle.customer_needs)
        self._reach.update(((r.channel_id, r.target_id), r) for r in bundle.reach)
        self._opportunities.update((o.id, o) for o in bundle.opportunities)

    def _put_person(self, person: Person) -> None:
        if person.id in self._social:
            old: Person = self._social.nodes[person.id]["person"]
            if old.customer_id is not None:
                self._employees[old.customer_id].discard(person.id)
        self._social.add_node(person.id, person=as_person(person))
        if person.is_salesperson:
            self._salespeople.add(person.id)
        else:
            self._salespeople.discard(person.id)
        if person.customer_id is not None:
            self._employees[person.customer_id].add(person.id)

    def _persist(self) -> None:
        if self.path is None:
            return
        document = {"format": _FORMAT, **self.export().to_json(), "access": self._access_json()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError as exc:
            self._restore()
            raise StoreUnavailable(f"cannot write the store file {self.path}: {exc}") from exc
        except BaseException:
            self._restore()
            raise

    def _restore(self) -> None:
        """Go back to what is on disk after a failed write."""
        self._reset()
        if self.path is not None and self.path.exists():
            self._read(self.path)

    def _read(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreUnavailable(f"cannot read the store file {path}: {exc}") from exc
        if not isinstance(document, dict) or document.get("format") != _FORMAT:
            raise StoreUnavailable(f"{path} is not a graph-mtl store file")
        try:
            self._apply(Bundle.from_json(document))
        except ValidationError as exc:
            raise StoreUnavailable(f"the store file {path} is damaged: {exc}") from exc
        try:
            self._apply_access(document.get("access") or {})
        except (ValidationError, TypeError, AttributeError) as exc:
            raise StoreUnavailable(f"the store file {path} has damaged access data") from exc

    def _access_json(self) -> dict[str, Any]:
        return {
            "api_keys": [k.model_dump(mode="json") for _, k in sorted(self._api_keys.items())],
            "team_shared": sorted(self._shared),
        }

    def _apply_access(self, access: dict[str, Any]) -> None:
        for item in access.get("api_keys", []):
            key = ApiKey.model_validate(item)
            self._api_keys[key.id] = key
            self._key_ids[key.key_hash] = key.id
        self._shared.update(str(i) for i in access.get("team_shared", []))


def _tie(a: str, b: str, data: dict[str, Any]) -> Tie:
    source, target = (a, b) if a < b else (b, a)
    return Tie(
        source=source,
        target=target,
        strength=data["strength"],
        last_contact=data["last_contact"],
        context=data["context"],
    )


def _sorted(table: dict[str, _T]) -> list[_T]:
    return [table[k] for k in sorted(table)]
