"""The team rule at every door: with salesperson A's key, no route of the OpenAPI
document shows anything of teammate B's private network while B keeps it private:
not the people only B's network holds, not B's source label, not B's tie contexts.

B (sp-li, not opted in) imports a LinkedIn export twice, so that a contact only B
knows moves from one customer to another (a job change that `/changes` would
list), and owns the demo's ties and li-friend's tie with their contexts. A
(sp-zhang) then asks every GET route (and the read-only POSTs), path parameters
filled from the demo's ids, with and without inferred ties.
"""

from __future__ import annotations

import json
import re
from contextlib import closing
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ME, TEAMMATE, Backend

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PRIVATE = {
    # id as the import makes it → name; all only in B's LinkedIn network
    "li-yulan-ouyang": "Yulan Ouyang",
    "li-quentin-marsh": "Quentin Marsh",
}
SOURCE = f"LinkedIn ({TEAMMATE})"
CUSTOMERS = ("c-huaxin", "c-northwind", "c-boyuan")


def _export(first_company: bool) -> bytes:
    huaxin, northwind = "华信制造有限公司", '"Northwind Retail, Inc."'
    rows = [
        "Yulan,Ouyang,https://www.linkedin.com/in/yulan-ouyang,,"
        f"{huaxin if first_company else northwind},CIO,15 Jan 2023\n",
        f"Quentin,Marsh,https://www.linkedin.com/in/quentin-marsh,,{huaxin},CEO,3 Feb 2021\n",
    ]
    return (_HEADER + "".join(rows)).encode()


def _b_imports_its_network(client: TestClient, backend: Backend) -> None:
    for first in (True, False):
        files = [("files", ("Connections.csv", _export(first), "text/csv"))]
        found = client.post("/imports/linkedin", files=files, headers=backend.auth(TEAMMATE))
        assert found.status_code == 200, found.text
    team = client.get("/team", headers=backend.auth(TEAMMATE)).json()["members"]
    assert not next(m for m in team if m["id"] == TEAMMATE)["shared"]


def _secrets(backend: Backend) -> list[str]:
    """What A must never read: B's private people (ids, names), B's source label,
    the contexts of B's ties that no other tie carries."""
    with closing(backend.open()) as store:
        bundle = store.export()
    contexts: dict[str, set[tuple[str, str]]] = {}
    for tie in bundle.ties:
        if tie.context:
            contexts.setdefault(tie.context, set()).add(tie.pair)
    own = [c for c, pairs in contexts.items() if all(TEAMMATE in p for p in pairs)]
    found = [*PRIVATE, *PRIVATE.values(), SOURCE, *own]
    assert "private: sp-li's college roommate" in found
    assert {e.origin for e in bundle.employments} >= {SOURCE}
    return found


def _value(name: str, schema: dict[str, Any]) -> Any:
    known = {
        "since": "2000-01-01",
        "to": "huaxin-01",
        "q": "Ouyang",
        "contact": "huaxin-11",
        "customer": "c-huaxin",
        "need": "n-erp",
        "mapping": "hubspot",
    }
    if name in known:
        return known[name]
    raise AssertionError(f"the walk has no value for the required parameter {name!r}")


def _requests(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    """Every GET route of the OpenAPI document, path parameters filled, once per
    customer and once more with inferred ties where the route takes them."""
    spec = client.get("/openapi.json").json()
    out: list[tuple[str, str, dict[str, Any]]] = []
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None:
            continue
        params = op.get("parameters", [])
        query = {
            p["name"]: _value(p["name"], p.get("schema", {}))
            for p in params
            if p["in"] == "query" and p.get("required")
        }
        names = {p["name"] for p in params}
        variants = [query]
        if "inferred" in names:
            variants.append({**query, "inferred": "true"})
        if "q" in names:
            variants += [{**query, "q": q} for q in ("Yulan", "Quentin Marsh", "friend", "华信")]
        for filled in _filled(path, client):
            out += [("GET", filled, v) for v in variants]
    return out


def _filled(path: str, client: TestClient) -> list[str]:
    if "{" not in path:
        return [path]
    found = []
    for customer in CUSTOMERS:
        one = path.replace("{customer_id}", customer).replace("{person_id}", "huaxin-01")
        one = one.replace("{intro_id}", _INTRO.get("id", "none"))
        one = one.replace("{report_id}", _REPORT.get("id", "none"))
        assert "{" not in one, f"the walk has no value for a parameter of {path}"
        found.append(one)
    return sorted(set(found))


def _without_echo(text: str) -> str:
    """The answer without the search text it repeats (the caller's own words)."""
    try:
        found = json.loads(text)
    except ValueError:
        return text
    if isinstance(found, dict):
        found.pop("query", None)
    return json.dumps(found, ensure_ascii=False)


_INTRO: dict[str, str] = {}
_REPORT: dict[str, str] = {}


def test_no_route_shows_a_teammates_private_network(client: TestClient, backend: Backend) -> None:
    _b_imports_its_network(client, backend)
    secrets = _secrets(backend)
    auth = backend.auth(ME)
    report = client.post("/reports", json={"customers": list(CUSTOMERS)}, headers=auth)
    assert report.status_code == 202, report.text
    _REPORT["id"] = report.json()["id"]
    intro = client.post("/intros", json={"to": "huaxin-01"}, headers=auth)
    if intro.status_code == 201:
        _INTRO["id"] = intro.json()["id"]
    posts = [
        ("POST", "/contacts/evaluate", {"contact": "huaxin-11", "customer": "c-huaxin"}),
    ]
    asked = 0
    leaks = []
    for method, url, params in [*_requests(client), *posts]:
        if method == "GET":
            answer = client.get(url, params=params, headers=auth)
        else:
            answer = client.post(url, json=params, headers=auth)
        asked += 1
        assert answer.status_code < 500, (url, answer.text)
        text = _without_echo(answer.text)
        leaks += [(url, params, s) for s in secrets if re.search(re.escape(s), text)]
    _INTRO.clear()
    _REPORT.clear()
    assert asked > 20
    assert not leaks, "\n".join(map(str, leaks))


def test_a_sharing_teammates_moves_show_with_their_source(
    client: TestClient, backend: Backend
) -> None:
    """Sharing shows strengths and who to ask, so B's contacts' moves show, naming
    B's source; the same moves vanish again when B stops sharing."""
    _b_imports_its_network(client, backend)
    today = date.today().isoformat()
    body = {"shared": True}
    put = client.put(f"/team/members/{TEAMMATE}", json=body, headers=backend.auth(TEAMMATE))
    assert put.status_code == 200, put.text
    moves = client.get("/changes", params={"since": today}, headers=backend.auth(ME)).json()
    assert {c["person_id"] for c in moves["changes"]} == {"li-yulan-ouyang"}
    assert all(c["origins"] == [SOURCE] for c in moves["changes"])
    body = {"shared": False}
    client.put(f"/team/members/{TEAMMATE}", json=body, headers=backend.auth(TEAMMATE))
    moves = client.get("/changes", params={"since": today}, headers=backend.auth(ME)).json()
    assert moves["changes"] == []
    own = client.get("/changes", params={"since": today}, headers=backend.auth(TEAMMATE)).json()
    assert {c["person_id"] for c in own["changes"]} == {"li-yulan-ouyang"}
