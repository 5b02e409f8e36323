"""Who may see what: keys, your own position, the opt-in team network, write rules,
and the keyless demo."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph_mtl.services.access import revoke_key
from tests.api.conftest import LI_FRIEND, ME, TEAMMATE, Backend

ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/paths", {"params": {"to": "huaxin-01"}}),
    ("GET", "/customers/c-huaxin/committee", {}),
    ("GET", "/customers/c-huaxin/outreach", {}),
    ("GET", "/accounts", {}),
    ("GET", "/channels", {}),
    ("POST", "/contacts/evaluate", {"json": {"contact": "a", "customer": "b", "need": "c"}}),
    ("PUT", "/people/x", {"json": {"name": "X"}}),
    ("DELETE", "/people/x", {}),
    ("PUT", "/customers/x", {"json": {"name": "X", "status": "target"}}),
    ("PUT", "/ties/a/b", {"json": {"strength": 0.5}}),
    ("PUT", "/channels/c/reach/t", {"json": {"strength": 0.5}}),
    ("POST", "/import", {"files": {"files": ("people.csv", b"id,name\n", "text/csv")}}),
    ("GET", "/team", {}),
    ("GET", "/me", {}),
    ("GET", "/intros", {}),
    ("PUT", f"/team/members/{ME}", {"json": {"shared": True}}),
]


BAD_AUTHORIZATIONS = [
    "",
    "Bearer gmtl_not-a-key",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "Bearer wrong-prefix",
    "bearer gmtl_" + "x" * 43,
]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    data: dict[str, Any] = response.json()
    assert data["status"] == status and data["title"] and data["detail"]
    return data


@pytest.mark.parametrize(("method", "url", "kwargs"), ROUTES)
def test_no_live_key_is_401_everywhere_but_health(
    backend: Backend, method: str, url: str, kwargs: dict[str, Any]
) -> None:
    with TestClient(create_app(backend.settings)) as client:
        for authorization in BAD_AUTHORIZATIONS:
            headers = {"Authorization": authorization} if authorization else {}
            response = client.request(method, url, headers=headers, **kwargs)
            problem = _problem(response, 401)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert problem["type"].endswith(":unauthorized")
        assert client.get("/health").status_code == 200


def test_a_revoked_key_stops_working_at_once(client: TestClient, backend: Backend) -> None:
    assert client.get("/team").status_code == 200
    with closing(backend.open()) as store:
        [key] = [k for k in store.api_keys(salesperson_id=ME) if not k.admin]
        revoke_key(store, key.id)
    response = client.get("/team")
    _problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_key_of_a_deleted_salesperson_is_dead(client: TestClient, backend: Backend) -> None:
    with closing(backend.open()) as store:
        store.delete_person(ME)
    _problem(client.get("/team"), 401)


@pytest.mark.parametrize("who", [TEAMMATE, "nobody-at-all"])
def test_only_your_own_position(client: TestClient, who: str) -> None:
    """Someone else's position is 403 whether or not they exist (nothing leaks)."""
    for url, params in [
        ("/paths", {"from": who, "to": "huaxin-01"}),
        ("/customers/c-huaxin/committee", {"from": who}),
        ("/customers/c-huaxin/outreach", {"from": who}),
        ("/accounts", {"from": who}),
        ("/channels", {"from": who}),
    ]:
        problem = _problem(client.get(url, params=params), 403)
        assert who not in problem["detail"]
    body = {"contact": "huaxin-01", "customer": "c-huaxin", "need": "n-erp", "from": who}
    _problem(client.post("/contacts/evaluate", json=body), 403)
    _problem(client.put(f"/team/members/{who}", json={"shared": True}), 403)
    assert client.get("/paths", params={"from": ME, "to": "huaxin-01"}).status_code == 200


