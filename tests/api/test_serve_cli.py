"""`graph-mtl keys`, `team share` and `serve`: keys printed once and alone on the
last line, revocation, opt-ins, and the server itself over loopback."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import graph_mtl.cli.serve
from api.app import create_app
from graph_mtl.cli import app
from graph_mtl.services.access import KEY_PREFIX
from graph_mtl.settings import Settings
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.api.conftest import DEMO
from tests.serving import serving

runner = CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _create_key(store_path: Path, who: str = "sp-zhang") -> str:
    result = runner.invoke(
        app, ["keys", "create", "--salesperson", who, "--store", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith(KEY_PREFIX) and " " not in key
    return key


def test_a_key_is_printed_once_and_stored_hashed(store_path: Path) -> None:
    key = _create_key(store_path)
    for written in store_path.parent.iterdir():  # the database, its WAL, the index
        assert key.encode() not in written.read_bytes(), written.name
    listed = runner.invoke(app, ["keys", "list", "--json", "--store", str(store_path)])
    [record] = json.loads(listed.stdout)["keys"]
    assert record["salesperson_id"] == "sp-zhang" and record["revoked"] is False
    assert key not in listed.stdout and "key_hash" not in record
    table = runner.invoke(app, ["keys", "list", "--store", str(store_path)])
    assert record["id"] in table.stdout and "live" in table.stdout
    with TestClient(create_app(Settings(store=str(store_path)))) as client:
        auth = {"Authorization": f"Bearer {key}"}
        assert client.get("/paths", params={"to": "huaxin-01"}, headers=auth).status_code == 200


def test_only_salespeople_get_keys(store_path: Path) -> None:
    for who, message in (("huaxin-01", "not a salesperson"), ("nobody", "unknown person")):
        result = runner.invoke(
            app, ["keys", "create", "--salesperson", who, "--store", str(store_path)]
        )
        assert result.exit_code == 1 and message in result.output


def test_revoking_works_on_a_running_server(store_path: Path) -> None:
    key = _create_key(store_path)
    key_id = json.loads(
        runner.invoke(app, ["keys", "list", "--json", "--store", str(store_path)]).stdout
    )["keys"][0]["id"]
    with TestClient(create_app(Settings(store=str(store_path)))) as client:
        auth = {"Authorization": f"Bearer {key}"}
        assert client.get("/team", headers=auth).status_code == 200
        result = runner.invoke(app, ["keys", "revoke", key_id, "--store", str(store_path)])
        assert result.exit_code == 0 and key_id in result.output
        assert client.get("/team", headers=auth).status_code == 401
    unknown = runner.invoke(app, ["keys", "revoke", "key-nope", "--store", str(store_path)])
    assert unknown.exit_code == 1 and "unknown API key" in unknown.output


def test_team_share_and_off(store_path: Path) -> None:
    result = runner.invoke(
        app, ["team", "share", "--salesperson", "sp-li", "--store", str(store_path)]
    )
    assert result.exit_code == 0 and "shares" in result.output
    with closing(SqliteStore(store_path)) as store:
        assert [m.id for m in store.team() if m.shared] == ["sp-li"]
    result = runner.invoke(
        app, ["team", "share", "--salesperson", "sp-li", "--off", "--store", str(store_path)]
    )
    assert result.exit_code == 0 and "does not share" in result.output
    with closing(SqliteStore(store_path)) as store:
        assert not any(m.shared for m in store.team())
    refused = runner.invoke(
        app, ["team", "share", "--salesperson", "huaxin-01", "--store", str(store_path)]
    )
    assert refused.exit_code == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_demo_refuses_anything_but_loopback(host: str) -> None:
    result = runner.invoke(app, ["serve", "--demo", "--host", host])
    assert result.exit_code == 2 and "loopback" in result.output


def test_loopback_hosts() -> None:
    assert all(
        graph_mtl.cli.serve.is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]")
    )
    assert not any(graph_mtl.cli.serve.is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "host"))


@pytest.fixture
def served(store_path: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`graph-mtl serve` in a process of its own, on a loopback port."""
    key = _create_key(store_path)
    with serving(
        ["--store", str(store_path)], tmp_path / "serve.log", env={"GRAPH_MTL_HEADER_TIMEOUT": "1"}
    ) as base:
        yield base, key


def test_serve_answers_over_loopback(served: tuple[str, str]) -> None:
    base, key = served
    auth = {"Authorization": f"Bearer {key}"}
    response = httpx.get(f"{base}/paths", params={"to": "huaxin-01", "k": 2}, headers=auth)
    assert response.status_code == 200
    assert [p["nodes"][0] for p in response.json()["paths"]] == ["sp-zhang", "sp-zhang"]
    assert httpx.get(f"{base}/paths", params={"to": "huaxin-01"}).status_code == 401
    assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "graph-mtl"


def test_a_request_head_sent_too_slowly_is_cut_off(served: tuple[str, str]) -> None:
    """Half a request, or one trickled a byte at a time, loses its connection once
    the head timeout (1 s here) has passed; a whole request is answered."""
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as half:
        half.sendall(b"GET /health HTTP/1.1\r\nHost: 127")
        start = time.monotonic()
        assert half.recv(100) == b""
        assert time.monotonic() - start < 5
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100 + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as trickle:
        start, cut = time.monotonic(), None
        try:
            for byte in head:  # 13 s at this pace, if nothing cut it off
                trickle.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:
            cut = time.monotonic() - start
        assert cut is not None and cut < 5
    with socket.create_connection(("127.0.0.1", port), timeout=10) as whole:
        whole.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert whole.recv(100).startswith(b"HTTP/1.1 200")
