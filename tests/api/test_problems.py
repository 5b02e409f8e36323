"""Every error is a problem document: the right status, type, title, detail and
fields; never a trace, a driver's message or Cypher. A store that goes away is a
503 with Retry-After, and the service recovers by itself when it comes back."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.domain.ports import GraphStore
from graph_mtl.settings import Settings
from graph_mtl.stores.neo4j_store import Neo4jStore
from tests.api.conftest import DEMO, ME, Backend, prepare
from tests.api.tcp_proxy import TcpProxy
from tests.neo4j_server import NEO4J_URI, fresh_neo4j_store

FORBIDDEN_WORDS = ("Traceback", "neo4j.", "MATCH", "UNWIND", "Neo.", "bolt://", 'File "', ".py")


def _problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    data: dict[str, Any] = response.json()
    assert data["type"] == f"urn:graph-mtl:problem:{kind}"
    assert data["status"] == status and data["title"] and data["detail"]
    assert data["instance"] == response.request.url.path
    assert not any(word in response.text for word in FORBIDDEN_WORDS), response.text
    return data


def test_unknown_ids_are_404(client: TestClient) -> None:
    problem = _problem(client.get("/paths", params={"to": "nobody"}), 404, "not-found")
    assert problem["detail"] == "unknown person 'nobody'"
    _problem(client.get("/customers/nowhere/committee"), 404, "not-found")
    _problem(client.get("/customers/c-huaxin/committee", params={"need": "n-x"}), 404, "not-found")
    _problem(client.get("/paths", params={"to": "huaxin-01", "exclude": "x"}), 404, "not-found")
    body = {"contact": "nobody", "customer": "c-huaxin", "need": "n-erp"}
    _problem(client.post("/contacts/evaluate", json=body), 404, "not-found")
    _problem(client.put("/ties/sp-zhang/nobody", json={"strength": 0.5}), 404, "not-found")
    _problem(
        client.put("/channels/no-ch/reach/huaxin-01", json={"strength": 0.5}), 404, "not-found"
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "huaxin-01", "max_hops": 0}, "max_hops"),
        ({"to": "huaxin-01", "max_hops": "many"}, "max_hops"),
        ({"to": "huaxin-01", "k": 51}, "k"),
        ({"to": "huaxin-01", "mode": "fastest"}, "mode"),
        ({}, "to"),
    ],
)
def test_invalid_parameters_are_422_naming_the_field(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    problem = _problem(client.get("/paths", params=params), 422, "invalid-request")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["detail"].startswith(f"{field}: ")


def test_rule_breaking_values_are_422_naming_the_field(client: TestClient) -> None:
    problem = _problem(
        client.get("/accounts", params={"status": "existing"}), 422, "invalid-request"
    )
    assert problem["errors"][0]["field"] == "status"
    problem = _problem(
        client.put("/people/p-new", json={"name": "N", "customer_id": "c-none"}),
        422,
        "invalid-input",
    )
    assert problem["errors"] == [{"field": "customer_id", "reason": "unknown customer 'c-none'"}]
    body = {"contact": "huaxin-01", "customer": "c-huaxin", "need": "n-erp", "fields": {"x": "1"}}
    problem = _problem(client.post("/contacts/evaluate", json=body), 422, "invalid-input")
    assert problem["errors"][0]["field"] == "field"


def test_bad_bodies_are_422_naming_the_field(client: TestClient) -> None:
    problem = _problem(
        client.put("/ties/sp-zhang/huaxin-01", json={"strength": 1.5}), 422, "invalid-request"
    )
    assert [e["field"] for e in problem["errors"]] == ["strength"]
    problem = _problem(
        client.put("/customers/c-x", json={"name": "X", "status": "someday", "colour": "red"}),
        422,
        "invalid-request",
    )
    assert sorted(e["field"] for e in problem["errors"]) == ["colour", "status"]
    problem = _problem(client.put("/ties/a/a", json={"strength": 0.5}), 422, "invalid-input")
    assert problem["errors"][0]["field"] == "target"


def test_a_bad_bundle_lists_every_problem_and_writes_nothing(
    client: TestClient, backend: Backend, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(DEMO, bad)
    ties = (bad / "ties.csv").read_text(encoding="utf-8").splitlines()
    ties[1] = ties[1].replace(ties[1].split(",")[2], "1.5", 1)
    ties[2] = "sp-zhang,nobody-at-all,0.5,,"
    (bad / "ties.csv").write_text("\n".join(ties) + "\n", encoding="utf-8")
    (bad / "people.csv").write_text(
        (bad / "people.csv").read_text(encoding="utf-8") + "new-person,New,,,,,\n",
        encoding="utf-8",
    )
    files = [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(bad.glob("*.csv"))]
    problem = _problem(client.post("/import", files=files), 422, "import-rejected")
    where = [(p["file"], p["line"]) for p in problem["problems"]]
    assert ("ties.csv", 2) in where and ("ties.csv", 3) in where
    assert "nothing was written" in problem["detail"]
    with closing(backend.open()) as store:
        assert store.people(["new-person"]) == {}


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ([("files", ("notes.txt", b"hello", "text/plain"))], "not a CSV file"),
        (
            [("files", ("people.csv", b"id\n", "text/csv")), ("files", ("people.csv", b"", ""))],
            "twice",
        ),
        ([("files", ("bundle.zip", b"PK\x03\x04broken", "application/zip"))], "cannot be read"),
    ],
)
def test_unusable_uploads_are_422(
    client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]], reason: str
) -> None:
    problem = _problem(client.post("/import", files=files), 422, "invalid-input")
    assert problem["errors"][0]["field"] == "files" and reason in problem["detail"]


def test_a_zip_escaping_its_folder_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../people.csv", "id,name\n")
    files = {"files": ("evil.zip", buffer.getvalue(), "application/zip")}
    problem = _problem(client.post("/import", files=files), 422, "invalid-input")
    assert "leaves the bundle" in problem["detail"]


def test_unknown_routes_and_methods_are_problems_too(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    response = client.post("/paths")
    assert response.status_code == 405
    assert response.json()["title"] == "Method Not Allowed"


def test_an_unexpected_error_is_a_500_without_a_trace(backend: Backend) -> None:
    app = create_app(backend.settings)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: MATCH (n) RETURN n")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        _problem(client.get("/boom"), 500, "internal-error")


# -- the store going away and coming back --------------------------------------


def test_embedded_store_away_and_back(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    settings = Settings(store=str(folder / "graph.db"))
    from graph_mtl.bootstrap import open_store

    with closing(open_store(settings)) as store:
        keys = prepare(store)
    auth = {"Authorization": f"Bearer {keys[ME]}"}
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").status_code == 200
        folder.rename(tmp_path / "away")
        folder.write_text("a file where the store's folder was")  # writes fail for real
        assert client.get("/health").status_code == 200  # the process lives
        down = client.get("/ready")
        _problem(down, 503, "store-unavailable")
        assert down.headers["Retry-After"] == "5"
        _problem(
            client.get("/paths", params={"to": "huaxin-01"}, headers=auth), 503, "store-unavailable"
        )
        tie = client.put("/ties/sp-zhang/huaxin-02", json={"strength": 0.5}, headers=auth)
        _problem(tie, 503, "store-unavailable")
        folder.unlink()
        (tmp_path / "away").rename(folder)
        assert client.get("/ready").status_code == 200
        paths = client.get("/paths", params={"to": "huaxin-01"}, headers=auth)
        assert paths.status_code == 200 and paths.json()["paths"]
        tie = client.put("/ties/sp-zhang/huaxin-02", json={"strength": 0.5}, headers=auth)
        assert tie.status_code == 201
    with closing(open_store(settings)) as store:
        assert len(store.export().people) > 50  # nothing was lost on the way


@pytest.fixture
def neo4j_via_proxy() -> Iterator[tuple[TcpProxy, dict[str, str]]]:
    for store in fresh_neo4j_store():
        keys = prepare(store)
        host, port = NEO4J_URI.removeprefix("bolt://").split(":")
        proxy = TcpProxy((host, int(port)))
        proxy.start()
        try:
            yield proxy, keys
        finally:
            proxy.stop()


@pytest.mark.neo4j
def test_neo4j_away_and_back(neo4j_via_proxy: tuple[TcpProxy, dict[str, str]]) -> None:
    proxy, keys = neo4j_via_proxy
    settings = Settings()

    def through_proxy() -> GraphStore:
        # A real driver to a real server, through a forwarder that the test cuts.
        # No retries: bootstrap's driver retries a lost server for 30 s first.
        driver = neo4j.GraphDatabase.driver(
            f"bolt://127.0.0.1:{proxy.port}",
            auth=(settings.neo4j_username, settings.neo4j_password.get_secret_value()),
            max_transaction_retry_time=0,
            connection_timeout=2,
        )
        return Neo4jStore(driver, owns_driver=True)

    auth = {"Authorization": f"Bearer {keys[ME]}"}
    app = create_app(settings, store_factory=through_proxy)
    with TestClient(app) as client:
        assert client.get("/health").json()["store"] == "neo4j"
        assert client.get("/paths", params={"to": "huaxin-01"}, headers=auth).status_code == 200
        proxy.stop()
        assert client.get("/health").status_code == 200  # the process lives
        for response in (
            client.get("/ready"),
            client.get("/paths", params={"to": "huaxin-01"}, headers=auth),
            client.put("/ties/sp-zhang/huaxin-02", json={"strength": 0.5}, headers=auth),
        ):
            _problem(response, 503, "store-unavailable")
            assert response.headers["Retry-After"] == "5"
        proxy.start()
        assert client.get("/ready").status_code == 200
        paths = client.get("/paths", params={"to": "huaxin-01"}, headers=auth)
        assert paths.status_code == 200 and paths.json()["paths"]
