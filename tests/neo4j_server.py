"""Access to the test Neo4j server for the tests that need one."""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import TYPE_CHECKING

import pytest

from graph_mtl.settings import Settings

if TYPE_CHECKING:
    from graph_mtl.stores.neo4j_store import Neo4jStore

NEO4J_URI = os.environ.get("GRAPH_MTL_TEST_NEO4J_URI", "bolt://127.0.0.1:7687")
# The local server's password (scripts/neo4j/start.sh), unless the environment says otherwise.
os.environ.setdefault("NEO4J_PASSWORD", "graph-mtl-dev")


def neo4j_skipped() -> bool:
    return os.environ.get("GRAPH_MTL_SKIP_NEO4J") == "1"


def fresh_neo4j_store() -> Generator[Neo4jStore, None, None]:
    """An empty Neo4j store on the test server (its database is cleared first)."""
    if neo4j_skipped():
        pytest.skip("GRAPH_MTL_SKIP_NEO4J=1: Neo4j cases skipped on purpose")
    from graph_mtl.bootstrap import open_store
    from graph_mtl.stores.neo4j_store import Neo4jStore

    graph = open_store(Settings(), store=NEO4J_URI)
    assert isinstance(graph, Neo4jStore)
    graph.clear()
    try:
        yield graph
    finally:
        graph.close()
