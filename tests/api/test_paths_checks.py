"""GET /paths checks the key, its rate and `from` in its handler's thread
(`api/pending.py`), yet answers as every keyed route does: those come before an
invalid parameter's 422, and each request counts once against the key's rate."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import ME, TEAMMATE, Backend


def _status(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    data: dict[str, Any] = response.json()
    return data


def test_the_key_and_from_come_before_an_invalid_parameter(backend: Backend) -> None:
    with TestClient(create_app(backend.settings)) as client:
        for headers in ({}, {"Authorization": "Bearer gmtl_not-a-key"}):
            for query in ("to=huaxin-01&k=0", "to=", "to=huaxin-01&from=", "k=1"):
                _status(client.get(f"/paths?{query}", headers=headers), 401)
        mine = backend.auth(ME)
        for source in (TEAMMATE, "nobody-at-all"):  # someone else's position, or nobody's
            problem = _status(
                client.get(f"/paths?to=huaxin-01&from={source}&k=0", headers=mine), 403
            )
            assert problem["type"].endswith(":forbidden")
        problem = _status(client.get("/paths?to=huaxin-01&from=&k=0", headers=mine), 422)
        assert {e["field"] for e in problem["errors"]} == {"from", "k"}
        problem = _status(client.get(f"/paths?to=huaxin-01&from={ME}&k=0", headers=mine), 422)
        assert [e["field"] for e in problem["errors"]] == ["k"]
        assert client.get(f"/paths?to=huaxin-01&from={ME}", headers=mine).status_code == 200


def test_an_invalid_request_counts_once_against_the_rate(backend: Backend) -> None:
    settings = backend.settings.model_copy(update={"rate_limit": "3/minute"})
    with TestClient(create_app(settings)) as client:
        mine = backend.auth(ME)
        _status(client.get("/paths?to=huaxin-01&k=0", headers=mine), 422)
        _status(client.get("/paths?to=", headers=mine), 422)
        assert client.get("/paths?to=huaxin-01", headers=mine).status_code == 200
        problem = _status(client.get("/paths?to=huaxin-01&k=0", headers=mine), 429)
        assert problem["type"].endswith(":limit-reached")
