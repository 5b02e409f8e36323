"""At the door, for every request: an id (the `X-Request-ID` header, a problem's
`request_id`, the log line of a 5xx's cause), `nosniff`, a CSP on an HTML report,
an access-log line with the route's template and no ids or query string; and
`/health` for the process beside `/ready` for the store's reads and writes."""

from __future__ import annotations

import logging
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.bootstrap import open_store
from graph_mtl.settings import Settings
from tests.api.conftest import Backend, prepare


def _request_id(response: Any) -> str:
    found: str = response.headers["X-Request-ID"]
    assert len(found) == 16 and response.headers["X-Content-Type-Options"] == "nosniff"
    return found


def test_every_response_has_an_id_and_nosniff(client: TestClient) -> None:
    ok = client.get("/paths", params={"to": "huaxin-01"})
    too_big = client.put(
        "/people/p-x", content=b"x" * (2 << 20), headers={"content-type": "application/json"}
    )
    for response in (
        ok,
        client.get("/health"),
        client.get("/nowhere"),
        client.get("/static/app.js"),
        client.get("/paths", params={"to": "no-such-person"}),
        too_big,
    ):
        _request_id(response)
    assert len({_request_id(ok), _request_id(too_big)}) == 2
    for problem in (client.get("/paths", params={"to": "no-such-person"}), too_big):
        assert problem.json()["request_id"] == _request_id(problem)


def test_a_5xx_is_logged_once_with_its_cause_and_request_id(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(backend.settings)
    router = APIRouter()

    @router.get("/boom/{thing_id}")
    def boom(thing_id: str) -> None:
        raise RuntimeError(f"secret internals about {thing_id}")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        caplog.set_level(logging.INFO)
        response = client.get("/boom/t-42")
    assert response.status_code == 500 and "secret" not in response.text
    request_id = response.json()["request_id"]
    assert request_id == _request_id(response)
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(logged) == 1, [r.getMessage() for r in caplog.records]
    assert request_id in logged[0].getMessage() and "GET /boom/{thing_id}" in logged[0].getMessage()
    assert logged[0].exc_info is not None and "secret internals" in str(logged[0].exc_info[1])


def test_the_access_log_has_route_templates_not_ids_or_queries(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="graph_mtl.api.access")
    response = client.put("/people/p-secret-id", json={"name": "Secret Name"})
    assert response.status_code == 201
    client.get("/search", params={"q": "Secret Name"})
    lines = [r.getMessage() for r in caplog.records if r.name == "graph_mtl.api.access"]
    assert len(lines) == 2
    assert (
        '"PUT /people/{person_id}" 201' in lines[0] and response.headers["X-Request-ID"] in lines[0]
    )
    assert '"GET /search" 200' in lines[1]
    assert not any("secret" in line.lower() for line in lines)


def test_an_html_report_has_a_content_security_policy(client: TestClient) -> None:
    location = client.post("/reports", json={"status": "target", "limit": 2, "k": 1}).headers[
        "Location"
    ]
    deadline = time.monotonic() + 60
    while client.get(location).json()["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    html = client.get(location, params={"format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    policy = html.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert html.headers["X-Content-Type-Options"] == "nosniff"


def test_ready_reads_and_writes_the_store_health_only_lives(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A store that reads but cannot write (another writer holds its lock) is not
    ready: 503 with the cause logged beside the request id; /health still 200."""
    settings = Settings(store=str(tmp_path / "graph.db"), busy_timeout=0.2)
    with closing(open_store(settings)) as store:
        prepare(store)
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").json() == {"status": "ok", "store": "embedded", "demo": False}
        holder = sqlite3.connect(settings.store, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held
        try:
            caplog.set_level(logging.INFO)
            assert client.get("/health").status_code == 200
            down = client.get("/ready")
            assert down.status_code == 503 and down.headers["Retry-After"] == "5"
            request_id = down.json()["request_id"]
            causes = [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert len(causes) == 1 and request_id in causes[0].getMessage()
            assert "GET /ready" in causes[0].getMessage() and "locked" in causes[0].getMessage()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert client.get("/ready").status_code == 200
