"""What only the Neo4j store has: a schema, and loads that are one transaction."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import neo4j_store as module
from graph_mtl.stores.cypher import query
from graph_mtl.stores.neo4j_store import Neo4jStore
from tests.neo4j_server import MARKER, NEO4J_URI, NotOurs, clear_test_store, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        yield opened


def _count(store: Neo4jStore, text: str) -> int:
    records, _, _ = store._driver.execute_query(text)
    return int(records[0][0])


def _operators(store: Neo4jStore, name: str, **parameters: Any) -> list[str]:
    """The operators of the server's plan for a statement, root first."""
    with store._driver.session() as session:
        plan = session.run("EXPLAIN " + query(name), parameters).consume().plan
    assert plan is not None
    found: list[str] = []
    pending = [plan]
    while pending:
        operator = pending.pop()
        found.append(operator["operatorType"].split("@")[0])
        pending.extend(operator.get("children", []))
    return found


def _bytes(value: str) -> int:
    """A memory setting's value as SHOW SETTINGS prints it (716.80MiB), in bytes."""
    match = re.fullmatch(r"([\d.]+)\s*([KMGT]?)i?B", value.strip())
    assert match is not None, value
    return int(float(match[1]) * 1024 ** "_KMGT".index(match[2] or "_"))


def test_constraints_exist_after_first_load(store: Neo4jStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)
    records, _, _ = store._driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name)")
    assert {"person_id", "customer_id", "need_id", "role_id", "channel_id"} <= set(records[0][0])


