"""The API answers in its reader's language: `?lang=`, then Accept-Language, then
GRAPH_MTL_LANGUAGE (English here), then the playbook's; ids and keys stay as they are."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.i18n_check import english_words


def test_a_problem_in_chinese_by_accept_language(client: TestClient) -> None:
    response = client.get(
        "/paths", params={"to": "nobody"}, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    )
    assert response.status_code == 404
    problem = response.json()
    assert problem["type"] == "urn:graph-mtl:problem:not-found"
    assert problem["title"] == "未找到"
    assert problem["detail"] == "未知的人员 'nobody'"
    assert response.headers["content-language"] == "zh-CN"


@pytest.mark.parametrize(
    "path", ["/paths?to=nobody&lang=zh", "/nowhere?lang=zh-CN", "/paths?to=huaxin-01&max_hops=0"]
)
def test_problem_titles_in_chinese_hold_no_english(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept-Language": "zh"})
    assert response.status_code >= 400
    assert english_words(response.json()["title"]) == []


def test_english_without_a_language_asked_for(client: TestClient) -> None:
    response = client.get("/paths", params={"to": "nobody"})
    assert response.json()["detail"] == "unknown person 'nobody'"
    assert response.headers["content-language"] == "en"
    english = client.get("/paths", params={"to": "nobody"}, headers={"Accept-Language": "fr, en"})
    assert english.json()["title"] == "Not found"
