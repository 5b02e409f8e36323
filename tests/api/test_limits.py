"""Every limit answers with a problem document: bodies and uploads too large (413,
before they are read), rejections that list the first problems and count them
all, report jobs past their bound (429 with Retry-After), odd upload names (422),
expensive searches refused, and demo mode's Host and Origin checks."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from anyio import to_thread
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.jobs import ReportJobs
from api.problems import MAX_LISTED
from graph_mtl.bootstrap import open_store
from graph_mtl.domain.deadline import check_time, time_limit
from graph_mtl.errors import LimitReached, TimeLimitReached
from graph_mtl.services.report import Progress, Report
from graph_mtl.settings import Settings
from tests.api.conftest import ADMIN, ME, TEAMMATE, prepare

PEOPLE_HEADER = b"id,name,customer_id,title,roles,is_salesperson,email\n"
TIES_HEADER = b"source,target,strength,last_contact,context\n"


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(
        store=str(tmp_path / "graph.db"),
        max_body_bytes=4096,
        max_upload_bytes=64 * 1024,
        max_unpacked_bytes=32 * 1024,
    )
    with closing(open_store(settings)) as store:
        keys = prepare(store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {keys[ME]}"
        yield client, keys


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    found: dict[str, Any] = response.json()
    assert found["status"] == status
    return found


def test_a_body_past_the_limit_is_refused_unread(limited: tuple[TestClient, Any]) -> None:
    client, _ = limited
    body = b'{"name": "' + b"x" * 5000 + b'"}'
    headers = {"content-type": "application/json"}
    problem = _problem(client.put("/people/p-big", content=body, headers=headers), 413)
    assert problem["type"].endswith(":payload-too-large") and "4,096" in problem["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"name": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    _problem(client.put("/people/p-big", content=chunks(), headers=headers), 413)
    assert client.put("/people/p-ok", json={"name": "Fine"}).status_code == 201


def test_an_upload_past_the_limit_is_refused(limited: tuple[TestClient, Any]) -> None:
    client, keys = limited
    admin = {"Authorization": f"Bearer {keys[ADMIN]}"}
    big = PEOPLE_HEADER + b"p1,P,,,,false,\n" * 5000  # 75 KB
    files: list[tuple[str, tuple[str, bytes] | tuple[str, bytes, str]]] = [
        ("files", ("people.csv", big, "text/csv")),
        ("files", ("ties.csv", TIES_HEADER)),
    ]
    _problem(client.post("/import", files=files, headers=admin), 413)
    # Within the upload limit, but past the unpacked one once the zip is opened.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("people.csv", PEOPLE_HEADER + b"p1,P,,,,false,\n" * 3000)
        archive.writestr("ties.csv", TIES_HEADER)
    files = [("files", ("bundle.zip", buffer.getvalue(), "application/zip"))]
    problem = _problem(client.post("/import", files=files, headers=admin), 422)
    assert "32,768 bytes" in problem["detail"]


def test_a_rejection_lists_the_first_problems_and_counts_them_all(
    limited: tuple[TestClient, Any],
) -> None:
    client, keys = limited
    admin = {"Authorization": f"Bearer {keys[ADMIN]}"}
    rows = b"".join(b" bad-%d,P,,,,false,\n" % i for i in range(300))
    files = [
        ("files", ("people.csv", PEOPLE_HEADER + rows, "text/csv")),
        ("files", ("ties.csv", TIES_HEADER, "text/csv")),
    ]
    problem = _problem(client.post("/import", files=files, headers=admin), 422)
    assert len(problem["problems"]) == MAX_LISTED and problem["count"] == 300
    body = {"name": "N", **{f"unknown{i}": i for i in range(250)}}
    problem = _problem(client.put("/people/p-x", json=body), 422)
    assert len(problem["errors"]) == MAX_LISTED and problem["count"] == 250
    assert len(problem["detail"]) < 1000


@pytest.mark.parametrize("name", [b"a\x00.csv", b"x" * 300 + b".csv", b"tab\there.csv"])
def test_odd_upload_names_are_problems_not_errors(
    limited: tuple[TestClient, Any], name: bytes
) -> None:
    """The part's file name exactly as a client may send it (httpx would escape it)."""
    client, keys = limited
    body = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="files"; filename="' + name + b'"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + PEOPLE_HEADER + b"\r\n--b0undary--\r\n"
    )
    headers = {
        "Authorization": f"Bearer {keys[ADMIN]}",
        "Content-Type": "multipart/form-data; boundary=b0undary",
    }
    problem = _problem(client.post("/import", content=body, headers=headers), 422)
    assert problem["errors"][0]["field"] == "files"


def test_an_expensive_search_is_refused(limited: tuple[TestClient, Any]) -> None:
    client, _ = limited
    problem = _problem(
        client.get("/paths", params={"to": "huaxin-01", "k": 50, "max_hops": 8}), 422
    )
    assert problem["errors"][0]["field"] == "k"
    assert (
        client.get("/paths", params={"to": "huaxin-01", "k": 10, "max_hops": 8}).status_code == 200
    )


def test_report_jobs_are_bounded_per_caller_and_in_all() -> None:
    jobs = ReportJobs(workers=4, per_caller=1, in_all=2)
    release = threading.Event()

    def slow(progress: Progress) -> Report:
        release.wait(10)
        raise RuntimeError("not needed")

    try:
        jobs.start("sp-a", "sp-a", slow)
        with pytest.raises(LimitReached) as refused:
            jobs.start("sp-a", "sp-a", slow)
        assert refused.value.retry_after > 0
        jobs.start("sp-b", "sp-b", slow)  # another caller is not held up by sp-a's job
        with pytest.raises(LimitReached):
            jobs.start("sp-c", "sp-c", slow)  # but the server's bound holds for all
    finally:
        release.set()
        jobs.shutdown()


