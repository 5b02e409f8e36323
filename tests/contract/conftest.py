"""The `store` fixture: every contract test runs once per store.

The Neo4j store needs a real server (`make neo4j`, started by `make test`).
Without one the Neo4j cases fail; set GRAPH_MTL_SKIP_NEO4J=1 to skip them on
purpose on a machine without Java.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_mtl.domain.ports import GraphStore
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.neo4j_server import fresh_neo4j_store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    if request.param == "embedded":
        graph = SqliteStore(tmp_path_factory.mktemp("store") / "graph.db")
        yield graph
        graph.close()
    else:
        yield from fresh_neo4j_store()
