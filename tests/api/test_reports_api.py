"""POST /reports starts a report job; GET /reports/{id} gives it, and the finished
report rendered as html, csv, md or json (the renderers' exact text)."""

from __future__ import annotations

import time
from contextlib import closing
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.i18n import use
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services.report import build_report
from graph_mtl.services.team_view import TeamView
from tests.api.conftest import ME, TEAMMATE, Backend


def _finished(client: TestClient, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the report did not finish within 60 s")


def test_a_report_job_runs_and_renders(client: TestClient, backend: Backend) -> None:
    started = client.post("/reports", json={"status": "target", "limit": 3, "k": 2})
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status"] == "running" and job["source"] == ME
    location = started.headers["Location"]
    assert location == f"/reports/{job['id']}"
    done = _finished(client, location)
    assert done["status"] == "done" and done["error"] is None
    with closing(backend.open()) as store:
        expected = build_report(
            TeamView.of(store, ME), load_playbook(None), ME, status="target", limit=3, k=2
        )
    assert done["report"] == expected.model_dump(mode="json")
    for fmt, media in (
        (ReportFormat.HTML, "text/html"),
        (ReportFormat.CSV, "text/csv"),
        (ReportFormat.MD, "text/markdown"),
        (ReportFormat.JSON, "application/json"),
    ):
        rendered = client.get(location, params={"format": fmt.value})
        assert rendered.status_code == 200
        assert rendered.headers["content-type"].startswith(media)
        assert rendered.text == render(expected, fmt)


def test_a_failed_job_carries_its_problem(client: TestClient) -> None:
    started = client.post("/reports", json={"customers": ["no-such-customer"]})
    done = _finished(client, started.headers["Location"])
    assert done["status"] == "failed" and done["report"] is None
    assert done["error"]["status"] == 404 and "no-such-customer" in done["error"]["detail"]
    rendered = client.get(started.headers["Location"], params={"format": "html"})
    assert rendered.status_code == 409
    assert rendered.headers["content-type"] == "application/problem+json"


def test_reports_are_their_owners(client: TestClient, backend: Backend) -> None:
    assert client.post("/reports", json={"from": TEAMMATE}).status_code == 403
    started = client.post("/reports", json={"limit": 1})
    location = started.headers["Location"]
    _finished(client, location)
    with TestClient(create_app(backend.settings)) as other:
        other.headers.update(backend.auth(TEAMMATE))
        # Another process's jobs are not shared, and another caller's are not shown.
        assert other.get(location).status_code == 404
    client.headers.update(backend.auth(TEAMMATE))
    missing = client.get(location)
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:graph-mtl:problem:not-found"
    assert client.get("/reports/rep-unknown").status_code == 404
    invalid = client.post("/reports", json={"max_hops": 0})
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "max_hops"


def test_a_report_built_with_a_teammates_network_goes_when_they_opt_out(
    client: TestClient, backend: Backend
) -> None:
    li = backend.auth(TEAMMATE)
    assert client.put(f"/team/members/{TEAMMATE}", json={"shared": True}, headers=li).is_success
    started = client.post("/reports", json={"customers": ["c-huaxin"]})
    location = started.headers["Location"]
    assert _finished(client, location)["shared_by"] == [TEAMMATE]
    assert client.get(location, params={"format": "md"}).status_code == 200
    assert client.put(f"/team/members/{TEAMMATE}", json={"shared": False}, headers=li).is_success
    for params in ({}, {"format": "md"}, {"format": "csv"}):
        stale = client.get(location, params=params)
        assert stale.status_code == 409 and TEAMMATE not in stale.text


def test_a_report_job_builds_in_its_callers_language(client: TestClient, backend: Backend) -> None:
    """The job's thread runs in the request's context: a report asked for in Chinese
    is built in Chinese."""
    started = client.post(
        "/reports", json={"status": "target", "limit": 3}, headers={"Accept-Language": "zh-CN"}
    )
    assert started.status_code == 202, started.text
    done = _finished(client, started.headers["Location"])
    assert done["status"] == "done", done["error"]
    with closing(backend.open()) as store, use("zh_CN"):
        chinese = build_report(
            TeamView.of(store, ME), load_playbook(None), ME, status="target", limit=3
        )
    with closing(backend.open()) as store:
        english = build_report(
            TeamView.of(store, ME), load_playbook(None), ME, status="target", limit=3
        )
    assert done["report"] == chinese.model_dump(mode="json")
    assert done["report"] != english.model_dump(mode="json")
