"""`GET /team/closest` and `graph-mtl team closest`, on every store: the same JSON
for the same asker, names taken for ids, unknown targets refused (404 problem, exit
1), and the team rule: a salesperson who does not share is listed only to themself
and to admins, and no chain carries a teammate's private context."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_mtl.cli import app
from tests.api.conftest import ADMIN, LI_FRIEND, ME, TEAMMATE, Backend

runner = CliRunner()
PRIVATE = "college roommate"  # the context of sp-li's tie to li-friend


def _cli(backend: Backend, *args: str) -> Any:
    result = runner.invoke(
        app, ["team", "closest", *args, "--json", "--store", backend.settings.store or ""]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _api(
    client: TestClient, params: dict[str, Any], who: str = ME, backend: Backend | None = None
) -> Any:
    headers = backend.auth(who) if backend is not None else None
    response = client.get("/team/closest", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _listed(answer: Any) -> set[str]:
    return {c["id"] for p in answer["people"] for c in p["teammates"]}


def test_the_api_answers_as_the_command_line(client: TestClient, backend: Backend) -> None:
    questions: list[tuple[dict[str, Any], list[str]]] = [
        ({"to": "c-huaxin"}, ["c-huaxin"]),
        ({"to": "华信制造", "need": "n-erp"}, ["华信制造", "--need", "n-erp"]),
        (
            {"to": "陈国栋", "mode": "shortest", "max_hops": 3},
            ["陈国栋", "--mode", "shortest", "--max-hops", "3"],
        ),
    ]
    for params, args in questions:
        assert _api(client, params) == _cli(backend, *args, "--from", ME), params
    found = _api(client, {"to": "华信制造"})
    assert found["target"] == "c-huaxin" and found["kind"] == "customer"
    assert [p["id"] for p in _api(client, {"to": "陈国栋"})["people"]] == ["huaxin-01"]
    reached = [p for p in found["people"] if p["teammates"]]
    assert reached and all(p["own"] == p["teammates"][0]["path"] for p in reached)


def test_unknown_targets_are_refused(client: TestClient, backend: Backend) -> None:
    for to in ("nobody-at-all", "没有这个人"):
        response = client.get("/team/closest", params={"to": to})
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"
        result = runner.invoke(
            app, ["team", "closest", to, "--from", ME, "--store", backend.settings.store or ""]
        )
        assert result.exit_code == 1 and to in result.output
    assert (
        client.get("/team/closest", params={"to": "c-huaxin", "need": "n-nothing"}).status_code
        == 404
    )
    person_need = client.get("/team/closest", params={"to": "huaxin-01", "need": "n-erp"})
    assert person_need.status_code == 422, person_need.text
    other = client.get("/team/closest", params={"to": "c-huaxin", "from": TEAMMATE})
    assert other.status_code == 403, other.text


def test_a_private_teammate_is_listed_to_themself_and_admins_only(
    client: TestClient, backend: Backend
) -> None:
    to = {"to": "c-huaxin"}
    mine, theirs = _api(client, to), _api(client, to, TEAMMATE, backend)
    admin = _api(client, to, ADMIN, backend)
    assert [m["id"] for m in mine["team"]] == [ME] and _listed(mine) == {ME}
    assert [m["id"] for m in theirs["team"]] == [TEAMMATE] and _listed(theirs) == {TEAMMATE}
    assert {m["id"] for m in admin["team"]} == {"sp-chen", "sp-li", "sp-wang", "sp-zhang"}
    assert TEAMMATE in _listed(admin)
    assert admin == _cli(backend, "c-huaxin") | {"source": ME, "people": admin["people"]}
    for answer in (mine, theirs, admin):
        assert PRIVATE not in json.dumps(answer)
    # Their own chains read the same to an admin as to them, but for the context.
    li_own = {p["id"]: p["own"]["nodes"] for p in theirs["people"] if p["own"]}
    li_seen = {
        p["id"]: c["path"]["nodes"]
        for p in admin["people"]
        for c in p["teammates"]
        if c["id"] == TEAMMATE
    }
    assert li_seen == li_own
    # li-friend is known only to sp-li's private network: to anyone else, nobody.
    assert client.get("/team/closest", params={"to": LI_FRIEND}).status_code == 404
    friend = _api(client, {"to": LI_FRIEND}, TEAMMATE, backend)
    assert [c["id"] for c in friend["people"][0]["teammates"]] == [TEAMMATE]
    assert PRIVATE in json.dumps(friend)  # their own tie, read by them


def test_a_sharing_teammate_is_listed_without_their_context(
    client: TestClient, backend: Backend
) -> None:
    shared = client.put(
        f"/team/members/{TEAMMATE}", json={"shared": True}, headers=backend.auth(TEAMMATE)
    )
    assert shared.status_code == 200, shared.text
    mine = _api(client, {"to": "c-huaxin"})
    assert {m["id"] for m in mine["team"]} == {ME, TEAMMATE}
    assert _listed(mine) == {ME, TEAMMATE}
    assert PRIVATE not in json.dumps(mine)
    friend = _api(client, {"to": LI_FRIEND})
    chain = friend["people"][0]["teammates"][0]
    assert (chain["id"], chain["ask"], chain["hops"]) == (TEAMMATE, LI_FRIEND, 1)
    assert PRIVATE not in json.dumps(friend)
    assert friend == _cli(backend, LI_FRIEND, "--from", ME)
    # sp-zhang does not share: sp-li still does not see them, nor chains over their ties.
    theirs = _api(client, {"to": "c-huaxin"}, TEAMMATE, backend)
    assert _listed(theirs) == {TEAMMATE}
    assert all(ME not in c["path"]["nodes"] for p in theirs["people"] for c in p["teammates"])
