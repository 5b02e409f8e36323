"""Contact evaluation (T3): is what a contact tells us a business opportunity, a
lead, or not an opportunity at all, and how good is it?

The kind follows the article's definitions:

- a need we cannot meet (P1, `can_meet = false`) is never an opportunity,
  whoever raises it;
- a business opportunity (商机) is a need we can meet, raised by a key person:
  someone who works at the customer and holds a role that cares about the need;
- a lead (线索) is the same need passed on by anyone else, at the customer or not.

Quality is the playbook's weighted blend of three parts, each with its criteria:

- customer quality: a target customer with this need recorded is judged on the
  validity of that need (P2: approved, budget this year, budget in our price
  band, KPI); any other customer (a target without this need on record, a
  potential customer, an existing one) on its fit;
- informant quality: the contact's power for the need (the playbook's score for
  a key person's power, `no_role` for anyone else), and, when a salesperson is
  given, the strength of their warmest path to the contact (0 if none within the
  playbook's `priority.max_hops`); the two count equally;
- completeness: the share of the playbook's `evaluation.fields` we know. A field
  is known when given (non-empty) now or recorded earlier on the same
  opportunity; besides, `need` is always known (it is what we evaluate),
  `key_persons` is known when the graph holds at least one key person for the
  need at the customer, and `budget` when the customer's need records a figure.

Recording: an opportunity's id comes from (contact, customer, need, and the
salesperson recording it), so the same salesperson evaluating the same contact
about the same need again updates the same record, a teammate's evaluation is
a record of its own (theirs: see graph_mtl/services/access.py), and
and its recorded details stay known unless overwritten (an empty value forgets
one). That is how a lead turns into a business opportunity: once the contact is
a key person (they took on a role that cares about the need, or we learned
that they hold one), re-evaluating says "was a lead, now a business
opportunity" and recording stores the new kind. Evaluating a different contact,
such as the key person a lead led us to, is a new record of its own; the old
lead stays as the history of how the opportunity arrived.

A little over 400 lines: the three parts of the quality, each a few criteria,
read best side by side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Opportunity,
    OpportunityKind,
    Person,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphEditor, GraphReader, MarketReader
from graph_mtl.domain.scoring import Criterion, Score, fit_score, meetable, validity_score, weighted
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.i18n import N_, _, gettext
from graph_mtl.services.answer import Answer
from graph_mtl.services.key_persons import KeyPerson, key_persons
from graph_mtl.services.paths import WarmPath, warm_paths
from graph_mtl.services.phrases import hops, shown
from graph_mtl.services.phrases import key_persons as key_persons_count
from graph_mtl.services.search import resolve

__all__ = ["ContactEvaluation", "Part", "evaluate_contact", "opportunity_id"]


class Part(Answer):
    """One of the three parts of an opportunity's quality, with its criteria."""

    name: str
    weight: float
    value: float
    reason: str
    criteria: list[Criterion]


class ContactEvaluation(Answer):
    opportunity_id: str
    kind: OpportunityKind
    reasons: list[str]
    """Why this kind, and what changed since the recorded evaluation, if any."""
    quality: float
    parts: list[Part]
    """Empty for a need we cannot meet: its quality is 0 whatever the parts."""
    contact: str
    contact_name: str
    works_at_customer: bool
    key_person: KeyPerson | None
    """The contact as a key person for the need at the customer, if they are one."""
    customer: str
    customer_name: str
    customer_status: CustomerStatus
    need: str
    need_name: str
    committee: list[KeyPerson]
    """The committee for the need at the customer: whom a lead should lead to."""
    salesperson: str | None
    path: WarmPath | None
    """The salesperson's warmest path to the contact, if one was asked for and found."""
    details: dict[str, str]
    """What we know about the opportunity: given now or recorded earlier."""
    previous_kind: OpportunityKind | None
    upgraded: bool
    """A recorded lead that is now a business opportunity."""
    recorded: bool
    recorded_on: date | None


