"""The exceptions graph-mtl raises, one tree under one root.

    GraphMtlError
    ├── NotFound            an id that the store does not hold
    ├── InvalidInput        a value that breaks a rule (names the field)
    │   └── ImportRejected  a bundle with bad rows; carries every problem found
    ├── Unauthorized        no key, or one that is unknown or revoked
    ├── Forbidden           a write or a position the caller's key does not allow
    ├── Conflict            a request that does not fit the item's state
    ├── Gone                an item removed for good (a report that named a forgotten person)
    ├── LimitReached        too many requests or jobs at once; try again later
    ├── TimeLimitReached    work that ran past its time limit and was stopped
    ├── QueryNotFound       a named query the project does not hold
    └── StoreUnavailable    the store cannot be reached or written

The CLI turns them into a one-line message and a non-zero exit; the API into
problem documents. "No path" is an empty answer, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph_mtl.i18n import _, ngettext

__all__ = [
    "Conflict",
    "Forbidden",
    "Gone",
    "GraphMtlError",
    "ImportProblem",
    "ImportRejected",
    "InvalidInput",
    "LimitReached",
    "NotFound",
    "QueryNotFound",
    "StoreUnavailable",
    "TimeLimitReached",
    "Unauthorized",
]


_SHOWN = 80
"""The most characters of an id a message repeats (an id may be long, or hostile)."""


class GraphMtlError(Exception):
    """Root of every error graph-mtl raises on purpose."""


class NotFound(GraphMtlError):
    """An id the store does not hold."""

    def __init__(self, kind: str, ident: str, *, hint: str = "") -> None:
        shown = ident if len(ident) <= _SHOWN else ident[: _SHOWN - 1] + "…"
        unknown = _("unknown {kind} {ident!r}", kind=_kind(kind), ident=shown)
        super().__init__(unknown + (_(": {hint}", hint=hint) if hint else ""))
        self.kind = kind
        self.ident = ident


def _kind(kind: str) -> str:
    """The kind of an unknown item, in the reader's words."""
    kinds = {
        "person": _("person"),
        "customer": _("customer"),
        "channel": _("channel"),
        "need": _("need"),
        "role": _("role"),
        "capability": _("capability"),
        "salesperson": _("salesperson"),
        "key": _("key"),
        "API key": _("API key"),
        "introduction request": _("introduction request"),
        "opportunity": _("opportunity"),
        "person or customer": _("person or customer"),
        "report": _("report"),
    }
    return kinds.get(kind, kind)


class InvalidInput(GraphMtlError):
    """A value that breaks a rule; `field` names where it came from."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One bad row (or file) of a bundle, printed as `file:line: reason`."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class ImportRejected(InvalidInput):
    """A bundle with at least one bad row; nothing of it was written."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line, p.reason)))
        count = len(self.problems)
        reason = ngettext("rejected with {n} problem", "rejected with {n} problems", count)
        super().__init__("bundle", reason)


class StoreUnavailable(GraphMtlError):
    """The store cannot be reached, read or written right now; `hint`, if any, says
    what to do about it in words fit for any caller (no paths, hosts or driver text)."""

    def __init__(self, detail: str, *, hint: str = "") -> None:
        super().__init__(detail)
        self.hint = hint


class Unauthorized(GraphMtlError):
    """No key, or one that is unknown or revoked."""

    def __init__(self, detail: str, *, key_given: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.key_given = key_given


class Forbidden(GraphMtlError):
    """Someone else's position, or an item the caller's key may not change."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Conflict(GraphMtlError):
    """The request does not fit the item's state, e.g. a report still running."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Gone(GraphMtlError):
    """An item that was there and was removed for good, e.g. a report built with a
    person who was forgotten since."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class LimitReached(GraphMtlError):
    """A limit on requests or jobs in flight is reached; `retry_after` in seconds."""

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class TimeLimitReached(GraphMtlError):
    """Work stopped at its time limit (`seconds`); it wrote nothing."""

    def __init__(self, detail: str, *, seconds: float) -> None:
        super().__init__(detail)
        self.detail = detail
        self.seconds = seconds


class QueryNotFound(GraphMtlError):
    """A named query (a `.cypher` file under queries/) that does not exist."""

    def __init__(self, name: str) -> None:
        super().__init__(_("no query named {name!r}", name=name))
        self.name = name
