"""Forgetting through the API (admin `DELETE /people/{id}`) leaves no copy: no file of
the store's folder holds the person once the server stops, a report built before
answers 410, and importing them again skips them unless an admin says otherwise."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person, Tie
from graph_mtl.settings import Settings
from tests.api.conftest import ADMIN, ME, Backend, prepare
from tests.unit.test_erasure_files import files_holding

GONE = Person(
    id="forget-me-7",
    name="Ingrid Vanterpool",
    customer_id="c-huaxin",
    title="CIO",
    roles=("r-ceo", "r-cio"),
    email="ingrid.v@example.org",
)


@pytest.fixture
def backend(tmp_path: Path) -> Backend:
    found = Backend("embedded", Settings(store=str(tmp_path / "graph.db")))
    with closing(found.open()) as store:
        found.keys = prepare(store)
        store.load(
            Bundle(
                people=[GONE],
                ties=[Tie(source=ME, target=GONE.id, strength=0.9, context="CIO club")],
            )
        )
    return found


@pytest.fixture
def client(backend: Backend) -> Iterator[TestClient]:
    with TestClient(create_app(backend.settings), raise_server_exceptions=False) as test_client:
        test_client.headers.update(backend.auth())
        yield test_client


def _finished(client: TestClient, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the report did not finish within 60 s")


def test_a_forget_leaves_no_copy_and_discards_the_reports_naming_them(
    backend: Backend, tmp_path: Path
) -> None:
    with TestClient(create_app(backend.settings), raise_server_exceptions=False) as client:
        client.headers.update(backend.auth())
        assert client.get("/search", params={"q": "Vanterpool"}).status_code == 200
        started = client.post("/reports", json={"customers": ["c-huaxin"], "k": 2})
        location = started.headers["Location"]
        done = _finished(client, location)
        assert done["status"] == "done" and GONE.name in client.get(location).text
        other = client.post("/reports", json={"customers": ["c-boyuan"]}).headers["Location"]
        _finished(client, other)
        assert files_holding(tmp_path, GONE), "the test looks where the person is"

        forgot = client.delete(f"/people/{GONE.id}", headers=backend.auth(ADMIN))
        assert forgot.status_code == 204, forgot.text

        gone = client.get(location)
        assert gone.status_code == 410
        assert gone.headers["content-type"].startswith("application/problem+json")
        assert gone.json()["type"] == "urn:graph-mtl:problem:gone"
        assert client.get(location, params={"format": "html"}).status_code == 410
        assert client.get(other).status_code == 200  # a report without them stays
        assert files_holding(tmp_path, GONE) == {}  # while the server runs
    assert files_holding(tmp_path, GONE) == {}  # and once it has stopped


def _people_csv(*rows: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    text = "id,name,email\n" + "".join(f"{r}\n" for r in rows)
    return [
        ("files", ("people.csv", text.encode(), "text/csv")),
        ("files", ("ties.csv", b"source,target,strength\n", "text/csv")),
    ]


def test_importing_a_forgotten_person_again_skips_them(
    client: TestClient, backend: Backend
) -> None:
    admin = backend.auth(ADMIN)
    assert client.delete(f"/people/{GONE.id}", headers=admin).status_code == 204
    row = f"{GONE.id},{GONE.name},{GONE.email}"
    found = client.post("/import", files=_people_csv(row, "new-1,New One,"), headers=admin)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["imported"]["people"] == 1
    [skipped] = body["forgotten"]
    assert skipped["id"] == GONE.id and skipped["erased_on"]
    assert client.get(f"/people/{GONE.id}").status_code in (404, 405)
    assert client.get("/search", params={"q": "Vanterpool"}).json()["matches"] == []

    mine = client.post("/import?include_forgotten=true", files=_people_csv(row))
    assert mine.status_code == 403  # a salesperson's key may not bring them back
    again = client.post("/import?include_forgotten=true", files=_people_csv(row), headers=admin)
    assert again.status_code == 200 and again.json()["forgotten"] == []
    assert again.json()["imported"]["people"] == 1