def opportunity_id(
    contact_id: str, customer_id: str, need_id: str, recorded_by: str | None = None
) -> str:
    """The record's id: the same for the same contact, customer, need and recorder
    (each salesperson's record is their own, never overwritten by a teammate's), and
    short whatever the ids (they may hold any character, so they are hashed)."""
    parts = (contact_id, customer_id, need_id, *([recorded_by] if recorded_by else []))
    return f"opp-{hashlib.sha256(chr(0x1F).join(parts).encode()).hexdigest()[:16]}"


def evaluate_contact(
    store: GraphEditor,
    playbook: Playbook,
    contact_id: str,
    customer_id: str,
    need_id: str,
    *,
    today: date,
    fields: Mapping[str, str] | None = None,
    salesperson: str | None = None,
    record: bool = False,
    recorded_by: str | None = None,
) -> ContactEvaluation:
    """Evaluate what `contact_id` told us about `need_id` at `customer_id` (T3).

    `fields` are the facts gathered (keys from the playbook's `evaluation.fields`);
    `salesperson` adds the warmth of their way to the contact; `record` stores the
    result as an `Opportunity` dated `today`, as `recorded_by`'s (by default the
    salesperson's)."""
    recorded_by = recorded_by or salesperson
    given = dict(fields or {})
    _check_fields(given, playbook)
    contact_id = resolve(store, contact_id, "person", field="contact")
    customer_id = resolve(store, customer_id, "customer", field="customer")
    contact, customer, need = _resolve(store, contact_id, customer_id, need_id)
    if salesperson == contact_id:
        raise InvalidInput(
            "from", _("the salesperson {salesperson!r} is the contact", salesperson=salesperson)
        )
    oid = opportunity_id(contact_id, customer_id, need_id, recorded_by)
    previous = next((o for o in store.opportunities() if o.id == oid), None)
    merged = {**(previous.details if previous else {}), **given}
    details = {k: v for k, v in merged.items() if v.strip()}
    committee = key_persons(store, customer_id, need_id=need_id)
    as_key = next((m for m in committee if m.id == contact_id), None)
    works_here = contact.customer_id == customer_id
    path = _warmest(store, playbook, salesperson, contact_id) if salesperson else None

    if meetable(need):
        kind, reasons = _kind(contact, customer, need, as_key, committee, works_here)
        need_record = _customer_need(store, customer_id, need_id)
        parts = [
            _customer_part(store, playbook, customer, need, need_record),
            _informant_part(playbook, contact, customer, need, as_key, salesperson, path),
            _completeness_part(playbook, details, committee, need_record),
        ]
    else:
        kind = OpportunityKind.NOT_AN_OPPORTUNITY
        reasons = [
            _(
                "{need} is outside our capability boundary (P1): "
                "never an opportunity, whoever raises it",
                need=need.name,
            )
        ]
        parts = []
    quality = _quality(parts)

    upgraded = (
        previous is not None
        and previous.kind is OpportunityKind.LEAD
        and kind is OpportunityKind.BUSINESS_OPPORTUNITY
    )
    if previous is not None and previous.kind is not kind:
        reasons.append(
            _(
                "was {before} (recorded {date}), now {now}",
                before=_a(previous.kind),
                date=previous.recorded_on.isoformat(),
                now=_a(kind),
            )
        )
    if record:
        opportunity = Opportunity(
            id=oid,
            contact_id=contact_id,
            customer_id=customer_id,
            need_id=need_id,
            kind=kind,
            quality=quality,
            recorded_on=today,
            details=details,
            recorded_by=recorded_by,
            previous_kind=_previous_kind(previous, kind),
        )
        store.load(Bundle(opportunities=[opportunity]))
    return ContactEvaluation(
        opportunity_id=oid,
        kind=kind,
        reasons=reasons,
        quality=quality,
        parts=parts,
        contact=contact_id,
        contact_name=contact.name,
        works_at_customer=works_here,
        key_person=as_key,
        customer=customer_id,
        customer_name=customer.name,
        customer_status=customer.status,
        need=need_id,
        need_name=need.name,
        committee=committee,
        salesperson=salesperson,
        path=path,
        details=details,
        previous_kind=previous.kind if previous else None,
        upgraded=upgraded,
        recorded=record,
        recorded_on=today if record else (previous.recorded_on if previous else None),
    )


