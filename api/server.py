"""How `graph-mtl serve` runs the app under uvicorn, with the connection limits a
public service needs: a request's head must arrive within `header_timeout`
seconds (uvicorn itself waits for ever, so a client sending half a request held
a connection open for good), idle keep-alive connections close after
KEEP_ALIVE seconds, and a request head is at most MAX_HEAD bytes (a body's time
limit is the app's: api/limits.py).

The log: uvicorn's own lines, graph-mtl's (`graph_mtl`: a 5xx's cause beside its
request id) and graph-mtl's access log (api/edge.py: a route's template, never
the ids in a path or a query string) in place of uvicorn's, which prints both.

Several workers (`--workers N`) on Linux: each worker listens on a socket of its
own, bound to the same address with SO_REUSEPORT, so the kernel spreads new
connections over the workers. uvicorn's one shared socket let whichever worker's
event loop woke first accept a whole burst (the work runs in threads, so a busy
worker's loop is often the idle one), and keep-alive kept the connections there:
two workers served like one. uvicorn's supervisor still starts, health-checks,
restarts and stops the workers; each worker binds its socket as it starts, so
the supervisor holds none, and a dead worker's queue of unaccepted connections
dies with it. Elsewhere (no SO_REUSEPORT, or one that does not spread
connections, as on macOS) the workers share one socket, as uvicorn does."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import socket
import sys
from typing import Any, cast

import uvicorn
from uvicorn.config import LOGGING_CONFIG, STARTUP_FAILURE
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors.multiprocess import Multiprocess

__all__ = ["KEEP_ALIVE", "MAX_HEAD", "HeadTimeout", "log_config", "run"]

KEEP_ALIVE = 5
MAX_HEAD = 16 * 1024
WORKER_SILENCE = 600
"""Seconds a worker of `--workers N` may leave the supervisor's health ping
unanswered before it is restarted. uvicorn's 5 s killed busy workers, with the
requests and report jobs in them; a request's own time limit (`request_seconds`)
is what bounds slow work, and a worker that died is restarted at once."""


class HeadTimeout(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection that is slow to send a
    request's head: on connecting, and again whenever a response is complete."""

    header_timeout: float = 10.0
    """Set from the settings by `run` (or, in each worker process, by the app)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = self.loop.call_later(
            self.header_timeout, self._head_too_slow
        )

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._stop_head_timer()  # a request's head has arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._stop_head_timer()
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _stop_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        in_request = self.cycle is not None and not self.cycle.response_complete
        if not in_request and not self.transport.is_closing():
            self.transport.close()


def run(app: Any, *, header_timeout: float, workers: int = 1, **options: Any) -> None:
    """Serve `app` (an import string when `workers` > 1) with graph-mtl's limits."""
    HeadTimeout.header_timeout = header_timeout
    options.update(
        http=HeadTimeout,
        timeout_keep_alive=KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_HEAD,
        log_level="info",
        timeout_worker_healthcheck=WORKER_SILENCE,
        log_config=log_config(),
        access_log=False,
    )
    if workers > 1 and _reuse_port_spreads():
        _run_spread(uvicorn.Config(app, workers=workers, **options))
    else:
        uvicorn.run(app, workers=workers, **options)


def _run_spread(config: uvicorn.Config) -> None:
    """uvicorn.run's `workers > 1` branch, each worker on a socket of its own."""
    # uvicorn's own bind first: it logs the address, resolves port 0, and stops
    # with uvicorn's message and exit status when the address is taken (by
    # anything, even another server using SO_REUSEPORT, as it sets none).
    probe = config.bind_socket()
    own = _OwnSocket(probe.family, config.host, probe.getsockname()[1])
    probe.close()
    with contextlib.suppress(KeyboardInterrupt):  # as in uvicorn.run
        Multiprocess(config, sockets=[cast(socket.socket, own)]).run()


class _OwnSocket:
    """Stands in for a listening socket in uvicorn's supervisor, which hands its
    sockets to each worker it starts by pickling them into the new process:
    unpickled there, this binds a socket of the worker's own."""

    def __init__(self, family: int, host: str, port: int) -> None:
        self.family, self.host, self.port = family, host, port

    def __reduce__(self) -> tuple[Any, tuple[int, str, int]]:
        return _bind_reuse_port, (self.family, self.host, self.port)


def _bind_reuse_port(family: int, host: str, port: int) -> socket.socket:
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        # a startup failure: the supervisor stops instead of restarting for ever
        logging.getLogger("uvicorn.error").error(exc)
        sys.exit(STARTUP_FAILURE)
    return sock


def _reuse_port_spreads() -> bool:
    """Whether sockets bound with SO_REUSEPORT share their connections out: on
    Linux; elsewhere the last one bound may take them all."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "SO_REUSEPORT"):
        return False
    with socket.socket() as check:
        try:
            check.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        except OSError:
            return False
    return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with graph-mtl's loggers printed beside its own."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["graph_mtl"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
