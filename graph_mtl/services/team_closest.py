"""Who on the team is closest: for each key person of an account (or one person), the
salespeople ranked by their best chain to them, each with whom they would ask first,
and the asking salesperson's own chain beside them.

The team rule (graph_mtl/services/access.py) decides who is listed and over which
ties: a salesperson who has not opted in to the team network is listed only to
themself and to admins (an admin key, or a caller asking from nobody's position:
the command line without `--from`, demo mode without `from`). Every chain is
searched on the graph as the asker sees it (`TeamView`): a sharing teammate's ties
carry their chains without their context or evidence, and the ties of a salesperson
who has not opted in carry nobody's chain but their own (the asker's included). For an admin, the chains of
a teammate who keeps their ties private run on the same view with that one
teammate's ties let in, read as a sharing teammate's are (no context, no evidence).

One bounded search per listed salesperson (`paths_from`), whatever the number of
key persons; every chain is then the best path as `warm_paths` finds it, and the
salespeople are ranked by the one order of graph_mtl/domain/pathfinding.py (the
stronger chain first, within its tolerance the fewer hops, then the lesser
sequence of ids from the salesperson, i.e. the lesser salesperson id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from graph_mtl.domain.models import Power, TeamMember
from graph_mtl.domain.pathfinding import (
    DEFAULT_MAX_HOPS,
    Mode,
    RawPath,
    check_limits,
    least_costs,
)
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.services.access import require_salesperson
from graph_mtl.services.answer import Answer
from graph_mtl.services.key_persons import key_persons
from graph_mtl.services.paths import WarmPath, explain
from graph_mtl.services.search import resolve
from graph_mtl.services.team_view import TeamView

__all__ = [
    "ClosestTo",
    "TeamClosest",
    "TeammateChain",
    "member_view",
    "rank_chains",
    "resolve_target",
    "team_closest",
]

TargetKind = Literal["customer", "person"]


class TeammateChain(Answer):
    """One salesperson's best chain to a key person."""

    id: str
    name: str
    you: bool
    """The salesperson asking."""
    shares: bool
    """Whether they share their ties with the team network (an admin also sees those
    who do not)."""
    ask: str
    """The first hop: whom they ask (the key person themself when they know them)."""
    ask_name: str
    strength: float
    hops: int
    path: WarmPath


class ClosestTo(Answer):
    """A key person (or the one person asked about) and the team's chains to them."""

    id: str
    name: str
    role_name: str | None
    power: Power | None
    teammates: list[TeammateChain]
    """Best chain first; salespeople with no chain within the hop limit are left out."""
    own: WarmPath | None
    """The asking salesperson's own best chain (None: none, or nobody asking)."""


class TeamClosest(Answer):
    target: str
    target_name: str
    kind: TargetKind
    need: str | None
    source: str | None
    """The salesperson asking (None: nobody's position, an admin's view)."""
    mode: Mode
    max_hops: int
    team: list[TeamMember]
    """The salespeople whose chains were looked for: those the asker may see."""
    people: list[ClosestTo]


def team_closest(
    store: GraphStore,
    target: str,
    *,
    source: str | None,
    admin: bool = False,
    need_id: str | None = None,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    today: date | None = None,
) -> TeamClosest:
    """The team's best chains to each key person of `target` (a customer, for
    `need_id` or all its needs; or a person), as `source` may see them. An asker with
    no `source` sees as an admin does."""
    check_limits(max_hops=max_hops)
    team = store.team()
    view = TeamView(store, source, team)
    if source is not None:
        require_salesperson(view, source, field="from")
    kind, target = resolve_target(view, target)
    if kind == "customer":
        customer = view.customer(target)
        assert customer is not None  # resolved just now
        name = customer.name
        people: list[tuple[str, str, str | None, Power | None]] = [
            (k.id, k.name, k.role_name, k.power) for k in key_persons(view, target, need_id=need_id)
        ]
    else:
        if need_id is not None:
            raise InvalidInput("need", _("a need is asked for with an account, not a person"))
        name = view.people([target])[target].name
        people = [(target, name, None, None)]
    members = [m for m in team if m.shared or m.id == source or admin or source is None]
    targets = [p[0] for p in people]
    chains = _chains(store, view, team, members, targets, mode=mode, max_hops=max_hops)
    explained = _explained(chains, today=today)
    shares = {m.id: m for m in members}
    out = []
    for ident, person_name, role_name, power in people:
        found = [(raw, who) for (who, to), (raw, _view) in chains.items() if to == ident]
        ranked = [
            _chain(explained[raw.nodes], shares[who], you=who == source)
            for raw, who in rank_chains(found, mode)
            if raw.nodes in explained
        ]
        own = next((c.path for c in ranked if c.you), None)
        out.append(
            ClosestTo(
                id=ident,
                name=person_name,
                role_name=role_name,
                power=power,
                teammates=ranked,
                own=own,
            )
        )
    return TeamClosest(
        target=target,
        target_name=name,
        kind=kind,
        need=need_id,
        source=source,
        mode=mode,
        max_hops=max_hops,
        team=members,
        people=out,
    )