def test_a_repeated_load_duplicates_no_node_or_relationship(
    store: Neo4jStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    nodes = _count(store, "MATCH (n) RETURN count(n)")
    relationships = _count(store, "MATCH ()-[r]->() RETURN count(r)")
    store.load(sample_bundle)
    assert _count(store, "MATCH (n) RETURN count(n)") == nodes
    assert _count(store, "MATCH ()-[r]->() RETURN count(r)") == relationships
    assert _count(store, "MATCH (:Person)-[k:KNOWS]-(:Person) RETURN count(k)") == 2 * len(
        sample_bundle.ties
    )


def test_graph_relationships_mirror_the_properties(
    store: Neo4jStore, sample_bundle: Bundle
) -> None:
    store.load(sample_bundle)
    assert (
        _count(
            store, "MATCH (:Person {id:'a1'})-[:WORKS_AT]->(:Customer {id:'acme'}) RETURN count(*)"
        )
        == 1
    )
    assert _count(store, "MATCH (:Person {id:'a2'})-[:HOLDS]->(r:Role) RETURN count(r)") == 2
    assert _count(store, "MATCH (:Salesperson {id:'sp'}) RETURN count(*)") == 1
    assert _count(store, "MATCH (c:TargetCustomer {id:'acme'}) RETURN count(c)") == 1
    assert (
        _count(
            store,
            "MATCH (:Channel {id:'ch-peer'})-[:IS_PERSON]->(:Person {id:'peer'}) RETURN count(*)",
        )
        == 1
    )


def test_a_failed_load_writes_nothing(
    store: Neo4jStore, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.load(Bundle(people=[Person(id="kept", name="Kept")]))
    real = query

    def broken(name: str) -> str:
        # The last statement of a load fails after the others have run in the transaction.
        return "RETURN 1/0" if name == "upsert_opportunities" else real(name)

    monkeypatch.setattr(module, "query", broken)
    with pytest.raises(StoreUnavailable):
        store.load(sample_bundle)
    monkeypatch.undo()
    assert [p.id for p in store.export().people] == ["kept"]
    assert store.export().ties == []


def test_an_unreachable_server_is_store_unavailable() -> None:
    import neo4j

    driver = neo4j.GraphDatabase.driver(
        "bolt://127.0.0.1:1", auth=("neo4j", "x"), max_transaction_retry_time=0
    )
    store = Neo4jStore(driver, owns_driver=True)
    with pytest.raises(StoreUnavailable):
        store.ping()
    store.close()


def test_reads_by_id_seek_an_index(store: Neo4jStore, sample_bundle: Bundle) -> None:
    store.load(sample_bundle)  # the first load creates the schema
    customer = _operators(store, "read_customer", id="acme")
    batched = _operators(store, "read_customers_by_id", ids=["acme", "oldco"], status=None)
    channels = _operators(store, "read_channels_of_people", person_ids=["peer"])
    assert "NodeUniqueIndexSeek" in customer and "NodeByLabelScan" not in customer
    assert "NodeUniqueIndexSeek" in batched and "NodeByLabelScan" not in batched
    assert "NodeIndexSeek" in channels and "NodeByLabelScan" not in channels


def test_clear_deletes_a_graph_larger_than_one_inner_transaction(store: Neo4jStore) -> None:
    store._driver.execute_query(
        "UNWIND range(1, 25000) AS i CREATE (:Scratch {i: i})-[:NEXT]->(:Scratch {i: -i})"
    )
    assert _count(store, f"MATCH (n) WHERE NOT n:{MARKER} RETURN count(n)") == 50_000
    store.clear()
    assert _count(store, "MATCH (n) RETURN count(n)") == 0
    store.clear()  # an empty graph is fine too


def test_a_load_refused_for_memory_fails_at_once_and_writes_nothing(
    store: Neo4jStore, sample_bundle: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    records, _, _ = store._driver.execute_query(
        "SHOW SETTINGS YIELD name, value "
        "WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.total.max', "
        "'db.memory.transaction.max'] RETURN collect(value)"
    )
    limits = [b for b in map(_bytes, records[0][0]) if b > 0]
    if not limits:
        pytest.skip("the server sets no transaction memory limit: nothing would refuse the load")
    store.load(Bundle(people=[Person(id="kept", name="Kept")]))
    # Strings of 1 MiB, collected until they pass the smallest limit: the server refuses
    # the transaction (in well under a second) long before its heap runs out.
    strings = math.ceil(min(limits) / 2**20) + 16
    hungry = (
        "WITH reduce(s = 'x', _ IN range(1, 20) | s + s) AS big "
        f"UNWIND range(1, {strings}) AS i WITH collect(big + i) AS kept RETURN size(kept)"
    )
    real = query
    calls: list[str] = []

    def hungry_opportunities(name: str) -> str:
        calls.append(name)
        return hungry if name == "upsert_opportunities" else real(name)

    monkeypatch.setattr(module, "query", hungry_opportunities)
    start = time.monotonic()
    with pytest.raises(StoreUnavailable, match="too large for one transaction") as refused:
        store.load(sample_bundle)
    elapsed = time.monotonic() - start
    monkeypatch.undo()
    assert calls.count("upsert_opportunities") == 1  # not retried
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert "NEO4J_HEAP" in str(refused.value)
    assert "db.memory.transaction.total.max" in str(refused.value)
    assert [p.id for p in store.export().people] == ["kept"]


def test_the_tests_refuse_to_clear_a_database_they_did_not_fill(store: Neo4jStore) -> None:
    """Someone's own graph (data, no marker) is left as it is, and the run fails."""
    store._driver.execute_query(f"MATCH (m:{MARKER}) DELETE m")
    store._driver.execute_query("CREATE (:Person {id: 'their-own', name: 'Their own'})")
    try:
        with pytest.raises(NotOurs, match="refuse to clear"):
            clear_test_store(store)
        opened = fresh_neo4j_store()
        with pytest.raises(pytest.fail.Exception, match=f"{NEO4J_URI}.*no :{MARKER}"):
            next(opened)
        assert _count(store, "MATCH (p:Person {id: 'their-own'}) RETURN count(p)") == 1
    finally:  # this one the test did write
        store._driver.execute_query("MATCH (p:Person {id: 'their-own'}) DELETE p")
    clear_test_store(store)  # empty: taken, and marked again
    assert _count(store, f"MATCH (m:{MARKER}) RETURN count(m)") == 1
    store.load(Bundle(people=[Person(id="ours", name="Ours")]))
    clear_test_store(store)  # filled by the tests: cleared
    assert _count(store, f"MATCH (n) WHERE NOT n:{MARKER} RETURN count(n)") == 0
