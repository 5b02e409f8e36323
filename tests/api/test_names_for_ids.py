"""Every id parameter that takes a person or a customer takes a name too, resolved
as the command line does; a name several carry is a 422 listing them with ids."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from tests.api.conftest import Backend

CEO, CEO_NAME = "huaxin-01", "\u9648\u56fd\u680b"  # 陈国栋
BOYUAN_NAME = "\u535a\u8fdc\u7269\u6d41"  # 博远物流
HUAXIN, HUAXIN_NAME = "c-huaxin", "\u534e\u4fe1\u5236\u9020"  # 华信制造


def test_names_answer_as_ids(client: TestClient) -> None:
    def same(
        path: tuple[str, str], by_name: dict[str, str | int], by_id: dict[str, str | int]
    ) -> None:
        named, ided = client.get(path[0], params=by_name), client.get(path[1], params=by_id)
        assert named.status_code == 200, named.text
        assert named.json() == ided.json()

    same(("/paths", "/paths"), {"to": CEO_NAME, "k": 2}, {"to": CEO, "k": 2})
    same(
        ("/paths", "/paths"),
        {"to": CEO, "exclude": BOYUAN_NAME},
        {"to": CEO, "exclude": "c-boyuan"},
    )
    for part in ("committee", "outreach"):
        same((f"/customers/{HUAXIN_NAME}/{part}", f"/customers/{HUAXIN}/{part}"), {}, {})
    body = {"contact": CEO_NAME, "customer": HUAXIN_NAME, "need": "n-erp"}
    evaluated = client.post("/contacts/evaluate", json=body)
    assert evaluated.status_code == 200, evaluated.text
    ids = client.post("/contacts/evaluate", json={**body, "contact": CEO, "customer": HUAXIN})
    assert evaluated.json() == ids.json()
    asked = client.post("/intros", json={"to": CEO_NAME})
    assert asked.status_code == 201, asked.text
    assert asked.json()["to"] == CEO


def test_a_name_several_carry_lists_them(client: TestClient, backend: Backend) -> None:
    store = backend.open()
    store.load(Bundle(people=[Person(id="other-chen", name=CEO_NAME, title="retired")]))
    store.close()
    for answer in (
        client.get("/paths", params={"to": CEO_NAME}),
        client.post("/intros", json={"to": CEO_NAME}),
    ):
        assert answer.status_code == 422, answer.text
        detail = answer.json()["detail"]
        assert "2 persons are called" in detail and CEO in detail and "other-chen" in detail
    unknown = client.get("/customers/no such company/committee")
    assert unknown.status_code == 404