def resolve_target(view: GraphStore, text: str) -> tuple[TargetKind, str]:
    """What `text` names: a customer's or a person's id, else a customer's whole name,
    else a person's (`resolve`); NotFound naming both kinds for neither."""
    if view.existing("customer", [text]):
        return "customer", text
    if view.existing("person", [text]):
        return "person", text
    try:
        return "customer", resolve(view, text, "customer", field="to")
    except NotFound:
        pass
    try:
        return "person", resolve(view, text, "person", field="to")
    except NotFound:
        raise NotFound("customer or person", text) from None


def rank_chains(found: Sequence[tuple[RawPath, str]], mode: Mode) -> list[tuple[RawPath, str]]:
    """Chains best first by the one order of the searches: least cost (weights within
    the tolerance tied), then the lesser sequence of ids."""
    left = list(found)
    out = []
    while left:
        tied = least_costs(mode, [(raw.weight, raw.hops) for raw, _who in left])
        out.append(left.pop(min(tied, key=lambda i: left[i][0].nodes)))
    return out


_Chains = dict[tuple[str, str], tuple[RawPath, TeamView]]


def _chains(
    store: GraphStore,
    view: TeamView,
    team: Sequence[TeamMember],
    members: Sequence[TeamMember],
    targets: Sequence[str],
    *,
    mode: Mode,
    max_hops: int,
) -> _Chains:
    """Each listed salesperson's best path to each target, from one search each."""
    out: _Chains = {}
    if not targets:
        return out
    for member in members:
        seen, avoid = member_view(store, view, team, member.id)
        tree = seen.paths_from(member.id, max_hops=max_hops, mode=mode, blocked=avoid)
        for target in targets:
            raw = tree.path_to(target) if target != member.id else None
            if raw is not None and raw.hops:
                out[(member.id, target)] = (raw, seen)
    return out


def member_view(
    store: GraphStore, view: TeamView, team: Sequence[TeamMember], member: str
) -> tuple[TeamView, frozenset[str]]:
    """The graph `member`'s chains are searched on, as `view`'s viewer may see them,
    and the people those searches must avoid (pass them as `blocked`)."""
    seen = view if member not in view.blocked else _let_in(store, view, team, member)
    # The asker's own ties carry others' chains only when the asker shares them.
    private = {m.id for m in team if m.id == view.viewer and not m.shared}
    return seen, frozenset(private - {member})


def _let_in(store: GraphStore, view: TeamView, team: Sequence[TeamMember], member: str) -> TeamView:
    """`view` with one private teammate's ties read as a sharing teammate's."""
    opened = [m.model_copy(update={"shared": True}) if m.id == member else m for m in team]
    return TeamView(store, view.viewer, opened)


def _explained(chains: _Chains, *, today: date | None) -> dict[tuple[str, ...], WarmPath]:
    """Every chain explained, one batch per view: keyed by its people."""
    by_view: dict[int, tuple[TeamView, list[RawPath]]] = {}
    for raw, seen in chains.values():
        by_view.setdefault(id(seen), (seen, []))[1].append(raw)
    out: dict[tuple[str, ...], WarmPath] = {}
    for seen, raws in by_view.values():
        unique = list({raw.nodes: raw for raw in raws}.values())
        for path in explain(seen, unique, today=today):
            out[tuple(path.nodes)] = path
    return out


def _chain(path: WarmPath, member: TeamMember, *, you: bool) -> TeammateChain:
    return TeammateChain(
        id=member.id,
        name=member.name,
        you=you,
        shares=member.shared,
        ask=path.nodes[1],
        ask_name=path.names[1],
        strength=path.strength,
        hops=path.hops,
        path=path,
    )