def _previous_kind(previous: Opportunity | None, kind: OpportunityKind) -> OpportunityKind | None:
    """The kind it had before the last change of kind, kept across evaluations that
    change nothing."""
    if previous is None:
        return None
    return previous.kind if previous.kind is not kind else previous.previous_kind


def _check_fields(given: Mapping[str, str], playbook: Playbook) -> None:
    allowed = playbook.evaluation.fields
    for key in given:
        if key not in allowed:
            raise InvalidInput(
                "field",
                _(
                    "{key!r} is not one of the playbook's fields ({fields})",
                    key=key,
                    fields=", ".join(allowed),
                ),
            )


def _resolve(
    store: GraphReader, contact_id: str, customer_id: str, need_id: str
) -> tuple[Person, Customer, Need]:
    contact = store.people([contact_id]).get(contact_id)
    if contact is None:
        raise NotFound("person", contact_id)
    customer = store.customer(customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    need = next((n for n in store.needs() if n.id == need_id), None)
    if need is None:
        raise NotFound("need", need_id)
    return contact, customer, need


def _customer_need(store: MarketReader, customer_id: str, need_id: str) -> CustomerNeed | None:
    return next(
        (cn for cn in store.customer_needs(customer_id=customer_id) if cn.need_id == need_id),
        None,
    )


def _warmest(
    store: GraphReader, playbook: Playbook, salesperson: str, contact_id: str
) -> WarmPath | None:
    found = warm_paths(store, salesperson, contact_id, max_hops=playbook.priority.max_hops)
    return found[0] if found else None


def _kind(
    contact: Person,
    customer: Customer,
    need: Need,
    as_key: KeyPerson | None,
    committee: list[KeyPerson],
    works_here: bool,
) -> tuple[OpportunityKind, list[str]]:
    if as_key is not None:
        return OpportunityKind.BUSINESS_OPPORTUNITY, [
            _(
                "{contact} is a key person for {need} at {customer}: {role} ({power})",
                contact=contact.name,
                need=need.name,
                customer=customer.name,
                role=as_key.role_name,
                power=shown(as_key.power),
            )
        ]
    if works_here:
        why = _(
            "{contact} works at {customer} but holds no role that cares about {need}",
            contact=contact.name,
            customer=customer.name,
            need=need.name,
        )
    else:
        why = _(
            "{contact} does not work at {customer}", contact=contact.name, customer=customer.name
        )
    reasons = [_("{why}: a lead, not yet a business opportunity", why=why)]
    if committee:
        names = _(", ").join(
            _("{name} ({role})", name=m.name, role=m.role_name) for m in committee[:3]
        )
        reasons.append(
            _("reach a key person to turn it into a business opportunity: {names}", names=names)
        )
    else:
        reasons.append(
            _(
                "no key person for {need} at {customer} is known yet",
                need=need.name,
                customer=customer.name,
            )
        )
    return OpportunityKind.LEAD, reasons


def _customer_part(
    store: MarketReader,
    playbook: Playbook,
    customer: Customer,
    need: Need,
    need_record: CustomerNeed | None,
) -> Part:
    score: Score
    if customer.status is CustomerStatus.TARGET and need_record is not None:
        score = validity_score(need_record, store.capabilities(), playbook.validity)
        reason = _("target customer: validity of its {need} need (P2)", need=need.name)
    elif customer.status is CustomerStatus.TARGET:
        score = fit_score(customer, playbook.fit)
        reason = _("target customer with no {need} need on record: fit (P2)", need=need.name)
    else:
        score = fit_score(customer, playbook.fit)
        reason = _("{status} customer: fit (P2)", status=shown(customer.status))
    return Part(
        name="customer_quality",
        weight=playbook.evaluation.customer_quality,
        value=_clamp(score.value),
        reason=reason,
        criteria=score.criteria,
    )


def _informant_part(
    playbook: Playbook,
    contact: Person,
    customer: Customer,
    need: Need,
    as_key: KeyPerson | None,
    salesperson: str | None,
    path: WarmPath | None,
) -> Part:
    rules = playbook.evaluation
    if as_key is not None:
        power = Criterion(
            name="power",
            weight=1.0,
            score=rules.power.get(as_key.power, rules.no_role),
            reason=_(
                "{role}: {power} for {need}",
                role=as_key.role_name,
                power=shown(as_key.power),
                need=need.name,
            ),
        )
    else:
        power = Criterion(
            name="power",
            weight=1.0,
            score=rules.no_role,
            reason=_(
                "no role caring about {need} at {customer}", need=need.name, customer=customer.name
            ),
        )
    criteria = [power]
    if salesperson is None:
        reason = _("the contact's power (no salesperson given, so no tie strength)")
    else:
        reason = _("the contact's power and the warmth of the way to them")
        criteria.append(
            Criterion(
                name="tie_strength",
                weight=1.0,
                score=path.strength if path else 0.0,
                reason=(
                    _(
                        "warmest path {chain}, strength {strength:.3f}",
                        chain=" > ".join(path.names),
                        strength=path.strength,
                    )
                    if path
                    else _(
                        "no warm path to {contact} within {hops}",
                        contact=contact.name,
                        hops=hops(playbook.priority.max_hops),
                    )
                ),
            )
        )
    return Part(
        name="informant_quality",
        weight=rules.informant_quality,
        value=_clamp(weighted(criteria).value),
        reason=reason,
        criteria=criteria,
    )


def _completeness_part(
    playbook: Playbook,
    details: Mapping[str, str],
    committee: list[KeyPerson],
    need_record: CustomerNeed | None,
) -> Part:
    criteria = [
        _known(name, details, committee, need_record) for name in playbook.evaluation.fields
    ]
    known = sum(1 for c in criteria if c.score)
    return Part(
        name="completeness",
        weight=playbook.evaluation.completeness,
        value=weighted(criteria).value,
        reason=_("{known} of {total} fields known", known=known, total=len(criteria)),
        criteria=criteria,
    )


def _known(
    name: str,
    details: Mapping[str, str],
    committee: list[KeyPerson],
    need_record: CustomerNeed | None,
) -> Criterion:
    if name in details:
        reason = _("given: {value}", value=details[name])
    elif name == "need":
        reason = _("the need evaluated")
    elif name == "key_persons" and committee:
        reason = _("{key_persons} on record", key_persons=key_persons_count(len(committee)))
    elif name == "budget" and need_record is not None and need_record.budget is not None:
        reason = _("budget {budget:,.0f} on record", budget=need_record.budget)
    else:
        return Criterion(name=name, weight=1.0, score=0.0, reason=_("unknown"))
    return Criterion(name=name, weight=1.0, score=1.0, reason=reason)


def _quality(parts: list[Part]) -> float:
    """The parts blended by their weights; 0 without parts (a need we cannot meet)."""
    return _clamp(
        weighted(
            [Criterion(name=p.name, weight=p.weight, score=p.value, reason=p.reason) for p in parts]
        ).value
    )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


_A = {
    OpportunityKind.BUSINESS_OPPORTUNITY: N_("a business opportunity"),
    OpportunityKind.LEAD: N_("a lead"),
    OpportunityKind.NOT_AN_OPPORTUNITY: N_("not an opportunity"),
}


def _a(kind: OpportunityKind) -> str:
    return gettext(_A[kind])
