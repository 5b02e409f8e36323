"""Across the report: the introducers in the most chains, the channels that close the
most gaps, totals and notes."""

from __future__ import annotations

from graph_mtl.domain.models import (
    Person,
)
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.i18n import _, gettext
from graph_mtl.services.channels import COMPANY_ONLY
from graph_mtl.services.committee import (
    GREEDY_NOTE,
    ChannelReach,
)
from graph_mtl.services.report.model import (
    CustomerSection,
    GapChannel,
    Introducer,
    Report,
    ReportOptions,
    Totals,
)

__all__ = ["assemble"]

# -- across the report ------------------------------------------------------------


def assemble(person: Person, options: ReportOptions, sections: list[CustomerSection]) -> Report:
    introducers: dict[str, tuple[str, int, dict[str, None]]] = {}
    channels: dict[str, tuple[ChannelReach, int, int, dict[str, None]]] = {}
    people: set[str] = set()
    openers: set[str] = set()
    committees = members = reached = gaps = gaps_with_channels = 0
    vacant = required = covered = 0
    for section in sections:
        for committee in section.committees:
            committees += 1
            vacant += len(committee.vacant_seats)
            required += committee.required_seats
            covered += committee.required_seats_covered
            openers.update(d.id for d in committee.door_openers)
            for m in committee.members:
                members += 1
                people.add(m.id)
                if m.chain is not None:
                    reached += 1
                    for node, name in zip(m.chain.nodes[1:-1], m.chain.names[1:-1], strict=True):
                        _, count, where = introducers.get(node, (name, 0, {}))
                        where[section.customer_id] = None
                        introducers[node] = (name, count + 1, where)
                    continue
                gaps += 1
                gaps_with_channels += bool(m.channels)
                for c in m.channels:
                    first, count, direct, where = channels.get(c.channel_id, (c, 0, 0, {}))
                    where[section.customer_id] = None
                    channels[c.channel_id] = (
                        first,
                        count + 1,
                        direct + (c.reaches == "person"),
                        where,
                    )
    # Only the top few become models (an introducer's customers may be thousands).
    top_introducers = sorted(introducers.items(), key=lambda x: (-x[1][1], -len(x[1][2]), x[0]))[
        : options.top
    ]
    ranked_introducers = [
        Introducer(id=i, name=name, chains=count, customers=list(where))
        for i, (name, count, where) in top_introducers
    ]
    # Reaching the person counts fully, reaching only their employer COMPANY_ONLY
    # as much (as in channel ranking).
    top_channels = sorted(
        channels.items(),
        key=lambda x: (-(x[1][2] + COMPANY_ONLY * (x[1][1] - x[1][2])), -x[1][1], x[0]),
    )[: options.top]
    ranked_channels = [
        GapChannel(
            id=i,
            name=c.name,
            kind=c.kind,
            person_id=c.person_id,
            gaps=count,
            in_person=direct,
            customers=list(where),
        )
        for i, (c, count, direct, where) in top_channels
    ]
    totals = Totals(
        customers=len(sections),
        committees=committees,
        key_persons=members,
        people=len(people),
        reached=reached,
        gaps=gaps,
        gaps_with_channels=gaps_with_channels,
        coverage=reached / members if members else 0.0,
        door_openers=len(openers),
        introducers=len(introducers),
        channels=len(channels),
        vacant_seats=vacant,
        required_seats=required,
        required_seats_covered=covered,
    )
    return Report(
        source=person.id,
        source_name=person.name,
        options=options,
        customers=sections,
        introducers=ranked_introducers,
        channels=ranked_channels,
        totals=totals,
        notes=_notes(options, totals, bool(openers)),
    )


def _notes(options: ReportOptions, totals: Totals, any_openers: bool) -> list[str]:
    hops = options.max_hops
    notes = [
        _(
            "chains: the strongest (greatest product of tie strengths) of at most {n} ties",
            n=hops,
        )
        if options.mode is Mode.STRONGEST
        else _("chains: the shortest (fewest ties, then strongest) of at most {n} ties", n=hops),
        _("priority: account scoring from the playbook (validity or fit, and warmth)"),
    ]
    if any_openers:
        notes.append(gettext(GREEDY_NOTE))
    if totals.introducers > options.top:
        notes.append(_("introducers: the top {top} of {n}", top=options.top, n=totals.introducers))
    if totals.channels > options.top:
        notes.append(_("channels: the top {top} of {n}", top=options.top, n=totals.channels))
    return notes
