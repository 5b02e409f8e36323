"""Neo4j reads: an explained path in one more round trip, every read a read
transaction, and a `neo4j://` (routing) URI served like `bolt://`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph_mtl.bootstrap import open_store
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.services.paths import explain, warm_paths
from graph_mtl.settings import Settings
from graph_mtl.stores.neo4j_store import Neo4jStore
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(sample_bundle: Bundle) -> Iterator[Neo4jStore]:
    for opened in fresh_neo4j_store():
        assert isinstance(opened, Neo4jStore)
        opened.load(sample_bundle)
        yield opened


class _Recorded:
    """The driver, with every `execute_query` recorded as (statement's first line, routing)."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self._driver = driver
        self.calls: list[tuple[str, Any]] = []

    def execute_query(self, query: str, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((query, kwargs.get("routing_")))
        return self._driver.execute_query(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


def _recording(store: Neo4jStore) -> tuple[Neo4jStore, _Recorded]:
    recorded = _Recorded(store._driver)
    return Neo4jStore(recorded, database=store._database), recorded  # type: ignore[arg-type]


def _names(recorded: _Recorded) -> list[str]:
    from graph_mtl.stores.cypher import query, query_names

    by_text = {query(n): n for n in query_names()}
    return [by_text.get(text, text) for text, _ in recorded.calls]


def test_a_found_paths_explanation_is_one_read(store: Neo4jStore, sample_bundle: Bundle) -> None:
    reading, recorded = _recording(store)
    raw = reading.best_paths("sp", "a3", k=2, max_hops=4)
    searched = len(recorded.calls)
    explained = explain(reading, raw)
    assert _names(recorded)[searched:] == ["read_path_details"]
    embedded = SqliteStore()
    embedded.load(sample_bundle)
    assert explained == explain(embedded, embedded.best_paths("sp", "a3", k=2, max_hops=4))
    assert explained  # two paths, each with its steps' reasons


def test_the_service_answers_as_the_embedded_store(
    store: Neo4jStore, sample_bundle: Bundle
) -> None:
    embedded = SqliteStore()
    embedded.load(sample_bundle)
    for target in ("a1", "a2", "a3", "o1"):
        assert warm_paths(store, "sp", target, k=3) == warm_paths(embedded, "sp", target, k=3)


def test_a_write_drops_the_explanation_read_before_it(store: Neo4jStore) -> None:
    store.best_paths("sp", "a3", k=1, max_hops=4)
    assert store.people(["sp", "o1"])["o1"].name == "Olga"
    store.delete_person("o1")
    assert store.people(["sp", "o1"]).keys() == {"sp"}


def test_every_read_is_a_read_transaction(store: Neo4jStore) -> None:
    reading, recorded = _recording(store)
    reading._ensure_schema()  # the schema, once per store, is written
    recorded.calls.clear()
    warm_paths(reading, "sp", "a3", k=2)
    reading.search("ann", limit=5)
    reading.export()
    reading.team()
    assert recorded.calls
    wrong = [
        n
        for n, (_, routing) in zip(_names(recorded), recorded.calls, strict=True)
        if routing != neo4j.RoutingControl.READ
    ]
    assert wrong == []


def test_a_routing_uri_serves_reads_and_writes() -> None:
    routing = NEO4J_URI.replace("bolt://", "neo4j://")
    for opened in fresh_neo4j_store():  # cleared and marked as the tests'
        opened.close()
    graph = open_store(Settings(), store=routing)
    try:
        assert isinstance(graph, Neo4jStore)
        graph.load(Bundle(people=[Person(id="r1", name="Routed")]))
        assert graph.people(["r1"])["r1"].name == "Routed"
    finally:
        graph.close()
