"""A request the API's own validation refuses (422 `invalid-request`): each error's
reason in the reader's language, its field and the problem's type as they are; in
English pydantic's own words, unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Backend
from tests.i18n_check import english_words

_BAD = [
    ("get", "/paths", {"params": {"to": "huaxin-01", "max_hops": "x"}}),
    ("get", "/paths", {"params": {"to": "huaxin-01", "mode": "fastest"}}),
    ("get", "/paths", {"params": {"max_hops": "2"}}),
    ("get", "/paths", {"params": {"to": "huaxin-01", "since": "2026-13-40"}}),
    ("get", "/search", {"params": {"q": "", "limit": "1.5"}}),
    ("put", "/ties/sp-zhang/huaxin-01", {"json": {"strength": "warm", "colour": 1}}),
    ("put", "/ties/sp-zhang/huaxin-01", {"json": {"strength": 2.0}}),
    ("put", "/ties/sp-zhang/huaxin-01", {"json": {"strength": 0.5, "context": "x" * 10_001}}),
    ("put", "/ties/sp-zhang/huaxin-01", {"json": []}),
]


def _ask(
    client: TestClient, backend: Backend, method: str, path: str, language: str, **kw: Any
) -> Any:
    headers = {"Accept-Language": language, **backend.auth()}
    return client.request(method, path, headers=headers, **kw)


@pytest.mark.parametrize(("method", "path", "kw"), _BAD, ids=[f"{m} {p} {k}" for m, p, k in _BAD])
def test_validation_reasons_in_chinese_hold_no_english(
    client: TestClient, backend: Backend, method: str, path: str, kw: dict[str, Any]
) -> None:
    zh = _ask(client, backend, method, path, "zh-CN", **kw)
    en = _ask(client, backend, method, path, "en", **kw)
    assert zh.status_code == en.status_code == 422, zh.text
    said, english = zh.json(), en.json()
    assert said["type"] == english["type"] == "urn:graph-mtl:problem:invalid-request"
    assert [e["field"] for e in said["errors"]] == [e["field"] for e in english["errors"]]
    typed = {"x", "fastest", *(e["field"] for e in said["errors"])}  # ids and values given
    for error in said["errors"]:
        assert english_words(error["reason"], names=typed) == [], error
    assert english_words(said["detail"], names=typed) == []
    assert [e["reason"] for e in said["errors"]] != [e["reason"] for e in english["errors"]]


def test_validation_reasons_in_english_are_pydantics(client: TestClient, backend: Backend) -> None:
    response = _ask(client, backend, "get", "/paths", "en", params={"to": "huaxin-01", "k": "x"})
    assert response.json()["errors"] == [
        {
            "field": "k",
            "reason": "Input should be a valid integer, unable to parse string as an integer",
        }
    ]


def test_a_bound_keeps_its_value_in_chinese(client: TestClient, backend: Backend) -> None:
    response = _ask(client, backend, "get", "/search", "zh-CN", params={"q": "x", "limit": "0"})
    reasons = [e["reason"] for e in response.json()["errors"]]
    assert response.status_code == 422 and any("1" in r for r in reasons), reasons
