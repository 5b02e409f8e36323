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
import secrets
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import REQUEST_ID, log_failure, problem_response, route_template

__all__ = ["RequestContext"]

_access = logging.getLogger("graph_mtl.api.access")


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
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
