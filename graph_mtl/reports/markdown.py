"""A report as Markdown, for pasting into a wiki or a chat.

Every user string is escaped (backslashes before Markdown's punctuation, line
breaks folded), so a name can neither break a table nor turn into markup.
"""

from __future__ import annotations

from graph_mtl.reports._text import (
    committee_title,
    hops_text,
    options_text,
    percent,
    plural,
    power_text,
    priority_text,
    strength,
    vacant_seat_text,
)
from graph_mtl.reports._walk import Shown, walk
from graph_mtl.services.accounts import UnmetNeed
from graph_mtl.services.committee import DoorOpener
from graph_mtl.services.paths import WarmPath, knows_them
from graph_mtl.services.report import (
    CustomerSection,
    GapChannel,
    Introducer,
    KeyPersonChain,
    NeedCommittee,
    Report,
)
from graph_mtl.services.seats import VacantSeat

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = "\\`*_[]<>|#~!"


def escape_markdown(text: str) -> str:
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return " ".join(out.split())


def render_markdown(report: Report) -> str:
    return walk(report, _Markdown())


m = escape_markdown


class _Markdown:
    """How each piece of a report reads in Markdown (graph_mtl.reports._walk.Look)."""

    def page(
        self, report: Report, summary: list[str], contents: list[str], sections: list[str]
    ) -> list[str]:
        return [
            f"# Referral chains for {m(report.source_name)} ({m(report.source)})",
            "",
            m(options_text(report)),
            "",
            *summary,
            *contents,
            *sections,
        ]

    def summary(self, report: Report, body: list[str]) -> list[str]:
        t = report.totals
        return [
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
            *body,
        ]

    def ranking(self, title: str, items: list[str]) -> list[str]:
        return ["", f"### {title}", "", *(f"{n}. {item}" for n, item in enumerate(items, 1))]

    def introducer(self, i: Introducer) -> str:
        return (
            f"{m(i.name)} ({m(i.id)}): {plural(i.chains, 'chain')}, "
            f"{plural(len(i.customers), 'customer')}"
        )

    def channel(self, c: GapChannel) -> str:
        return (
            f"{m(c.name)} ({m(c.id)}, {c.kind.replace('_', ' ')}): {plural(c.gaps, 'gap')}, "
            f"{c.in_person} in person, {plural(len(c.customers), 'customer')}"
        )

    def notes(self, items: list[str]) -> list[str]:
        return ["", *items]

    def note(self, text: str) -> str:
        return f"- _{m(text)}_"

    def contents(self, entries: list[str]) -> list[str]:
        return ["", "## Contents", "", *entries] if entries else []

    def entry(self, n: int, s: CustomerSection) -> str:
        return (
            f"{n}. {m(s.name)} ({m(s.customer_id)}): {s.status}, {priority_text(s)}, "
            f"{s.reached} of {s.key_persons} reached"
        )

    def section(
        self,
        n: int,
        s: CustomerSection,
        facts: list[str],
        reasons: list[str],
        committees: list[str],
    ) -> list[str]:
        return [
            "",
            f"## {n}. {m(s.name)} ({m(s.customer_id)})",
            "",
            " · ".join([s.status.value, *map(m, facts)]),
            "",
            *reasons,
            *committees,
        ]

    def reason(self, text: str) -> str:
        return f"- {m(text)}"

    def unmet(self, u: UnmetNeed) -> str:
        return f"- not an opportunity: {m(u.name)} ({m(u.need_id)}): {m(u.reason)}"

    def committee(
        self, committee: NeedCommittee, members: list[str], after: list[str]
    ) -> list[str]:
        table = ["| Key person | Role | Chain | Strength |", "| --- | --- | --- | --- |"]
        return [
            "",
            f"### {m(committee_title(committee))}",
            "",
            *([*table, *members, ""] if members else []),
            *after,
        ]

    def reached(self, member: KeyPersonChain, chain: WarmPath) -> list[str]:
        chains = [_chain(chain), *(_chain(p) for p in member.more_chains)]
        if member.known:
            chains[0] = f"**{knows_them(chain)}**: {chains[0]}"
        score = f"{strength(chain.strength)} ({hops_text(chain)})"
        return [_row(member, "<br>".join(chains), score)]

    def gap(self, member: KeyPersonChain, max_hops: int, channels: Shown) -> list[str]:
        shown = _listed(channels)
        how = f"**gap**: no chain within {plural(max_hops, 'tie')}" + (
            "; channels: " + "; ".join(shown) if shown else "; no channel reaches them"
        )
        return [_row(member, how, "")]

    def door_opener(self, d: DoorOpener, reaches: list[str]) -> str:
        return (
            f"- door opener: **{m(d.name)}** (tie {strength(d.strength)}"
            + (", a key person" if d.is_member else "")
            + f"): reaches {', '.join(map(m, reaches))}"
        )

    def coverage(self, text: str) -> str:
        return f"- {m(text)}"

    def vacant_seats(self, items: list[str]) -> list[str]:
        return items

    def vacant_seat(self, r: VacantSeat) -> str:
        return f"- **{m(r.text)}** {m(vacant_seat_text(r).removeprefix(r.text))}"

    def where_to_look(self, channels: Shown) -> list[str]:
        shown = _listed(channels)
        if not shown:
            return ["- no channel reaches the company yet"]
        return ["- where to look for them: " + "; ".join(shown)]

    def committee_note(self, text: str) -> str:
        return f"- _{m(text)}_"


def _listed(channels: Shown) -> list[str]:
    return [*map(m, channels.texts), *([f"{channels.more} more"] if channels.more else [])]


def _row(member: KeyPersonChain, how: str, score: str) -> str:
    role = f"{m(member.role_name)}, {power_text(member.power)}"
    return f"| {m(member.name)} | {role} | {how} | {score} |"


def _chain(path: WarmPath) -> str:
    out = m(path.names[0])
    for step in path.steps:
        out += f" —{strength(step.strength)}→ {m(step.target_name)}"
    return out
