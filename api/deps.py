"""What handlers are handed: the store, the caller, the playbook.

    Store     the open store (503 while it cannot be opened)
    CallerDep who is asking: the salesperson their key maps to (401 without a
              live key, 429 past the key's rate); in demo mode anyone, from any
              position
    Rules     the playbook loaded at start-up
    SettingsDep the settings the app was made with
    SeenDep   for a search: `from` turned into the caller's own position (or 403),
              and the graph as they may see it from there
    TiesDep   which ties a search may use: `inferred`, `since`, `recent`

Every parameter that takes a person or a customer takes a whole name too
(`named`, through `graph_mtl.services.search.resolve`): an unknown one is a 404,
a name several carry a 422 listing them with their ids.

A caller asks from their own position only: `Caller.position` turns the
`from` parameter into the salesperson to search from, or refuses (403); and
`seen_by` gives the graph as that salesperson may see it (the team-network
rule of `graph_mtl.services.team_view.TeamView`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.limits import RateLimit
from api.state import StoreHolder
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import NotFound, Unauthorized
from graph_mtl.i18n import _
from graph_mtl.services.access import DEMO, Caller, authenticate
from graph_mtl.services.search import resolve
from graph_mtl.services.team_view import TeamView
from graph_mtl.services.tie_rules import recent_since, with_tie_rules
from graph_mtl.settings import Settings

__all__ = [
    "Caller",
    "CallerDep",
    "Credentials",
    "FromQuery",
    "Rules",
    "Seen",
    "SeenDep",
    "SettingsDep",
    "Store",
    "TieOptions",
    "TiesDep",
    "get_caller",
    "named",
    "seen_by",
]


# The dependencies that do no I/O are `async`: FastAPI runs a plain `def` one in a
# worker thread, a hop that costs more than the work.
async def _store(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.graph
    store = holder.opened
    if store is not None:
        return store
    return await run_in_threadpool(holder.get)  # opening it is I/O


async def _playbook(request: Request) -> Playbook:
    playbook: Playbook = request.app.state.playbook
    return playbook


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Store = Annotated[GraphStore, Depends(_store)]
Rules = Annotated[Playbook, Depends(_playbook)]
SettingsDep = Annotated[Settings, Depends(_settings)]

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `graph-mtl keys create --salesperson ID`.",
)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
"""The `Authorization: Bearer KEY` header's key, if any (and the scheme in OpenAPI)."""


def get_caller(request: Request, credentials: Credentials) -> Caller:
    # The store as `Store` gives it (503 while it cannot be opened, before a missing
    # key's 401), taken here, in this thread: one dependency fewer to resolve.
    holder: StoreHolder = request.app.state.graph
    store = holder.get()
    if request.app.state.demo:
        return DEMO
    if credentials is None:
        raise Unauthorized(
            _("An API key is required: send `Authorization: Bearer KEY`."), key_given=False
        )
    caller = authenticate(store, credentials.credentials)
    if caller is None or caller.key_id is None:
        raise Unauthorized(_("The API key is unknown or revoked."), key_given=True)
    rate: RateLimit = request.app.state.rate_limit
    rate.hit(caller.key_id)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]

FromQuery = Annotated[
    str | None,
    Query(
        alias="from",
        min_length=1,
        max_length=200,
        description="The salesperson to search from, an id or a whole name: yours (or any, in demo mode).",
    ),
]


class Seen:
    """Where a search runs from (the caller's own position) and the graph as the
    caller may see it from there, read when first asked for: in the handler's
    thread, so that finding the position needs no worker thread of its own."""

    __slots__ = ("_store", "_view", "source")

    def __init__(self, store: GraphStore, source: str) -> None:
        self.source = source
        self._store = store
        self._view: TeamView | None = None

    @classmethod
    def of(cls, store: GraphStore, caller: Caller, source: str | None) -> Seen:
        return cls(store, caller.position(source))

    @property
    def view(self) -> TeamView:
        if self._view is None:
            self._view = TeamView.of(self._store, self.source)
        return self._view


async def _seen(store: Store, caller: CallerDep, source: FromQuery = None) -> Seen:
    if source is None:  # nothing to look up: no worker thread
        return Seen.of(store, caller, None)
    named = await run_in_threadpool(named_from, store, caller, source)
    return Seen.of(store, caller, named)


def named_from(store: GraphStore, caller: Caller, text: str | None) -> str | None:
    """The `from` parameter as an id: a key asks only from its own salesperson's
    position (`Caller.position` refuses any other with 403)."""
    return named_own(store, text, field="from", own=caller.salesperson_id)


def named_own(store: GraphStore, text: str | None, *, field: str, own: str | None) -> str | None:
    """A person parameter that may name only `own` (None: anyone), as an id. Naming
    anyone else, or nobody known, is left as written for the caller's own check to
    refuse (403): no answer tells whether that person exists."""
    if own is None or text in (None, own):
        return named(store, text, "person", field=field)
    try:
        return named(store, text, "person", field=field)
    except NotFound:
        return text


def named(
    store: GraphStore, text: str | None, kind: Literal["person", "customer"], *, field: str
) -> str | None:
    """The id a parameter names, an id or a whole name (404 for none, 422 for a name
    several carry); None for a parameter not given."""
    return None if text is None else resolve(store, text, kind, field=field)


def seen_by(store: GraphStore, caller: Caller, source: str | None) -> TeamView:
    """The graph as the asking salesperson may see it: `source` when a search runs
    from there, else the caller (with no key: nobody's private ties)."""
    return TeamView.of(store, source if source is not None else caller.salesperson_id)


SeenDep = Annotated[Seen, Depends(_seen)]
"""For a search from the caller's position: the `from` parameter, checked, and the view."""


@dataclass(frozen=True, slots=True)
class TieOptions:
    """Which ties a search may use besides or instead of every recorded one."""

    inferred: bool = False
    since: date | None = None
    recent: str | None = None

    def applied(self, view: GraphStore, playbook: Playbook) -> GraphStore:
        first = recent_since(since=self.since, recent=self.recent, today=date.today())
        return with_tie_rules(
            view, inferred=self.inferred, since=first, strength=playbook.evidence.inferred
        )


async def _ties(
    inferred: Annotated[
        bool,
        Query(description="Let paths use weak ties inferred from a shared employer."),
    ] = False,
    since: Annotated[
        date | None, Query(description="Only ties with contact on or after this day.")
    ] = None,
    recent: Annotated[
        str | None,
        Query(max_length=8, description="Only ties with contact this recent: 30d, 2w, 6m, 1y."),
    ] = None,
) -> TieOptions:
    return TieOptions(inferred, since, recent)


TiesDep = Annotated[TieOptions, Depends(_ties)]
