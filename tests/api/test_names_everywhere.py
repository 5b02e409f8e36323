"""Every route parameter that takes a person or a customer (walked in the OpenAPI
document) takes a whole name too, answering as the id does; an unknown one is a
404 problem, never an empty answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import ADMIN, Backend

ZHANG = ("sp-zhang", "\u5f20\u4f1f")  # 张伟
CHEN = ("huaxin-01", "\u9648\u56fd\u680b")  # 陈国栋
HUAXIN = ("c-huaxin", "\u534e\u4fe1\u5236\u9020")  # 华信制造
UNKNOWN = "\u65e0\u540d\u6c0f"  # 无名氏

_PEOPLE = {"from", "to", "via", "salesperson", "contact", "customer", "person", "exclude"}
_PATHS = {"customer_id", "person_id", "salesperson_id", "source", "target", "target_id"}

# (method, path, parameter) -> (how to call it, the id and name it takes)
RECIPES: dict[tuple[str, str, str], tuple[dict[str, Any], tuple[str, str]]] = {
    ("get", "/accounts", "from"): ({"url": "/accounts", "params": {"from": "{}"}}, ZHANG),
    ("get", "/channels", "from"): ({"url": "/channels", "params": {"from": "{}"}}, ZHANG),
    ("get", "/paths", "from"): ({"url": "/paths", "params": {"from": "{}", "to": CHEN[0]}}, ZHANG),
    ("get", "/paths", "to"): ({"url": "/paths", "params": {"to": "{}"}}, CHEN),
    ("get", "/paths", "exclude"): (
        {"url": "/paths", "params": {"to": CHEN[0], "exclude": "{}"}},
        ("c-boyuan", "\u535a\u8fdc\u7269\u6d41"),
    ),
    ("get", "/intros", "from"): ({"url": "/intros", "params": {"from": "{}"}}, ZHANG),
    ("get", "/exports/crm", "from"): (
        {"url": "/exports/crm", "params": {"from": "{}", "mapping": "hubspot"}},
        ZHANG,
    ),
    ("get", "/opportunities", "customer"): (
        {"url": "/opportunities", "params": {"customer": "{}"}},
        HUAXIN,
    ),
    ("get", "/customers/{customer_id}/committee", "customer_id"): (
        {"url": "/customers/{}/committee"},
        HUAXIN,
    ),
    ("get", "/customers/{customer_id}/committee", "from"): (
        {"url": "/customers/c-huaxin/committee", "params": {"from": "{}"}},
        ZHANG,
    ),
    ("get", "/customers/{customer_id}/outreach", "customer_id"): (
        {"url": "/customers/{}/outreach"},
        HUAXIN,
    ),
    ("get", "/customers/{customer_id}/outreach", "from"): (
        {"url": "/customers/c-huaxin/outreach", "params": {"from": "{}"}},
        ZHANG,
    ),
    ("put", "/team/members/{salesperson_id}", "salesperson_id"): (
        {"url": "/team/members/{}", "json": {"shared": True}},
        ZHANG,
    ),
    ("get", "/team/closest", "to"): ({"url": "/team/closest", "params": {"to": "{}"}}, HUAXIN),
    ("get", "/team/closest", "from"): (
        {"url": "/team/closest", "params": {"from": "{}", "to": HUAXIN[0]}},
        ZHANG,
    ),
    ("put", "/ties/{source}/{target}", "target"): (
        {"url": "/ties/sp-zhang/{}", "json": {"strength": 0.5}},
        CHEN,
    ),
    ("put", "/ties/{source}/{target}", "source"): (
        {"url": "/ties/{}/huaxin-01", "json": {"strength": 0.5}},
        ZHANG,
    ),
}
NOT_NAMES = {
    ("put", "/people/{person_id}", "person_id"),  # creates the person with this id
    ("put", "/customers/{customer_id}", "customer_id"),  # likewise
    ("get", "/pages/people/{person_id}", "person_id"),  # the page asks the API by id
    ("get", "/pages/customers/{customer_id}", "customer_id"),
    ("get", "/pages/team/{target_id}", "target_id"),
    ("put", "/channels/{channel_id}/reach/{target_id}", "target_id"),  # a reach record's key
    ("delete", "/people/{person_id}", "person_id"),  # run below: it forgets
}


def _taking_people(openapi: dict[str, Any]) -> set[tuple[str, str, str]]:
    found = set()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for p in operation.get("parameters", []):
                query = p["in"] == "query" and p["name"] in _PEOPLE
                if query or (p["in"] == "path" and p["name"] in _PATHS):
                    found.add((method, path, p["name"]))
    return found


@pytest.fixture
def admin(backend: Backend) -> Any:
    with TestClient(create_app(backend.settings), raise_server_exceptions=False) as client:
        client.headers.update(backend.auth(ADMIN))
        yield client


def test_every_parameter_that_takes_a_person_or_customer_is_walked(client: TestClient) -> None:
    found = _taking_people(client.get("/openapi.json").json())
    assert found - NOT_NAMES == set(RECIPES)


def _call(client: TestClient, method: str, recipe: dict[str, Any], value: str) -> Any:
    call = {k: v for k, v in recipe.items() if k != "url"}
    if "params" in call:
        call["params"] = {k: v.replace("{}", value) for k, v in call["params"].items()}
    return client.request(method.upper(), recipe["url"].replace("{}", value), **call)


@pytest.mark.parametrize("taken", sorted(RECIPES), ids=lambda t: f"{t[0]} {t[1]} {t[2]}")
def test_a_whole_name_answers_as_the_id(admin: TestClient, taken: tuple[str, str, str]) -> None:
    recipe, (ident, name) = RECIPES[taken]
    by_id = _call(admin, taken[0], recipe, ident)
    assert by_id.status_code in (200, 201), by_id.text
    by_name = _call(admin, taken[0], recipe, name)
    assert by_name.status_code == 200, by_name.text  # a write the second time: replaced
    assert _body(by_name) == _body(by_id)


def _body(answer: Any) -> Any:
    csv = answer.headers["content-type"].startswith("text/csv")
    return answer.text if csv else answer.json()


@pytest.mark.parametrize("taken", sorted(RECIPES), ids=lambda t: f"{t[0]} {t[1]} {t[2]}")
def test_an_unknown_name_is_a_404(admin: TestClient, taken: tuple[str, str, str]) -> None:
    recipe, _ = RECIPES[taken]
    answer = _call(admin, taken[0], recipe, UNKNOWN)
    if taken[2] == "from":
        # A key asks only from its own salesperson's position: naming anyone else is
        # that refusal, whether or not the person exists (no answer tells which).
        assert answer.status_code == 403, answer.text
        return
    assert answer.status_code == 404, answer.text
    assert UNKNOWN in answer.json()["detail"]


def test_forgetting_takes_a_name(admin: TestClient) -> None:
    assert admin.delete(f"/people/{UNKNOWN}").status_code == 404
    assert admin.delete(f"/people/{CHEN[1]}").status_code == 204
    assert admin.get("/paths", params={"to": CHEN[0]}).status_code == 404
