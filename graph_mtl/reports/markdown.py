"""A report as Markdown, for pasting into a wiki or a chat.

Every user string is escaped (backslashes before Markdown's punctuation, line
breaks folded), so a name can neither break a table nor turn into markup.
"""

from __future__ import annotations

from graph_mtl.reports._text import (
    CHANNELS_SHOWN,
    channel_text,
    committee_title,
    hops_text,
    options_text,
    percent,
    plural,
    power_text,
    seat_coverage_text,
    strength,
    vacant_seat_text,
)
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.report import CustomerSection, KeyPersonChain, NeedCommittee, Report

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = "\\`*_[]<>|#~!"


def escape_markdown(text: str) -> str:
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return " ".join(out.split())


def render_markdown(report: Report) -> str:
    m = escape_markdown
    t = report.totals
    lines = [
        f"# Referral chains for {m(report.source_name)} ({m(report.source)})",
        "",
        m(options_text(report)),
        "",
        "## Summary",
        "",
        f"- **{t.customers}** customers, **{t.committees}** committees",
        f"- **{t.key_persons}** key persons ({t.people} distinct): **{t.reached}** "
        f"reached by a chain ({percent(t.coverage)}), **{t.gaps}** gaps, "
        f"{t.gaps_with_channels} of them reached by a channel",
        f"- **{t.door_openers}** door openers, **{t.introducers}** introducers",
        f"- **{t.vacant_seats}** committee seats nobody is known to hold; "
        f"{t.required_seats_covered} of {plural(t.required_seats, 'required seat')} "
        "held by someone you reach",
    ]
    if report.introducers:
        lines += ["", "### Introducers in the most chains", ""]
        lines += [
            f"{n}. {m(i.name)} ({m(i.id)}): {plural(i.chains, 'chain')}, "
            f"{plural(len(i.customers), 'customer')}"
            for n, i in enumerate(report.introducers, 1)
        ]
    if report.channels:
        lines += ["", "### Channels closing the most gaps", ""]
        lines += [
            f"{n}. {m(c.name)} ({m(c.id)}, {c.kind.replace('_', ' ')}): {plural(c.gaps, 'gap')}, "
            f"{c.in_person} in person, {plural(len(c.customers), 'customer')}"
            for n, c in enumerate(report.channels, 1)
        ]
    lines += ["", *(f"- _{m(note)}_" for note in report.notes)]
    if report.customers:
        lines += ["", "## Contents", ""]
        lines += [
            f"{n}. {m(s.name)} ({m(s.customer_id)}): {s.status}, {_priority(s)}, "
            f"{s.reached} of {s.key_persons} reached"
            for n, s in enumerate(report.customers, 1)
        ]
    for n, section in enumerate(report.customers, 1):
        lines += ["", *_section(n, section, report.options.max_hops)]
    return "\n".join(lines) + "\n"


def _priority(section: CustomerSection) -> str:
    return f"priority {section.priority.value:.2f}" if section.priority else "not scored"


def _section(n: int, s: CustomerSection, max_hops: int) -> list[str]:
    m = escape_markdown
    head = [s.status.value, *([m(s.industry)] if s.industry else []), _priority(s)]
    if s.key_persons:
        head.append(
            f"{s.reached} of {plural(s.key_persons, 'key person')} reached ({percent(s.coverage)})"
        )
    lines = [f"## {n}. {m(s.name)} ({m(s.customer_id)})", "", " · ".join(head), ""]
    if s.priority is not None:
        lines += [f"- {m(c.reason)}" for c in s.priority.criteria]
    lines += [
        f"- not an opportunity: {m(u.name)} ({m(u.need_id)}): {m(u.reason)}" for u in s.unmet_needs
    ]
    lines += [f"- _{m(note)}_" for note in s.notes]
    for committee in s.committees:
        lines += ["", *_committee(committee, max_hops)]
    return lines


def _committee(committee: NeedCommittee, max_hops: int) -> list[str]:
    m = escape_markdown
    lines = [f"### {m(committee_title(committee))}", ""]
    if committee.members:
        lines += ["| Key person | Role | Chain | Strength |", "| --- | --- | --- | --- |"]
        lines += [_member_row(member, max_hops) for member in committee.members]
        lines.append("")
    names = {member.id: member.name for member in committee.members}
    lines += [
        f"- door opener: **{m(d.name)}** (tie {strength(d.strength)}"
        + (", a key person" if d.is_member else "")
        + f"): reaches {', '.join(m(names[i]) for i in d.reaches)}"
        for d in committee.door_openers
    ]
    lines += _seats(committee)
    lines += [f"- _{m(note)}_" for note in committee.notes]
    return lines


def _seats(committee: NeedCommittee) -> list[str]:
    m = escape_markdown
    coverage = seat_coverage_text(committee)
    lines = [f"- {m(coverage)}"] if coverage else []
    lines += [
        f"- **{m(r.text)}** {m(vacant_seat_text(r).removeprefix(r.text))}"
        for r in committee.vacant_seats
    ]
    if committee.vacant_seats:
        shown = [m(channel_text(c)) for c in committee.company_channels[:CHANNELS_SHOWN]]
        more = len(committee.company_channels) - CHANNELS_SHOWN
        if more > 0:
            shown.append(f"{more} more")
        lines.append(
            "- where to look for them: " + "; ".join(shown)
            if shown
            else "- no channel reaches the company yet"
        )
    return lines


def _member_row(member: KeyPersonChain, max_hops: int) -> str:
    m = escape_markdown
    role = f"{m(member.role_name)}, {power_text(member.power)}"
    if member.chain is not None:
        chains = [_chain(member.chain), *(_chain(p) for p in member.more_chains)]
        if member.known:
            chains[0] = f"**{knows_them(member.chain)}**: {chains[0]}"
        how = "<br>".join(chains)
        score = f"{strength(member.chain.strength)} ({hops_text(member.chain)})"
    else:
        shown = [m(channel_text(c)) for c in member.channels[:CHANNELS_SHOWN]]
        more = len(member.channels) - CHANNELS_SHOWN
        if more > 0:
            shown.append(f"{more} more")
        how = f"**gap**: no chain within {plural(max_hops, 'tie')}" + (
            "; channels: " + "; ".join(shown) if shown else "; no channel reaches them"
        )
        score = ""
    return f"| {m(member.name)} | {role} | {how} | {score} |"


def _chain(path: WarmPath) -> str:
    m = escape_markdown
    out = m(path.names[0])
    for step in path.steps:
        out += f" —{strength(step.strength)}→ {m(step.target_name)}"
    return out
