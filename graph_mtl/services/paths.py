"""Warm-introduction paths: from a salesperson over recorded ties to a person,
each hop explained."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from graph_mtl.domain.evidence import described
from graph_mtl.domain.models import Channel, Customer, CustomerStatus, Person, Tie
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode, RawPath, check_limits
from graph_mtl.domain.ports import GraphReader, PeopleReader
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import _
from graph_mtl.services.answer import Answer
from graph_mtl.services.phrases import shown
from graph_mtl.services.search import resolve

__all__ = [
    "Mode",
    "PathStep",
    "WarmPath",
    "explain",
    "knows_them",
    "resolve_exclusions",
    "warm_paths",
]


class PathStep(Answer):
    """One introduction: `source` asks `target`, and why that can work."""

    source: str
    target: str
    target_name: str
    strength: float
    last_contact: date | None
    context: str
    reasons: list[str]


class WarmPath(Answer):
    nodes: list[str]
    names: list[str]
    strength: float
    hops: int
    steps: list[PathStep]


def warm_paths(
    store: GraphReader,
    source: str,
    target: str,
    *,
    mode: Mode = Mode.STRONGEST,
    max_hops: int = DEFAULT_MAX_HOPS,
    k: int = 1,
    exclude: Sequence[str] = (),
) -> list[WarmPath]:
    """The `k` best loopless paths of at most `max_hops` ties, best first; [] if none."""
    check_limits(max_hops=max_hops, k=k)
    target = resolve(store, target, "person", field="to")
    known = store.people([source, target])
    for ident in (source, target):
        if ident not in known:
            raise NotFound("person", ident)
    blocked = resolve_exclusions(store, exclude)
    for ident, field in ((source, "from"), (target, "to")):
        if ident in blocked:
            raise InvalidInput(
                "exclude",
                _("excludes the path's own end ({field} {ident!r})", field=field, ident=ident),
            )
    raw = store.best_paths(source, target, k=k, max_hops=max_hops, mode=mode, blocked=blocked)
    return explain(store, raw)


def resolve_exclusions(store: PeopleReader, exclude: Iterable[str]) -> frozenset[str]:
    """People to avoid: each id (or name, `resolve`) is a person, or a customer standing
    for everyone there."""
    wanted = list(dict.fromkeys(_person_or_customer(store, e) for e in exclude))
    people = store.existing("person", wanted)
    customers = store.existing("customer", [i for i in wanted if i not in people])
    unknown = [i for i in wanted if i not in people and i not in customers]
    if unknown:
        raise NotFound("person or customer", unknown[0])
    blocked = set(people)
    for customer_id in sorted(customers):
        blocked.update(p.id for p in store.employees(customer_id))
    return frozenset(blocked)


def _person_or_customer(store: PeopleReader, text: str) -> str:
    """The id `text` is or names: a person's first, else a customer's."""
    if store.existing("person", [text]) or store.existing("customer", [text]):
        return text
    try:
        return resolve(store, text, "person", field="exclude")
    except NotFound:
        pass
    try:
        return resolve(store, text, "customer", field="exclude")
    except NotFound:
        raise NotFound("person or customer", text) from None


def explain(
    store: GraphReader, raw: Sequence[RawPath], *, today: date | None = None
) -> list[WarmPath]:
    """Attach names, tie details and the reasons for every hop; an imported tie's
    evidence reads relative to `today` (default: the day it runs).

    One batched read about the people and ties on the paths (`path_details`), none
    without paths.
    A path through someone forgotten (or a tie removed) since it was found is left
    out: the search and this read run one after another, and a write may come in
    between.
    """
    if not raw:
        return []
    ids = list(dict.fromkeys(node for path in raw for node in path.nodes))
    pairs = [pair for path in raw for pair in zip(path.nodes, path.nodes[1:], strict=False)]
    details = store.path_details(ids, pairs)
    people, ties = details.people, details.ties
    raw = [path for path in raw if _still_there(path, people, ties)]
    evidence = {
        pair: described(items, today=today or date.today())
        for pair, items in details.evidence.items()
    }
    customers = details.customers
    # Ordered by id, so a person with several channels shows the last one.
    channels = {c.person_id: c for c in details.channels if c.person_id is not None}
    context = _Context(people, customers, channels, evidence)
    return [
        WarmPath(
            nodes=list(path.nodes),
            names=[people[n].name for n in path.nodes],
            strength=path.strength,
            hops=path.hops,
            steps=[
                context.step(ties[_pair(a, b)], a, b)
                for a, b in zip(path.nodes, path.nodes[1:], strict=False)
            ],
        )
        for path in raw
    ]


def knows_them(path: WarmPath, who: str | None = None) -> str:
    """A one-tie path in the salesperson's words: "you know them (how; last contact …)"."""
    step = path.steps[0] if path.steps else None
    about = [step.context] if step and step.context else []
    if step and step.last_contact:
        about.append(_("last contact {date}", date=step.last_contact))
    if who is None:
        who = _("them")
    if not about:
        return _("you know {who}", who=who)
    return _("you know {who} ({about})", who=who, about=_("; ").join(about))


def _still_there(
    path: RawPath, people: Mapping[str, Person], ties: Mapping[tuple[str, str], Tie]
) -> bool:
    return all(n in people for n in path.nodes) and all(
        _pair(a, b) in ties for a, b in zip(path.nodes, path.nodes[1:], strict=False)
    )


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class _Context:
    def __init__(
        self,
        people: dict[str, Person],
        customers: dict[str, Customer],
        channels: dict[str, Channel],
        evidence: dict[tuple[str, str], str],
    ) -> None:
        self.people = people
        self.customers = customers
        self.channels = channels
        self.evidence = evidence

    def step(self, tie: Tie, source: str, target: str) -> PathStep:
        return PathStep(
            source=source,
            target=target,
            target_name=self.people[target].name,
            strength=tie.strength,
            last_contact=tie.last_contact,
            context=tie.context,
            reasons=self.reasons(tie, self.people[source], self.people[target]),
        )

    def reasons(self, tie: Tie, a: Person, b: Person) -> list[str]:
        told = self.evidence.get(tie.pair) or tie.context
        out = [told] if told else []
        employer = self._employer(b)
        if a.customer_id is not None and a.customer_id == b.customer_id and employer:
            out.append(_("both work at {employer}", employer=employer.name))
        if employer is not None and employer.status is CustomerStatus.EXISTING:
            out.append(
                _("{name} is at {employer}, an old customer", name=b.name, employer=employer.name)
            )
        channel = self.channels.get(b.id)
        if channel is not None:
            out.append(
                _(
                    "{name} is a channel: {channel} ({kind})",
                    name=b.name,
                    channel=channel.name,
                    kind=shown(channel.kind),
                )
            )
        if b.is_salesperson:
            out.append(_("{name} is a salesperson", name=b.name))
        if not out:
            out.append(_("recorded tie of strength {strength:g}", strength=tie.strength))
        return out

    def _employer(self, person: Person) -> Customer | None:
        return self.customers.get(person.customer_id) if person.customer_id else None
