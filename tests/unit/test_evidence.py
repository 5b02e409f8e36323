"""The strength formula (graph_mtl/domain/evidence.py) under any evidence and any
playbook weights: in range, never weaker with more, more recent or more reciprocated
contact or with a meeting in place of a message, and the same for the same evidence;
and evidence as readers see it, with direction and meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_mtl.domain.evidence import described, strength_of, weight_of
from graph_mtl.domain.models import TieEvidence
from graph_mtl.domain.playbook import Evidence
from graph_mtl.i18n import use

TODAY = date(2026, 12, 2)
_COUNT = st.integers(0, 300)

_RULES = st.builds(
    Evidence,
    connection=st.floats(0.01, 0.9),
    per_contact=st.floats(0.0, 0.9),
    one_way=st.floats(0.0, 0.5),
    meeting=st.floats(1.0, 10.0),
    half_life_days=st.floats(1.0, 2000.0),
)
_SIDES = st.sampled_from([("sp-zhang", "li-jo"), ("li-jo", "sp-zhang")])  # either's view
_ITEMS = st.lists(
    st.builds(
        lambda sides, **counts: TieEvidence(source=sides[0], target=sides[1], **counts),
        _SIDES,
        origin=st.sampled_from(["LinkedIn", "Mail (sp-zhang)", "Calendar (sp-zhang)", "HubSpot"]),
        contacts=_COUNT,
        sent=_COUNT,
        received=_COUNT,
        meetings=st.integers(0, 30),
        last_contact=st.dates(date(2000, 1, 1), TODAY),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda e: e.origin,
)


def _strength(items: list[TieEvidence], rules: Evidence) -> float:
    return strength_of(items, rules, today=TODAY)


def _changed(items: list[TieEvidence], which: int, **update: object) -> list[TieEvidence]:
    at = which % len(items)
    return [e.model_copy(update=update) if i == at else e for i, e in enumerate(items)]


@given(_ITEMS, _RULES)
def test_strength_is_in_range_and_the_same_for_the_same_evidence(
    items: list[TieEvidence], rules: Evidence
) -> None:
    strength = _strength(items, rules)
    assert 0.0 < strength <= 1.0 and strength >= rules.connection
    assert strength == _strength(list(items), rules)
    assert strength == _strength(list(reversed(items)), rules)
    # Whose point of view an item was recorded from changes nothing.
    assert strength == _strength([e.seen_from("li-jo") for e in items], rules)


@given(_ITEMS, _RULES, st.integers(0, 3), st.integers(1, 3000))
def test_older_contact_is_never_stronger(
    items: list[TieEvidence], rules: Evidence, which: int, older: int
) -> None:
    one = items[which % len(items)]
    assert one.last_contact is not None
    staler = _changed(items, which, last_contact=one.last_contact - timedelta(days=older))
    assert _strength(staler, rules) <= _strength(items, rules)


@given(
    _ITEMS,
    _RULES,
    st.integers(0, 3),
    st.sampled_from(["contacts", "sent", "received", "meetings"]),
    st.integers(1, 50),
)
def test_more_contact_of_any_kind_is_never_weaker(
    items: list[TieEvidence], rules: Evidence, which: int, kind: str, more: int
) -> None:
    one = items[which % len(items)]
    busier = _changed(items, which, **{kind: getattr(one, kind) + more})
    assert _strength(busier, rules) >= _strength(items, rules)
    assert weight_of(busier, rules) >= weight_of(items, rules)


@given(_RULES, st.integers(0, 200), st.integers(0, 200), st.integers(0, 5000))
def test_the_same_messages_more_reciprocated_are_never_weaker(
    rules: Evidence, total: int, smaller: int, days: int
) -> None:
    more = min(smaller, total // 2)
    less = more - 1 if more else 0
    day = TODAY - timedelta(days=days)

    def mail(sent: int) -> list[TieEvidence]:
        item = TieEvidence(
            source="sp-zhang",
            target="li-jo",
            origin="Mail (sp-zhang)",
            sent=sent,
            received=total - sent,
            last_contact=day,
        )
        return [item]

    assert _strength(mail(more), rules) >= _strength(mail(less), rules)
    assert _strength(mail(more), rules) >= _strength(mail(total), rules)  # all one way
    assert _strength(mail(total - more), rules) == _strength(mail(more), rules)


@given(_ITEMS, _RULES, st.integers(0, 3), st.sampled_from(["sent", "received", "contacts"]))
def test_a_meeting_in_place_of_a_message_is_never_weaker(
    items: list[TieEvidence], rules: Evidence, which: int, kind: str
) -> None:
    one = items[which % len(items)]
    moved = getattr(one, kind)
    met = _changed(items, which, **{kind: 0, "meetings": one.meetings + moved})
    assert _strength(met, rules) >= _strength(items, rules)


def test_a_conversation_is_far_warmer_than_a_one_way_burst() -> None:
    rules, day = Evidence(), TODAY - timedelta(days=3)

    def mail(sent: int, received: int) -> float:
        item = TieEvidence(
            source="sp-zhang",
            target="li-jo",
            origin="Mail (sp-zhang)",
            sent=sent,
            received=received,
            last_contact=day,
        )
        return _strength([item], rules)

    conversation, burst = mail(10, 10), mail(20, 0)
    assert conversation > 0.7 and burst < 0.36  # 10 contacts' weight against 2
    assert mail(0, 20) == burst  # a burst of newsletters received is no warmer
    assert rules.connection < burst


def test_a_meeting_counts_more_than_an_exchange_and_undirected_contacts_as_before() -> None:
    rules, day = Evidence(), TODAY - timedelta(days=1)
    met = TieEvidence(
        source="sp", target="ceo", origin="introduction", meetings=1, last_contact=day
    )
    wrote = met.model_copy(update={"meetings": 0, "sent": 1, "received": 1})
    assert _strength([met], rules) > _strength([wrote], rules)
    # Contacts of no known direction weigh as they did before direction was kept.
    crm = TieEvidence(source="sp", target="ceo", origin="HubSpot", contacts=12, last_contact=day)
    warmth = 1 - (1 - rules.connection) * (1 - rules.per_contact) ** 12
    fade = 0.5 ** (1 / rules.half_life_days)
    assert _strength([crm], rules) == pytest.approx(
        rules.connection + (warmth - rules.connection) * fade
    )


def test_evidence_reads_with_direction_and_meetings() -> None:
    mail = TieEvidence(
        source="sp-zhang",
        target="li-jo",
        origin="Mail (sp-zhang)",
        sent=5,
        received=3,
        meetings=2,
        last_contact=TODAY - timedelta(days=1),
    )
    burst = TieEvidence(
        source="sp-zhang",
        target="li-jo",
        origin="LinkedIn",
        since=date(2023, 1, 15),
        sent=4,
        last_contact=TODAY - timedelta(days=5),
    )
    crm = TieEvidence(
        source="sp-zhang",
        target="li-jo",
        origin="HubSpot",
        contacts=3,
        meetings=1,
        last_contact=date(2026, 9, 23),
    )
    assert described([mail, burst, crm], today=TODAY) == (
        "HubSpot; 3 activities, 1 meeting, the last 2 months ago; "
        "LinkedIn connection since 2023; 4 messages sent, no reply, the last 5 days ago; "
        "Mail (sp-zhang); 5 messages sent, 3 received, 2 meetings, the last yesterday"
    )
    assert described([mail.seen_from("li-jo")]) == (  # stored: dated; seen from the other side
        "Mail (sp-zhang); 3 messages sent, 5 received, 2 meetings, the last on 2026-12-01"
    )
    with use("zh_CN"):
        assert described([mail], today=TODAY) == (
            "Mail (sp-zhang)；发出 5 条消息、收到 3 条，2 次会议，最近一次在昨天"  # noqa: RUF001
        )
        assert described([mail]).startswith("Mail (sp-zhang); 5 messages sent")  # stored: English
