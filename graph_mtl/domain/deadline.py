"""A time limit for the work of one request: `time_limit(seconds)` around the
work, `check_time()` where the searches start a layer or an alternative (cheap:
a context variable and a clock read), so a search that would run too long stops
with `TimeLimitReached` instead. Reads only: a search writes nothing, so
nothing is left half-done. Worker threads see the limit of the request that
started them (context variables are copied into them)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from graph_mtl.errors import TimeLimitReached
from graph_mtl.i18n import _

__all__ = ["check_time", "time_limit"]

_LIMIT: ContextVar[tuple[float, float] | None] = ContextVar("graph_mtl_time_limit", default=None)
"""(the monotonic deadline, the seconds it allows), or None: no limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    token = _LIMIT.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _LIMIT.reset(token)


def check_time() -> None:
    limit = _LIMIT.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise TimeLimitReached(
            _(
                "The search ran past the time limit of {seconds} s: ask for fewer "
                "alternatives (k) or fewer hops.",
                seconds=format(limit[1], "g"),
            ),
            seconds=limit[1],
        )
