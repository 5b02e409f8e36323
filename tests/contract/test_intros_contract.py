"""Introduction requests on every store: the guarded write, the reads, the tie a
meeting gives (in the same write), the access rules, and forgetting."""

from __future__ import annotations

from datetime import date

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.evidence import strength_of
from graph_mtl.domain.intros import ConnectorRecord, records
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    IntroRequest,
    IntroStatus,
    Need,
    Person,
    Power,
    Role,
    TeamMember,
    Tie,
)
from graph_mtl.domain.playbook import Evidence
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph_mtl.services.access import COMMAND_LINE, Caller, forget
from graph_mtl.services.committee import committee
from graph_mtl.services.intros import get_intro, list_intros, request_intro, update_intro
from graph_mtl.services.team_view import TeamView

TODAY = date(2026, 12, 3)
RULES = Evidence()
SAM = Caller(salesperson_id="sam")
KAI = Caller(salesperson_id="kai")
"""Sam's teammate; Sam's chains to the CFO run through Kai."""


def _bundle() -> Bundle:
    staff = [("kim", "Kim Lee", "cio"), ("cfo", "Cat Fo", "cfo"), ("loner", "Lo Ner", "cfo")]
    return Bundle(
        people=[
            Person(id="sam", name="Sam", is_salesperson=True),
            Person(id="kai", name="Kai Wu", is_salesperson=True),
            Person(id="jo", name="Jo Park"),
            Person(id="oneil", name="Sam O'Neil, Jr."),
            *(Person(id=i, name=n, customer_id="acme", roles=(r,)) for i, n, r in staff),
        ],
        ties=[
            Tie(source="sam", target="kim", strength=0.4),
            Tie(source="sam", target="kai", strength=0.9, context="same team"),
            Tie(source="kai", target="cfo", strength=0.8, context="old friends"),
            Tie(source="sam", target="jo", strength=1.0),
            Tie(source="jo", target="oneil", strength=0.8),
            Tie(source="oneil", target="kim", strength=0.625),
        ],
        customers=[Customer(id="acme", name="Acme", status=CustomerStatus.TARGET)],
        needs=[Need(id="erp", name="ERP", can_meet=True)],
        roles=[
            Role(id="cfo", name="CFO", cares_about=("erp",), power=Power.DECISION_MAKER),
            Role(id="cio", name="CIO", cares_about=("erp",), power=Power.DECISION_MAKER),
        ],
        customer_needs=[CustomerNeed(customer_id="acme", need_id="erp")],
    )


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.load(_bundle())
    store.set_team_sharing("kai", shared=True)
    return store


def _intro(ident: str, status: IntroStatus = IntroStatus.REQUESTED, **kw: object) -> IntroRequest:
    data: dict[str, object] = {
        "id": ident,
        "salesperson_id": "sam",
        "target_id": "kim",
        "via_id": "kai",
        "status": status,
        "requested_on": TODAY,
        **kw,
    }
    return IntroRequest.model_validate(data)


def test_a_request_is_written_once_and_moved_only_from_its_status(loaded: GraphStore) -> None:
    first = _intro("i-1")
    assert loaded.save_intro(first, expected=None)
    assert not loaded.save_intro(first, expected=None)  # the id is taken
    accepted = first.model_copy(update={"status": IntroStatus.ACCEPTED})
    assert not loaded.save_intro(accepted, expected=IntroStatus.ACCEPTED)
    assert loaded.save_intro(accepted, expected=IntroStatus.REQUESTED)
    assert not loaded.save_intro(first, expected=IntroStatus.REQUESTED)  # it moved on
    assert loaded.intros(ids=["i-1"]) == [accepted]
    assert not loaded.save_intro(_intro("i-2"), expected=IntroStatus.REQUESTED)  # absent
    assert loaded.intros(ids=["i-2"]) == []


def test_reads_filter_and_order_newest_first(loaded: GraphStore) -> None:
    for ident, day, via in (("a", 1, "kai"), ("b", 3, "jo"), ("c", 2, "kai")):
        loaded.save_intro(
            _intro(ident, requested_on=date(2026, 11, day), via_id=via), expected=None
        )
    other = _intro("d", salesperson_id="kai", via_id="jo")
    loaded.save_intro(other, expected=None)
    assert [i.id for i in loaded.intros()] == ["d", "b", "c", "a"]
    assert [i.id for i in loaded.intros(salesperson_id="sam")] == ["b", "c", "a"]
    assert [i.id for i in loaded.intros(via_ids=["kai"])] == ["c", "a"]
    assert [i.id for i in loaded.intros(salesperson_id="kai", via_ids=["jo"])] == ["d"]
    assert loaded.intros(via_ids=[]) == []


