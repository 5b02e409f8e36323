"""The Neo4j store (long because it is the whole port, a Cypher query a method):
the graph on a Neo4j server (or cluster), reached through a driver that the
wiring code hands it. Every statement comes from `queries/` by name.

A load of up to `batch_rows` rows is one write transaction; a larger one is
staged (neo4j_import.py). Either way a failed load leaves nothing behind. Reads
are read transactions (`execute_query` routed to READ, as `execute_read`), so a
cluster's secondaries serve them through a `neo4j://` URI; writes share the
driver's bookmarks, so a read sees the writes made before it. Driver errors
become StoreUnavailable here and nowhere else (neo4j_errors.py).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import Neo4jError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.forgetting import mentions_of
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
from graph_mtl.domain.names import email_key
from graph_mtl.domain.pathfinding import (
    Mode,
    PathTree,
    RawPath,
    k_best_paths,
    paths_from,
)
from graph_mtl.domain.ports import (
    NO_DETAILS,
    Adjacency,
    EntityKind,
    ExplainedPaths,
    Found,
    PathDetails,
    path_parts,
)
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.cypher import query, query_names
from graph_mtl.stores.neo4j_errors import (
    HOW_TO_START,
    OUT_OF_MEMORY,
    too_large,
    translated,
    unreachable,
)
from graph_mtl.stores.neo4j_forms import refresh_forms
from graph_mtl.stores.neo4j_import import (
    WRITE_SECONDS,
    Guard,
    reclaim,
    retried,
    rows_in,
    staged_load,
)
from graph_mtl.stores.neo4j_rows import (
    api_key_of,
    bare,
    batches,
    channel_of,
    customer_of,
    employment_of,
    evidence_of,
    first_found,
    needles,
    opportunity_of,
    person_of,
    scrubbed,
    tie_of,
)
from graph_mtl.stores.neo4j_schema import tolerant

__all__ = ["HOW_TO_START", "Neo4jStore", "unreachable"]

_BATCH = 5_000
BATCH_ROWS = 10_000
"""A load of more rows than this is staged, in transactions of this many rows (measured
on 300,000 ties: a seventh less server CPU per tie than transactions of 20,000)."""
_SCHEMA = [name for name in query_names() if name.startswith("schema_")]


class Neo4jStore:
    """A `GraphStore` on a Neo4j server; `owns_driver` makes `close()` close the driver."""

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        owns_driver: bool = False,
        batch_rows: int = BATCH_ROWS,
    ) -> None:
        self._driver = driver
        self._database = database
        self._owns_driver = owns_driver
        self._batch_rows = batch_rows
        self._schema_ready = False

    # -- writes ------------------------------------------------------------
    def load(self, bundle: Bundle) -> None:
        self._ensure_schema()
        rows = batches(bundle)
        if rows_in(rows) <= self._batch_rows:
            # a deadlock with an import that runs meanwhile: the write is tried again
            retried(functools.partial(self._transaction, rows, timeout=WRITE_SECONDS))
        else:
            with translated():
                staged_load(self, rows, batch_rows=self._batch_rows)

    def _transaction(
        self,
        batches: list[tuple[str, list[dict[str, Any]]]],
        *,
        guard: Guard = (),
        timeout: float | None = None,
    ) -> bool:
        """Run the batches in one transaction; the `guard` statements run first, and
        when the last of them writes nothing the transaction is rolled back and
        False returned. A write outside a staged import gives a `timeout`: an import
        running meanwhile counts on it (neo4j_import.py)."""
        # An explicit transaction, not execute_write: the driver retries a transient
        # error for up to 30 s, and a memory refusal (raised by a statement or only by
        # the commit) is transient to the driver but final for a bundle of this size.
        with translated(), self._session() as session:
            try:
                with session.begin_transaction(timeout=timeout) as tx:
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
                if exc.code == OUT_OF_MEMORY:
                    raise StoreUnavailable(too_large(exc)) from exc
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
        return self._transaction(batches(also) if also else [], guard=guard, timeout=WRITE_SECONDS)

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
            people=[person_of(r["props"]) for r in self._read("read_all_people")],
            ties=[tie_of(r) for r in self._read("read_all_ties")],
            customers=self.customers(),
            needs=self.needs(),
            roles=self.roles(),
            customer_needs=self.customer_needs(),
            capabilities=self.capabilities(),
            channels=self.channels(),
            reach=self.reach(),
            opportunities=self.opportunities(),
            evidence=[evidence_of(r) for r in self._read("read_all_evidence")],
            employments=self.employments(),
        )

    def delete_person(self, person_id: str, *, erasure: Erasure | None = None) -> bool:
        record = None if erasure is None else erasure.model_dump(mode="json")
        with (
            translated(),
            self._session() as session,
            session.begin_transaction() as tx,
        ):
            found = tx.run(_q("read_people"), ids=[person_id]).single()
            if found is None:
                return False
            mentions = mentions_of(person_of(found["props"]))
            if mentions:
                rows = tx.run(_q("read_mentions"), needles=needles(mentions)).data()
                tx.run(_q("scrub_mentions"), scrubbed(rows, mentions)).consume()
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
        with translated():
            self._driver.execute_query(
                "EXPLAIN " + _q(name), parameters_=parameters, database_=self._database
            )

    # -- reads -------------------------------------------------------------
    def existing(self, kind: EntityKind, ids: Collection[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self._read("existing_ids", ids=list(set(ids))) if r[kind]}

    def people(self, ids: Iterable[str]) -> dict[str, Person]:
        wanted = list(dict.fromkeys(ids))
        records = self._read("read_people", ids=wanted)
        return {r["props"]["id"]: person_of(r["props"]) for r in records}

    def employees(self, customer_id: str) -> list[Person]:
        return [
            person_of(r["props"]) for r in self._read("read_employees", customer_id=customer_id)
        ]

    def employees_of(
        self, customer_ids: Collection[str], *, with_roles: bool = False
    ) -> dict[str, list[Person]]:
        wanted = sorted(set(customer_ids))
        found: dict[str, list[Person]] = {c: [] for c in wanted}
        if wanted:
            rows = self._read("read_employees_of", customer_ids=wanted, with_roles=with_roles)
            for r in rows:
                found[r["customer_id"]] = [person_of(p) for p in r["people"]]
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
        return [customer_of(r["props"]) for r in records]

    def customer(self, customer_id: str) -> Customer | None:
        records = self._read("read_customer", id=customer_id)
        return customer_of(records[0]["props"]) if records else None

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        return _adjacency_of(self._read("read_adjacency", ids=list(person_ids)))

    def tied_only_to(self, person_ids: Collection[str], others: Collection[str]) -> set[str]:
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return set()
        found = self._read("read_tied_only_to", ids=ids, others=sorted(set(others)))
        return {r["id"] for r in found}

    def ties(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], Tie]:
        wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        found = (tie_of(r) for r in self._read("read_ties", pairs=[list(p) for p in wanted]))
        return {tie.pair: tie for tie in found}

    def evidence(
        self, pairs: Collection[tuple[str, str]]
    ) -> dict[tuple[str, str], list[TieEvidence]]:
        wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        found: dict[tuple[str, str], list[TieEvidence]] = {}
        for r in self._read("read_evidence", pairs=[list(p) for p in wanted]):
            item = evidence_of(r)
            found.setdefault(item.pair, []).append(item)
        return found

    def path_details(
        self, person_ids: Collection[str], pairs: Collection[tuple[str, str]]
    ) -> PathDetails:
        wanted = list(dict.fromkeys(person_ids))
        if not wanted and not pairs:
            return NO_DETAILS
        parameters = _detail_parameters(wanted, pairs)
        return _details_of(self._read("read_path_details", **parameters), wanted)

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
        return [employment_of(r["props"]) for r in records]

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
        """The ends, the search and the details in one read transaction: one round
        trip a statement, none for a transaction's begin and commit between them, and
        the details as of the search."""

        def work(tx: neo4j.ManagedTransaction) -> ExplainedPaths:
            wanted = list(dict.fromkeys([source, target]))
            ends = {
                r["props"]["id"]: person_of(r["props"])
                for r in tx.run(_q("read_people"), ids=wanted)
            }
            if source not in ends or target not in ends:
                return ExplainedPaths(ends, [], NO_DETAILS)

            def fetch(ids: Collection[str]) -> Adjacency:
                return _adjacency_of(list(tx.run(_q("read_adjacency"), ids=list(ids))))

            paths = k_best_paths(
                fetch, source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked
            )
            if not paths:
                return ExplainedPaths(ends, [], NO_DETAILS)
            ids, pairs = path_parts(paths)
            found = list(tx.run(_q("read_path_details"), _detail_parameters(ids, pairs)))
            return ExplainedPaths(ends, paths, _details_of(found, ids))

        with translated(), self._session(read=True) as session:
            return session.execute_read(work)

    def search(self, text: str, *, limit: int) -> Found:
        self._ensure_schema()  # an older server's items get their search text first
        r = self._read("search_names", q=text, limit=limit)[0]
        people = [person_of(p) for p in first_found(r["people_named"], r["people_inside"], limit)]
        customers = [
            customer_of(c) for c in first_found(r["customers_named"], r["customers_inside"], limit)
        ]
        channels = [
            channel_of(c) for c in first_found(r["channels_named"], r["channels_inside"], limit)
        ]
        employees = self._read(
            "search_employees", customer_ids=[c.id for c in customers], limit=limit
        )
        return Found(people, customers, channels, [person_of(e["props"]) for e in employees])

    def needs(self) -> list[Need]:
        return [Need.model_validate(bare(r["props"])) for r in self._read("read_needs")]

    def roles(self) -> list[Role]:
        return [Role.model_validate(bare(r["props"])) for r in self._read("read_roles")]

    def capabilities(self) -> list[Capability]:
        return [
            Capability.model_validate(bare(r["props"])) for r in self._read("read_capabilities")
        ]

    def channels(
        self, *, person_ids: Collection[str] | None = None, ids: Collection[str] | None = None
    ) -> list[Channel]:
        if (person_ids is not None and not person_ids) or (ids is not None and not ids):
            return []
        if ids is not None:
            records = self._read("read_channels_by_id", ids=sorted(set(ids)))
        elif person_ids is not None:
            records = self._read("read_channels_of_people", person_ids=sorted(set(person_ids)))
        else:
            records = self._read("read_channels")
        found = [channel_of(r["props"]) for r in records]
        if ids is not None and person_ids is not None:  # both asked: the few by id, filtered
            wanted = set(person_ids)
            found = [c for c in found if c.person_id in wanted]
        return found

    def reach(self, *, target_ids: Collection[str] | None = None) -> list[Reach]:
        wanted = None if target_ids is None else list(target_ids)
        return [Reach.model_validate(dict(r)) for r in self._read("read_reach", target_ids=wanted)]

    def customer_needs(self, *, customer_id: str | None = None) -> list[CustomerNeed]:
        records = self._read("read_customer_needs", customer_id=customer_id)
        return [CustomerNeed.model_validate(bare(r["props"])) for r in records]

    def opportunities(self) -> list[Opportunity]:
        return [opportunity_of(r["props"]) for r in self._read("read_opportunities")]

    # -- access --------------------------------------------------------------
    def save_api_key(self, key: ApiKey) -> None:
        self._ensure_schema()
        self._run("upsert_api_key", write=True, props=key.model_dump())

    def api_key(self, key_hash: str) -> ApiKey | None:
        records = self._read("read_api_key", key_hash=key_hash)
        return api_key_of(records[0]["props"]) if records else None

    def api_keys(self, *, salesperson_id: str | None = None) -> list[ApiKey]:
        records = self._read("read_api_keys", salesperson_id=salesperson_id)
        return [api_key_of(r["props"]) for r in records]

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

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Each read is a transaction of its own here (`_read`): nothing to hold."""
        return contextlib.nullcontext()

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
        write = tolerant(functools.partial(self._run, write=True))
        for name in _SCHEMA:
            write(name)
        refresh_forms(self._read, write)
        with translated():
            reclaim(self)
        self._schema_ready = True

    def _read(self, name: str, **parameters: Any) -> list[neo4j.Record]:
        return self._run(name, write=False, **parameters)

    def _run(self, name: str, *, write: bool, **parameters: Any) -> list[neo4j.Record]:
        with translated():
            records, _, _ = self._driver.execute_query(
                _q(name),
                parameters_=parameters,
                database_=self._database,
                routing_=neo4j.RoutingControl.WRITE if write else neo4j.RoutingControl.READ,
            )
        return records

    def _auto_commit(self, name: str, **parameters: Any) -> None:
        """Run a statement outside any explicit transaction (the server commits it)."""
        with translated(), self._session() as session:
            session.run(_q(name), parameters).consume()

    def _session(self, *, read: bool = False) -> neo4j.Session:
        """A session for writes (or, `read`, for reads a secondary may serve), in the
        causal chain of `execute_query`'s reads and writes."""
        return self._driver.session(
            database=self._database,
            default_access_mode=neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS,
            bookmark_manager=self._driver.execute_query_bookmark_manager,
        )


