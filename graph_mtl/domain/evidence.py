"""A tie's strength from its evidence, by one formula (parameters in the playbook's
`[evidence]` section). With `contacts` the contacts recorded by all of the tie's
sources together (messages, meetings, CRM activities) and `days` the days since
the last of them:

    warmth   = 1 - (1 - connection) * (1 - per_contact) ** contacts
    strength = connection + (warmth - connection) * 0.5 ** (days / half_life_days)

A bare connection is worth `connection`; each recorded contact closes a share of
the gap to 1, so more contact is stronger but never reaches 1 by volume alone;
and what contact added fades by half every `half_life_days` since the last one,
back towards a bare connection. So the strength lies in [connection, 1] (1 only
when floating point rounds thousands of fresh contacts up), grows
with the number of contacts and with their recency, and is the same for the same
evidence on the same day. A tie's evidence from several sources (a LinkedIn
connection and a CRM's activities) counts together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from graph_mtl.domain.models import TieEvidence
from graph_mtl.domain.playbook import Evidence
from graph_mtl.i18n import N_, _, ngettext

__all__ = ["described", "last_contact", "strength_of"]


def strength_of(evidence: Iterable[TieEvidence], rules: Evidence, *, today: date) -> float:
    items = list(evidence)
    contacts = sum(_count(e) for e in items)
    last = last_contact(items)
    if last is None or contacts == 0:
        return rules.connection
    warmth = 1.0 - (1.0 - rules.connection) * (1.0 - rules.per_contact) ** contacts
    days = max(0, (today - last).days)
    fade: float = 0.5 ** (days / rules.half_life_days)
    return rules.connection + (warmth - rules.connection) * fade


def last_contact(evidence: Iterable[TieEvidence]) -> date | None:
    """The latest contact any of the sources recorded."""
    return max((e.last_contact for e in evidence if e.last_contact and _count(e)), default=None)


def _count(e: TieEvidence) -> int:
    # Until the formula weighs direction, a message either way counts as a contact.
    return e.contacts + e.sent + e.received + e.meetings


def described(evidence: Iterable[TieEvidence], *, today: date | None = None) -> str:
    """ "LinkedIn connection since 2023; 12 messages, the last 5 days ago", one
    clause per source. Without `today`, dated instead ("the last on 2026-11-27"), so
    that a stored description reads the same whenever it is shown."""
    return "; ".join(_one(e, today) for e in sorted(evidence, key=lambda e: e.origin))


def _one(e: TieEvidence, today: date | None) -> str:
    """ "LinkedIn connection since 2023; 12 messages, the last 5 days ago", or for a
    CRM, "HubSpot: the contact's owner; last activity on 2026-11-27". Shown (with
    `today`) in the reader's language; stored (without) in English, for every reader."""
    say = _Say(shown=today is not None)
    linkedin = e.origin.startswith("LinkedIn")
    text = say(N_("{origin} connection"), origin=e.origin) if linkedin else e.origin
    if e.since is not None:
        text += say(N_(" since {year}"), year=e.since.year if today else e.since)
    count = _count(e)
    if not count or e.last_contact is None:
        return text if linkedin else text + say(N_("; no activity recorded"))
    when = (
        say(N_("on {date}"), date=e.last_contact) if today is None else _ago(e.last_contact, today)
    )
    if linkedin:
        if today is None:
            return text + f"; {count} message{'s' * (count != 1)}, the last {when}"
        return text + ngettext(
            "; {n} message, the last {when}",
            "; {n} messages, the last {when}",
            count,
            when=when,
        )
    if count == 1:
        return text + say(N_("; last activity {when}"), when=when)
    return text + say(N_("; {n} activities, the last {when}"), n=count, when=when)


class _Say:
    """A clause in the reader's language when shown, in English when stored."""

    def __init__(self, *, shown: bool) -> None:
        self.shown = shown

    def __call__(self, message: str, /, **values: object) -> str:
        return _(message, **values) if self.shown else message.format(**values)


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