def test_a_failed_guard_writes_nothing_it_carried(loaded: GraphStore) -> None:
    tie = Tie(source="kim", target="sam", strength=0.9)
    assert not loaded.save_intro(
        _intro("i-1"), expected=IntroStatus.ACCEPTED, also=Bundle(ties=[tie])
    )
    assert loaded.intros() == [] and loaded.ties([("sam", "kim")])[("kim", "sam")].strength == 0.4


def test_the_weekly_loop_on_the_service(loaded: GraphStore) -> None:
    view = TeamView.of(loaded, "sam")
    asked = request_intro(view, SAM, source=None, target="cfo", today=TODAY)
    assert (asked.via, asked.status, asked.to_name) == ("kai", IntroStatus.REQUESTED, "Cat Fo")
    with pytest.raises(Conflict, match="already"):
        request_intro(view, SAM, source=None, target="cfo", today=TODAY)
    assert [i.id for i in list_intros(loaded, SAM).intros] == [asked.id]
    # Kai, the connector, sees it and may accept; nobody else sees it.
    assert [i.id for i in list_intros(loaded, KAI).intros] == [asked.id]
    with pytest.raises(NotFound):
        get_intro(loaded, Caller(salesperson_id="lee"), asked.id)
    with pytest.raises(Forbidden):
        update_intro(loaded, KAI, asked.id, status=IntroStatus.WITHDRAWN, today=TODAY, rules=RULES)
    update_intro(loaded, KAI, asked.id, status=IntroStatus.ACCEPTED, today=TODAY, rules=RULES)
    with pytest.raises(Conflict, match="can move to met, no_response"):
        update_intro(loaded, SAM, asked.id, status=IntroStatus.DECLINED, today=TODAY, rules=RULES)
    met = update_intro(
        loaded, SAM, asked.id, status=IntroStatus.MET, note="lunch", today=TODAY, rules=RULES
    )
    assert met.status is IntroStatus.MET and not met.open
    assert [(e.status, e.by, e.note) for e in met.history] == [
        (IntroStatus.ACCEPTED, "kai", ""),
        (IntroStatus.MET, "sam", "lunch"),
    ]
    tie = loaded.ties([("sam", "cfo")])[("cfo", "sam")]
    assert tie.context == f"introduced by Kai Wu on {TODAY}" and tie.last_contact == TODAY
    assert RULES.connection < tie.strength <= 1.0
    [meeting] = loaded.evidence([("sam", "cfo")])[("cfo", "sam")]
    assert meeting.origin == "Introduction by Kai Wu"
    # A meeting, Sam's: warmer than a message or an activity would have made the tie.
    assert (meeting.source, meeting.meetings, meeting.contacts) == ("sam", 1, 0)
    once = meeting.model_copy(update={"meetings": 0, "contacts": 1})
    assert tie.strength == round(strength_of([meeting], RULES, today=TODAY), 6)
    assert tie.strength > strength_of([once], RULES, today=TODAY) + 0.1
    # The next committee shows the new direct tie first, and Kai's record.
    group = committee(TeamView.of(loaded, "sam"), "acme", "sam")
    cfo = next(m for m in group.members if m.id == "cfo")
    assert cfo.known and cfo.path is not None and cfo.path.nodes == ["sam", "cfo"]
    assert records(loaded.intros()) == {"kai": ConnectorRecord(introduced=1, asked=1)}
    assert list_intros(loaded, SAM).intros == []
    assert [i.id for i in list_intros(loaded, SAM, status="all").intros] == [asked.id]


def test_requests_are_checked(loaded: GraphStore) -> None:
    view = TeamView.of(loaded, "sam")
    with pytest.raises(InvalidInput, match="you know Kim Lee already"):
        request_intro(view, SAM, source=None, target="kim", today=TODAY)
    with pytest.raises(InvalidInput, match="no tie with"):
        request_intro(view, SAM, source=None, target="cfo", via="oneil", today=TODAY)
    with pytest.raises(InvalidInput, match="is you"):
        request_intro(view, SAM, source=None, target="sam", today=TODAY)
    with pytest.raises(NotFound):
        request_intro(view, SAM, source=None, target="nobody", today=TODAY)
    with pytest.raises(Forbidden):
        request_intro(view, SAM, source="kai", target="cfo", today=TODAY)
    with pytest.raises(InvalidInput, match="no warm path"):
        request_intro(view, SAM, source=None, target="loner", today=TODAY)


def test_requests_survive_and_forgetting_takes_them(loaded: GraphStore) -> None:
    asked = request_intro(TeamView.of(loaded, "sam"), SAM, source=None, target="cfo", today=TODAY)
    assert [i.id for i in loaded.intros()] == [asked.id]
    forget(loaded, COMMAND_LINE, "cfo", today=TODAY)
    assert loaded.intros() == []
    assert loaded.team() == [
        TeamMember(id="kai", name="Kai Wu", shared=True),
        TeamMember(id="sam", name="Sam", shared=False),
    ]
    assert "cfo" not in loaded.people(["cfo"])
