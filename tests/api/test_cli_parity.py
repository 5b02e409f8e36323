"""The command line's `--from` and the API's caller see the same graph (the team
view of `graph_mtl.services.team_view.TeamView`): route by route on the demo, the
CLI's `--json` for sp-zhang is the API's JSON for sp-zhang's key, whole, on every
store. A teammate's private ties (sp-li's friend) count in neither until sp-li
shares them, and then in both, read the same way."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.api.conftest import LI_FRIEND, ME, TEAMMATE, Backend

runner = CliRunner()

# (API route, query or body, the command's arguments): each pair asks the same question.
GETS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("/paths", {"to": "huaxin-01", "k": 3}, ["paths", "--to", "huaxin-01", "--k", "3"]),
    (
        "/paths",
        {"to": "huaxin-01", "mode": "shortest", "max_hops": 3, "exclude": "c-hongda"},
        [
            *("paths", "--to", "huaxin-01", "--mode", "shortest", "--max-hops", "3"),
            *("--exclude", "c-hongda"),
        ],
    ),
    ("/paths", {"to": "huaxin-21"}, ["paths", "--to", "huaxin-21"]),
    (
        "/customers/c-huaxin/committee",
        {"need": "n-erp"},
        ["committee", "c-huaxin", "--need", "n-erp"],
    ),
    ("/customers/c-huaxin/committee", {}, ["committee", "c-huaxin"]),
    ("/customers/c-jinlun/committee", {}, ["committee", "c-jinlun"]),
    ("/customers/c-boyuan/outreach", {}, ["outreach", "c-boyuan"]),
    ("/customers/c-zhiyuan/outreach", {}, ["outreach", "c-zhiyuan"]),
    ("/accounts", {}, ["accounts"]),
    ("/accounts", {"status": "potential", "top": 5}, ["accounts", "--status", "potential"]),
    ("/channels", {}, ["channels"]),
    ("/channels", {"audience": "potential"}, ["channels", "--audience", "potential"]),
]


def _cli(backend: Backend, *args: str) -> Any:
    result = runner.invoke(
        app, [*args, "--from", ME, "--json", "--store", backend.settings.store or ""]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _api(client: TestClient, route: str, params: dict[str, Any]) -> Any:
    response = client.get(route, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _compare(client: TestClient, backend: Backend) -> None:
    for route, params, args in GETS:
        expected = _cli(backend, *args)
        found = _api(client, route, params)
        if route == "/accounts" and "top" in params:
            expected = {"accounts": expected["accounts"][: params["top"]]}
        assert found == expected, (route, params)


def test_every_route_answers_as_the_command_line(client: TestClient, backend: Backend) -> None:
    _compare(client, backend)
    # Not vacuous: the questions have answers.
    assert _api(client, "/paths", {"to": "huaxin-01", "k": 3})["paths"]
    assert _api(client, "/customers/c-jinlun/committee", {})["vacant_seats"]
    assert _api(client, "/accounts", {})["accounts"]


def test_a_teammates_private_ties_count_only_once_shared(
    client: TestClient, backend: Backend
) -> None:
    # Only sp-li's private network holds li-friend: unknown, as an unused id would be.
    hidden = runner.invoke(
        app, ["paths", "--to", LI_FRIEND, "--from", ME, "--store", backend.settings.store or ""]
    )
    assert hidden.exit_code == 1 and "unknown person" in hidden.output
    assert client.get("/paths", params={"to": LI_FRIEND}).status_code == 404
    shared = runner.invoke(
        app, ["team", "share", "--salesperson", TEAMMATE, "--store", backend.settings.store or ""]
    )
    assert shared.exit_code == 0, shared.output
    through = _cli(backend, "paths", "--to", LI_FRIEND)["paths"]
    assert through and TEAMMATE in through[0]["nodes"]
    last = through[0]["steps"][-1]
    assert "college roommate" not in json.dumps(through)  # the tie's private context
    assert "ask" in " ".join(last["reasons"])
    _compare(client, backend)


def test_evaluate_and_report_answer_as_the_command_line(
    client: TestClient, backend: Backend
) -> None:
    body = {"contact": "huaxin-11", "customer": "c-huaxin", "need": "n-erp", "from": ME}
    evaluated = client.post("/contacts/evaluate", json=body)
    assert evaluated.status_code == 200, evaluated.text
    args = ["evaluate", "--contact", "huaxin-11", "--customer", "c-huaxin", "--need", "n-erp"]
    assert evaluated.json() == _cli(backend, *args)

    started = client.post("/reports", json={"status": "target", "limit": 4})
    assert started.status_code == 202, started.text
    job = _finished(client, started.headers["Location"])
    assert job["status"] == "done", job
    result = runner.invoke(
        app,
        [
            *("report", "--from", ME, "--status", "target", "--limit", "4"),
            *("--format", "json", "--out", "-", "--store", backend.settings.store or ""),
        ],
    )
    assert result.exit_code == 0, result.output
    assert job["report"] == json.loads(result.stdout)


def _finished(client: TestClient, location: str) -> dict[str, Any]:
    for _ in range(1200):  # a bounded wait for the job, not a timing check
        job: dict[str, Any] = client.get(location).json()
        if job["status"] != "running":
            return job
        time.sleep(0.05)
    pytest.fail("the report job did not finish")
