"""What only the Neo4j store has: a schema, and loads that are one transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import neo4j_store as module
from graph_mtl.stores.neo4j_store import Neo4jStore
from tests.neo4j_server import fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        yield opened


def _count(store: Neo4jStore, text: str) -> int:
    records, _, _ = store._driver.execute_query(text)
    return int(records[0][0])


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
    real = module.query

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
