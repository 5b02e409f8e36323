"""Wording the renderers share, so the four formats say the same things, in the
current language (graph_mtl.i18n)."""

from __future__ import annotations

from collections.abc import Iterable

from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, current, ngettext
from graph_mtl.services.committee import ChannelReach
from graph_mtl.services.paths import WarmPath
from graph_mtl.services.phrases import hops, key_persons, shown
from graph_mtl.services.report import CustomerSection, NeedCommittee, Report
from graph_mtl.services.seats import VacantSeat

__all__ = [
    "CHANNELS_SHOWN",
    "channel_text",
    "clauses",
    "committee_title",
    "hops_text",
    "listed",
    "options_text",
    "percent",
    "power_text",
    "priority_text",
    "seat_coverage_text",
    "shown",
    "strength",
    "vacant_seat_text",
]

CHANNELS_SHOWN = 3
"""Channels listed per gap in the HTML and Markdown (JSON has them all)."""


def strength(value: float) -> str:
    return f"{value:.2f}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def listed(items: Iterable[str]) -> str:
    """Names in a row: "A, B" in English, "A、B" in Chinese."""
    return ("、" if current() == "zh_CN" else ", ").join(items)


def clauses(items: Iterable[str]) -> str:
    """Clauses in a row: "A; B" in English, a full-width semicolon between them in
    Chinese."""
    return ("\uff1b" if current() == "zh_CN" else "; ").join(items)


def hops_text(path: WarmPath) -> str:
    if path.hops == 0:
        return _("the salesperson themself")
    return hops(path.hops)


def power_text(power: str) -> str:
    return shown(power)


def priority_text(section: CustomerSection) -> str:
    if not section.priority:
        return _("not scored")
    return _("priority {value}", value=strength(section.priority.value))


def committee_title(committee: NeedCommittee) -> str:
    need = (
        committee.need_name
        if committee.need_id is None
        else _("{name} ({id})", name=committee.need_name, id=committee.need_id)
    )
    return _(
        "{need}: {reached} of {members} reached",
        need=need,
        reached=committee.reached,
        members=key_persons(len(committee.members)),
    )


def channel_text(channel: ChannelReach) -> str:
    """One channel to a gap: what it is, whom it reaches, and how to reach it."""
    values = {
        "name": channel.name,
        "kind": shown(channel.kind),
        "strength": strength(channel.strength),
    }
    text = (
        _("{name} ({kind}) reaches them at {strength}", **values)
        if channel.reaches == "person"
        else _("{name} ({kind}) reaches their company at {strength}", **values)
    )
    if channel.path is not None and channel.path.hops:
        text += _(
            "; you reach {name} in {hops}",
            name=channel.path.names[-1],
            hops=hops_text(channel.path),
        )
    return text


def options_text(report: Report) -> str:
    o = report.options
    about = _("need {need}", need=o.need) if o.need else _("each customer's needs")
    which = (
        ngettext(
            "{n} named customer",
            "{n} named customers",
            len(o.customers),
            n=number(len(o.customers)),
        )
        if o.customers is not None
        else _("{status} accounts", status=shown(str(o.status)))
    )
    limit = _(", the first {n}", n=o.limit) if o.limit is not None else ""
    text = _(
        "{which}{limit} · {about} · {mode} chains of at most {ties}",
        which=which,
        limit=limit,
        about=about,
        mode=shown(o.mode),
        ties=ngettext("{n} tie", "{n} ties", o.max_hops, n=number(o.max_hops)),
    )
    return text + (_(" · {k} chains per key person", k=o.k) if o.k > 1 else "")


def seat_coverage_text(committee: NeedCommittee) -> str | None:
    """The coverage by required seats, as `committee` prints it; None without a
    declared committee."""
    if committee.seat_coverage is None:
        return None
    return _(
        "coverage by required seats {coverage}: {covered} of {seats} held by someone you reach",
        coverage=percent(committee.seat_coverage),
        covered=committee.required_seats_covered,
        seats=ngettext(
            "{n} required seat",
            "{n} required seats",
            committee.required_seats,
            n=number(committee.required_seats),
        ),
    )


def vacant_seat_text(missing: VacantSeat) -> str:
    """ "no known CFO at X (required): ask A, B who it is"."""
    need = shown("required" if missing.required else "optional")
    ask = _(": ask {names} who it is", names=listed(missing.ask)) if missing.ask else ""
    return _("{seat} ({need}){ask}", seat=missing.text, need=need, ask=ask)
