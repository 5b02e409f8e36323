"""Introduction requests: the moves a request may make, and a connector's record.

    requested ─┬─> accepted ─┬─> met
               ├─> declined  └─> no_response
               └─> withdrawn

States move only forward; anything else is a `Conflict`. A request `met` is
evidence: the salesperson now knows the person (graph_mtl/services/intros.py
writes the tie). Answered requests (accepted or declined, and whatever followed
an acceptance) make the connector's record: "introduced 3 of 4 asked".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from graph_mtl.domain.models import IntroEvent, IntroRequest, IntroStatus
from graph_mtl.errors import Conflict
from graph_mtl.i18n import _

__all__ = ["MOVES", "OPEN", "ConnectorRecord", "moved", "records"]

MOVES: Mapping[IntroStatus, frozenset[IntroStatus]] = {
    IntroStatus.REQUESTED: frozenset(
        {IntroStatus.ACCEPTED, IntroStatus.DECLINED, IntroStatus.WITHDRAWN}
    ),
    IntroStatus.ACCEPTED: frozenset({IntroStatus.MET, IntroStatus.NO_RESPONSE}),
}
"""Where each status may go next; a status not listed is final."""

OPEN = frozenset({IntroStatus.REQUESTED, IntroStatus.ACCEPTED})
"""A request still waiting for someone."""

_INTRODUCED = frozenset({IntroStatus.ACCEPTED, IntroStatus.MET, IntroStatus.NO_RESPONSE})
_ANSWERED = _INTRODUCED | {IntroStatus.DECLINED}


def moved(
    intro: IntroRequest, status: IntroStatus, *, by: str, on: date, note: str = ""
) -> IntroRequest:
    """The request after one move; Conflict when the move is not allowed."""
    allowed = MOVES.get(intro.status, frozenset())
    if status not in allowed:
        if allowed:
            detail = _(
                "introduction request {id} is {status}: it can move to {then}, not to {asked}",
                id=intro.id,
                status=intro.status,
                then=_(", ").join(sorted(allowed)),
                asked=status,
            )
        else:
            detail = _(
                "introduction request {id} is {status}: it can move to nothing: it is final, not to {asked}",
                id=intro.id,
                status=intro.status,
                asked=status,
            )
        raise Conflict(detail)
    event = IntroEvent(status=status, on=on, by=by, note=note)
    return intro.model_copy(update={"status": status, "history": (*intro.history, event)})


@dataclass(frozen=True, slots=True)
class ConnectorRecord:
    """How a connector answered the requests made through them."""

    introduced: int
    asked: int

    def text(self) -> str:
        return _(
            "introduced {introduced} of {asked} asked", introduced=self.introduced, asked=self.asked
        )


def records(intros: Iterable[IntroRequest]) -> dict[str, ConnectorRecord]:
    """Each connector's record over the answered requests (open or withdrawn ones
    say nothing about them)."""
    asked: Counter[str] = Counter()
    introduced: Counter[str] = Counter()
    for intro in intros:
        if intro.status in _ANSWERED:
            asked[intro.via_id] += 1
            introduced[intro.via_id] += intro.status in _INTRODUCED
    return {via: ConnectorRecord(introduced[via], n) for via, n in sorted(asked.items())}
