"""What every request passes through first (the outermost middleware):

- an id of its own: `X-Request-ID` on the response, `request_id` in a problem
  document, and in the log beside any 5xx's cause;
- `X-Content-Type-Options: nosniff` on every response;
- one access-log line (logger `graph_mtl.api.access`): the client's address,
  the method, the route's template (`/people/{person_id}`: never the ids in the
  path, never the query string), the status, the time taken and the request id;
- an error no handler answered: a 500 problem, logged once with its cause.
"""

from __future__ import annotations

import logging
import os
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import REQUEST_ID, log_failure, problem_response, route_template

__all__ = ["RequestContext"]

_access = logging.getLogger("graph_mtl.api.access")

_IDS_AT_ONCE = 512
_ids: list[str] = []
"""Request ids drawn ahead from the OS's random source, in a batch: one system call
per batch, not per request (a call that lets go of the GIL, and must wait for it
back under load). Emptied in a forked child, so no two processes share one."""
os.register_at_fork(after_in_child=_ids.clear)


def _request_id() -> str:
    """16 random hex digits (as `secrets.token_hex(8)`)."""
    try:
        return _ids.pop()
    except IndexError:
        drawn = os.urandom(8 * _IDS_AT_ONCE).hex()
        _ids.extend(drawn[i : i + 16] for i in range(16, len(drawn), 16))
        return drawn[:16]


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id()
        scope[REQUEST_ID] = request_id
        began = time.perf_counter()
        status = 0

        async def stamped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        except Exception as exc:  # no handler answered it: answered and logged here, once
            if status:  # too late for a problem document: the response has begun
                log_failure(500, exc, where=_where(scope), request_id=request_id)
            else:
                await problem_response(scope, exc)(scope, receive, stamped)
        finally:
            elapsed = (time.perf_counter() - began) * 1000
            client = scope.get("client")
            _access.info(
                '%s "%s" %d %.0f ms request %s',
                client[0] if client else "-",
                _where(scope),
                status,
                elapsed,
                request_id,
            )


def _where(scope: Scope) -> str:
    return f"{scope['method']} {route_template(scope)}"
