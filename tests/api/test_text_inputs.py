"""Text the API takes: a NUL anywhere (query, path, JSON body) and a path or query
that is not UTF-8 are 422 problems naming the field, never a store's syntax error
(503) nor an id stored as U+FFFD; the search and name-resolving services refuse a
NUL too, so the command line does; ids echoed in a problem are cut short."""

from __future__ import annotations

from contextlib import closing
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_mtl.errors import InvalidInput
from graph_mtl.services.search import find, resolve
from tests.api.conftest import Backend


def _invalid(response: Any, field: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["errors"][0]["field"] == field, problem
    return problem


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/search?q=a%00bc", "q"),
        ("/paths?to=a%00b", "to"),
        ("/paths?to=huaxin-01&exclude=a%00b", "exclude"),
        ("/customers/c-hua%00xin/committee", "customer_id"),
        ("/customers/c-huaxin/outreach?need=%00", "need"),
        ("/search?q=%FF%FE", "q"),
    ],
)
def test_a_nul_or_bad_utf8_in_a_query_or_path_is_422(
    client: TestClient, url: str, field: str
) -> None:
    _invalid(client.get(url), field)


def test_a_nul_in_a_body_string_is_422(client: TestClient, backend: Backend) -> None:
    problem = _invalid(client.put("/people/p-nul", json={"name": "a\x00b"}), "name")
    assert "NUL" in problem["detail"]
    _invalid(client.post("/intros", json={"to": "a\x00b"}), "to")
    with closing(backend.open()) as store:
        assert store.people(["p-nul"]) == {}


def test_a_path_id_that_is_not_utf8_is_422_and_not_stored(
    client: TestClient, backend: Backend
) -> None:
    _invalid(client.put("/people/%FF%FE", json={"name": "Two bytes"}), "person_id")
    _invalid(client.put("/people/a%00b", json={"name": "A NUL"}), "person_id")
    with closing(backend.open()) as store:
        assert store.people(["\ufffd\ufffd", "a\x00b"]) == {}


def test_the_services_refuse_a_nul_for_the_command_line_too(backend: Backend) -> None:
    with closing(backend.open()) as store:
        with pytest.raises(InvalidInput) as found:
            find(store, "a\x00bc")
        assert found.value.field == "q"
        with pytest.raises(InvalidInput) as resolved:
            resolve(store, "Zhang\x00", "person", field="to")
        assert resolved.value.field == "to"


def test_ids_echoed_in_a_problem_are_cut_short(client: TestClient) -> None:
    long = "x" * 150
    problem = client.get(f"/customers/{long}/committee").json()
    assert problem["status"] == 404
    assert long not in problem["detail"] and long not in problem["instance"]
    assert "x" * 79 + "…" in problem["detail"]
    assert problem["instance"] == f"/customers/{'x' * 79}…/committee"
