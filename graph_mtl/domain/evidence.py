"""A tie's strength from its evidence, by one formula (parameters in the playbook's
`[evidence]` section).

Each source says what it saw of the tie: the messages one side `sent` and
`received`, the `meetings` both attended, and `contacts` of no known direction (a
CRM's activities). With those summed over all of the tie's sources (sent and
received counted from the same side, so that a LinkedIn message answered by e-mail
is an exchange) and `days` the days since the last contact any of them recorded:

    weight   = contacts + min(sent, received) + one_way * |sent - received|
               + meeting * meetings
    warmth   = 1 - (1 - connection) * (1 - per_contact) ** weight
    strength = connection + (warmth - connection) * 0.5 ** (days / half_life_days)

A reciprocated exchange (a message each way) counts as one contact, as an
activity does; the messages nobody answered (the surplus of one direction: a
one-way burst, a newsletter) count `one_way` of a contact each, since writing
again and again says little about the tie (DotAlign, too, counts the smaller of
sent and received); a meeting counts `meeting` contacts. `one_way` is at most 0.5
and `meeting` at least 1, so an answer never weighs less than a message nobody
answered, more of the same total being reciprocated is never weaker, and a
meeting never weighs less than a message.

A bare connection is worth `connection`; each contact closes a share of the gap
to 1, so more contact is stronger but never reaches 1 by volume alone; and what
contact added fades by half every `half_life_days` since the last one, back
towards a bare connection. So the strength lies in [connection, 1] (1 only when
floating point rounds thousands of fresh contacts up), grows with contact, with
its reciprocity and with its recency, and is the same for the same evidence on
the same day, in any order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import reduce

from graph_mtl.domain.models import TieEvidence
from graph_mtl.domain.playbook import Evidence
from graph_mtl.i18n import _, ngettext, use

__all__ = ["described", "last_contact", "strength_of", "weight_of"]


def strength_of(evidence: Iterable[TieEvidence], rules: Evidence, *, today: date) -> float:
    items = list(evidence)
    weight = weight_of(items, rules)
    last = last_contact(items)
    if last is None or weight == 0:
        return rules.connection
    # warmth - connection, written so that rounding never takes it below 0
    gained: float = (1.0 - rules.connection) * (1.0 - (1.0 - rules.per_contact) ** weight)
    days = max(0, (today - last).days)
    fade: float = 0.5 ** (days / rules.half_life_days)
    return min(1.0, rules.connection + gained * fade)


def weight_of(evidence: Iterable[TieEvidence], rules: Evidence) -> float:
    """The formula's `weight`: how many contacts the evidence is worth together."""
    items = list(evidence)
    if not items:
        return 0.0
    side = items[0].source
    turned = [e.seen_from(side) for e in items]
    sent = sum(e.sent for e in turned)
    received = sum(e.received for e in turned)
    return (
        sum(e.contacts for e in items)
        + min(sent, received)
        + rules.one_way * abs(sent - received)
        + rules.meeting * sum(e.meetings for e in items)
    )


def last_contact(evidence: Iterable[TieEvidence]) -> date | None:
    """The latest contact any of the sources recorded."""
    return max((e.last_contact for e in evidence if e.last_contact and _any(e)), default=None)


def _any(e: TieEvidence) -> bool:
    return bool(e.contacts or e.sent or e.received or e.meetings)


def described(evidence: Iterable[TieEvidence], *, today: date | None = None) -> str:
    """ "LinkedIn connection since 2023; 12 messages exchanged, the last 5 days ago", one
    clause per source. Without `today`, dated instead ("the last on 2026-11-27") and
    in English, so that a stored description reads the same whenever it is shown."""
    ordered = sorted(evidence, key=lambda e: e.origin)
    if today is None:
        with use("en"):
            return "; ".join(_one(e, None) for e in ordered)
    return "; ".join(_one(e, today) for e in ordered)


def _one(e: TieEvidence, today: date | None) -> str:
    """ "LinkedIn connection since 2023; 12 messages exchanged, the last 5 days
    ago", for mail "Mail (sp-zhang); 5 messages sent, 3 received, 2 meetings, the
    last yesterday", for a CRM "HubSpot: the contact's owner; last activity on
    2026-11-27"."""
    linkedin = e.origin.startswith("LinkedIn")
    text = _("{origin} connection", origin=e.origin) if linkedin else e.origin
    if e.since is not None:
        text += _(" since {year}", year=e.since.year if today else e.since)
    if not _any(e) or e.last_contact is None:
        return text if linkedin else text + _("; no activity recorded")
    when = _("on {date}", date=e.last_contact) if today is None else _ago(e.last_contact, today)
    if not (linkedin or e.sent or e.received or e.meetings) and e.contacts == 1:
        return text + _("; last activity {when}", when=when)
    counts = _counts(e, linkedin=linkedin)
    listed = reduce(
        lambda first, second: _("{first}, {second}", first=first, second=second), counts
    )
    return text + _("; {counts}, the last {when}", counts=listed, when=when)


def _counts(e: TieEvidence, *, linkedin: bool) -> list[str]:
    """A phrase per kind of contact the source recorded."""
    counts = []
    if e.contacts and linkedin:
        counts.append(ngettext("{n} message exchanged", "{n} messages exchanged", e.contacts))
    elif e.contacts:
        counts.append(ngettext("{n} activity", "{n} activities", e.contacts))
    if e.sent and e.received:
        counts.append(
            ngettext(
                "{n} message sent, {received} received",
                "{n} messages sent, {received} received",
                e.sent,
                received=e.received,
            )
        )
    elif e.sent:
        counts.append(ngettext("{n} message sent, no reply", "{n} messages sent, no reply", e.sent))
    elif e.received:
        counts.append(
            ngettext(
                "{n} message received, none answered",
                "{n} messages received, none answered",
                e.received,
            )
        )
    if e.meetings:
        counts.append(ngettext("{n} meeting", "{n} meetings", e.meetings))
    return counts


def _ago(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 60:
        return _("{n} days ago", n=days)
    if days < 730:
        return _("{n} months ago", n=days // 30)
    return _("{n} years ago", n=days // 365)
