"""Two processes answering the same introduction requests at once, for real, on
every store: one wants each accepted, the other declined. Exactly one move wins
each request, the loser hears a Conflict, and the store holds the winner's."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

import pytest

from graph_mtl.bootstrap import open_store
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import IntroRequest, IntroStatus, Person
from graph_mtl.domain.playbook import Evidence
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import Conflict
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.intros import update_intro
from graph_mtl.settings import Settings
from graph_mtl.stores.sqlite_store import SqliteStore

REQUESTS = 40
TODAY = date(2026, 12, 3)


def _answer(store: str, status: str) -> list[str]:
    """Try to move every request to `status`; the ids this process moved."""
    graph = open_store(Settings(), store=store)
    won = []
    try:
        for n in range(REQUESTS):
            try:
                update_intro(
                    graph,
                    COMMAND_LINE,
                    f"i-{n}",
                    status=IntroStatus(status),
                    today=TODAY,
                    rules=Evidence(),
                )
                won.append(f"i-{n}")
            except Conflict:
                pass
    finally:
        graph.close()
    return won


@pytest.mark.slow
def test_one_move_wins_each_request(store: GraphStore) -> None:
    store.load(
        Bundle(
            people=[
                Person(id="sam", name="Sam", is_salesperson=True),
                Person(id="jo", name="Jo"),
                Person(id="kim", name="Kim"),
            ]
        )
    )
    for n in range(REQUESTS):
        intro = IntroRequest(
            id=f"i-{n}", salesperson_id="sam", target_id="kim", via_id="jo", requested_on=TODAY
        )
        assert store.save_intro(intro, expected=None)
    where = str(store.path) if isinstance(store, SqliteStore) else _neo4j_uri()
    statuses = ("accepted", "declined")
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        runs = [pool.submit(_answer, where, s) for s in statuses]
        won = dict(zip(statuses, (r.result(timeout=300) for r in runs), strict=True))
    assert sorted(won["accepted"] + won["declined"]) == sorted(f"i-{n}" for n in range(REQUESTS))
    stored = {i.id: i for i in store.intros()}
    for status, ids in won.items():
        for ident in ids:
            assert stored[ident].status == status
            assert [e.status for e in stored[ident].history] == [status]


def _neo4j_uri() -> str:
    from tests.neo4j_server import NEO4J_URI

    if not NEO4J_URI:
        pytest.fail("no Neo4j server")
    return NEO4J_URI
