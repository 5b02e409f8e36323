"""Wording the renderers share, so the four formats say the same things."""

from __future__ import annotations

from graph_mtl.domain.wording import count as plural
from graph_mtl.services.committee import ChannelReach
from graph_mtl.services.paths import WarmPath
from graph_mtl.services.report import CustomerSection, NeedCommittee, Report
from graph_mtl.services.seats import VacantSeat

__all__ = [
    "CHANNELS_SHOWN",
    "channel_text",
    "committee_title",
    "hops_text",
    "options_text",
    "percent",
    "plural",
    "power_text",
    "priority_text",
    "seat_coverage_text",
    "strength",
    "vacant_seat_text",
]

CHANNELS_SHOWN = 3
"""Channels listed per gap in the HTML and Markdown (JSON has them all)."""


def strength(value: float) -> str:
    return f"{value:.2f}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def hops_text(path: WarmPath) -> str:
    if path.hops == 0:
        return "the salesperson themself"
    return plural(path.hops, "hop")


def power_text(power: str) -> str:
    return power.replace("_", " ")


def priority_text(section: CustomerSection) -> str:
    return f"priority {section.priority.value:.2f}" if section.priority else "not scored"


def committee_title(committee: NeedCommittee) -> str:
    need = (
        committee.need_name
        if committee.need_id is None
        else f"{committee.need_name} ({committee.need_id})"
    )
    return f"{need}: {committee.reached} of {plural(len(committee.members), 'key person')} reached"


def channel_text(channel: ChannelReach) -> str:
    """One channel to a gap: what it is, whom it reaches, and how to reach it."""
    whom = "them" if channel.reaches == "person" else "their company"
    text = f"{channel.name} ({channel.kind.replace('_', ' ')}) reaches {whom} at {strength(channel.strength)}"
    if channel.path is not None and channel.path.hops:
        text += f"; you reach {channel.path.names[-1]} in {hops_text(channel.path)}"
    return text


def options_text(report: Report) -> str:
    o = report.options
    about = f"need {o.need}" if o.need else "each customer's needs"
    which = (
        f"{plural(len(o.customers), 'named customer')}"
        if o.customers is not None
        else f"{o.status} accounts"
    )
    limit = f", the first {o.limit}" if o.limit is not None else ""
    return f"{which}{limit} · {about} · {o.mode} chains of at most {plural(o.max_hops, 'tie')}" + (
        f" · {o.k} chains per key person" if o.k > 1 else ""
    )


def seat_coverage_text(committee: NeedCommittee) -> str | None:
    """The coverage by required seats, as `committee` prints it; None without a
    declared committee."""
    if committee.seat_coverage is None:
        return None
    return (
        f"coverage by required seats {percent(committee.seat_coverage)}: "
        f"{committee.required_seats_covered} of {plural(committee.required_seats, 'required seat')} "
        "held by someone you reach"
    )


def vacant_seat_text(missing: VacantSeat) -> str:
    """ "no known CFO at X (required): ask A, B who it is"."""
    need = "required" if missing.required else "optional"
    ask = f": ask {', '.join(missing.ask)} who it is" if missing.ask else ""
    return f"{missing.text} ({need}){ask}"
