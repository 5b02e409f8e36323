"""The API over each store: the demo bundle, API keys for two salespeople (and an
admin key of sp-zhang's, under the name ADMIN), and a contact whom only sp-li
knows (for the team-network rule).

The app opens its own store from settings (`bootstrap.open_store`), as `serve`
does; the fixtures prepare that store before the app starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.bootstrap import open_store
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.access import issue_key
from graph_mtl.services.imports import import_bundle
from graph_mtl.settings import Settings
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

DEMO = Path(__file__).parents[2] / "seed" / "demo"
ME, TEAMMATE = "sp-zhang", "sp-li"
ADMIN = "admin"
"""The name of sp-zhang's admin key in `Backend.keys`."""
LI_FRIEND = "li-friend"
"""Known by sp-li alone: reachable from sp-zhang only over sp-li's ties."""


@dataclass
class Backend:
    name: str
    settings: Settings
    keys: dict[str, str] = field(default_factory=dict)

    def open(self) -> GraphStore:
        return open_store(self.settings)

    def auth(self, salesperson: str = ME) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[salesperson]}"}


def prepare(store: GraphStore) -> dict[str, str]:
    """The demo, li-friend, a key for each of two salespeople and an admin key."""
    import_bundle(store, DEMO)
    store.load(
        Bundle(
            people=[Person(id=LI_FRIEND, name="Li's friend", title="CTO at a start-up")],
            ties=[
                Tie(
                    source=TEAMMATE,
                    target=LI_FRIEND,
                    strength=0.9,
                    last_contact=date(2026, 5, 1),
                    context="private: sp-li's college roommate",
                )
            ],
        )
    )
    today = date(2026, 11, 28)
    keys = {who: issue_key(store, who, today=today).key for who in (ME, TEAMMATE)}
    keys[ADMIN] = issue_key(store, ME, today=today, admin=True).key
    return keys


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "embedded":
        found = Backend("embedded", Settings(store=str(tmp_path / "graph.db")))
        with closing(found.open()) as store:
            found.keys = prepare(store)
        yield found
        return
    for store in fresh_neo4j_store():  # skips with GRAPH_MTL_SKIP_NEO4J=1
        found = Backend("neo4j", Settings(store=NEO4J_URI))
        found.keys = prepare(store)
        yield found


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    with TestClient(create_app(backend.settings), raise_server_exceptions=False) as test_client:
        test_client.headers.update(backend.auth())
        yield test_client
