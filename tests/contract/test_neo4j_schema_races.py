"""Stores in several processes making the schema of a fresh Neo4j database at the
same moment (two API workers, a command beside the server): every one succeeds,
the database holds each index and constraint once, and the stored forms of an
older graph-mtl are each brought up to date.

Without retries of the driver's own (`neo4j_retry_seconds=0`) the collisions reach
the store; with them (the default 5 s) they mostly do not on an idle server."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterator
from datetime import date
from multiprocessing.synchronize import Event

import pytest

from graph_mtl.bootstrap import open_store
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Employment, Person
from graph_mtl.domain.names import company_key, person_search_text
from graph_mtl.settings import Settings
from graph_mtl.stores.cypher import query
from graph_mtl.stores.neo4j_forms import KEY_FORM, SEARCH_FORM
from graph_mtl.stores.neo4j_store import _SCHEMA, Neo4jStore
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

pytestmark = pytest.mark.neo4j

_SPAWN = multiprocessing.get_context("spawn")
_PROCESSES = 4


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        yield opened


def _drop_schema(store: Neo4jStore) -> None:
    """A fresh database: no constraint and no index but the server's own lookup ones."""
    driver, database = store._driver, store._database
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for r in records:
        driver.execute_query(f"DROP CONSTRAINT `{r['name']}` IF EXISTS", database_=database)
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for r in records:
        driver.execute_query(f"DROP INDEX `{r['name']}` IF EXISTS", database_=database)


def _names(store: Neo4jStore, kind: str) -> Counter[str]:
    records, _, _ = store._driver.execute_query(
        f"SHOW {kind} YIELD name, type WHERE type <> 'LOOKUP' RETURN name",
        database_=store._database,
    )
    return Counter(r["name"] for r in records)


def _expected() -> tuple[set[str], set[str]]:
    """The constraints and the plain indexes the schema statements name."""
    constraints, indexes = set(), set()
    for name in _SCHEMA:
        words = query(name).split("CREATE ", 1)[1].split()
        if words[0] == "CONSTRAINT":
            constraints.add(words[1])
        else:
            indexes.add(words[words.index("INDEX") + 1])
    return constraints, indexes


def _open_schema(
    ready: Event, go: Event, answers: multiprocessing.Queue[str], retry_seconds: float
) -> None:
    graph = open_store(Settings(neo4j_retry_seconds=retry_seconds), store=NEO4J_URI)
    assert isinstance(graph, Neo4jStore)
    try:
        graph.ping()
        ready.set()
        go.wait()
        try:
            graph._ensure_schema()
            graph.search("x", limit=1)
            answers.put("ok")
        except Exception as exc:  # reported to the test, which names it
            cause = exc.__cause__
            answers.put(f"{type(exc).__name__}: {exc} ({getattr(cause, 'code', cause)!r})")
    finally:
        graph.close()


def _older_forms(store: Neo4jStore, people: int) -> None:
    """People, customers and employments as an older graph-mtl wrote them: no folded
    search text, a company key of the first form."""
    customers = [
        Customer(id=f"c{i}", name=f"臺灣公司 {i}", status=CustomerStatus.EXISTING)
        for i in range(20)
    ]
    store.load(
        Bundle(
            people=[
                Person(id=f"p{i:05d}", name=f"張 {i}", title="經理", email=f"p{i}@x.example")
                for i in range(people)
            ],
            customers=customers,
            employments=[
                Employment(
                    person_id=f"p{i:05d}",
                    origin="HubSpot",
                    company=f"臺灣公司 {i % 20}",
                    since=date(2020, 1, 1),
                )
                for i in range(people)
            ],
        )
    )
    store._driver.execute_query(
        "MATCH (n:Person|Customer) REMOVE n.search, n.search_form", database_=store._database
    )
    store._driver.execute_query(
        "MATCH (e:Employment) SET e.company_key = 'old' REMOVE e.key_form",
        database_=store._database,
    )


def _forms_hold(store: Neo4jStore) -> None:
    records, _, _ = store._driver.execute_query(
        "MATCH (n:Person) RETURN n.id AS id, n.name AS name, n.title AS title, "
        "n.email AS email, n.search AS search, n.search_form AS form",
        database_=store._database,
    )
    assert records
    for r in records:
        assert r["form"] == SEARCH_FORM
        assert r["search"] == person_search_text(r["name"], r["id"], r["title"], r["email"])
    records, _, _ = store._driver.execute_query(
        "MATCH (e:Employment) RETURN e.company AS company, e.company_key AS key, "
        "e.key_form AS form",
        database_=store._database,
    )
    assert records
    for r in records:
        assert (r["key"], r["form"]) == (company_key(r["company"]), KEY_FORM)


@pytest.mark.parametrize("retry_seconds", [0.0, Settings().neo4j_retry_seconds])
def test_processes_make_a_fresh_schema_at_once(store: Neo4jStore, retry_seconds: float) -> None:
    _older_forms(store, people=6_000)
    _drop_schema(store)
    assert not _names(store, "CONSTRAINTS")
    go = _SPAWN.Event()
    answers: multiprocessing.Queue[str] = _SPAWN.Queue()
    readies = [_SPAWN.Event() for _ in range(_PROCESSES)]
    workers = [
        _SPAWN.Process(target=_open_schema, args=(ready, go, answers, retry_seconds))
        for ready in readies
    ]
    for worker in workers:
        worker.start()
    for ready in readies:
        assert ready.wait(120), "a process did not reach the server"
    go.set()
    got = [answers.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert got == ["ok"] * _PROCESSES
    constraints, indexes = _expected()
    held_constraints = _names(store, "CONSTRAINTS")
    assert set(held_constraints) == constraints
    assert max(held_constraints.values()) == 1
    held_indexes = _names(store, "INDEXES")
    # a constraint is backed by an index of its own name
    assert set(held_indexes) == constraints | indexes
    assert max(held_indexes.values()) == 1
    _forms_hold(store)
