"""A report as Markdown, for pasting into a wiki or a chat.

Every user string is escaped (backslashes before Markdown's punctuation, line
breaks folded), so a name can neither break a table nor turn into markup.
"""

from __future__ import annotations

from graph_mtl.domain.wording import number
from graph_mtl.i18n import _, ngettext
from graph_mtl.reports._text import (
    clauses,
    committee_title,
    hops_text,
    listed,
    options_text,
    percent,
    power_text,
    priority_text,
    shown,
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
            "# "
            + _(
                "Referral chains for {name} ({id})",
                name=m(report.source_name),
                id=m(report.source),
            ),
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
            "## " + _("Summary"),
            "",
            "- "
            + _(
                "**{customers}** customers, **{committees}** committees",
                customers=t.customers,
                committees=t.committees,
            ),
            "- "
            + _(
                "**{key_persons}** key persons ({people} distinct): **{reached}** reached by a "
                "chain ({coverage}), **{gaps}** gaps, {with_channels} of them reached by a channel",
                key_persons=t.key_persons,
                people=t.people,
                reached=t.reached,
                coverage=percent(t.coverage),
                gaps=t.gaps,
                with_channels=t.gaps_with_channels,
            ),
            "- "
            + _(
                "**{door_openers}** door openers, **{introducers}** introducers",
                door_openers=t.door_openers,
                introducers=t.introducers,
            ),
            "- "
            + _(
                "**{vacant}** committee seats nobody is known to hold; {covered} of {seats} "
                "held by someone you reach",
                vacant=t.vacant_seats,
                covered=t.required_seats_covered,
                seats=ngettext(
                    "{n} required seat",
                    "{n} required seats",
                    t.required_seats,
                    n=number(t.required_seats),
                ),
            ),
            *body,
        ]

    def ranking(self, title: str, items: list[str]) -> list[str]:
        return ["", f"### {title}", "", *(f"{n}. {item}" for n, item in enumerate(items, 1))]

    def introducer(self, i: Introducer) -> str:
        return (
            _named(i.name, i.id)
            + ": "
            + _(
                "{chains}, {customers}",
                chains=ngettext("{n} chain", "{n} chains", i.chains, n=number(i.chains)),
                customers=_customers(len(i.customers)),
            )
        )

    def channel(self, c: GapChannel) -> str:
        return (
            _named(c.name, f"{c.id}, {shown(c.kind)}")
            + ": "
            + _(
                "{gaps}, {in_person} in person, {customers}",
                gaps=ngettext("{n} gap", "{n} gaps", c.gaps, n=number(c.gaps)),
                in_person=c.in_person,
                customers=_customers(len(c.customers)),
            )
        )

    def notes(self, items: list[str]) -> list[str]:
        return ["", *items]

    def note(self, text: str) -> str:
        return f"- _{m(text)}_"

    def contents(self, entries: list[str]) -> list[str]:
        return ["", "## " + _("Contents"), "", *entries] if entries else []

    def entry(self, n: int, s: CustomerSection) -> str:
        return f"{n}. {_named(s.name, s.customer_id)}: " + _(
            "{status}, {priority}, {reached} of {members} reached",
            status=shown(s.status),
            priority=priority_text(s),
            reached=s.reached,
            members=s.key_persons,
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
            f"## {n}. {_named(s.name, s.customer_id)}",
            "",
            " · ".join([shown(s.status.value), *map(m, facts)]),
            "",
            *reasons,
            *committees,
        ]

    def reason(self, text: str) -> str:
        return f"- {m(text)}"

    def unmet(self, u: UnmetNeed) -> str:
        return "- " + _(
            "not an opportunity: {name} ({id}): {reason}",
            name=m(u.name),
            id=m(u.need_id),
            reason=m(u.reason),
        )

    def committee(
        self, committee: NeedCommittee, members: list[str], after: list[str]
    ) -> list[str]:
        head = (_("Key person"), _("Role"), _("Chain"), _("Strength"))
        table = ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- |"]
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
        score = _(
            "{strength} ({hops})", strength=strength(chain.strength), hops=m(hops_text(chain))
        )
        return [_row(member, "<br>".join(chains), score)]

    def gap(self, member: KeyPersonChain, max_hops: int, channels: Shown) -> list[str]:
        shown = _listed(channels)
        ties = ngettext("{n} tie", "{n} ties", max_hops, n=number(max_hops))
        how = (
            _(
                "**gap**: no chain within {ties}; channels: {channels}",
                ties=ties,
                channels=clauses(shown),
            )
            if shown
            else _("**gap**: no chain within {ties}; no channel reaches them", ties=ties)
        )
        return [_row(member, how, "")]

    def door_opener(self, d: DoorOpener, reaches: list[str]) -> str:
        values = {
            "name": m(d.name),
            "strength": strength(d.strength),
            "whom": listed(map(m, reaches)),
        }
        return "- " + (
            _("door opener: **{name}** (tie {strength}, a key person): reaches {whom}", **values)
            if d.is_member
            else _("door opener: **{name}** (tie {strength}): reaches {whom}", **values)
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
            return ["- " + _("no channel reaches the company yet")]
        return ["- " + _("where to look for them: {channels}", channels=clauses(shown))]

    def committee_note(self, text: str) -> str:
        return f"- _{m(text)}_"


def _listed(channels: Shown) -> list[str]:
    more = [_("{n} more", n=channels.more)] if channels.more else []
    return [*map(m, channels.texts), *more]


def _customers(n: int) -> str:
    return ngettext("{n} customer", "{n} customers", n, n=number(n))


def _named(name: str, ident: str) -> str:
    """ "name (id)", both escaped."""
    return _("{name} ({id})", name=m(name), id=m(ident))


def _row(member: KeyPersonChain, how: str, score: str) -> str:
    role = _("{role}, {power}", role=m(member.role_name), power=power_text(member.power))
    return f"| {m(member.name)} | {role} | {how} | {score} |"


def _chain(path: WarmPath) -> str:
    out = m(path.names[0])
    for step in path.steps:
        out += f" —{strength(step.strength)}→ {m(step.target_name)}"
    return out
