"""The page's addresses, the offline API docs and the vendored JavaScript: what is
served, under which policy, and that every file is the one taken from npm."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers.pages import page_messages
from scripts import catalogue
from tests.api.conftest import ME, TEAMMATE, Backend
from tests.i18n_check import english_words

VENDOR = Path(__file__).parents[2] / "api" / "static" / "vendor"
SCRIPT = Path(__file__).parents[2] / "scripts" / "vendor-js.sh"
PAGES = ["/app", "/app/people/huaxin-01", "/app/customers/c-huaxin"]


def _config(html: str) -> dict[str, object]:
    found = re.search(r'<script id="config" type="application/json">(.*?)</script>', html)
    assert found, "the page carries its configuration"
    config: dict[str, object] = json.loads(found.group(1))
    return config


@pytest.mark.parametrize("path", PAGES)
def test_every_view_has_its_address_and_allows_this_server_only(
    backend: Backend, path: str
) -> None:
    with TestClient(create_app(backend.settings)) as client:  # no key: the page asks for one
        response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy
    assert "http" not in policy and "unsafe" not in policy
    assert _config(response.text) == {"demo": False, "from": None, "lang": "en"}
    assert '<html lang="en">' in response.text
    # Everything the page loads is this server's.
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith(("/", "#")) for s in sources), sources


def test_the_demo_page_asks_as_the_first_salesperson_of_the_bundle() -> None:
    with TestClient(create_app(demo=True), base_url="http://127.0.0.1") as client:
        config = _config(client.get("/app").text)
        assert config == {"demo": True, "from": "sp-zhang", "lang": "en"}
        # /intros takes `from` in demo mode, as every search does.
        made = client.post("/intros", json={"to": "huaxin-01", "from": ME})
        assert made.status_code == 201, made.text
        mine = client.get("/intros", params={"from": ME}).json()["intros"]
        assert [i["id"] for i in mine] == [made.json()["id"]]
        assert client.get("/intros", params={"from": TEAMMATE}).json()["intros"] == []
        assert client.get("/me").json() == {"salesperson": None, "admin": False, "demo": True}


def test_me_names_the_keys_salesperson(client: TestClient) -> None:
    me = client.get("/me").json()
    assert me["salesperson"]["id"] == ME and me["salesperson"]["name"] == "张伟"
    assert me["demo"] is False
    assert client.get("/intros", params={"from": TEAMMATE}).status_code == 403


@pytest.mark.parametrize(
    ("asked", "lang"),
    [({"lang": "zh"}, "zh-CN"), ({"accept-language": "zh-CN,zh;q=0.9"}, "zh-CN"), ({}, "en")],
)
def test_the_page_is_in_the_language_the_server_negotiates(
    client: TestClient, asked: dict[str, str], lang: str
) -> None:
    params = {"lang": asked["lang"]} if "lang" in asked else {}
    headers = {k: v for k, v in asked.items() if k != "lang"}
    page = client.get("/app/customers/c-huaxin", params=params, headers=headers)
    assert f'<html lang="{lang}">' in page.text
    assert _config(page.text)["lang"] == lang
    assert page.headers["content-language"] == lang
    assert "script-src 'self';" in page.headers["content-security-policy"]


def test_the_page_reads_its_messages_from_the_catalogue(client: TestClient) -> None:
    zh = client.get("/app/messages", params={"lang": "zh-CN"})
    assert zh.status_code == 200 and zh.headers["content-type"] == "application/json"
    words = zh.json()
    assert words["lang"] == "zh-CN"
    assert words["messages"]["Whom do you want to reach?"].startswith("你想联系谁")
    assert words["plurals"]["{n} hop"] == ["{n} 跳", "{n} 跳"]
    # Every message of the page, and no other: the same Babel finds in app.js.
    used = {m if isinstance(m, str) else tuple(m) for m in _page_ids()}
    assert set(page_messages()) == used
    assert set(words["messages"]) == {ids[0] for ids in used if len(ids) == 1}
    assert set(words["plurals"]) == {ids[0] for ids in used if len(ids) == 2}
    # ... in Chinese: nothing English but names, ids and the values' {names}.
    text = " ".join(
        [*words["messages"].values(), *(f for p in words["plurals"].values() for f in p)]
    )
    assert english_words(re.sub(r"\{\w+\}", " ", text)) == []
    # English: the ids themselves; the negotiated language when none is asked.
    en = client.get("/app/messages", params={"lang": "en"}).json()
    assert all(text == ident for ident, text in en["messages"].items())
    assert en["plurals"]["{n} hop"] == ["{n} hop", "{n} hops"]
    asked = client.get("/app/messages", headers={"accept-language": "zh"}).json()
    assert asked["lang"] == "zh-CN"


def _page_ids() -> set[tuple[str, ...]]:
    from babel.messages.extract import extract_from_file

    found = extract_from_file(
        "javascript", str(catalogue.ROOT / "api" / "static" / "app.js"), keywords=catalogue._JS
    )
    return {(m,) if isinstance(m, str) else tuple(m) for _line, m, _c, _ctx in found}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_their_assets_from_the_package(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/static/vendor/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 500, asset
    assert "fonts.googleapis" not in page.text and "cdn.jsdelivr" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_the_vendored_files_are_those_taken_from_npm_with_their_licences() -> None:
    sums = (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split(maxsplit=1)
        listed[name.removeprefix("./")] = digest
    on_disk = {
        str(p.relative_to(VENDOR))
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name not in ("SHA256SUMS", "README.md")
    }
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    pinned = re.findall(r"^fetch (\S+@\d+\.\d+\.\d+) (\S+)", SCRIPT.read_text(), re.MULTILINE)
    assert len(pinned) == 3
    for spec, folder in pinned:
        assert (VENDOR / folder / "VERSION").read_text().strip() == spec
        assert (VENDOR / folder / "LICENSE").stat().st_size > 500
