"""Every Cypher file is used by the code and is valid on the real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_mtl.domain.ports import GraphStore
from graph_mtl.stores.cypher import query, query_names
from graph_mtl.stores.neo4j_store import Neo4jStore
from tests.neo4j_server import fresh_neo4j_store

SOURCES = Path(__file__).parents[2] / "graph_mtl"
pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def neo4j_store() -> Iterator[GraphStore]:
    yield from fresh_neo4j_store()


def test_every_query_file_is_used() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES.rglob("*.py"))
    unused = [
        name for name in query_names() if not name.startswith("schema_") and f'"{name}"' not in code
    ]
    assert unused == []


def test_every_query_file_names_its_parameters() -> None:
    for name in query_names():
        text = query(name)
        assert text.startswith("// params: "), name
        declared = text.splitlines()[0]
        for parameter in set(re.findall(r"\$(\w+)", text.split("\n", 1)[1])):
            assert f"${parameter}" in declared, f"{name} does not declare ${parameter}"


@pytest.mark.parametrize("name", [n for n in query_names() if not n.startswith("schema_")])
def test_every_query_passes_explain(neo4j_store: GraphStore, name: str) -> None:
    assert isinstance(neo4j_store, Neo4jStore)
    text = query(name)
    parameters = dict.fromkeys(re.findall(r"\$(\w+)", text))
    neo4j_store.explain(name, **parameters)
