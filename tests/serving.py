"""`graph-mtl serve` in a process of its own, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

__all__ = ["free_port", "serving"]

ROOT = Path(__file__).parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(
    args: list[str], log: Path, *, env: Mapping[str, str] | None = None, wait: float = 60
) -> Iterator[str]:
    """The base URL of `graph-mtl serve ARGS --port P`, once /health answers; the
    server is stopped afterwards. Its output goes to `log`."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph_mtl", "serve", *args, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"graph-mtl serve stopped:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"graph-mtl serve did not answer within {wait:g} s:\n{log.read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
