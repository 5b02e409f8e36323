"""Introduction requests, tracked: ask a connector, record the answer, see what is
pending; a meeting that happened becomes the salesperson's own tie.

A request is its salesperson's: they alone see and move it, except that a
teammate who is the connector (and shares their network, or no path would run
through them) sees it too and may accept or decline it, and an unrestricted
caller (an admin key, the command line) may do anything. A request another
caller may not see reads as not found, so its existence does not leak. The moves
are graph_mtl/domain/intros.py's; a move that lost a race to another one is a
`Conflict`, never a silent overwrite.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Literal

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import strength_of
from graph_mtl.domain.intros import OPEN, moved
from graph_mtl.domain.models import IntroEvent, IntroRequest, IntroStatus, Tie, TieEvidence
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS
from graph_mtl.domain.playbook import Evidence
from graph_mtl.domain.ports import GraphReader, IntroGraph, IntroLog, PeopleReader
from graph_mtl.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.services.access import Caller, require_salesperson
from graph_mtl.services.answer import Answer
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.phrases import hops, shown
from graph_mtl.services.search import resolve

__all__ = [
    "Intro",
    "IntroList",
    "get_intro",
    "list_intros",
    "request_intro",
    "update_intro",
]

_CONNECTOR_MOVES = frozenset({IntroStatus.ACCEPTED, IntroStatus.DECLINED})
"""What a connector who is a teammate may answer."""


class Intro(Answer):
    """A request as shown: who asked whom to introduce them to whom, and where it stands."""

    id: str
    status: IntroStatus
    open: bool
    salesperson: str
    salesperson_name: str
    to: str
    to_name: str
    via: str
    via_name: str
    requested_on: date
    updated_on: date
    note: str
    history: list[IntroEvent]


class IntroList(Answer):
    status: Literal["open", "all"]
    intros: list[Intro]


def request_intro(
    store: IntroGraph,
    caller: Caller,
    *,
    source: str | None,
    target: str,
    via: str | None = None,
    note: str = "",
    today: date,
    max_hops: int = DEFAULT_MAX_HOPS,
) -> Intro:
    """Ask `via` (default: the first hop of the best warm path within `max_hops`)
    to introduce the salesperson to `target`. `store` is the caller's view of the
    graph (the team-network rule applies to the default connector)."""
    salesperson = require_salesperson(store, caller.position(source), field="from")
    target = resolve(store, target, "person", field="to")
    via = via and resolve(store, via, "person", field="via")
    people = store.people([target, *([via] if via else [])])
    if target not in people:
        raise NotFound("person", target)
    if target == salesperson.id:
        raise InvalidInput("to", _("is you: nobody needs an introduction to themself"))
    known = dict(store.adjacency([salesperson.id]).get(salesperson.id, ()))
    name = people[target].name
    if target in known:
        raise InvalidInput("to", _("you know {name} already: reach out directly", name=name))
    if via is None:
        best = warm_paths(store, salesperson.id, target, max_hops=max_hops)
        if not best:
            raise InvalidInput(
                "via",
                _(
                    "no warm path to {name} within {hops}: name the connector to ask",
                    name=name,
                    hops=hops(max_hops),
                ),
            )
        via = best[0].nodes[1]
    elif via not in people:
        raise NotFound("person", via)
    elif via in (salesperson.id, target):
        raise InvalidInput("via", _("is an end of the introduction: name someone in between"))
    elif via not in known:
        raise InvalidInput(
            "via",
            _("you have no tie with {name}: ask someone you know", name=people[via].name),
        )
    for other in store.intros(salesperson_id=salesperson.id, via_ids=[via]):
        if other.target_id == target and other.status in OPEN:
            raise Conflict(
                _(
                    "you asked for this introduction already: {id} ({status})",
                    id=other.id,
                    status=shown(other.status),
                )
            )
    intro = IntroRequest(
        id=f"intro-{uuid.uuid4().hex[:10]}",
        salesperson_id=salesperson.id,
        target_id=target,
        via_id=via,
        requested_on=today,
        note=note,
    )
    if not store.save_intro(intro, expected=None):
        raise Conflict(_("an introduction request {id} exists already: ask again", id=intro.id))
    return _shown(store, [intro])[0]


def list_intros(
    store: IntroGraph,
    caller: Caller,
    *,
    source: str | None = None,
    status: Literal["open", "all"] = "open",
) -> IntroList:
    """The requests the caller may see (of `source`, when given), newest first: a
    salesperson's own, and those asking them to introduce someone."""
    if caller.unrestricted:
        found = store.intros(salesperson_id=source)
    else:
        me = caller.position(source)
        mine = store.intros(salesperson_id=me)
        through_me = [i for i in store.intros(via_ids=[me]) if i.salesperson_id != me]
        found = sorted([*mine, *through_me], key=lambda i: (-i.requested_on.toordinal(), i.id))
    if status == "open":
        found = [i for i in found if i.status in OPEN]
    return IntroList(status=status, intros=_shown(store, found))


