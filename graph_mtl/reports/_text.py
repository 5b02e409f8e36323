"""Wording the renderers share, so the four formats say the same things."""

from __future__ import annotations

from graph_mtl.domain.wording import count as plural
from graph_mtl.services.committee import ChannelReach
from graph_mtl.services.paths import WarmPath
from graph_mtl.services.report import CustomerSection, NeedGroup, Report
from graph_mtl.services.seats import MissingRole

__all__ = [
    "CHANNELS_SHOWN",
    "channel_text",
    "group_title",
    "hops_text",
    "missing_role_text",
    "options_text",
    "percent",
    "plural",
    "power_text",
    "priority_text",
    "role_coverage_text",
    "strength",
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


def group_title(group: NeedGroup) -> str:
    need = group.need_name if group.need_id is None else f"{group.need_name} ({group.need_id})"
    return f"{need}: {group.reached} of {plural(len(group.members), 'key person')} reached"


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


def role_coverage_text(group: NeedGroup) -> str | None:
    """The coverage by required roles, as `committee` prints it; None without a
    declared committee."""
    if group.role_coverage is None:
        return None
    return (
        f"coverage by required roles {percent(group.role_coverage)}: "
        f"{group.required_covered} of {plural(group.required_roles, 'required role')} "
        "held by someone you reach"
    )


def missing_role_text(missing: MissingRole) -> str:
    """ "no known CFO at X (required): ask A, B who it is"."""
    need = "required" if missing.required else "optional"
    ask = f": ask {', '.join(missing.ask)} who it is" if missing.ask else ""
    return f"{missing.text} ({need}){ask}"
