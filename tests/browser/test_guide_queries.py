"""Every runnable query of the Browser guide is valid on Neo4j and answers on the demo."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from graph_mtl.domain.ports import GraphStore
from graph_mtl.settings import Settings
from tests.browser.guide import cypher_blocks
from tests.neo4j_server import NEO4J_URI

pytestmark = pytest.mark.neo4j

BLOCKS = cypher_blocks()


@pytest.fixture(scope="module")
def session(demo_in_neo4j: GraphStore) -> Iterator[neo4j.Session]:
    settings = Settings()
    auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
    with (
        neo4j.GraphDatabase.driver(NEO4J_URI, auth=auth) as driver,
        driver.session(database=settings.neo4j_database) as opened,
    ):
        yield opened


def _first_line(block: str) -> str:
    return block.splitlines()[0][:60]


@pytest.mark.parametrize(
    "block", BLOCKS, ids=[f"{i}:{_first_line(b)}" for i, b in enumerate(BLOCKS)]
)
def test_guide_query_passes_explain(session: neo4j.Session, block: str) -> None:
    session.run("EXPLAIN " + block).consume()


@pytest.mark.parametrize(
    "block", BLOCKS, ids=[f"{i}:{_first_line(b)}" for i, b in enumerate(BLOCKS)]
)
def test_guide_query_returns_rows_on_the_demo(session: neo4j.Session, block: str) -> None:
    records = list(session.run(block))
    assert records, block


def test_warm_paths_reach_the_key_persons(session: neo4j.Session) -> None:
    best = next(b for b in BLOCKS if "AS best" in b)
    rows = {r["key_person"]: r for r in session.run(best)}
    # 张伟 -> 田凯 (old customer) -> 孙建华 (operations director): 0.9 * 0.9.
    assert rows["孙建华"]["chain"] == ["张伟", "田凯", "孙建华"]
    assert rows["孙建华"]["strength"] == pytest.approx(0.81)
    assert {"陈国栋", "郑丽", "赵敏", "周涛"} <= set(rows)
    strengths = [r["strength"] for r in rows.values()]
    assert strengths == sorted(strengths, reverse=True)


def test_doors_are_first_hop_contacts(session: neo4j.Session) -> None:
    doors = next(b for b in BLOCKS if "AS door" in b and "AS contact" in b)
    rows = list(session.run(doors))
    first_hop = {
        r["name"]
        for r in session.run(
            "MATCH (:Salesperson {id: 'sp-zhang'})-[:KNOWS]-(p:Person) RETURN p.name AS name"
        )
    }
    assert rows and {r["contact"] for r in rows} <= first_hop
    paths = [r["paths"] for r in rows]
    assert paths == sorted(paths, reverse=True)
