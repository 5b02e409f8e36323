"""A committee on the embedded store, searched over its index towards the people it
asks about (graph_mtl/services/committee_rows.py), is the committee the port's own
whole trees give, field for field: on random graphs with tied strengths, seats,
channel people and salespeople cut out of the team view."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Channel,
    ChannelKind,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Person,
    Reach,
    TeamMember,
)
from graph_mtl.domain.pathfinding import Mode
from graph_mtl.domain.playbook import CommitteeSeats
from graph_mtl.errors import NotFound
from graph_mtl.services import committee_rows
from graph_mtl.services.committee import Committee, committee
from graph_mtl.services.committee_rows import rows_of
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from graph_mtl.stores.view import StoreView
from tests.unit.test_committee import NEEDS, ROLES, _person, _tie

ROLE_IDS = [r.id for r in ROLES]
SEATS = {  # roles that care about the need and roles that do not (held by non-members)
    "erp": CommitteeSeats(required={"cio": 2, "user": 1}, optional={"hwbuyer": 1}),
    "crm": CommitteeSeats(required={"it": 1, "buyer": 1}, optional={"hwbuyer": 1}),
    "hw": CommitteeSeats(required={"cio": 1, "user": 1}),
}


class PortOnly(StoreView[Any]):
    """The store through its port alone: no committee search over its index."""


@pytest.fixture(autouse=True, params=["a search per person", "one tree for all"])
def searches(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test with the salesperson's paths found each way (`committee_rows._FEW`)."""
    monkeypatch.setattr(committee_rows, "_FEW", 10**9 if request.param[0] == "a" else 0)


@st.composite
def bundles(draw: st.DrawFn) -> Bundle:
    n = draw(st.integers(4, 16))
    people = [
        Person(id="sp", name="Sam", is_salesperson=True),
        Person(id="s2", name="Sue", is_salesperson=True),
        Person(id="s3", name="Sid", is_salesperson=True),
    ]
    for i in range(1, n):
        customer = draw(st.sampled_from(["acme", "acme", "other", None]))
        roles = draw(st.lists(st.sampled_from(ROLE_IDS), max_size=2, unique=True))
        people.append(_person(f"p{i:02}", customer, *roles))
    ids = [p.id for p in people]
    pairs = list(itertools.combinations(ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * n))
    strengths = st.sampled_from([0.25, 0.5, 1.0]) | st.floats(0.05, 1.0)
    channel_people = draw(st.lists(st.sampled_from(ids[3:]), max_size=3, unique=True))
    targets = ["acme", *draw(st.lists(st.sampled_from(ids[3:]), max_size=3, unique=True))]
    return Bundle(
        people=people,
        ties=[_tie(a, b, draw(strengths)) for a, b in chosen],
        customers=[
            Customer(id="acme", name="Acme", status=CustomerStatus.TARGET),
            Customer(id="other", name="Other", status=CustomerStatus.TARGET),
        ],
        needs=NEEDS,
        roles=ROLES,
        customer_needs=[
            CustomerNeed(customer_id="acme", need_id=need)
            for need in draw(st.lists(st.sampled_from(["erp", "crm", "hw"]), unique=True))
        ],
        channels=[
            Channel(id="forum", name="Forum", kind=ChannelKind.FORUM, audience=Audience.BOTH),
            *(
                Channel(
                    id=f"c-{p}",
                    name=f"Via {p}",
                    kind=ChannelKind.PEER_SALESPERSON,
                    audience=Audience.BOTH,
                    person_id=p,
                )
                for p in channel_people
            ),
        ],
        reach=[
            Reach(channel_id="forum", target_id="acme", strength=0.5),
            *(
                Reach(channel_id=f"c-{p}", target_id=t, strength=0.7)
                for p in channel_people
                for t in targets
            ),
        ],
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    bundles(),
    st.sampled_from([None, "erp", "crm", "hw"]),
    st.integers(1, 5),
    st.sampled_from(list(Mode)),
    st.booleans(),
    st.sampled_from(["sp", "p01", "s3"]),
)
def test_index_searches_give_the_ports_committee(
    bundle: Bundle, need: str | None, max_hops: int, mode: Mode, seated: bool, source: str
) -> None:
    store = SqliteStore()
    store.load(bundle)
    if source not in {p.id for p in bundle.people}:
        return
    team = [
        TeamMember(id="sp", name="Sam", shared=True),
        TeamMember(id="s2", name="Sue", shared=False),
        TeamMember(id="s3", name="Sid", shared=True),
    ]
    seats = SEATS if seated else None
    for view in (store, TeamView(store, "sp", team)):
        assert rows_of(view, source) is not None
        assert answer(view, source, need, max_hops, mode, seats) == answer(
            PortOnly(view), source, need, max_hops, mode, seats
        )


