"""The Neo4j store (long because it is the whole port, a Cypher query a method):
the graph on a Neo4j server (or cluster), reached through a driver that the
wiring code hands it.

Every statement comes from `queries/` by name with its values as parameters.
A load is one explicit write transaction of batched `UNWIND ... MERGE`
statements, committed at the end, so a failed load leaves nothing half-written
and a repeated one duplicates nothing. It is not retried: a bundle refused for
memory would be refused again on every retry. Driver errors become
StoreUnavailable here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.forgetting import Mentions, mentions_of
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
    as_person,
)
from graph_mtl.domain.names import company_key, email_key, person_search_text, search_text
from graph_mtl.domain.pathfinding import (
    Mode,
    PathTree,
    RawPath,
    k_best_paths,
    paths_from,
)
from graph_mtl.domain.ports import Adjacency, EntityKind, Found, PathDetails
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.cypher import query, query_names

__all__ = ["HOW_TO_START", "Neo4jStore", "unreachable"]

HOW_TO_START = (
    "start it with `make neo4j` (scripts/neo4j/start.sh), or use the embedded store "
    "(unset GRAPH_MTL_STORE, or give --store a file path)"
)


def unreachable(uri: str | None = None) -> StoreUnavailable:
    """The server is down or not there: one line saying how to start it. The hint
    (for API callers too) leaves the address out."""
    hint = f"Neo4j is not reachable: {HOW_TO_START}"
    where = f"Neo4j at {uri} is not reachable: {HOW_TO_START}" if uri else hint
    return StoreUnavailable(where, hint=hint)


_BATCH = 5_000
SEARCH_FORM = 2
"""How the `search` property is folded (2: traditional Chinese as simplified, with
the pinyin of Chinese names); a node with an older form gets it again on first use."""
_OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
_SCHEMA = [name for name in query_names() if name.startswith("schema_")]


@contextmanager
def _translated() -> Iterator[None]:
    """Driver and server errors as graph-mtl's StoreUnavailable, without their text."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise unreachable() from exc
    except (DriverError, Neo4jError) as exc:
        raise StoreUnavailable(f"the Neo4j store failed: {type(exc).__name__}") from exc


