"""The one walk of a report that the HTML and Markdown renderers share.

`walk` visits the report in reading order (the summary and its rankings and
notes, the contents, then each customer's section, each of its committees, and in a
committee its key persons, door openers, roles and notes) and decides which pieces
appear. A `Look` says how each piece reads in one format: a leaf becomes a line
(or a few), and a piece that holds others gets their lines, already rendered, to
wrap. Strings from the data reach a look unescaped; escaping is the look's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph_mtl.i18n import N_, _, gettext
from graph_mtl.reports._text import (
    CHANNELS_SHOWN,
    channel_text,
    percent,
    priority_text,
    seat_coverage_text,
)
from graph_mtl.services.accounts import UnmetNeed
from graph_mtl.services.committee import ChannelReach, DoorOpener
from graph_mtl.services.paths import WarmPath
from graph_mtl.services.phrases import key_persons
from graph_mtl.services.report import (
    CustomerSection,
    GapChannel,
    Introducer,
    KeyPersonChain,
    NeedCommittee,
    Report,
)
from graph_mtl.services.seats import VacantSeat

__all__ = ["INTRODUCERS", "TOP_CHANNELS", "Look", "Shown", "walk"]

INTRODUCERS = N_("Introducers in the most chains")
TOP_CHANNELS = N_("Channels closing the most gaps")


class Shown:
    """The first few channels of a list, as text, and how many more there are."""

    def __init__(self, channels: Sequence[ChannelReach]) -> None:
        self.texts = [channel_text(c) for c in channels[:CHANNELS_SHOWN]]
        self.more = max(len(channels) - CHANNELS_SHOWN, 0)


class Look(Protocol):
    """How each piece of a report reads in one format."""

    # -- the page, its summary and contents --------------------------------------
    def page(
        self, report: Report, summary: list[str], contents: list[str], sections: list[str]
    ) -> list[str]: ...
    def summary(self, report: Report, body: list[str]) -> list[str]: ...
    def ranking(self, title: str, items: list[str]) -> list[str]: ...
    def introducer(self, introducer: Introducer) -> str: ...
    def channel(self, channel: GapChannel) -> str: ...
    def notes(self, items: list[str]) -> list[str]: ...
    def note(self, text: str) -> str: ...
    def contents(self, entries: list[str]) -> list[str]: ...
    def entry(self, n: int, section: CustomerSection) -> str: ...

    # -- a customer's section ---------------------------------------------------
    def section(
        self,
        n: int,
        section: CustomerSection,
        facts: list[str],
        reasons: list[str],
        committees: list[str],
    ) -> list[str]: ...
    def reason(self, text: str) -> str: ...
    def unmet(self, need: UnmetNeed) -> str: ...

    # -- a committee of key persons -------------------------------------------------
    def committee(
        self, committee: NeedCommittee, members: list[str], after: list[str]
    ) -> list[str]: ...
    def reached(self, member: KeyPersonChain, chain: WarmPath) -> list[str]: ...
    def gap(self, member: KeyPersonChain, max_hops: int, channels: Shown) -> list[str]: ...
    def door_opener(self, opener: DoorOpener, reaches: list[str]) -> str: ...
    def coverage(self, text: str) -> str: ...
    def vacant_seats(self, items: list[str]) -> list[str]: ...
    def vacant_seat(self, missing: VacantSeat) -> str: ...
    def where_to_look(self, channels: Shown) -> list[str]: ...
    def committee_note(self, text: str) -> str: ...


def walk(report: Report, look: Look) -> str:
    """The report as `look` renders it: one string, ending in a line break."""
    summary: list[str] = []
    if report.introducers:
        summary += look.ranking(
            gettext(INTRODUCERS), [look.introducer(i) for i in report.introducers]
        )
    if report.channels:
        summary += look.ranking(gettext(TOP_CHANNELS), [look.channel(c) for c in report.channels])
    summary += look.notes([look.note(note) for note in report.notes])
    numbered = list(enumerate(report.customers, 1))
    sections = [
        line
        for n, section in numbered
        for line in _section(look, n, section, report.options.max_hops)
    ]
    page = look.page(
        report,
        look.summary(report, summary),
        look.contents([look.entry(n, section) for n, section in numbered]),
        sections,
    )
    return "\n".join(page) + "\n"


def _section(look: Look, n: int, s: CustomerSection, max_hops: int) -> list[str]:
    facts = [*([s.industry] if s.industry else []), priority_text(s)]
    if s.key_persons:
        facts.append(
            _(
                "{reached} of {members} reached ({coverage})",
                reached=s.reached,
                members=key_persons(s.key_persons),
                coverage=percent(s.coverage),
            )
        )
    reasons = [look.reason(c.reason) for c in s.priority.criteria] if s.priority else []
    reasons += [look.unmet(u) for u in s.unmet_needs]
    reasons += [look.note(note) for note in s.notes]
    committees = [
        line for committee in s.committees for line in _committee(look, committee, max_hops)
    ]
    return look.section(n, s, facts, reasons, committees)


def _committee(look: Look, committee: NeedCommittee, max_hops: int) -> list[str]:
    members = [
        line
        for m in committee.members
        for line in (
            look.reached(m, m.chain)
            if m.chain is not None
            else look.gap(m, max_hops, Shown(m.channels))
        )
    ]
    names = {m.id: m.name for m in committee.members}
    after = [look.door_opener(d, [names[i] for i in d.reaches]) for d in committee.door_openers]
    coverage = seat_coverage_text(committee)
    if coverage:
        after.append(look.coverage(coverage))
    if committee.vacant_seats:
        after += look.vacant_seats([look.vacant_seat(r) for r in committee.vacant_seats])
        after += look.where_to_look(Shown(committee.company_channels))
    after += [look.committee_note(note) for note in committee.notes]
    return look.committee(committee, members, after)
