"""Limits at the door, before a handler runs: request body sizes and demo mode's
Host and Origin checks (plain ASGI middleware, so a refused request is answered
before its body is read), and a rate per key (checked when the key is), each
answered with a problem document like every error.

    limit (settings, GRAPH_MTL_…)        default    past it
    MAX_BODY_BYTES (JSON bodies)          1 MiB      413 payload-too-large, body unread
    MAX_UPLOAD_BYTES (POST /import)       256 MiB    413 payload-too-large, body unread
    demo mode: Host not ALLOWED_HOSTS     loopback   421 misdirected-request
    demo mode: a write from another       refused    403 forbidden
      Origin, or Sec-Fetch-Site cross-site
    RATE_LIMIT (requests per key)         600/minute 429 limit-reached, Retry-After
    REQUEST_SECONDS (a request's search)  30 s       504 time-limit
    BODY_TIMEOUT + bytes / BODY_MIN_RATE  10 s +     408 time-limit, connection
      (a request body's arrival)          10 KiB/s   closed

A body sent without Content-Length (chunked) is counted as it arrives and
refused the moment it passes the limit.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from limits import parse
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.language import of_request
from api.problems import PROBLEM_JSON, REQUEST_ID, Problem, shown
from api.shared import SharedState
from graph_mtl import i18n
from graph_mtl.domain.deadline import time_limit
from graph_mtl.errors import LimitReached
from graph_mtl.i18n import _

__all__ = ["BodyLimit", "BodyTimeLimit", "DemoGuard", "RateLimit", "RequestTimeLimit"]

_UPLOADS = ("/import",)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["path"].startswith(_UPLOADS)
        limit = self.max_upload if upload else self.max_body
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, scope, 413, "payload-too-large", lambda: _too_large(limit, upload))
            return
        if _bodiless(scope):  # nothing to count (most requests): no wrapping
            await self.app(scope, receive, send)
            return
        seen = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not started:
                    # Answered here: the handler sees a client that went away, and
                    # whatever it sends after is dropped.
                    refused = True
                    await _refuse(
                        send, scope, 413, "payload-too-large", lambda: _too_large(limit, upload)
                    )
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted, watched)


class BodyTimeLimit:
    """A request body must arrive within `seconds`, plus one second for every
    `min_rate` bytes received (uvicorn bounds a request's head, not its body):
    past it, a 408 problem with `Connection: close`, and the handler sees a
    client that went away."""

    def __init__(self, app: ASGIApp, *, seconds: float, min_rate: int) -> None:
        self.app = app
        self.seconds = seconds
        self.min_rate = min_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _bodiless(scope):  # no body to time
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        began = loop.time()
        received = 0
        whole = started = refused = False

        async def timed() -> Message:
            nonlocal received, whole, refused
            if refused:
                return {"type": "http.disconnect"}
            if whole:  # after the body only a disconnect comes: no limit on waiting for it
                return await receive()
            left = began + self.seconds + received / self.min_rate - loop.time()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.0))
            except TimeoutError:
                refused = True
                if not started:
                    seconds, min_rate = f"{self.seconds:g}", f"{self.min_rate:,}"
                    await _refuse(
                        send,
                        scope,
                        408,
                        "time-limit",
                        lambda: _(
                            "The request body arrived too slowly (at most {seconds} s, "
                            "plus 1 s per {rate} bytes).",
                            seconds=seconds,
                            rate=min_rate,
                        ),
                    )
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                whole = not message.get("more_body", False)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, timed, watched)


class DemoGuard:
    """Demo mode serves without keys, so only to this machine's own pages."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _host_of(_header(scope, b"host") or "")
        if host not in self.allowed:
            await _refuse(
                send,
                scope,
                421,
                "misdirected-request",
                lambda: _("Demo mode answers only requests addressed to this machine (localhost)."),
            )
            return
        if scope["method"] not in _SAFE_METHODS and self._cross_origin(scope):
            await _refuse(
                send,
                scope,
                403,
                "forbidden",
                lambda: _("Demo mode refuses writes sent from another site's page."),
            )
            return
        await self.app(scope, receive, send)

    def _cross_origin(self, scope: Scope) -> bool:
        if (_header(scope, b"sec-fetch-site") or "").lower() == "cross-site":
            return True
        origin = _header(scope, b"origin")
        if origin is None:
            return False
        return origin == "null" or _host_of(urlsplit(origin).netloc) not in self.allowed


def _host_of(netloc: str) -> str:
    """The host of `host[:port]` (or `[v6]:port`), lower case."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[: netloc.find("]") + 1] if "]" in netloc else netloc
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _bodiless(scope: Scope) -> bool:
    """Whether the request comes without a body: neither chunked nor with a length
    above 0 (HTTP/1.1: no Content-Length and no Transfer-Encoding is an empty body)."""
    for key, value in scope["headers"]:
        if key == b"transfer-encoding" or (key == b"content-length" and value != b"0"):
            return False
    return True


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _too_large(limit: int, upload: bool) -> str:
    if upload:
        return _("An upload may hold at most {limit} bytes.", limit=format(limit, ","))
    return _("A request body may hold at most {limit} bytes.", limit=format(limit, ","))


async def _refuse(
    send: Send, scope: Scope, status: int, kind: str, detail: Callable[[], str]
) -> None:
    """Answer with a problem in the reader's language (these guards run outside the
    language middleware): `detail` is built in it."""
    with i18n.use(of_request(HTTPConnection(scope))):
        title = {
            403: _("Forbidden"),
            408: _("Request timeout"),
            413: _("Payload too large"),
            421: _("Misdirected request"),
        }[status]
        said = detail()
    problem = Problem(
        type=f"urn:graph-mtl:problem:{kind}",
        title=title,
        status=status,
        detail=said,
        instance="/".join(shown(part) for part in scope["path"].split("/")),
        request_id=scope.get(REQUEST_ID),
    )
    body = problem.model_dump_json(exclude_none=True).encode()
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RateLimit:
    """Requests per key, counted in the workers' shared state (`api/shared.py`), so
    that a key's rate holds across every worker of `serve --workers N`.

    A sliding window estimated from two fixed ones (as many API gateways do): the
    previous window's count, weighted by the part of it still inside the sliding
    window, plus the current one's. One short write transaction per request.
    """

    def __init__(self, rate: str, state: SharedState) -> None:
        item = parse(rate)
        self.rate = item
        self.amount = item.amount
        self.length = item.get_expiry()
        self.state = state

    def hit(self, key_id: str) -> None:
        now = time.time()
        window, into = divmod(now, self.length)
        current = int(window)
        with self.state.transaction() as db:
            counts = dict(
                db.execute(
                    "SELECT window, hits FROM rates WHERE key = ? AND window >= ?",
                    (key_id, current - 1),
                ).fetchall()
            )
            before, now_hits = counts.get(current - 1, 0), counts.get(current, 0)
            weight = 1 - into / self.length
            if before * weight + now_hits + 1 <= self.amount:
                db.execute(
                    "INSERT INTO rates (key, window, hits) VALUES (?, ?, 1)"
                    " ON CONFLICT DO UPDATE SET hits = hits + 1",
                    (key_id, current),
                )
                db.execute("DELETE FROM rates WHERE key = ? AND window < ?", (key_id, current - 1))
                return
        raise LimitReached(
            _("Too many requests for this key (at most {rate}); slow down.", rate=self.rate),
            retry_after=max(1, math.ceil(min(self.length, self._wait(before, now_hits, into)))),
        )

    def _wait(self, before: int, now_hits: int, into: float) -> float:
        """Seconds until one more request fits, if no other comes meanwhile (told as at
        most one window: the estimate may hold a burst at a window's end a little longer)."""
        room = self.amount - now_hits - 1  # what the previous window may still weigh
        if room >= 0 and before > 0:
            # before * (1 - t / length) <= room, for t the time into this window
            return (1 - room / before) * self.length - into
        # wait for the next window, where this one's count weighs as `before` did
        later = max(0.0, 1 - (self.amount - 1) / now_hits) if now_hits else 0.0
        return self.length - into + later * self.length


class RequestTimeLimit:
    """Every request's searches stop after `seconds` (a 504 problem): the limit is
    set here, in the request's context, and the searches check it as they go."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with time_limit(self.seconds):
            await self.app(scope, receive, send)