class Neo4jStore:
    """A `GraphStore` on a Neo4j server; `owns_driver` makes `close()` close the driver."""

    def __init__(
        self, driver: neo4j.Driver, *, database: str | None = None, owns_driver: bool = False
    ) -> None:
        self._driver = driver
        self._database = database
        self._owns_driver = owns_driver
        self._schema_ready = False

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        self._ensure_schema()
        self._transaction(_batches(bundle))

    def _transaction(
        self, batches: list[tuple[str, list[dict[str, Any]]]], *, guard: Guard = ()
    ) -> bool:
        """Run the batches in one transaction; the `guard` statements run first, and
        when the last of them writes nothing the transaction is rolled back and
        False returned."""
        # An explicit transaction, not execute_write: the driver retries a transient
        # error for up to 30 s, and a memory refusal (raised by a statement or only by
        # the commit) is transient to the driver but final for a bundle of this size.
        with _translated(), self._driver.session(database=self._database) as session:
            try:
                with session.begin_transaction() as tx:
                    for name, parameters in guard:
                        record = tx.run(_q(name), parameters).single()
                    if guard and not (record and record["written"]):
                        tx.rollback()
                        return False
                    for name, rows in batches:
                        for start in range(0, len(rows), _BATCH):
                            tx.run(_q(name), rows=rows[start : start + _BATCH]).consume()
                    tx.commit()
                    return True
            except Neo4jError as exc:
                if exc.code == _OUT_OF_MEMORY:
                    raise StoreUnavailable(_too_large(exc)) from exc
                raise

    def save_intro(
        self, intro: IntroRequest, *, expected: IntroStatus | None, also: Bundle | None = None
    ) -> bool:
        self._ensure_schema()
        row = {
            "id": intro.id,
            "salesperson_id": intro.salesperson_id,
            "target_id": intro.target_id,
            "via_id": intro.via_id,
            "status": str(intro.status),
            "requested_on": intro.requested_on.isoformat(),
            "data_json": intro.model_dump_json(),
        }
        guard = (
            ("lock_intro", {"id": intro.id}),
            ("save_intro", {"row": row, "expected": expected and str(expected)}),
        )
        return self._transaction(_batches(also) if also else [], guard=guard)

    def intros(
        self,
        *,
        salesperson_id: str | None = None,
        via_ids: Collection[str] | None = None,
        ids: Collection[str] | None = None,
    ) -> list[IntroRequest]:
        records = self._read(
            "read_intros",
            salesperson_id=salesperson_id,
            via_ids=None if via_ids is None else sorted(set(via_ids)),
            ids=None if ids is None else sorted(set(ids)),
        )
        return [IntroRequest.model_validate_json(r["data"]) for r in records]

    def export(self) -> Bundle:
        return Bundle(
            people=[_person(r["props"]) for r in self._read("read_all_people")],
            ties=[_tie(r) for r in self._read("read_all_ties")],
            customers=self.customers(),
            needs=self.needs(),
            roles=self.roles(),
            customer_needs=self.customer_needs(),
            capabilities=self.capabilities(),
            channels=self.channels(),
            reach=self.reach(),
            opportunities=self.opportunities(),
            evidence=[_evidence(r) for r in self._read("read_all_evidence")],
            employments=self.employments(),
        )

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        record = None if erasure is None else erasure.model_dump(mode="json")
        with (
            _translated(),
            self._driver.session(database=self._database) as session,
            session.begin_transaction() as tx,
        ):
            found = tx.run(_q("read_people"), ids=[person_id]).single()
            if found is None:
                return False
            mentions = mentions_of(_person(found["props"]))
            if mentions:
                rows = tx.run(_q("read_mentions"), needles=_needles(mentions)).data()
                tx.run(_q("scrub_mentions"), _scrubbed(rows, mentions)).consume()
            deleted = tx.run(_q("delete_person"), id=person_id, erasure=record).single()
            tx.commit()
        return deleted is not None and bool(deleted["deleted"])

    def erasures(self) -> list[Erasure]:
        return [Erasure.model_validate(r["props"]) for r in self._read("read_erasures")]

    def clear(self) -> None:
        """Remove every node and relationship (tests use it on a scratch server).

        In transactions of 10,000 nodes, so that a large graph fits the server's
        memory: a failure part-way leaves part of the graph behind.
        """
        self._auto_commit("clear_graph")

    def explain(self, name: str, **parameters: Any) -> None:
        """Have the server plan a statement without running it (checks its syntax)."""
        with _translated():
            self._driver.execute_query(
                "EXPLAIN " + _q(name), parameters_=parameters, database_=self._database
            )

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self._read("existing_ids", ids=list(set(ids))) if r[kind]}

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        records = self._read("read_people", ids=list(dict.fromkeys(ids)))
        return {r["props"]["id"]: _person(r["props"]) for r in records}

    def employees(self, customer_id: str) -> list[Person]:
        return [_person(r["props"]) for r in self._read("read_employees", customer_id=customer_id)]

    def employees_of(self, customer_ids: Collection[str]) -> dict[str, list[Person]]:
        wanted = sorted(set(customer_ids))
        found: dict[str, list[Person]] = {c: [] for c in wanted}
        if wanted:
            for r in self._read("read_employees_of", customer_ids=wanted):
                found[r["customer_id"]].append(_person(r["props"]))
        return found

    def customers(
        self, *, status: CustomerStatus | None = None, ids: Collection[str] | None = None
    ) -> list[Customer]:
        wanted = status and str(status)
        if ids is None:
            records = self._read("read_customers", status=wanted)
        elif not ids:
            return []
        else:
            records = self._read("read_customers_by_id", ids=sorted(set(ids)), status=wanted)
        return [_customer(r["props"]) for r in records]

    def customer(self, customer_id: str) -> Customer | None:
        records = self._read("read_customer", id=customer_id)
        return _customer(records[0]["props"]) if records else None

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        records = self._read("read_adjacency", ids=list(person_ids))
        return {r["id"]: list(zip(r["others"], r["strengths"], strict=True)) for r in records}

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        found = (_tie(r) for r in self._read("read_ties", pairs=[list(p) for p in wanted]))
        return {tie.pair: tie for tie in found}

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        found: dict[tuple[str, str], list[TieEvidence]] = {}
        for r in self._read("read_evidence", pairs=[list(p) for p in wanted]):
            item = _evidence(r)
            found.setdefault(item.pair, []).append(item)
        return found

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        wanted = list(dict.fromkeys(person_ids))
        sorted_pairs = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        if not wanted and not sorted_pairs:
            return PathDetails({}, {}, {}, {}, [])
        (record,) = self._read(
            "read_path_details", ids=wanted, pairs=[list(p) for p in sorted_pairs]
        )
        read = {props["id"]: _person(props) for props in record["people"]}
        evidence: dict[tuple[str, str], list[TieEvidence]] = {}
        for row in record["evidence"]:
            item = _evidence(row)
            evidence.setdefault(item.pair, []).append(item)
        customers = sorted((_customer(c) for c in record["customers"]), key=lambda c: c.id)
        return PathDetails(
            people={i: read[i] for i in wanted if i in read},
            ties={tie.pair: tie for tie in map(_tie, record["ties"])},
            evidence=evidence,
            customers={c.id: c for c in customers},
            channels=[_channel(c) for c in record["channels"]],
        )

    def employments(
        self,
        *,
        person_ids: Collection[str] | None = None,
        refs: Collection[str] | None = None,
        company_keys: Collection[str] | None = None,
        changed_since: date | None = None,
    ) -> list[Employment]:
        filters = [None if v is None else sorted(set(v)) for v in (person_ids, refs, company_keys)]
        if any(f == [] for f in filters):
            return []
        records = self._read(
            "read_employments",
            person_ids=filters[0],
            refs=filters[1],
            company_keys=filters[2],
            changed_since=changed_since,
        )
        return [_employment(r["props"]) for r in records]

    def people_by_email(self, emails: Collection[str]) -> dict[str, list[str]]:
        wanted = sorted({email_key(e) for e in emails if e.strip()})
        found: dict[str, list[str]] = {}
        if wanted:
            for r in self._read("read_people_by_email", emails=wanted):
                found.setdefault(r["email"], []).append(r["id"])
        return found

    # The searches run here, fetching a whole frontier per round trip (about four
    # reads for a path of four hops), with the rules of graph_mtl/domain/pathfinding.py.
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
        return k_best_paths(
            self.adjacency, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
        )

    def paths_from(
        self,
        source: str,
        *,
        max_hops: int,
        mode: Mode = Mode.STRONGEST,
        blocked: Collection[str] = frozenset(),
    ) -> PathTree:
        return paths_from(self.adjacency, source, max_hops=max_hops, mode=mode, blocked=blocked)

    def search(self, text: str, *, limit: int) -> Found:
        self._ensure_schema()  # an older server's items get their search text first
        r = self._read("search_names", q=text, limit=limit)[0]
        people = [_person(p) for p in _first(r["people_named"], r["people_inside"], limit)]
        customers = [
            _customer(c) for c in _first(r["customers_named"], r["customers_inside"], limit)
        ]
        channels = [_channel(c) for c in _first(r["channels_named"], r["channels_inside"], limit)]
        employees = self._read(
            "search_employees", customer_ids=[c.id for c in customers], limit=limit
        )
        return Found(people, customers, channels, [_person(e["props"]) for e in employees])

    def needs(self) -> list[Need]:
        return [Need.model_validate(r["props"]) for r in self._read("read_needs")]

    def roles(self) -> list[Role]:
        return [Role.model_validate(r["props"]) for r in self._read("read_roles")]

    def capabilities(self) -> list[Capability]:
        return [Capability.model_validate(r["props"]) for r in self._read("read_capabilities")]

    def channels(self, *, person_ids: Collection[str] | None = None) -> list[Channel]:
        if person_ids is None:
            records = self._read("read_channels")
        elif not person_ids:
            return []
        else:
            records = self._read("read_channels_of_people", person_ids=sorted(set(person_ids)))
        return [_channel(r["props"]) for r in records]

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        wanted = None if target_ids is None else list(target_ids)
        return [Reach.model_validate(dict(r)) for r in self._read("read_reach", target_ids=wanted)]

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        records = self._read("read_customer_needs", customer_id=customer_id)
        return [CustomerNeed.model_validate(r["props"]) for r in records]

    def opportunities(self) -> list[Opportunity]:
        return [_opportunity(r["props"]) for r in self._read("read_opportunities")]

    # -- access --------------------------------------------------------------
    def save_api_key(self, key: ApiKey) -> None:
        self._ensure_schema()
        self._run("upsert_api_key", write=True, props=key.model_dump())

    def api_key(self, key_hash: str) -> ApiKey | None:
        records = self._read("read_api_key", key_hash=key_hash)
        return _api_key(records[0]["props"]) if records else None

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        records = self._read("read_api_keys", salesperson_id=salesperson_id)
        return [_api_key(r["props"]) for r in records]

    def revoke_api_key(self, key_id: str) -> bool:
        return bool(self._run("revoke_api_key", write=True, id=key_id)[0]["found"])

    def team(self) -> list[TeamMember]:
        return [
            TeamMember(id=r["id"], name=r["name"], shared=r["shared"])
            for r in self._read("read_team")
        ]

    def set_team_sharing(self, salesperson_id: str, *, shared: bool) -> bool:
        records = self._run("set_team_sharing", write=True, id=salesperson_id, shared=shared)
        return bool(records[0]["found"])

    # -- life cycle --------------------------------------------------------
    def ping(self) -> None:
        self._read("ping")

    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    # -- internals ---------------------------------------------------------
    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        for name in _SCHEMA:
            self._run(name, write=True)
        while rows := self._read("read_unsearchable", form=SEARCH_FORM, limit=_BATCH):
            self._run(
                "set_search",
                write=True,
                form=SEARCH_FORM,
                rows=[
                    {
                        "node": r["node"],
                        "search": person_search_text(r["name"], r["id"], r["title"], r["email"])
                        if r["person"]
                        else search_text(r["name"], r["id"]),
                    }
                    for r in rows
                ],
            )
        self._schema_ready = True

    def _read(self, name: str, **parameters: Any) -> list[neo4j.Record]:
        return self._run(name, write=False, **parameters)

    def _run(self, name: str, *, write: bool, **parameters: Any) -> list[neo4j.Record]:
        with _translated():
            records, _, _ = self._driver.execute_query(
                _q(name),
                parameters_=parameters,
                database_=self._database,
                routing_=neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ,
            )
        return records

    def _auto_commit(self, name: str) -> None:
        """Run a statement outside any explicit transaction (the server commits it)."""
        with _translated(), self._driver.session(database=self._database) as session:
            session.run(_q(name)).consume()