def _adjacency_of(records: Iterable[neo4j.Record]) -> Adjacency:
    return {r["id"]: list(zip(r["others"], r["strengths"], strict=True)) for r in records}


def _detail_parameters(ids: list[str], pairs: Collection[tuple[str, str]]) -> dict[str, Any]:
    """`read_path_details`' parameters: the ids without repeats, each pair sorted once."""
    wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
    return {"ids": list(dict.fromkeys(ids)), "pairs": [list(p) for p in wanted]}


def _details_of(records: list[neo4j.Record], ids: list[str]) -> PathDetails:
    """`read_path_details`' one record; the people in the order of `ids`."""
    (record,) = records
    read = {props["id"]: person_of(props) for props in record["people"]}
    evidence: dict[tuple[str, str], list[TieEvidence]] = {}
    for row in record["evidence"]:
        item = evidence_of(row)
        evidence.setdefault(item.pair, []).append(item)
    customers = sorted((customer_of(c) for c in record["customers"]), key=lambda c: c.id)
    return PathDetails(
        people={i: read[i] for i in ids if i in read},
        ties={tie.pair: tie for tie in map(tie_of, record["ties"])},
        evidence=evidence,
        customers={c.id: c for c in customers},
        channels=[channel_of(c) for c in record["channels"]],
    )


def _q(name: str) -> LiteralString:
    # The text comes from the project's own files, never from user input.
    return query(name)
