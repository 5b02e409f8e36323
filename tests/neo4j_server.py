"""Access to the tests' own Neo4j server for the tests that need one.

`make test` starts a server of its own for them (bolt 17687, data in
.neo4j-test/: scripts/neo4j/README.md) and points GRAPH_MTL_TEST_NEO4J_URI at it;
the default is that server too, never the one `make neo4j` starts on 7687 for
people to use.

The tests clear the database before each case, so they first make sure it is
theirs: the first time they take a database they write a marker node
(`:GraphMtlTestMarker`), and they refuse, failing the run, to clear a database
that holds anything without that marker (someone's own graph).
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import pytest

from graph_mtl.settings import Settings

if TYPE_CHECKING:
    from graph_mtl.stores.neo4j_store import Neo4jStore

NEO4J_URI = os.environ.get("GRAPH_MTL_TEST_NEO4J_URI", "bolt://127.0.0.1:17687")
# The local server's password (scripts/neo4j/start.sh), unless the environment says otherwise.
os.environ.setdefault("NEO4J_PASSWORD", "graph-mtl-dev")

MARKER = "GraphMtlTestMarker"
"""The label of the node that says "the tests filled this database"."""

_STATE = f"""
RETURN EXISTS {{ MATCH (:{MARKER}) }} AS marked,
       EXISTS {{ MATCH (n) WHERE NOT n:{MARKER} }} AS filled
"""
_MARK = f"MERGE (:{MARKER} {{by: 'the graph-mtl tests; they may clear this database'}})"


class NotOurs(Exception):
    """The database holds data the tests did not write."""


def neo4j_skipped() -> bool:
    return os.environ.get("GRAPH_MTL_SKIP_NEO4J") == "1"


def fresh_neo4j_store() -> Generator[Neo4jStore, None, None]:
    """An empty Neo4j store on the test server (its database is cleared first,
    when the tests filled it: `clear_test_store`)."""
    if neo4j_skipped():
        pytest.skip("GRAPH_MTL_SKIP_NEO4J=1: Neo4j cases skipped on purpose")
    from graph_mtl.bootstrap import open_store
    from graph_mtl.stores.neo4j_store import Neo4jStore

    graph = open_store(Settings(), store=NEO4J_URI)
    assert isinstance(graph, Neo4jStore)
    try:
        clear_test_store(graph)
    except NotOurs as exc:
        graph.close()
        pytest.fail(str(exc), pytrace=False)
    try:
        yield graph
    finally:
        graph.close()


def clear_test_store(graph: Any) -> None:
    """Clear a Neo4j store the tests filled (or an empty one), and mark it as
    theirs; NotOurs, touching nothing, for one that holds other data."""
    records, _, _ = graph._driver.execute_query(_STATE, database_=graph._database)
    marked, filled = records[0]["marked"], records[0]["filled"]
    if filled and not marked:
        raise NotOurs(
            f"The Neo4j database at {NEO4J_URI} holds data that the tests did not write "
            f"(it has no :{MARKER} node), so the tests refuse to clear it. Point "
            "GRAPH_MTL_TEST_NEO4J_URI at a server for the tests (`make test` starts one "
            "on bolt://127.0.0.1:17687), or empty this database yourself if its data "
            "may go."
        )
    graph.clear()
    graph._driver.execute_query(_MARK, database_=graph._database)