def _q(name: str) -> LiteralString:
    # The text comes from the project's own files, never from user input.
    return query(name)


def _too_large(exc: Neo4jError) -> str:
    """Why a load ran out of the server's transaction memory, and what to do about it."""
    return (
        "the bundle is too large for one transaction on this Neo4j server: it ran out of "
        f"transaction memory ({exc.code}; {exc.message}). Give the server a larger heap "
        "(NEO4J_HEAP for scripts/neo4j/start.sh) or a higher transaction memory limit "
        "(db.memory.transaction.total.max, dbms.memory.transaction.total.max), "
        "or import the bundle in smaller parts"
    )


def _needles(mentions: Mentions) -> list[str]:
    return sorted({p.lower() for p in mentions.probes()})


def _scrubbed(rows: Sequence[Mapping[str, Any]], mentions: Mentions) -> dict[str, Any]:
    """`scrub_mentions`' parameters: the texts `read_mentions` found, scrubbed."""
    found: dict[str, list[dict[str, Any]]] = {"ties": [], "opportunities": [], "intros": []}
    for row in rows:
        if row["kind"] == "tie":
            found["ties"].append(
                {"a": row["a"], "b": row["b"], "context": mentions.scrubbed(row["text"])}
            )
        elif row["kind"] == "opportunity":
            details = {
                mentions.scrubbed(k): mentions.scrubbed(v)
                for k, v in json.loads(row["text"]).items()
            }
            text = json.dumps(details, ensure_ascii=False, sort_keys=True)
            found["opportunities"].append({"id": row["a"], "details_json": text})
        else:
            intro = mentions.intro(IntroRequest.model_validate_json(row["text"]))
            found["intros"].append({"id": row["a"], "data_json": intro.model_dump_json()})
    return found


