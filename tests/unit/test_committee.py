"""Key-person groups (P3): members, warm paths, coverage, door openers and gaps.

The hand-built graph (strengths on the ties):

    sp ─0.9─ f1 ─0.8─ m1 (CIO)          sp ─0.8─ b1 (CIO at beta) ─0.9─ b2 (IT at beta)
    sp ─0.95─ f3 ─0.9─ m2 (IT) ─0.7─ m1   sp ─0.9─ f1 ─0.3─ b2
    sp ─0.5─ f2 ─0.6─ m3 (buyer)        sp ─0.6─ p1 (a peer salesperson, a channel)
    m6 (CIO, knows nobody)              m7 (hardware buyer: only a need we cannot meet)

m1's best path runs through f1 (0.72 against 0.5985 through f3 and m2), yet f3 opens
the door to both m1 and m2 within four hops, and more strongly in sum: the cover is
{f3, f2}, which is the minimum (m3 is reached through f2 only).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Audience,
    Capability,
    CapabilityKind,
    Channel,
    ChannelKind,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Reach,
    Role,
    Tie,
)
from graph_mtl.domain.pathfinding import Mode, NeighbourCache, best_path
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.committee import GREEDY_NOTE, Committee, committee
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.key_persons import customer_need_ids
from graph_mtl.services.paths import warm_paths
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

ROLES = [
    Role(id="cio", name="CIO", cares_about=("erp", "crm"), power=Power.DECISION_MAKER),
    Role(id="it", name="IT manager", cares_about=("erp",), power=Power.INFLUENCER),
    Role(id="buyer", name="Procurement", cares_about=("erp", "hw"), power=Power.GATEKEEPER),
    Role(id="hwbuyer", name="Hardware buyer", cares_about=("hw",), power=Power.GATEKEEPER),
    Role(id="user", name="Key user", cares_about=("crm",), power=Power.USER),
]
NEEDS = [
    Need(id="erp", name="ERP", can_meet=True),
    Need(id="crm", name="CRM", can_meet=True),
    Need(id="hw", name="Hardware", can_meet=False),
]


def _person(ident: str, customer: str | None = None, *roles: str) -> Person:
    return Person(id=ident, name=ident.upper(), customer_id=customer, roles=roles)


def _tie(a: str, b: str, strength: float, context: str = "") -> Tie:
    return Tie(source=a, target=b, strength=strength, context=context)


def hand_built() -> Bundle:
    return Bundle(
        people=[
            Person(id="sp", name="Sam", is_salesperson=True),
            _person("f1"),
            _person("f2"),
            _person("f3"),
            _person("p1"),
            _person("m1", "acme", "cio"),
            _person("m2", "acme", "it"),
            _person("m3", "acme", "buyer"),
            _person("m4", "acme", "user"),  # cares about crm only: not in an erp group
            _person("m5", "acme"),  # no role at all
            _person("m6", "acme", "cio"),
            _person("m7", "acme", "hwbuyer"),
            _person("b1", "beta", "cio"),
            _person("b2", "beta", "it"),
            _person("o1", "other", "cio"),
        ],
        ties=[
            _tie("sp", "f1", 0.9, "old classmates"),
            _tie("sp", "f2", 0.5),
            _tie("sp", "f3", 0.95, "former colleagues"),
            _tie("sp", "p1", 0.6, "peer salesperson"),
            _tie("f1", "m1", 0.8, "tennis club"),
            _tie("f3", "m2", 0.9),
            _tie("m2", "m1", 0.7, "colleagues at Acme"),
            _tie("f2", "m3", 0.6),
            _tie("sp", "b1", 0.8, "university classmates"),
            _tie("b1", "b2", 0.9),
            _tie("f1", "b2", 0.3),
        ],
        customers=[
            Customer(id="acme", name="Acme", status=CustomerStatus.TARGET, industry="retail"),
            Customer(id="beta", name="Beta", status=CustomerStatus.TARGET),
            Customer(id="other", name="Other", status=CustomerStatus.POTENTIAL),
            Customer(id="empty", name="Empty Co", status=CustomerStatus.POTENTIAL),
        ],
        needs=NEEDS,
        roles=ROLES,
        customer_needs=[
            CustomerNeed(customer_id="acme", need_id="erp", approved=True),
            CustomerNeed(customer_id="acme", need_id="hw"),
            CustomerNeed(customer_id="beta", need_id="erp"),
        ],
        capabilities=[
            Capability(
                id="suite",
                name="ERP suite",
                kind=CapabilityKind.PRODUCT,
                solves=("erp",),
                price_min=1.0,
                price_max=2.0,
                advantages=("fast rollout", "local team"),
            )
        ],
        channels=[
            Channel(id="forum", name="CIO forum", kind=ChannelKind.FORUM, audience=Audience.BOTH),
            Channel(id="zhihu", name="Zhihu", kind=ChannelKind.QA_SITE, audience=Audience.TARGET),
            Channel(
                id="peer",
                name="Peer P1",
                kind=ChannelKind.PEER_SALESPERSON,
                audience=Audience.POTENTIAL,
                person_id="p1",
            ),
        ],
        reach=[
            Reach(channel_id="forum", target_id="acme", strength=0.4),
            Reach(channel_id="peer", target_id="m6", strength=0.7),
            Reach(channel_id="peer", target_id="acme", strength=0.9),
            Reach(channel_id="zhihu", target_id="other", strength=0.8),
            Reach(channel_id="zhihu", target_id="o1", strength=0.8),
        ],
    )


@pytest.fixture
def store() -> SqliteStore:
    graph = SqliteStore()
    graph.load(hand_built())
    return graph


def test_members_are_the_key_persons_with_their_best_paths(store: SqliteStore) -> None:
    group = committee(store, "acme", "sp", need_id="erp")
    assert [m.id for m in group.members] == ["m1", "m6", "m2", "m3"]  # power, then id
    paths = {m.id: m.path for m in group.members}
    assert paths["m6"] is None
    m1 = paths["m1"]
    assert m1 is not None and m1.nodes == ["sp", "f1", "m1"]
    assert math.isclose(m1.strength, 0.72)
    assert m1.steps[1].reasons == ["tennis club"]
    m2 = paths["m2"]
    assert m2 is not None and m2.nodes == ["sp", "f3", "m2"]


def test_coverage_is_the_share_of_members_with_a_warm_path(store: SqliteStore) -> None:
    group = committee(store, "acme", "sp", need_id="erp")
    assert group.reached == 3 and group.coverage == 0.75
    assert committee(store, "beta", "sp").coverage == 1.0


def test_door_openers_are_few_and_not_only_on_best_paths(store: SqliteStore) -> None:
    group = committee(store, "acme", "sp", need_id="erp")
    openers = [(d.id, d.reaches, d.covers) for d in group.door_openers]
    # f3 reaches m1 over m2 even though m1's best path runs through f1.
    assert openers == [("f3", ["m1", "m2"], ["m1", "m2"]), ("f2", ["m3"], ["m3"])]
    assert _minimum_cover(store, group) == len(group.door_openers)
    f3 = group.door_openers[0]
    assert f3.strength == 0.95 and f3.reasons == ["former colleagues"] and not f3.is_member
    assert GREEDY_NOTE in group.notes


def test_the_hop_limit_bounds_the_door_openers(store: SqliteStore) -> None:
    group = committee(store, "acme", "sp", need_id="erp", max_hops=2)
    assert {d.id: d.reaches for d in group.door_openers} == {
        "f1": ["m1"],
        "f3": ["m2"],
        "f2": ["m3"],
    }
    assert committee(store, "acme", "sp", need_id="erp", max_hops=1).door_openers == []


def test_a_known_key_person_opens_every_door(store: SqliteStore) -> None:
    group = committee(store, "beta", "sp")
    assert [(d.id, d.is_member, d.reaches) for d in group.door_openers] == [
        ("b1", True, ["b1", "b2"])
    ]
    b1 = next(m for m in group.members if m.id == "b1")
    assert b1.path is not None and b1.path.hops == 1


def test_gaps_list_the_channels_to_the_person_then_to_the_employer(
    store: SqliteStore,
) -> None:
    group = committee(store, "acme", "sp", need_id="erp")
    assert [g.id for g in group.gaps] == ["m6"]
    channels = group.gaps[0].channels
    assert [(c.channel_id, c.reaches, c.strength) for c in channels] == [
        ("peer", "person", 0.7),  # its reach to Acme (0.9) is then redundant
        ("forum", "customer", 0.4),
    ]
    peer = channels[0]
    assert peer.person_id == "p1" and peer.kind is ChannelKind.PEER_SALESPERSON
    assert peer.path is not None and peer.path.nodes == ["sp", "p1"]
    assert channels[1].path is None


def test_all_needs_when_none_is_named(store: SqliteStore) -> None:
    group = committee(store, "acme", "sp")
    assert group.needs == ["erp", "hw"] and group.need is None
    assert {m.id for m in group.members} == {"m1", "m2", "m3", "m6", "m7"}
    m7 = next(m for m in group.members if m.id == "m7")
    assert m7.needs == ["hw"] and m7.path is None


def test_an_empty_group_says_so(store: SqliteStore) -> None:
    group = committee(store, "empty", "sp")
    assert group.members == [] and group.coverage == 0.0 and group.door_openers == []
    assert group.notes and group.notes[0].startswith("no key persons")
    assert committee(store, "acme", "sp", need_id="crm").members != []
    beta_crm = committee(store, "beta", "sp", need_id="crm")
    assert [m.id for m in beta_crm.members] == ["b1"]


@pytest.mark.parametrize(
    ("customer", "need", "source", "kind"),
    [
        ("nope", None, "sp", "customer"),
        ("acme", "nope", "sp", "need"),
        ("acme", None, "nobody", "person"),
    ],
)
def test_unknown_ids_are_not_found(
    store: SqliteStore, customer: str, need: str | None, source: str, kind: str
) -> None:
    with pytest.raises(NotFound) as caught:
        committee(store, customer, source, need_id=need)
    assert caught.value.kind == kind


@pytest.mark.parametrize("hops", [0, 9])
def test_the_hop_limit_is_checked(store: SqliteStore, hops: int) -> None:
    with pytest.raises(InvalidInput, match="max_hops"):
        committee(store, "acme", "sp", max_hops=hops)


def test_json_keeps_the_documented_keys(store: SqliteStore) -> None:
    data = committee(store, "acme", "sp").model_dump(mode="json")
    assert data["customer"] == "acme"
    assert {"id", "role", "power", "path"} <= set(data["members"][0])
    assert {"coverage", "door_openers", "gaps"} <= set(data)
    assert data["members"][0]["path"]["hops"] == 2


# -- properties on random graphs ------------------------------------------------

ROLE_IDS = [r.id for r in ROLES]


@st.composite
def random_bundles(draw: st.DrawFn) -> Bundle:
    n = draw(st.integers(3, 12))
    people = [Person(id="sp", name="Sam", is_salesperson=True)]
    for i in range(1, n):
        customer = draw(st.sampled_from(["acme", "other", None]))
        roles = draw(st.lists(st.sampled_from(ROLE_IDS), max_size=2, unique=True))
        people.append(_person(f"p{i}", customer, *roles))
    ids = [p.id for p in people]
    pairs = list(itertools.combinations(ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    strengths = st.sampled_from([0.2, 0.5, 0.8, 1.0]) | st.floats(0.05, 1.0)
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
            CustomerNeed(customer_id="acme", need_id=n)
            for n in draw(st.lists(st.sampled_from(["erp", "crm", "hw"]), unique=True))
        ],
        channels=[
            Channel(id="forum", name="Forum", kind=ChannelKind.FORUM, audience=Audience.BOTH)
        ],
        reach=[Reach(channel_id="forum", target_id="acme", strength=0.5)],
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    random_bundles(),
    st.sampled_from([None, "erp", "crm", "hw"]),
    st.integers(1, 5),
    st.sampled_from(list(Mode)),
)
def test_properties_on_random_graphs(
    bundle: Bundle, need: str | None, max_hops: int, mode: Mode
) -> None:
    store = SqliteStore()
    store.load(bundle)
    group = committee(store, "acme", "sp", need_id=need, mode=mode, max_hops=max_hops)
    check_committee(store, group)


def check_committee(store: SqliteStore, group: Committee) -> None:
    """Every property a group must have, whatever the graph."""
    source, max_hops = group.source, group.max_hops
    needs = set(group.needs)
    roles = {r.id: r for r in store.roles()}
    staff = {p.id: p for p in store.employees(group.customer)}
    expected = {
        p.id for p in staff.values() if any(needs & set(roles[r].cares_about) for r in p.roles)
    }
    assert {m.id for m in group.members} == expected
    for m in group.members:
        assert m.role in staff[m.id].roles and needs & set(roles[m.role].cares_about)
        assert set(m.needs) <= needs

    cache = NeighbourCache(store.adjacency)
    neighbours = dict(cache.get([source])[source])
    for m in group.members:
        assert m.known == (m.id in neighbours)
        if m.known:  # their own tie, whatever a longer chain's product
            assert m.path is not None and m.path.nodes == [source, m.id]
            assert m.path.strength == neighbours[m.id]
            continue
        best = best_path(cache, source, m.id, max_hops=max_hops, mode=group.mode)
        assert (best is None) == (m.path is None)
        if best is not None and m.path is not None:
            assert m.path.nodes[0] == source and m.path.nodes[-1] == m.id
            assert math.isclose(m.path.strength, best.strength, rel_tol=1e-9)
            assert m.path.hops <= max_hops

    reached = [m.id for m in group.members if m.path is not None]
    assert 0.0 <= group.coverage <= 1.0
    assert group.coverage == (len(reached) / len(group.members) if group.members else 0.0)
    assert [g.id for g in group.gaps] == [m.id for m in group.members if m.path is None]

    covered: list[str] = []
    for opener in group.door_openers:
        assert opener.id in neighbours and opener.strength == neighbours[opener.id]
        assert set(opener.covers) <= set(opener.reaches) and opener.covers
        covered += opener.covers
        for m in group.members:
            if m.path is None:
                continue
            opens = opener.id == m.id or (
                best_path(cache, opener.id, m.id, max_hops=max_hops - 1, blocked={source})
                is not None
            )
            assert opens == (m.id in opener.reaches), (opener.id, m.id)
    assert sorted(covered) == sorted(reached)  # each reachable member exactly once
    own = {d.id for d in group.door_openers if d.id in d.covers}
    assert own == {m.id for m in group.members if m.known}  # a known member opens their door
    assert len(group.door_openers) <= len(reached)


def _minimum_cover(store: SqliteStore, group: Committee) -> int:
    """The true fewest door openers, by brute force over every acquaintance of the
    salesperson and every member, with one `best_path` per pair."""
    cache = NeighbourCache(store.adjacency)
    source, limit = group.source, group.max_hops - 1
    reached = {m.id for m in group.members if m.path is not None}
    candidates = {
        i: {
            m
            for m in reached
            if i == m or best_path(cache, i, m, max_hops=limit, blocked={source}) is not None
        }
        for i, _ in cache.get([source])[source]
    }
    for size in range(len(candidates) + 1):
        for combo in itertools.combinations(candidates, size):
            if reached <= set().union(*(candidates[c] for c in combo)):
                return size
    raise AssertionError("no cover")


def test_greedy_is_not_always_the_fewest() -> None:
    """The textbook case: c reaches four members, a and b three each; greedy takes c
    and then still needs a and b, where a and b alone would do."""
    members = [f"m{i}" for i in range(1, 7)]
    store = SqliteStore()
    store.load(
        Bundle(
            people=[
                Person(id="sp", name="Sam", is_salesperson=True),
                *(_person(i) for i in "abc"),
                *(_person(m, "acme", "cio") for m in members),
            ],
            ties=[_tie("sp", i, 0.5) for i in "abc"]
            + [_tie("a", m, 0.5) for m in ("m1", "m2", "m3")]
            + [_tie("b", m, 0.5) for m in ("m4", "m5", "m6")]
            + [_tie("c", m, 0.5) for m in ("m1", "m2", "m4", "m5")],
            customers=[Customer(id="acme", name="Acme", status=CustomerStatus.TARGET)],
            needs=NEEDS,
            roles=ROLES,
            customer_needs=[CustomerNeed(customer_id="acme", need_id="erp")],
        )
    )
    group = committee(store, "acme", "sp", max_hops=2)
    assert [(d.id, d.covers) for d in group.door_openers] == [
        ("c", ["m1", "m2", "m4", "m5"]),
        ("a", ["m3"]),
        ("b", ["m6"]),
    ]
    assert _minimum_cover(store, group) == 2
    assert GREEDY_NOTE in group.notes
    check_committee(store, group)


@pytest.mark.parametrize("seed", [1, 2])
def test_properties_on_generated_bundles(tmp_path: Path, seed: int) -> None:
    write_bundle(tmp_path, people=600, seed=seed)
    store = SqliteStore()
    import_bundle(store, tmp_path)
    salesperson = next(p.id for p in store.export().people if p.is_salesperson)
    checked = 0
    for customer in store.customers():
        for need in (None, *customer_need_ids(store, customer.id, None)[:1]):
            group = committee(store, customer.id, salesperson, need_id=need, max_hops=3)
            check_committee(store, group)
            checked += bool(group.members)
    assert checked


def test_member_paths_match_the_paths_service(store: SqliteStore) -> None:
    for m in committee(store, "acme", "sp").members:
        found = warm_paths(store, "sp", m.id)
        assert (m.path is None) == (not found)
        if m.path is not None and not m.known:
            assert m.path == found[0]
