"""What handlers are handed: the store, the caller, the playbook.

    Store     the open store (503 while it cannot be opened)
    CallerDep who is asking: the salesperson their key maps to (401 without a
              live key); in demo mode anyone, from any position
    Rules     the playbook loaded at start-up

A caller asks from their own position only: `Caller.position` turns the
`from` parameter into the salesperson to search from, or refuses (403); and
`seen_by` gives the graph as that salesperson may see it (the team-network
rule of `graph_mtl.domain.access.TeamView`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import Forbidden, Unauthorized
from api.state import StoreHolder
from graph_mtl.domain.access import TeamView, authenticate
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput

__all__ = ["Caller", "CallerDep", "FromQuery", "Rules", "Store", "get_caller", "seen_by"]


def _store(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.graph
    return holder.get()


def _playbook(request: Request) -> Playbook:
    playbook: Playbook = request.app.state.playbook
    return playbook


Store = Annotated[GraphStore, Depends(_store)]
Rules = Annotated[Playbook, Depends(_playbook)]

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `graph-mtl keys create --salesperson ID`.",
)


@dataclass(frozen=True, slots=True)
class Caller:
    salesperson_id: str | None
    """None in demo mode: no keys, any position."""
    key_id: str | None = None

    @property
    def demo(self) -> bool:
        return self.salesperson_id is None

    def position(self, source: str | None) -> str:
        """The salesperson to search from: the caller, whether or not `from` names them."""
        found = self.optional_position(source) or self.salesperson_id
        if found is None:
            raise InvalidInput("from", "required in demo mode (no key names a salesperson)")
        return found

    def optional_position(self, source: str | None) -> str | None:
        """Like `position`, where leaving `from` out means "no salesperson"."""
        if self.salesperson_id is not None and source not in (None, self.salesperson_id):
            raise Forbidden(
                "You may ask only from your own position: leave `from` out, or give "
                "the salesperson id your key belongs to."
            )
        return source

    def may_act_for(self, salesperson_id: str) -> None:
        if self.salesperson_id is not None and salesperson_id != self.salesperson_id:
            raise Forbidden("You may change only your own settings and records.")


def get_caller(
    request: Request,
    store: Store,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if request.app.state.demo:
        return Caller(salesperson_id=None)
    if credentials is None:
        raise Unauthorized(
            "An API key is required: send `Authorization: Bearer KEY`.", key_given=False
        )
    record = authenticate(store, credentials.credentials)
    if record is None:
        raise Unauthorized("The API key is unknown or revoked.", key_given=True)
    return Caller(salesperson_id=record.salesperson_id, key_id=record.id)


CallerDep = Annotated[Caller, Depends(get_caller)]

FromQuery = Annotated[
    str | None,
    Query(
        alias="from",
        min_length=1,
        max_length=200,
        description="The salesperson to search from: yours (or any, in demo mode).",
    ),
]


def seen_by(store: GraphStore, caller: Caller, source: str | None) -> GraphStore:
    """The graph as the asking salesperson may see it: `source` when a search runs
    from there, else the caller (with no key: nobody's private ties)."""
    return TeamView.of(store, source if source is not None else caller.salesperson_id)