def _props(model: BaseModel) -> dict[str, Any]:
    """A model as Neo4j properties: lists for tuples, enums as text, dates kept."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in model.model_dump().items()}


def _searchable(item: Person | Customer | Channel) -> dict[str, Any]:
    """A node's properties with the folded text it is found by."""
    if isinstance(item, Person):
        search = person_search_text(item.name, item.id, item.title, item.email)
    else:
        search = search_text(item.name, item.id)
    return {**_props(item), "search": search, "search_form": SEARCH_FORM}


def _tie_row(tie: Tie) -> dict[str, Any]:
    source, target = tie.pair
    return {
        "source": source,
        "target": target,
        "props": {
            "strength": tie.strength,
            "last_contact": tie.last_contact,
            "context": tie.context,
        },
    }


def _evidence_row(item: TieEvidence) -> dict[str, Any]:
    low, high = item.pair
    props = item.model_dump(exclude={"target", "origin"})  # `source`: whose sent and received
    return {"source": low, "target": high, "origin": item.origin, "props": props}


def _evidence(record: Mapping[str, Any]) -> TieEvidence:
    props = {k: _native(v) for k, v in record["props"].items()}
    low, high = record["source"], record["target"]
    source = props.pop("source", low)  # written before direction was kept: no sent or received
    return TieEvidence(source=source, target=high if source == low else low, **props)


