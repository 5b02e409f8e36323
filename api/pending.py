"""For a search, the caller and their position checked in the handler's own worker
thread: one hop off the event loop for the request, where `SeenDep` takes two (the
key and its rate in a thread of their own, then the handler).

The answers and their order stay those of `SeenDep`: the store (503), the key
(401) and its rate (429), then `from` (404, 422 for a name several carry, 403),
then the search. FastAPI checks every parameter before the handler runs; when one
is invalid, the problem handler (`api.problems`) runs the same checks first, so
that a missing key is still a 401, and a `from` naming someone else a 403, before
another parameter's 422.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.deps import Credentials, FromQuery, Seen, get_caller, named_from
from api.problems import CHECK_FIRST
from api.state import StoreHolder

__all__ = ["PendingSeen", "SeenLaterDep"]


class PendingSeen:
    """`Seen`, made when first asked for (in the handler's thread), at most once."""

    __slots__ = ("_credentials", "_request", "_seen", "source")

    def __init__(self, request: Request, credentials: Credentials) -> None:
        self._request = request
        self._credentials = credentials
        self._seen: Seen | None = None
        self.source: str | None = None
        """`from` once FastAPI found it valid (set by `_from`)."""

    def seen(self) -> Seen:
        if self._seen is None:
            caller = get_caller(self._request, self._credentials)  # 503, 401, 429
            holder: StoreHolder = self._request.app.state.graph
            store = holder.get()
            source = self.source
            named = None if source is None else named_from(store, caller, source)
            self._seen = Seen.of(store, caller, named)
        return self._seen


async def _pending(request: Request, credentials: Credentials) -> PendingSeen:
    # Solved before `from` is validated: made (and handed to the problem handler)
    # whatever the parameters.
    pending = PendingSeen(request, credentials)
    request.scope[CHECK_FIRST] = pending.seen
    return pending


async def _from(
    pending: Annotated[PendingSeen, Depends(_pending)], source: FromQuery = None
) -> PendingSeen:
    pending.source = source  # only once FastAPI found it valid
    return pending


SeenLaterDep = Annotated[PendingSeen, Depends(_from)]
"""For a search from the caller's position, as `SeenDep`, checked in the handler."""