def test_a_teammate_who_has_not_opted_in_carries_no_path(client: TestClient) -> None:
    # A person only sp-li's private network holds reads as unknown, as an unused id would.
    assert client.get("/paths", params={"to": LI_FRIEND}).status_code == 404
    assert client.get("/paths", params={"to": TEAMMATE}).json() == {"paths": []}
    # Through sp-li, huaxin-21 is closer; without them the best path goes around.
    [path] = client.get("/paths", params={"to": "huaxin-21"}).json()["paths"]
    assert TEAMMATE not in path["nodes"]


def test_an_opted_in_teammate_is_named_and_their_tie_kept_private(
    backend: Backend, client: TestClient
) -> None:
    with TestClient(create_app(backend.settings)) as li:
        li.headers.update(backend.auth(TEAMMATE))
        assert li.put(f"/team/members/{TEAMMATE}", json={"shared": True}).status_code == 200
        # sp-li still sees their own tie in full.
        [own] = li.get("/paths", params={"to": LI_FRIEND}).json()["paths"]
        assert own["steps"][0]["context"] == "private: sp-li's college roommate"
    [path] = client.get("/paths", params={"to": LI_FRIEND}).json()["paths"]
    assert path["nodes"] == [ME, TEAMMATE, LI_FRIEND]
    mine, theirs = path["steps"]
    assert mine["context"] == "colleagues in our sales team"
    assert "李娜" in theirs["context"] and "ask" in theirs["context"]
    assert "roommate" not in str(path) and theirs["last_contact"] is None
    [via] = client.get("/paths", params={"to": "huaxin-21"}).json()["paths"]
    assert TEAMMATE in via["nodes"]
    # ... and out again.
    with TestClient(create_app(backend.settings)) as li:
        li.headers.update(backend.auth(TEAMMATE))
        li.put(f"/team/members/{TEAMMATE}", json={"shared": False})
    assert client.get("/paths", params={"to": LI_FRIEND}).status_code == 404


def test_groups_and_plans_follow_the_same_rule(client: TestClient) -> None:
    for url in ("/customers/c-huaxin/committee", "/customers/c-huaxin/outreach"):
        response = client.get(url)
        assert response.status_code == 200
        assert f'"{TEAMMATE}"' not in response.text
    accounts = client.get("/accounts").json()["accounts"]
    assert all(TEAMMATE not in (a["path"] or {}).get("nodes", []) for a in accounts)


def test_writes_leave_teammates_records_alone(client: TestClient) -> None:
    _problem(client.put(f"/people/{TEAMMATE}", json={"name": "Li", "is_salesperson": True}), 403)
    _problem(client.put("/people/new-sp", json={"name": "Nu", "is_salesperson": True}), 403)
    _problem(client.put(f"/people/{ME}", json={"name": "Zhang"}), 403)  # stays a salesperson
    own = client.put(f"/people/{ME}", json={"name": "张伟 Zhang", "is_salesperson": True})
    assert own.status_code == 200, own.text
    _problem(client.put(f"/ties/{TEAMMATE}/huaxin-01", json={"strength": 0.5}), 403)
    _problem(client.delete(f"/people/{TEAMMATE}"), 403)
    _problem(client.delete(f"/people/{ME}"), 403)
    assert client.put(f"/ties/{ME}/huaxin-01", json={"strength": 0.5}).status_code == 201


def test_demo_mode_needs_no_key_and_takes_any_position() -> None:
    with TestClient(create_app(demo=True), base_url="http://localhost") as client:
        health = client.get("/health").json()
        assert health == {"status": "ok", "store": "embedded", "demo": True}
        for who in (ME, TEAMMATE):
            paths = client.get("/paths", params={"from": who, "to": "huaxin-01"}).json()["paths"]
            assert paths[0]["nodes"][0] == who
        problem = _problem(client.get("/paths", params={"to": "huaxin-01"}), 422)
        assert problem["errors"] == [{"field": "from", "reason": problem["errors"][0]["reason"]}]
        # The team-network rule holds from whichever position is asked.
        [path] = client.get("/paths", params={"from": ME, "to": "huaxin-21"}).json()["paths"]
        assert TEAMMATE not in path["nodes"]
