"""Every route, over each store: the same answers, in the same JSON, as the services
(and so as the CLI's `--json`)."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import closing
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from graph_mtl.domain.models import Audience, CustomerStatus
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.accounts import score_accounts
from graph_mtl.services.channels import rank_channels
from graph_mtl.services.committee import committee
from graph_mtl.services.outreach import outreach_plan
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.team_view import TeamView
from tests.api.conftest import ADMIN, DEMO, ME, TEAMMATE, Backend

PLAYBOOK = load_playbook(None)


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_health(client: TestClient, backend: Backend) -> None:
    response = client.get("/health", headers={"Authorization": ""})
    assert _ok(response) == {"status": "ok", "store": backend.name, "demo": False}


def test_paths_are_the_services_paths(client: TestClient, backend: Backend) -> None:
    data = _ok(client.get("/paths", params={"to": "huaxin-01", "k": 3, "mode": "shortest"}))
    with closing(backend.open()) as store:
        expected = warm_paths(TeamView.of(store, ME), ME, "huaxin-01", k=3, mode=Mode.SHORTEST)
    assert data == {"paths": [p.model_dump(mode="json") for p in expected]}
    assert len(data["paths"]) == 3
    assert all(p["nodes"][0] == ME and p["nodes"][-1] == "huaxin-01" for p in data["paths"])


def test_paths_take_from_exclude_and_max_hops(client: TestClient) -> None:
    params: dict[str, Any] = {"from": ME, "to": "huaxin-01", "max_hops": 4}
    first = _ok(client.get("/paths", params=params))["paths"][0]
    avoided = first["nodes"][1]
    rerouted = _ok(client.get("/paths", params={**params, "exclude": [avoided]}))["paths"]
    assert all(avoided not in p["nodes"] for p in rerouted)
    assert _ok(client.get("/paths", params={"to": "huaxin-02"})) == {"paths": []}


def test_committee(client: TestClient, backend: Backend) -> None:
    data = _ok(client.get("/customers/c-huaxin/committee", params={"need": "n-erp"}))
    with closing(backend.open()) as store:
        expected = committee(
            TeamView.of(store, ME),
            "c-huaxin",
            ME,
            need_id="n-erp",
            seats=load_playbook().committees,
        )
    assert data == expected.model_dump(mode="json")
    assert data["members"] and data["gaps"]  # huaxin-02 and -06: channels only


def test_outreach(client: TestClient, backend: Backend) -> None:
    data = _ok(client.get("/customers/c-boyuan/outreach", params={"from": ME}))
    with closing(backend.open()) as store:
        expected = outreach_plan(TeamView.of(store, ME), PLAYBOOK, "c-boyuan", ME)
    assert data == expected.model_dump(mode="json")
    assert any(p["direct"] for p in data["people"])  # sp-zhang knows boyuan-04


def test_accounts(client: TestClient, backend: Backend) -> None:
    data = _ok(client.get("/accounts", params={"status": "target", "top": 3}))
    with closing(backend.open()) as store:
        expected = score_accounts(
            TeamView.of(store, ME), PLAYBOOK, ME, status=CustomerStatus.TARGET, top=3
        )
    assert data == {"accounts": [a.model_dump(mode="json") for a in expected]}
    assert len(data["accounts"]) == 3


def test_channels(client: TestClient, backend: Backend) -> None:
    plain = _ok(client.get("/channels", params={"audience": "potential"}))
    warm = _ok(client.get("/channels", params={"from": ME}))
    with closing(backend.open()) as store:
        view = TeamView.of(store, ME)
        # Without `from`, a key asks from its own position: the same answer as with it.
        assert plain == rank_channels(view, PLAYBOOK, ME, audience=Audience.POTENTIAL).model_dump(
            mode="json"
        )
        assert warm == rank_channels(view, PLAYBOOK, ME).model_dump(mode="json")
    assert plain["target"] is None and plain["potential"]
    assert warm["source"] == plain["source"] == ME
    assert _ok(client.get("/channels")) == warm


def test_evaluate_and_record(client: TestClient, backend: Backend) -> None:
    body = {
        "contact": "huaxin-01",
        "customer": "c-huaxin",
        "need": "n-erp",
        "fields": {"budget": "800k", "timeline": "Q1"},
        "from": ME,
    }
    first = _ok(client.post("/contacts/evaluate", json=body))
    assert first["kind"] == "business_opportunity" and first["recorded"] is False
    without = {k: v for k, v in body.items() if k != "from"}
    assert _ok(client.post("/contacts/evaluate", json=without)) == first  # your own position
    assert first["path"]["nodes"][0] == ME
    recorded = _ok(client.post("/contacts/evaluate", json={**body, "record": True}))
    assert recorded["recorded"] is True
    assert recorded["recorded_on"] == date.today().isoformat()
    with closing(backend.open()) as store:
        assert [o.id for o in store.opportunities()] == [recorded["opportunity_id"]]


def test_recorded_evaluations_are_their_recorders(client: TestClient, backend: Backend) -> None:
    """sp-li's budget and competitor notes never reach sp-zhang, who cannot overwrite
    them; while sp-li shares her network, sp-zhang sees only that the record exists."""
    body = {"contact": "huaxin-01", "customer": "c-huaxin", "need": "n-erp", "record": True}
    secret = {"budget": "li-secret-2M", "competitors": "li-secret-rival"}
    li = backend.auth(TEAMMATE)
    _ok(client.post("/contacts/evaluate", json={**body, "fields": secret}, headers=li))
    mine = _ok(client.post("/contacts/evaluate", json={**body, "fields": {"timeline": "Q1"}}))
    assert "li-secret" not in json.dumps(mine)
    with closing(backend.open()) as store:
        records = {o.recorded_by: o for o in store.opportunities()}
        assert records[TEAMMATE].details == secret, "sp-zhang's record did not overwrite hers"
        assert records[ME].details == {"timeline": "Q1"}
        assert TeamView.of(store, ME).opportunities() == [records[ME]]
    _ok(client.put(f"/team/members/{TEAMMATE}", json={"shared": True}, headers=li))
    with closing(backend.open()) as store:
        seen = {o.recorded_by: o for o in TeamView.of(store, ME).opportunities()}
        assert seen[TEAMMATE].details == {} and seen[TEAMMATE].kind == records[TEAMMATE].kind
    again = _ok(client.post("/contacts/evaluate", json={**body, "record": False}))
    assert "li-secret" not in json.dumps(again)


def test_people_customers_ties_and_reach_are_written(client: TestClient, backend: Backend) -> None:
    customer = {"name": "新客户 New Co", "status": "potential", "industry": "retail"}
    assert _ok(client.put("/customers/c-new", json=customer), 201)["id"] == "c-new"
    assert _ok(client.put("/customers/c-new", json={**customer, "region": "east"}))["region"]
    person = {"name": "王五", "customer_id": "c-new", "title": "CIO", "roles": []}
    assert _ok(client.put("/people/new-1", json=person), 201)["customer_id"] == "c-new"
    tie = {"strength": 0.7, "context": "met at a fair", "last_contact": "2026-11-01"}
    assert _ok(client.put(f"/ties/{ME}/new-1", json=tie), 201)["context"] == "met at a fair"
    assert _ok(client.put(f"/ties/new-1/{ME}", json={**tie, "strength": 0.8}))["strength"] == 0.8
    assert _ok(client.put("/channels/ch-ex-qian/reach/new-1", json={"strength": 0.5}), 201)
    assert _ok(client.put("/channels/ch-ex-qian/reach/new-1", json={"strength": 0.6}))
    with closing(backend.open()) as store:
        assert store.people(["new-1"])["new-1"].name == "王五"
        assert [t.strength for t in store.ties([(ME, "new-1")]).values()] == [0.8]
        assert {r.strength for r in store.reach(target_ids=["new-1"])} == {0.6}
        assert store.customer("c-new") is not None
    [path] = _ok(client.get("/paths", params={"to": "new-1"}))["paths"]
    assert path["nodes"] == [ME, "new-1"]


def test_delete_forgets_a_person_and_every_tie(client: TestClient, backend: Backend) -> None:
    with closing(backend.open()) as store:
        known = [other for other, _ in store.adjacency(["boyuan-04"])["boyuan-04"]]
    assert known
    response = client.delete("/people/boyuan-04", headers=backend.auth(ADMIN))
    assert response.status_code == 204 and response.content == b""
    with closing(backend.open()) as store:
        assert store.people(["boyuan-04"]) == {}
        assert all("boyuan-04" not in dict(n) for n in store.adjacency(known).values())
    assert client.delete("/people/boyuan-04", headers=backend.auth(ADMIN)).status_code == 404


def _zip_of_demo(*, inside: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(DEMO.glob("*.csv")):
            archive.write(path, f"{inside}{path.name}")
    return buffer.getvalue()


def test_import_multipart_files(client: TestClient, backend: Backend) -> None:
    files = [
        ("files", (path.name, path.read_bytes(), "text/csv")) for path in sorted(DEMO.glob("*.csv"))
    ]
    data = _ok(client.post("/import", files=files, headers=backend.auth(ADMIN)))
    assert data["imported"]["people"] > 50 and data["imported"]["ties"] > 50


def test_import_a_zip(client: TestClient, backend: Backend) -> None:
    files = {"files": ("demo.zip", _zip_of_demo(inside="demo/"), "application/zip")}
    data = _ok(client.post("/import", files=files, headers=backend.auth(ADMIN)))
    with closing(backend.open()) as store:
        assert data["imported"]["customers"] == len(store.customers())


def test_team_lists_and_opts_in(client: TestClient) -> None:
    members = _ok(client.get("/team"))["members"]
    assert {m["id"] for m in members} == {"sp-chen", "sp-li", "sp-wang", "sp-zhang"}
    assert not any(m["shared"] for m in members)
    shared = _ok(client.put(f"/team/members/{ME}", json={"shared": True}))
    assert shared == {"id": ME, "name": "张伟", "shared": True}
    assert [m["shared"] for m in _ok(client.get("/team"))["members"] if m["id"] == ME] == [True]


def test_openapi_and_docs(client: TestClient) -> None:
    spec = _ok(client.get("/openapi.json", headers={"Authorization": ""}))
    assert {
        "/health",
        "/paths",
        "/customers/{customer_id}/committee",
        "/customers/{customer_id}/outreach",
        "/accounts",
        "/channels",
        "/contacts/evaluate",
        "/people/{person_id}",
        "/customers/{customer_id}",
        "/ties/{source}/{target}",
        "/channels/{channel_id}/reach/{target_id}",
        "/import",
        "/team",
        "/team/members/{salesperson_id}",
    } <= set(spec["paths"])
    assert "Problem" in spec["components"]["schemas"]
    docs = client.get("/docs", headers={"Authorization": ""})
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
