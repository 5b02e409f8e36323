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
from tests.api.conftest import ME, TEAMMATE, Backend

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
    assert _config(response.text) == {"demo": False, "from": None}
    # Everything the page loads is this server's.
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith(("/", "#")) for s in sources), sources


def test_the_demo_page_asks_as_the_first_salesperson_of_the_bundle() -> None:
    with TestClient(create_app(demo=True), base_url="http://127.0.0.1") as client:
        config = _config(client.get("/app").text)
        assert config == {"demo": True, "from": "sp-zhang"}
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