def answer(
    store: object,
    source: str,
    need: str | None,
    max_hops: int,
    mode: Mode,
    seats: dict[str, CommitteeSeats] | None,
) -> Committee | str:
    """The committee, or the error's message (a private person is nobody in the view)."""
    try:
        return committee(
            store,  # type: ignore[arg-type]
            "acme",
            source,
            need_id=need,
            mode=mode,
            max_hops=max_hops,
            seats=seats,
        )
    except NotFound as error:
        return str(error)


def test_views_it_does_not_know_search_through_their_port() -> None:
    store = SqliteStore()
    assert rows_of(PortOnly(store), "sp") is None
    assert (
        rows_of(TeamView(store, "sp", [TeamMember(id="s2", name="S", shared=False)]), "s2") is None
    )


def test_a_seat_held_at_the_hop_limit_is_held() -> None:
    """A holder who is no member (their role cares about another need), reached
    in exactly `max_hops` ties, covers the seat; one tie further, nobody does."""
    store = SqliteStore()
    store.load(
        Bundle(
            people=[
                Person(id="sp", name="Sam", is_salesperson=True),
                _person("a"),
                _person("b"),
                _person("m1", "acme", "cio"),
                _person("h1", "acme", "hwbuyer"),
            ],
            ties=[_tie("sp", "a", 0.5), _tie("a", "b", 0.5), _tie("b", "h1", 0.5)],
            customers=[Customer(id="acme", name="Acme", status=CustomerStatus.TARGET)],
            needs=NEEDS,
            roles=ROLES,
            customer_needs=[CustomerNeed(customer_id="acme", need_id="erp")],
        )
    )
    seats = {"erp": CommitteeSeats(required={"cio": 1, "hwbuyer": 1})}
    for hops, covered in ((3, 1), (2, 0)):
        for view in (store, PortOnly(store)):
            group = answer(view, "sp", "erp", hops, Mode.STRONGEST, seats)
            assert isinstance(group, Committee)
            assert group.required_seats_covered == covered


def test_a_best_path_kept_for_a_graph_is_not_read_after_a_write(tmp_path: Any) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    people = [_person(i) for i in ("sp", "a", "b", "c")]
    store.load(Bundle(people=people, ties=[_tie("sp", "a", 0.9), _tie("a", "b", 0.9)]))
    rows = rows_of(store, "sp")
    assert rows is not None
    before = rows.best("sp", ["b", "c"], max_hops=4, mode=Mode.STRONGEST)
    assert before["b"].nodes == ("sp", "a", "b") and "c" not in before
    assert rows.best("sp", ["b", "c"], max_hops=4, mode=Mode.STRONGEST) == before
    store.load(Bundle(ties=[_tie("sp", "b", 0.95), _tie("b", "c", 0.5)]))
    after = rows.best("sp", ["b", "c"], max_hops=4, mode=Mode.STRONGEST)
    assert after["b"].nodes == ("sp", "b") and after["c"].nodes == ("sp", "b", "c")
    store.close()
