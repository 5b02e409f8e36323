"""`graph-mtl serve` in a process of its own: a request body trickled a byte at a
time is answered 408 and its connection closed once the body's time limit (1 s
here, plus 1 s per 10 KiB) has passed, as a slow head is; and the server's log
carries route templates and request ids, never an id from a path nor a query."""

from __future__ import annotations

import contextlib
import select
import socket
import time
from contextlib import closing
from pathlib import Path

import httpx

from graph_mtl.bootstrap import open_store
from graph_mtl.settings import Settings
from tests.api.conftest import ME, prepare
from tests.serving import serving

CONNECTIONS = 5
BUDGET = 10.0
"""Seconds the test waits for every trickled connection to be answered and closed."""


def test_a_trickled_body_is_408_and_its_connection_closed(tmp_path: Path) -> None:
    store_path = tmp_path / "graph.db"
    with closing(open_store(Settings(store=str(store_path)))) as store:
        key = prepare(store)[ME]
    env = {"GRAPH_MTL_BODY_TIMEOUT": "1", "GRAPH_MTL_HEADER_TIMEOUT": "5"}
    log = tmp_path / "serve.log"
    with serving(["--store", str(store_path)], log, env=env) as base:
        port = int(base.rsplit(":", 1)[1])
        head = (
            "PUT /people/p-trickled HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000\r\n\r\n"
        ).encode()
        open_ = [
            socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(CONNECTIONS)
        ]
        answers = {s: b"" for s in open_}
        closed_after: list[float] = []
        start = time.monotonic()
        try:
            for s in open_:
                s.sendall(head + b"{")
            while open_ and time.monotonic() - start < BUDGET:
                for s in list(open_):
                    with contextlib.suppress(OSError):
                        s.sendall(b" ")  # one byte every 0.5 s
                readable, _, _ = select.select(open_, [], [], 0.5)
                for s in readable:
                    try:
                        got = s.recv(4096)
                    except OSError:
                        got = b""
                    answers[s] += got
                    if not got:
                        open_.remove(s)
                        closed_after.append(time.monotonic() - start)
        finally:
            for s in answers:
                s.close()
        assert not open_, f"{len(open_)} of {CONNECTIONS} connections still open after {BUDGET} s"
        assert all(a.startswith(b"HTTP/1.1 408") for a in answers.values()), answers
        assert all(b'"request_id"' in a and b"time-limit" in a for a in answers.values())
        assert max(closed_after) < 5
        # A body sent at once is answered as ever.
        auth = {"Authorization": f"Bearer {key}"}
        assert (
            httpx.put(f"{base}/people/p-quick", json={"name": "Quick"}, headers=auth).status_code
            == 201
        )
        assert httpx.get(f"{base}/search", params={"q": "Quick"}, headers=auth).status_code == 200
    written = log.read_text()
    assert '"PUT /people/{person_id}" 408' in written and '"GET /search" 200' in written
    assert "p-trickled" not in written and "p-quick" not in written and "Quick" not in written