def _employment_row(item: Employment) -> dict[str, Any]:
    return {**item.model_dump(), "company_key": company_key(item.company)}


def _employment(props: Mapping[str, Any]) -> Employment:
    return Employment.model_validate(
        {k: _native(v) for k, v in props.items() if k != "company_key"}
    )


def _opportunity_row(opportunity: Opportunity) -> dict[str, Any]:
    row = _props(opportunity)
    row["details_json"] = json.dumps(row.pop("details"), ensure_ascii=False, sort_keys=True)
    return row


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _person(props: Mapping[str, Any]) -> Person:
    return as_person(Person.model_validate(_bare(props)))


def _customer(props: Mapping[str, Any]) -> Customer:
    return Customer.model_validate(_bare(props))


def _channel(props: Mapping[str, Any]) -> Channel:
    return Channel.model_validate(_bare(props))


def _bare(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node's properties without the folded text it is found by."""
    return {k: v for k, v in props.items() if k not in ("search", "search_form")}


def _first(named: list[Any], inside: list[Any], limit: int) -> list[Any]:
    """Up to `limit` items, those whose name starts with the text first; by id."""
    found: dict[str, Any] = {}
    for item in [*named, *inside]:
        found.setdefault(item["id"], item)
    return [found[i] for i in sorted(list(found)[:limit])]


def _tie(record: Mapping[str, Any]) -> Tie:
    props = record["props"]
    last: date | None = _native(props.get("last_contact"))
    return Tie(
        source=record["source"],
        target=record["target"],
        strength=props["strength"],
        last_contact=last,
        context=props.get("context", ""),
    )


def _api_key(props: Mapping[str, Any]) -> ApiKey:
    return ApiKey.model_validate({k: _native(v) for k, v in props.items()})


def _opportunity(props: Mapping[str, Any]) -> Opportunity:
    data = {k: _native(v) for k, v in props.items() if k != "details_json"}
    data["details"] = json.loads(props.get("details_json", "{}"))
    return Opportunity.model_validate(data)


Guard = Sequence[tuple[str, dict[str, Any]]]
"""Statements run first in a transaction; the last must write (answer `written` > 0)
for the transaction to commit."""


def _batches(bundle: Bundle) -> list[tuple[str, list[dict[str, Any]]]]:
    """A bundle's upserts, in the order that makes their ends exist first."""
    return [
        ("upsert_needs", [_props(n) for n in bundle.needs]),
        ("upsert_roles", [{"props": _props(r)} for r in bundle.roles]),
        ("upsert_customers", [_searchable(c) for c in bundle.customers]),
        ("upsert_customer_needs", [_props(c) for c in bundle.customer_needs]),
        ("upsert_capabilities", [_props(c) for c in bundle.capabilities]),
        ("upsert_people", [{"props": _searchable(p)} for p in bundle.people]),
        ("upsert_ties", [_tie_row(t) for t in bundle.ties]),
        ("upsert_channels", [_searchable(c) for c in bundle.channels]),
        ("upsert_reach", [_props(r) for r in bundle.reach]),
        ("upsert_opportunities", [_opportunity_row(o) for o in bundle.opportunities]),
        ("upsert_evidence", [_evidence_row(e) for e in bundle.evidence]),
        ("upsert_employments", [_employment_row(e) for e in bundle.employments]),
    ]