def test_too_many_report_jobs_answer_429_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "graph.db"), max_jobs_per_key=1)
    with closing(open_store(settings)) as store:
        keys = prepare(store)
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {keys[ME]}"
        release = threading.Event()
        jobs: ReportJobs = app.state.reports

        def blocked(progress: Progress) -> Report:
            release.wait(10)
            # Never read: an empty report. The pydantic plugin types model_construct as if
            # it validated, every field required.
            return Report.model_construct()  # type: ignore[call-arg]

        jobs.start(ME, ME, blocked)
        try:
            response = client.post("/reports", json={})
            _problem(response, 429)
            assert int(response.headers["Retry-After"]) > 0
        finally:
            release.set()


def test_demo_mode_checks_the_host_and_refuses_cross_origin_writes() -> None:
    with TestClient(create_app(demo=True), base_url="http://localhost:8000") as client:
        assert client.get("/health").status_code == 200
        _problem(client.get("/health", headers={"Host": "evil.example"}), 421)
        _problem(client.get("/health", headers={"Host": "localhost.evil.example:8000"}), 421)
        mole = {"name": "Mole"}
        _problem(
            client.put("/people/mole", headers={"Origin": "http://evil.example"}, json=mole), 403
        )
        _problem(
            client.put("/people/mole", headers={"Sec-Fetch-Site": "cross-site"}, json=mole), 403
        )
        same = client.put("/people/mole", headers={"Origin": "http://localhost:8000"}, json=mole)
        assert same.status_code == 201
    with TestClient(create_app(demo=True), base_url="http://127.0.0.1:8000") as client:
        assert client.get("/health").status_code == 200


def test_the_schema_and_the_code_agree(limited: tuple[TestClient, Any]) -> None:
    """No coercion of body values, the status enum the code takes, every method in
    Allow."""
    client, _ = limited
    for url, body in (
        ("/ties/sp-zhang/huaxin-01", {"strength": True}),
        ("/customers/c-x", {"name": "X", "status": "target", "headcount": "12"}),
        ("/people/p-x", {"name": "X", "is_salesperson": "false"}),
    ):
        _problem(client.put(url, json=body), 422)
    assert client.put("/ties/sp-zhang/huaxin-01", json={"strength": 1}).status_code in (200, 201)
    app = client.app
    assert isinstance(app, FastAPI)
    status = app.openapi()["paths"]["/accounts"]["get"]["parameters"]
    [enum] = [p["schema"]["anyOf"][0]["enum"] for p in status if p["name"] == "status"]
    for value in enum:
        assert client.get("/accounts", params={"status": value}).status_code == 200
    _problem(client.get("/accounts", params={"status": "existing"}), 422)
    refused = client.request("PATCH", "/people/p-x")
    assert refused.status_code == 405
    assert set(refused.headers["Allow"].split(", ")) >= {"PUT", "DELETE"}


def test_a_report_job_past_its_time_limit_fails_with_a_504_problem() -> None:
    jobs = ReportJobs(time_limit=0.05)

    def slow(progress: Progress) -> Report:
        for done in range(100):
            time.sleep(0.01)
            progress(done, 100)
        raise AssertionError("the time limit did not stop the job")

    try:
        job = jobs.start("sp-a", "sp-a", slow)
        deadline = time.monotonic() + 10
        while jobs.get("sp-a", job.id).status == "running" and time.monotonic() < deadline:
            time.sleep(0.01)
        failed = jobs.get("sp-a", job.id)
        assert failed.status == "failed" and failed.error is not None
        assert failed.error.status == 504 and "time limit" in failed.error.detail
    finally:
        jobs.shutdown()


def test_a_key_past_its_rate_gets_429_and_others_do_not(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "graph.db"), rate_limit="5/minute")
    with closing(open_store(settings)) as store:
        keys = prepare(store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        mine = {"Authorization": f"Bearer {keys[ME]}"}
        assert all(client.get("/team", headers=mine).status_code == 200 for _ in range(5))
        refused = client.get("/team", headers=mine)
        _problem(refused, 429)
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        theirs = {"Authorization": f"Bearer {keys[TEAMMATE]}"}
        assert client.get("/team", headers=theirs).status_code == 200


def test_a_search_past_the_request_time_limit_stops_with_a_504_problem(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "graph.db"), request_seconds=1e-6)
    with closing(open_store(settings)) as store:
        keys = prepare(store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {keys[ME]}"
        problem = _problem(client.get("/paths", params={"to": "huaxin-01", "k": 5}), 504)
        assert problem["type"].endswith(":time-limit") and "time limit" in problem["detail"]
        assert client.get("/team").status_code == 200  # no search: nothing to stop


def test_requests_work_in_as_many_threads_as_the_setting_allows(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "graph.db"), request_threads=3)
    with TestClient(create_app(settings)) as client:
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)  # type: ignore[union-attr]
        assert tokens == 3
        assert client.get("/health").status_code == 200


def test_the_time_limit_belongs_to_its_context() -> None:
    with time_limit(1e-9):
        time.sleep(0.001)
        with pytest.raises(TimeLimitReached):
            check_time()
        with time_limit(None):
            check_time()  # an inner context without a limit
    check_time()  # outside: no limit
