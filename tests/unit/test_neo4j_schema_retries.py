"""The schema step runs a statement again only when another store made the same
rule at the same moment (a schema conflict, a deadlock): other errors surface."""

from __future__ import annotations

import random
from typing import Any

import pytest
from neo4j.exceptions import Neo4jError

from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores import neo4j_schema
from graph_mtl.stores.neo4j_errors import OUT_OF_MEMORY
from graph_mtl.stores.neo4j_schema import SCHEMA_CONFLICTS, tolerant

_DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"


class _Server:
    """Fails the first `failures` runs with `code` (as `Neo4jStore._run` does:
    StoreUnavailable from the driver's error), then answers."""

    def __init__(self, code: str, failures: int) -> None:
        self.code, self.failures, self.runs = code, failures, 0

    def run(self, name: str, **parameters: Any) -> list[str]:
        self.runs += 1
        if self.runs <= self.failures:
            cause = Neo4jError._hydrate_neo4j(code=self.code, message="m")
            raise StoreUnavailable("the Neo4j store failed") from cause
        return [name]


def _tolerant(server: _Server, pauses: list[float]) -> Any:
    return tolerant(server.run, sleep=pauses.append, rng=random.Random(1))


@pytest.mark.parametrize("code", [*sorted(SCHEMA_CONFLICTS), _DEADLOCK])
def test_a_concurrent_creator_is_waited_for(code: str) -> None:
    pauses: list[float] = []
    server = _Server(code, failures=3)
    assert _tolerant(server, pauses)("schema_person_id") == ["schema_person_id"]
    assert server.runs == 4
    assert len(pauses) == 3
    for tries, pause in enumerate(pauses):  # doubling, with jitter
        assert 0.5 <= pause / (neo4j_schema._PAUSE * 2**tries) <= 1.5


@pytest.mark.parametrize(
    "code",
    ["Neo.ClientError.Statement.SyntaxError", "Neo.ClientError.Security.Forbidden", OUT_OF_MEMORY],
)
def test_other_errors_surface_at_once(code: str) -> None:
    pauses: list[float] = []
    server = _Server(code, failures=1)
    with pytest.raises(StoreUnavailable):
        _tolerant(server, pauses)("schema_person_id")
    assert (server.runs, pauses) == (1, [])


def test_a_collision_that_lasts_surfaces() -> None:
    tries = neo4j_schema._TRIES
    pauses: list[float] = []
    server = _Server(_DEADLOCK, failures=tries)
    with pytest.raises(StoreUnavailable):
        _tolerant(server, pauses)("schema_person_id")
    assert (server.runs, len(pauses)) == (tries, tries - 1)


def test_an_unreachable_server_surfaces_at_once() -> None:
    pauses: list[float] = []
    runs = []

    def down(name: str, **parameters: Any) -> None:
        runs.append(name)
        raise StoreUnavailable("Neo4j is not reachable")

    with pytest.raises(StoreUnavailable):
        tolerant(down, sleep=pauses.append)("schema_person_id")
    assert (runs, pauses) == (["schema_person_id"], [])
