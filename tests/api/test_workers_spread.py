"""`serve --workers 2` spreads its connections over both workers: a burst of
keep-alive connections does not all land on one worker (with one socket shared
by the workers, the worker whose event loop woke first accepted them all), and the
supervisor holds no listening socket of its own (a connection queued there
would wait where nobody accepts it).

Real processes: the server runs as `graph-mtl serve` in its own process tree;
who holds which socket is read from /proc (Linux, where the workers listen on
sockets of their own)."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]
CLIENTS = 16
LISTEN, ESTABLISHED = "0A", "01"


def test_a_burst_of_keep_alive_connections_reaches_both_workers(tmp_path: Path) -> None:
    with serving(["--demo", "--workers", "2"], tmp_path / "serve.log") as base:
        port = int(base.rsplit(":", 1)[1])
        parent, workers = _processes(port)
        assert len(workers) == 2
        assert _sockets(parent, port, LISTEN) == 0, "the supervisor holds a listening socket"
        assert [_sockets(w, port, LISTEN) for w in workers] == [1, 1]
        with _burst(port, CLIENTS):
            held = [_sockets(w, port, ESTABLISHED) for w in workers]
        assert sum(held) == CLIENTS
        assert min(held) > 0, f"every connection on one worker: {held}"


@contextlib.contextmanager
def _burst(port: int, clients: int, *, timeout: float = 30) -> Iterator[None]:
    """`clients` connections opened at once, each answered once and kept open."""
    connections = [socket.create_connection(("127.0.0.1", port), timeout) for _ in range(clients)]
    try:
        for c in connections:
            c.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        for c in connections:
            assert c.recv(65536).startswith(b"HTTP/1.1 200 "), "no answer"
        yield
    finally:
        for c in connections:
            c.close()


def _processes(port: int) -> tuple[int, list[int]]:
    """The server's supervisor (started with `--port PORT`) and its workers
    (leaving out multiprocessing's resource tracker)."""
    command = {int(p.name): _cmdline(p) for p in Path("/proc").iterdir() if p.name.isdigit()}
    parents = [pid for pid, words in command.items() if words[-2:] == ["--port", str(port)]]
    assert len(parents) == 1, parents
    workers = [
        pid
        for pid, words in command.items()
        if _ppid(pid) == parents[0] and "resource_tracker" not in " ".join(words)
    ]
    return parents[0], sorted(workers)


def _sockets(pid: int, port: int, state: str) -> int:
    """The process's TCP sockets on local port `port` in `state`."""
    inodes: set[str] = set()
    lines: list[str] = []
    with contextlib.suppress(OSError):  # a worker that has just died: none
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if (link := os.readlink(fd)).startswith("socket:["):
                    inodes.add(link[8:-1])
        for table in ("tcp", "tcp6"):
            lines += Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
    found = 0
    for line in lines:
        row = line.split()
        local_port = int(row[1].rsplit(":", 1)[1], 16)
        found += local_port == port and row[3] == state and row[9] in inodes
    return found


def _cmdline(proc: Path) -> list[str]:
    try:
        return (proc / "cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
