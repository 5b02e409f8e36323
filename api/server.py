"""How `graph-mtl serve` runs the app under uvicorn, with the connection limits a
public service needs: a request's head must arrive within `header_timeout`
seconds (uvicorn itself waits for ever, so a client sending half a request held
a connection open for good), idle keep-alive connections close after
KEEP_ALIVE seconds, and a request head is at most MAX_HEAD bytes (a body's time
limit is the app's: api/limits.py).

The log: uvicorn's own lines, graph-mtl's (`graph_mtl`: a 5xx's cause beside its
request id) and graph-mtl's access log (api/edge.py: a route's template, never
the ids in a path or a query string) in place of uvicorn's, which prints both."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

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


def run(app: Any, *, header_timeout: float, **options: Any) -> None:
    HeadTimeout.header_timeout = header_timeout
    uvicorn.run(
        app,
        http=HeadTimeout,
        timeout_keep_alive=KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_HEAD,
        log_level="info",
        timeout_worker_healthcheck=WORKER_SILENCE,
        log_config=log_config(),
        access_log=False,
        **options,
    )


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with graph-mtl's loggers printed beside its own."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["graph_mtl"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
