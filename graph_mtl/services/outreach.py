"""Outreach plans (T2): for each key person of an account, the way in, whom to ask,
what to say, and an introduction request to send.

The article's two messages: a target customer already carries an opportunity, so
show that we are able (the capabilities that solve their need, and our edge); a
potential customer has not raised one yet, so lead with an unexpected insight
drawn from their situation. Outbound, actively reach the key person: over the
warm path, by asking its first introducer; where no path reaches them, through
the channels that do. A key person the salesperson already knows needs no
introduction at all (the article's line from P3 straight to LTC).

Drafts sound like the salesperson: each greets its reader by name in the order
their script writes it (`domain.address`), in the form the playbook's
`relationships` choose from how the salesperson knows them (a classmate: 你 and
the given name; a client or a stranger: 您 and surname plus title), and with the
templates of the customer's industry where the playbook has them, the neutral ones
elsewhere; an advantage worded for another industry is left out.

Needs we cannot meet (P1) are never offered: they are listed as "not an
opportunity" and their key persons are left out. Messages are filled from the
playbook's templates; a template naming an unknown placeholder is an
`InvalidInput` naming the template, found before anything is planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

from graph_mtl.domain.address import Address, address, chinese_name
from graph_mtl.domain.models import Capability, Customer, CustomerStatus, Need, Person
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.playbook import IndustryDrafts, Playbook
from graph_mtl.domain.ports import IntroGraph
from graph_mtl.domain.scoring import meetable, solving_capabilities
from graph_mtl.domain.wording import greeting_name, in_language, joined
from graph_mtl.errors import NotFound
from graph_mtl.i18n import _
from graph_mtl.services.accounts import UnmetNeed, unmet_need
from graph_mtl.services.answer import Answer
from graph_mtl.services.committee import (
    ChannelReach,
    Committee,
    DoorOpener,
    Member,
    committee_of,
)
from graph_mtl.services.key_persons import KeyPerson, key_persons_for
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.phrases import hops
from graph_mtl.services.search import resolve
from graph_mtl.services.seats import VacantSeat
from graph_mtl.services.templates import (
    NONE_RECORDED,
    TEMPLATE_FIELDS,
    check_messages,
    choose_insight,
    foreign_terms,
    render,
)

__all__ = [
    "TEMPLATE_FIELDS",
    "NeedBrief",
    "OutreachPlan",
    "PersonPlan",
    "Strategy",
    "UnmetNeed",
    "check_messages",
    "outreach_plan",
]


class Strategy(StrEnum):
    SHOW_ABILITY = "show_ability"
    """Target customer: show that we are able."""
    UNEXPECTED_INSIGHT = "unexpected_insight"
    """Potential customer: show an unexpected insight."""


_T = TypeVar("_T")


class NeedBrief(Answer):
    """A need the plan is about, with what we bring to it (P1)."""

    id: str
    name: str
    capabilities: list[str]
    advantages: list[str]


class PersonPlan(KeyPerson):
    """How to reach one key person and what to tell them."""

    path: WarmPath | None
    direct: bool
    """The salesperson already knows them: no introduction (P3 → LTC)."""
    ask: str | None
    """The first introducer on the path: the person to ask."""
    ask_name: str | None
    action: str
    """One sentence: what to do first."""
    strategy: Strategy
    message: str
    capabilities: list[str]
    advantages: list[str]
    insight: str | None
    introduction: str | None
    """An introduction request to send to `ask`."""
    channels: list[ChannelReach]
    """For a key person no warm path reaches: the channels to use instead."""


class OutreachPlan(Answer):
    customer: str
    customer_name: str
    status: CustomerStatus
    source: str
    strategy: Strategy
    mode: Mode
    max_hops: int
    needs: list[NeedBrief]
    not_opportunities: list[UnmetNeed]
    people: list[PersonPlan]
    coverage: float
    door_openers: list[DoorOpener]
    vacant_seats: list[VacantSeat]
    """Seats the committee needs (the playbook's `[committees]`) that nobody at the
    account is known to hold."""
    seat_coverage: float | None
    notes: list[str]


def outreach_plan(
    store: IntroGraph,
    playbook: Playbook,
    customer_id: str,
    source: str,
    *,
    mode: Mode = Mode.STRONGEST,
    max_hops: int | None = None,
) -> OutreachPlan:
    """The plan for every key person of the customer's needs that we can meet;
    `max_hops` defaults to the playbook's `priority.max_hops`; the customer may be
    named by its name (`resolve`)."""
    customer_id = resolve(store, customer_id, "customer", field="customer")
    messages = playbook.messages
    check_messages(messages)
    customer = store.customer(customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    salesperson = store.people([source]).get(source)
    if salesperson is None:
        raise NotFound("person", source)
    catalogue = {n.id: n for n in store.needs()}
    recorded = [cn.need_id for cn in store.customer_needs(customer_id=customer_id)]
    wanted = [n for n in recorded if meetable(catalogue.get(n))]
    notes = []
    if not recorded:
        # Nothing raised yet (typical of a potential customer): anyone who cares
        # about a need we can meet could start one.
        wanted = sorted(n.id for n in catalogue.values() if n.can_meet)
        notes.append(
            _(
                "no need is recorded for {customer}: key persons of every need we can meet",
                customer=customer.name,
            )
        )
    committee = committee_of(
        store,
        customer_id,
        source,
        key_persons_for(store, customer_id, wanted),
        needs=wanted,
        mode=mode,
        max_hops=playbook.priority.max_hops if max_hops is None else max_hops,
        seats=playbook.committees,
    )
    carries = bool(recorded) and bool(wanted) and customer.status is not CustomerStatus.POTENTIAL
    strategy = Strategy.SHOW_ABILITY if carries else Strategy.UNEXPECTED_INSIGHT
    capabilities = store.capabilities()
    shown = capabilities if strategy is Strategy.SHOW_ABILITY else []
    industry = messages.industries.get(customer.industry, IndustryDrafts())
    account = {
        "salesperson": salesperson.name,
        "customer": in_language(customer.name, playbook.language),
        "industry": industry.name or customer.industry or "their industry",
    }
    insight = choose_insight(messages, industry, customer, account) if not carries else None
    if strategy is Strategy.UNEXPECTED_INSIGHT:
        template = "potential"
    else:
        template = "existing" if customer.status is CustomerStatus.EXISTING else "target"
    planner = _Planner(
        playbook, committee, account, catalogue, capabilities, strategy, insight, template
    )
    planner.industry = industry
    planner.foreign = foreign_terms(messages, customer.industry)
    planner.people = store.people(_readers(committee))
    notes += _account_notes(customer, strategy, committee)
    notes += [
        _(
            "no capability of ours is recorded as solving {need}: complete P1",
            need=catalogue[n].name,
        )
        for n in wanted
        if strategy is Strategy.SHOW_ABILITY and not solving_capabilities(n, capabilities)
    ]
    return OutreachPlan(
        customer=customer_id,
        customer_name=customer.name,
        status=customer.status,
        source=source,
        strategy=strategy,
        mode=mode,
        max_hops=committee.max_hops,
        needs=[_brief(catalogue[n], shown) for n in wanted],
        not_opportunities=[unmet_need(n, catalogue.get(n)) for n in recorded if n not in wanted],
        people=[planner.plan(m) for m in committee.members],
        coverage=committee.coverage,
        door_openers=committee.door_openers,
        vacant_seats=committee.vacant_seats,
        seat_coverage=committee.seat_coverage,
        notes=notes + [n for n in committee.notes if n not in notes],
    )


def _readers(committee: Committee) -> list[str]:
    """Everyone a draft may be written to: key persons and first introducers."""
    ids = [m.id for m in committee.members]
    ids += [m.path.steps[0].target for m in committee.members if m.path and m.path.steps]
    return ids


class _Planner:
    def __init__(
        self,
        playbook: Playbook,
        committee: Committee,
        account: Mapping[str, str],
        catalogue: Mapping[str, Need],
        capabilities: Sequence[Capability],
        strategy: Strategy,
        insight: str | None,
        template: str,
    ) -> None:
        self.messages = playbook.messages
        self.language = playbook.language
        self.template = template
        self.account = account
        self.catalogue = catalogue
        self.capabilities = capabilities
        self.strategy = strategy
        self.insight = insight
        self.gaps = {g.id: g.channels for g in committee.gaps}
        self.max_hops = committee.max_hops
        self.industry = IndustryDrafts()
        self.foreign: tuple[str, ...] = ()
        self.people: Mapping[str, Person] = {}

    def _address(self, person_id: str, name: str, context: str | None) -> dict[str, str]:
        """{greeting}, {you} and {addressed} for a draft to this person."""
        form_name = self.messages.form_for(context)
        person = self.people.get(person_id)
        to: Address = address(
            name,
            title=person.title if person else "",
            familiar=form_name == "familiar",
            honorifics=self.messages.honorifics,
        )
        form = self.messages.forms[form_name]
        named = {"salesperson": self.account["salesperson"], "addressed": to.addressed}
        greeting = render(f"forms.{form_name}", form.greeting, {**named, "name": to.name})
        return {"greeting": greeting, "you": form.you, "addressed": to.addressed}

    def _unforeign(self, items: Iterable[str]) -> list[str]:
        return [i for i in items if not any(t.casefold() in i.casefold() for t in self.foreign)]

    def plan(self, member: Member) -> PersonPlan:
        lang = self.language
        needs = [self.catalogue[n] for n in member.needs if n in self.catalogue]
        solvers = _unique(c for n in needs for c in solving_capabilities(n.id, self.capabilities))
        advantages = self._unforeign(_unique(a for c in solvers for a in c.advantages))
        no_capability, no_advantage = NONE_RECORDED[lang]
        values = {
            **self.account,
            "contact": chinese_name(member.name),
            "role": in_language(member.role_name, lang),
            "need": joined([in_language(n.name, lang) for n in needs], lang),
            "capabilities": joined([in_language(c.name, lang) for c in solvers], lang)
            or no_capability,
            "advantages": joined([in_language(a, lang) for a in advantages], lang) or no_advantage,
        }
        angle = self._angle(member.role, values)
        path = member.path
        known = path.steps[0].context if path is not None and path.hops == 1 else None
        template = getattr(self.industry, self.template) or getattr(self.messages, self.template)
        message = render(
            self.template,
            template,
            {
                **values,
                **self._address(member.id, member.name, known),
                "angle": angle,
                "insight": self.insight or "",
            },
        )
        direct = path is not None and path.hops <= 1
        introducer = path.steps[0] if path is not None and path.hops >= 2 else None
        introduction = None
        if introducer is not None and path is not None:
            to = self._address(introducer.target, introducer.target_name, introducer.context)
            # {introducer} stays what it always was (older playbooks greet with it).
            called = greeting_name(chinese_name(introducer.target_name))
            to_connector = {**values, **to, "introducer": called}
            if path.hops == 2:
                introduction = render(
                    "introduction", self.messages.introduction, {**to_connector, "why": angle}
                )
            else:
                introduction = render(
                    "introduction_chain",
                    self.messages.introduction_chain,
                    {**to_connector, "why": angle, "next": chinese_name(path.steps[1].target_name)},
                )
        channels = self.gaps.get(member.id, [])
        return PersonPlan(
            **member.key_person_fields(),
            path=path,
            direct=direct,
            ask=introducer.target if introducer else None,
            ask_name=introducer.target_name if introducer else None,
            action=self._action(member, path, channels),
            strategy=self.strategy,
            message=message,
            capabilities=[c.id for c in solvers] if self.strategy is Strategy.SHOW_ABILITY else [],
            advantages=advantages if self.strategy is Strategy.SHOW_ABILITY else [],
            insight=self.insight if self.strategy is Strategy.UNEXPECTED_INSIGHT else None,
            introduction=introduction,
            channels=channels,
        )

    def _angle(self, role: str, values: Mapping[str, str]) -> str:
        """What the member's role cares about, in one sentence."""
        for table in (self.industry.roles, self.messages.roles):
            if role in table:
                return render(f"roles.{role}", table[role], values)
        return render("default_role", self.messages.default_role, values)

    def _action(
        self, member: Member, path: WarmPath | None, channels: Sequence[ChannelReach]
    ) -> str:
        if path is not None and path.hops == 0:
            return _("You are {name}: no introduction needed.", name=member.name)
        if path is not None and path.hops == 1:
            known = knows_them(path, member.name)
            known = known[0].upper() + known[1:]
            return _("{knows_them}: reach out directly, no introduction needed.", knows_them=known)
        if path is not None:
            via = path.names[2:-1]
            if via:
                return _(
                    "Ask {introducer} to introduce you to {name} (through {chain}).",
                    introducer=path.names[1],
                    name=member.name,
                    chain=" > ".join(via),
                )
            return _(
                "Ask {introducer} to introduce you to {name}.",
                introducer=path.names[1],
                name=member.name,
            )
        if not channels:
            return _(
                "No warm path within {hops} and no channel reaches {name} or {customer}: "
                "find one first (T1).",
                hops=hops(self.max_hops),
                name=member.name,
                customer=self.account["customer"],
            )
        names = _(", ").join(c.name for c in channels[:3])
        return _(
            "No warm path within {hops}: go through {names} instead.",
            hops=hops(self.max_hops),
            names=names,
        )


def _brief(need: Need, capabilities: Sequence[Capability]) -> NeedBrief:
    solvers = solving_capabilities(need.id, capabilities)
    return NeedBrief(
        id=need.id,
        name=need.name,
        capabilities=[c.id for c in solvers],
        advantages=_unique(a for c in solvers for a in c.advantages),
    )


def _account_notes(customer: Customer, strategy: Strategy, committee: Committee) -> list[str]:
    notes = []
    if strategy is Strategy.SHOW_ABILITY:
        notes.append(
            _(
                "{customer} carries an opportunity: show that we are able "
                "(the capabilities that solve their need, and our edge)",
                customer=customer.name,
            )
        )
    else:
        notes.append(
            _(
                "{customer} has not raised an opportunity yet: lead with an unexpected "
                "insight drawn from their situation",
                customer=customer.name,
            )
        )
    if customer.status is CustomerStatus.EXISTING:
        notes.append(
            _(
                "{customer} is an old customer: it has bought from us, so its people "
                "are also channels into their circles; ask them for referrals too",
                customer=customer.name,
            )
        )
    direct = [m.name for m in committee.members if m.path is not None and m.path.hops == 1]
    if direct:
        notes.append(
            _(
                "you already know {names}: reach out directly, no introduction needed",
                names=_(", ").join(direct),
            )
        )
    return notes


def _unique(items: Iterable[_T]) -> list[_T]:
    return list(dict.fromkeys(items))