def get_intro(store: IntroGraph, caller: Caller, intro_id: str) -> Intro:
    return _shown(store, [_visible(store, caller, intro_id)])[0]


def update_intro(
    store: IntroGraph,
    caller: Caller,
    intro_id: str,
    *,
    status: IntroStatus,
    note: str = "",
    today: date,
    rules: Evidence,
) -> Intro:
    """Move a request one step; `met` also gives the salesperson a tie to the
    person, in the same write."""
    intro = _visible(store, caller, intro_id)
    me = caller.salesperson_id
    if not caller.unrestricted and me != intro.salesperson_id and status not in _CONNECTOR_MOVES:
        raise Forbidden(_("As the connector you may only accept or decline a request."))
    after = moved(intro, status, by=me or caller.name, on=today, note=note)
    also = _met(store, after, today, rules) if status is IntroStatus.MET else None
    if not store.save_intro(after, expected=intro.status, also=also):
        raise Conflict(_("introduction request {id} changed meanwhile: read it again", id=intro.id))
    return _shown(store, [after])[0]


def _visible(store: IntroLog, caller: Caller, intro_id: str) -> IntroRequest:
    found = store.intros(ids=[intro_id])
    me = caller.salesperson_id
    if not found or not (caller.unrestricted or me in (found[0].salesperson_id, found[0].via_id)):
        raise NotFound("introduction request", intro_id)
    return found[0]


def _met(store: GraphReader, intro: IntroRequest, today: date, rules: Evidence) -> Bundle:
    """The salesperson's tie to the person they were introduced to, from every piece
    of evidence the tie has, this meeting included (a meeting: warm evidence)."""
    a, b = intro.salesperson_id, intro.target_id
    via = store.people([intro.via_id])[intro.via_id].name
    pair = (a, b) if a < b else (b, a)
    meeting = TieEvidence(
        source=a, target=b, origin=f"Introduction by {via}", meetings=1, last_contact=today
    )
    evidence = [e for e in store.evidence([pair]).get(pair, []) if e.origin != meeting.origin]
    evidence.append(meeting)
    before = store.ties([pair]).get(pair)
    context = f"introduced by {via} on {today}"
    tie = Tie(
        source=pair[0],
        target=pair[1],
        strength=max(
            round(strength_of(evidence, rules, today=today), 6),
            before.strength if before else 0.0,
        ),
        last_contact=today,
        context=f"{before.context}; {context}" if before and before.context else context,
    )
    return Bundle(ties=[tie], evidence=[meeting])


def _shown(store: PeopleReader, intros: Sequence[IntroRequest]) -> list[Intro]:
    ids = {i for intro in intros for i in (intro.salesperson_id, intro.target_id, intro.via_id)}
    names = {i: p.name for i, p in store.people(ids).items()}
    return [
        Intro(
            id=i.id,
            status=i.status,
            open=i.status in OPEN,
            salesperson=i.salesperson_id,
            salesperson_name=names.get(i.salesperson_id, i.salesperson_id),
            to=i.target_id,
            to_name=names.get(i.target_id, i.target_id),
            via=i.via_id,
            via_name=names.get(i.via_id, i.via_id),
            requested_on=i.requested_on,
            updated_on=i.updated_on,
            note=i.note,
            history=list(i.history),
        )
        for i in intros
    ]
