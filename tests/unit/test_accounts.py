"""Account scoring (P2): validity and fit with their criteria, P1's unmet needs, the
warmth of the best path to a key person, and the priority that blends them."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

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
    IntroStatus,
    Need,
    Person,
    Power,
    Reach,
    Role,
    Tie,
)
from graph_mtl.domain.pathfinding import NeighbourCache, best_path
from graph_mtl.domain.playbook import Band, Fit, Playbook, Priority
from graph_mtl.domain.ports import Adjacency, GraphStore
from graph_mtl.domain.scoring import weighted
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.access import COMMAND_LINE, Caller
from graph_mtl.services.accounts import AccountScore, score_accounts
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.intros import request_intro, update_intro
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

DEMO = Path(__file__).parents[2] / "seed" / "demo"

PLAYBOOK = Playbook(
    fit=Fit(
        industries={"manufacturing": 1.0, "retail": 0.5},
        revenue_bands=[Band(min=1e8, score=1.0)],
        headcount_bands=[Band(min=100, score=1.0)],
        situations={"legacy_erp": 1.0},
    ),
    priority=Priority(score=0.6, warmth=0.4, max_hops=4),
)


# -- a small hand-built world --------------------------------------------------


def world(
    *,
    customers: list[Customer],
    people: Sequence[Person] = (),
    ties: Sequence[tuple[str, str, float]] = (),
    customer_needs: Sequence[CustomerNeed] = (),
    channels: Sequence[Channel] = (),
    reach: Sequence[tuple[str, str, float]] = (),
) -> SqliteStore:
    """A salesperson `sp` (and a non-salesperson `peer`), needs erp and crm we can meet
    and hw we cannot, their roles, one ERP capability, plus what is given."""
    store = SqliteStore()
    store.load(
        Bundle(
            people=[
                Person(id="sp", name="Sam", is_salesperson=True),
                Person(id="peer", name="Pat"),
                *people,
            ],
            ties=[Tie(source=a, target=b, strength=s) for a, b, s in ties],
            customers=customers,
            needs=[
                Need(id="erp", name="ERP", can_meet=True),
                Need(id="crm", name="CRM", can_meet=True),
                Need(id="hw", name="Hardware", can_meet=False),
            ],
            roles=[
                Role(id="cio", name="CIO", cares_about=("erp", "hw"), power=Power.DECISION_MAKER),
                Role(id="buyer", name="Buyer", cares_about=("hw",), power=Power.GATEKEEPER),
                Role(id="sales", name="Sales head", cares_about=("crm",), power=Power.INITIATOR),
            ],
            customer_needs=list(customer_needs),
            capabilities=[
                Capability(
                    id="suite",
                    name="ERP suite",
                    kind=CapabilityKind.PRODUCT,
                    solves=("erp",),
                    price_min=500_000,
                    price_max=1_500_000,
                )
            ],
            channels=list(channels),
            reach=[Reach(channel_id=c, target_id=t, strength=s) for c, t, s in reach],
        )
    )
    return store


def target(ident: str, **kw: Any) -> Customer:
    return Customer(id=ident, name=ident.upper(), status=CustomerStatus.TARGET, **kw)


def potential(ident: str, **kw: Any) -> Customer:
    fit = {"industry": "manufacturing", "revenue": 2e8, "headcount": 500}
    return Customer(id=ident, name=ident.upper(), status=CustomerStatus.POTENTIAL, **(fit | kw))


def valid(customer: str, need: str = "erp", budget: float = 800_000) -> CustomerNeed:
    return CustomerNeed(
        customer_id=customer,
        need_id=need,
        approved=True,
        budget_this_year=True,
        budget=budget,
        kpi_related=True,
    )


def staff(customer: str, ident: str, *roles: str) -> Person:
    return Person(id=ident, name=ident.title(), customer_id=customer, roles=roles)


def by_id(ranked: list[AccountScore]) -> dict[str, AccountScore]:
    return {a.customer_id: a for a in ranked}


# -- P2 for target customers ------------------------------------------------------


def test_a_valid_target_ranks_above_one_without_approval_budget_or_kpi() -> None:
    store = world(
        customers=[target("t-good"), target("t-bad")],
        people=[staff("t-good", "g1", "cio"), staff("t-bad", "b1", "cio")],
        ties=[("sp", "g1", 0.5), ("sp", "b1", 0.5)],
        customer_needs=[
            valid("t-good"),
            CustomerNeed(customer_id="t-bad", need_id="erp", budget=5_000_000),
        ],
    )
    good, bad = score_accounts(store, PLAYBOOK, "sp")
    assert (good.customer_id, bad.customer_id) == ("t-good", "t-bad")
    assert good.score_kind == "validity" and good.score.value == 1.0
    assert bad.score.value == 0.0
    reasons = {c.name: c.reason for c in bad.score.criteria}
    assert reasons["budget_in_band"].startswith("budget 5,000,000 is outside our price band (")
    assert "e+0" not in reasons["budget_in_band"]
    assert reasons["approved"].startswith("not:")
    assert good.warmth is not None and bad.warmth is not None
    assert good.warmth.value == bad.warmth.value == 0.5
    assert good.priority.value > bad.priority.value


def test_a_target_is_as_valid_as_its_best_need() -> None:
    store = world(
        customers=[target("t")],
        customer_needs=[
            CustomerNeed(customer_id="t", need_id="crm", approved=True),
            valid("t", "erp"),
        ],
    )
    [account] = score_accounts(store, PLAYBOOK, "sp")
    assert account.best_need == "erp" and account.score.value == 1.0
    validities = {n.need_id: n.validity for n in account.needs}
    assert validities["crm"] is not None and validities["crm"].value == pytest.approx(0.3)
    assert account.score == validities["erp"]


def test_a_need_we_cannot_meet_is_never_an_opportunity() -> None:
    store = world(
        customers=[target("t-hw"), target("t-mixed")],
        people=[staff("t-hw", "h1", "cio", "buyer"), staff("t-mixed", "m1", "buyer")],
        ties=[("sp", "h1", 1.0), ("sp", "m1", 1.0)],
        customer_needs=[valid("t-hw", "hw"), valid("t-mixed", "hw"), valid("t-mixed", "erp")],
    )
    accounts = by_id(score_accounts(store, PLAYBOOK, "sp"))
    only_hw = accounts["t-hw"]
    assert only_hw.needs == [] and only_hw.best_need is None
    assert [u.need_id for u in only_hw.unmet_needs] == ["hw"]
    assert "P1" in only_hw.unmet_needs[0].reason
    assert only_hw.score.value == 0.0
    [why] = only_hw.score.criteria
    assert why.name == "no_opportunity" and "cannot meet" in why.reason
    # Its CIO cares about hw too, but that makes nobody a key person for us.
    assert only_hw.committee == [] and only_hw.key_person is None
    assert only_hw.warmth is not None and only_hw.warmth.value == 0.0
    mixed = accounts["t-mixed"]
    assert [n.need_id for n in mixed.needs] == ["erp"]
    assert [u.need_id for u in mixed.unmet_needs] == ["hw"]
    assert mixed.best_need == "erp" and mixed.score.value == 1.0
    # m1 is only a hardware buyer: known directly, still no key person.
    assert mixed.committee == [] and mixed.warmth is not None and mixed.warmth.value == 0.0


def test_a_target_without_needs_says_so() -> None:
    [account] = score_accounts(world(customers=[target("t")]), PLAYBOOK, "sp")
    assert account.score.value == 0.0
    assert "no need recorded" in account.score.criteria[0].reason


# -- P2 for potential customers, warmth and priority --------------------------------


def test_a_warm_path_raises_priority() -> None:
    store = world(
        customers=[potential("p-warm"), potential("p-cold")],
        people=[staff("p-warm", "w1", "cio"), staff("p-cold", "c1", "cio")],
        ties=[("sp", "peer", 0.8), ("peer", "w1", 0.5)],
    )
    warm, cold = score_accounts(store, PLAYBOOK, "sp")
    assert (warm.customer_id, cold.customer_id) == ("p-warm", "p-cold")
    assert warm.score_kind == "fit" and warm.score.value == cold.score.value
    assert warm.warmth is not None and warm.warmth.value == pytest.approx(0.4)
    assert cold.warmth is not None and cold.warmth.value == 0.0
    assert "no warm path to any of its 1 key person within 4 hops" in cold.warmth.criteria[0].reason
    assert warm.key_person is not None and warm.key_person.id == "w1"
    assert warm.path is not None and warm.path.nodes == ["sp", "peer", "w1"]
    assert warm.path.names == ["Sam", "Pat", "W1"]
    fit = warm.score.value
    assert warm.priority.value == pytest.approx(0.6 * fit + 0.4 * 0.4)
    assert cold.priority.value == pytest.approx(0.6 * fit)
    assert [c.name for c in warm.priority.criteria] == ["fit", "warmth"]


def test_a_potential_customer_without_needs_is_reached_through_anyone_who_could_raise_one() -> None:
    store = world(
        customers=[potential("p")],
        people=[staff("p", "cio1", "cio"), staff("p", "buyer1", "buyer"), staff("p", "x")],
        ties=[("sp", "buyer1", 0.9), ("sp", "x", 0.9), ("sp", "cio1", 0.3)],
    )
    [account] = score_accounts(store, PLAYBOOK, "sp")
    # The buyer only cares about hardware, x holds no role: neither is a key person.
    assert [k.id for k in account.committee] == ["cio1"]
    assert account.key_person is not None and account.key_person.id == "cio1"
    assert account.warmth is not None and account.warmth.value == pytest.approx(0.3)


def test_a_potential_customer_with_a_recorded_need_is_reached_through_its_key_persons() -> None:
    store = world(
        customers=[potential("p")],
        people=[staff("p", "cio1", "cio"), staff("p", "s1", "sales")],
        ties=[("sp", "cio1", 0.9), ("sp", "s1", 0.2)],
        customer_needs=[CustomerNeed(customer_id="p", need_id="crm")],
    )
    [account] = score_accounts(store, PLAYBOOK, "sp")
    assert [k.id for k in account.committee] == ["s1"]
    assert account.warmth is not None and account.warmth.value == pytest.approx(0.2)
    assert account.needs[0].validity is None  # a potential customer is scored by fit


def test_fit_criteria_are_the_playbooks_indicators() -> None:
    store = world(
        customers=[
            potential("p-fit", situation=("legacy_erp",)),
            potential("p-meh", industry="retail", revenue=None, headcount=50),
        ]
    )
    fit, meh = score_accounts(store, PLAYBOOK, "sp")
    assert fit.score.value == 1.0
    assert {c.name: c.score for c in meh.score.criteria} == {
        "industry": 0.5,
        "revenue": 0.0,
        "headcount": 0.0,
        "situation": 0.0,
    }
    assert meh.score.value == pytest.approx(3 * 0.5 / 8)


def test_warmth_stops_at_the_playbooks_hop_limit() -> None:
    store = world(
        customers=[potential("p")],
        people=[staff("p", "k", "cio"), Person(id="m", name="M")],
        ties=[("sp", "peer", 1.0), ("peer", "m", 1.0), ("m", "k", 1.0)],
    )
    near = PLAYBOOK.model_copy(update={"priority": Priority(max_hops=2)})
    [account] = score_accounts(store, near, "sp")
    assert account.warmth is not None and account.warmth.value == 0.0
    assert "within 2 hops" in account.warmth.criteria[0].reason
    [far] = score_accounts(store, PLAYBOOK, "sp")
    assert far.warmth is not None and far.warmth.value == 1.0


def test_existing_customers_are_channels_not_accounts() -> None:
    store = world(
        customers=[
            target("t"),
            potential("p"),
            Customer(id="old", name="Old", status=CustomerStatus.EXISTING),
        ]
    )
    assert {a.customer_id for a in score_accounts(store, PLAYBOOK, "sp")} == {"t", "p"}
    assert [
        a.customer_id for a in score_accounts(store, PLAYBOOK, "sp", status=CustomerStatus.TARGET)
    ] == ["t"]
    with pytest.raises(InvalidInput, match="channels, not accounts"):
        score_accounts(store, PLAYBOOK, "sp", status=CustomerStatus.EXISTING)


def test_top_keeps_the_best() -> None:
    store = world(
        customers=[target(f"t{i}") for i in range(4)],
        customer_needs=[valid("t2")],
    )
    assert [a.customer_id for a in score_accounts(store, PLAYBOOK, "sp", top=2)] == ["t2", "t0"]
    with pytest.raises(InvalidInput) as caught:
        score_accounts(store, PLAYBOOK, "sp", top=0)
    assert caught.value.field == "top"


def test_the_salesperson_must_exist_and_be_one() -> None:
    store = world(customers=[target("t")])
    with pytest.raises(NotFound):
        score_accounts(store, PLAYBOOK, "nobody")
    with pytest.raises(InvalidInput) as caught:
        score_accounts(store, PLAYBOOK, "peer")
    assert caught.value.field == "from"


def test_without_a_salesperson_the_priority_is_the_score() -> None:
    store = world(
        customers=[target("t"), potential("p")],
        people=[staff("t", "k", "cio")],
        ties=[("sp", "k", 1.0)],
        customer_needs=[valid("t")],
    )
    for account in score_accounts(store, PLAYBOOK, None):
        assert account.warmth is None and account.key_person is None and account.path is None
        assert account.priority.value == account.score.value
        assert "no warmth" in account.priority.criteria[0].reason


class CountingStore:
    """A store that counts its adjacency reads (one per layer of one search)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.adjacency_calls = 0

    def adjacency(self, person_ids: Collection[str]) -> Adjacency:
        self.adjacency_calls += 1
        return self.inner.adjacency(person_ids)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_one_search_serves_every_account() -> None:
    store = SqliteStore()
    import_bundle(store, DEMO)
    counting = CountingStore(store)
    ranked = score_accounts(counting, load_playbook(DEMO / "playbook.toml"), "sp-zhang")
    assert len(ranked) > 20
    assert counting.adjacency_calls <= 4  # one fetch per layer, however many accounts


# -- the demo --------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> SqliteStore:
    store = SqliteStore()
    import_bundle(store, DEMO)
    return store


def test_demo_accounts(demo: SqliteStore) -> None:
    playbook = load_playbook(DEMO / "playbook.toml")
    ranked = score_accounts(demo, playbook, "sp-zhang")
    accounts = by_id(ranked)
    assert {a.status for a in ranked} == {CustomerStatus.TARGET, CustomerStatus.POTENTIAL}
    assert "c-tianyu" not in accounts  # an old customer
    huaxin = accounts["c-huaxin"]
    assert [n.need_id for n in huaxin.needs] == ["n-data", "n-erp"]
    assert [u.need_id for u in huaxin.unmet_needs] == ["n-hardware"]
    assert huaxin.best_need == "n-erp" and huaxin.score.value == 1.0
    # sp-zhang > tianyu-03 (0.9) > huaxin-04 (0.9), the operations director.
    assert huaxin.path is not None and huaxin.path.nodes == ["sp-zhang", "tianyu-03", "huaxin-04"]
    assert huaxin.warmth is not None and huaxin.warmth.value == pytest.approx(0.81)
    boyuan = accounts["c-boyuan"]
    assert boyuan.path is not None and boyuan.path.nodes == ["sp-zhang", "boyuan-04"]
    assert boyuan.priority.value == pytest.approx(0.6 * 1.0 + 0.4 * 0.8)
    assert [a.customer_id for a in ranked[:2]] == ["c-huaxin", "c-boyuan"]
    assert "n-mainframe" in [u.need_id for u in accounts["c-hengtai"].unmet_needs]


def test_meeting_a_key_person_never_makes_the_account_colder() -> None:
    """张伟 met 华信制造's CEO through an introduction: the new direct tie was weaker
    than the chain to the operations director (0.81), and used to replace it in the
    account's warmth, taking 华信 from first to eighth."""
    store = SqliteStore()
    import_bundle(store, DEMO)
    playbook = load_playbook(DEMO / "playbook.toml")
    before = score_accounts(store, playbook, "sp-zhang")
    zhang, today = Caller(salesperson_id="sp-zhang"), date(2026, 12, 2)
    asked = request_intro(
        TeamView.of(store, "sp-zhang"), zhang, source=None, target="huaxin-01", today=today
    )
    for status in (IntroStatus.ACCEPTED, IntroStatus.MET):
        update_intro(
            store, COMMAND_LINE, asked.id, status=status, today=today, rules=playbook.evidence
        )
    met = store.ties([("sp-zhang", "huaxin-01")])[("huaxin-01", "sp-zhang")].strength
    assert 0.2 < met < 0.81
    after = score_accounts(store, playbook, "sp-zhang")
    huaxin = by_id(after)["c-huaxin"]
    assert huaxin.warmth is not None and huaxin.warmth.value == pytest.approx(0.81)
    assert huaxin.priority.value == by_id(before)["c-huaxin"].priority.value
    assert after[0].customer_id == before[0].customer_id == "c-huaxin"
    # The action: reach out to the CEO directly; the chain is named as the warmer way in.
    assert huaxin.path is not None and huaxin.path.nodes == ["sp-zhang", "huaxin-01"]
    assert huaxin.key_person is not None and huaxin.key_person.id == "huaxin-01"
    assert huaxin.warmth.criteria[0].reason.endswith(
        f"a direct tie of strength {met:.3f}; a warmer way in: 张伟 > 田凯 > 孙建华, "
        "strength 0.810 over 2 hops"
    )


# -- properties ----------------------------------------------------------------------

STRENGTHS = st.sampled_from([0.1, 0.3, 0.5, 0.8, 1.0]) | st.floats(0.05, 1.0)
INDUSTRIES = ["manufacturing", "retail", "finance", ""]


@st.composite
def bundles(draw: st.DrawFn) -> Bundle:
    """A random small graph with every kind of item, references all valid."""
    needs = [Need(id=f"n{i}", name=f"N{i}", can_meet=draw(st.booleans())) for i in range(4)]
    need_ids = [n.id for n in needs]
    roles = [
        Role(
            id=f"r{i}",
            name=f"R{i}",
            cares_about=tuple(
                draw(st.lists(st.sampled_from(need_ids), unique=True, min_size=1, max_size=3))
            ),
            power=draw(st.sampled_from(list(Power))),
        )
        for i in range(4)
    ]
    customers = [
        Customer(
            id=f"c{i}",
            name=f"C{i}",
            status=draw(st.sampled_from(list(CustomerStatus))),
            industry=draw(st.sampled_from(INDUSTRIES)),
            revenue=draw(st.none() | st.sampled_from([1e6, 2e8])),
            headcount=draw(st.none() | st.integers(0, 2000)),
            situation=tuple(draw(st.lists(st.sampled_from(["legacy_erp", "merger"]), unique=True))),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    people = [Person(id="sp", name="Sam", is_salesperson=True)]
    employers = st.sampled_from([c.id for c in customers])
    held = st.lists(st.sampled_from([r.id for r in roles]), unique=True, min_size=1, max_size=2)
    for i in range(draw(st.integers(3, 12))):
        people.append(
            Person(
                id=f"p{i}",
                name=f"P{i}",
                customer_id=draw(employers | employers | st.none()),
                roles=tuple(draw(held | held | st.just([]))),
            )
        )
    ids = [p.id for p in people]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    density = draw(st.integers(1, 4))  # about one pair in `density` is a tie
    chosen = [pair for pair in pairs if draw(st.integers(1, density)) == 1]
    ties = [Tie(source=a, target=b, strength=draw(STRENGTHS)) for a, b in chosen]
    customer_needs = [
        CustomerNeed(
            customer_id=c,
            need_id=n,
            approved=draw(st.booleans()),
            budget_this_year=draw(st.booleans()),
            budget=draw(st.none() | st.sampled_from([1e5, 1e6, 1e7])),
            kpi_related=draw(st.booleans()),
        )
        for c, n in draw(
            st.lists(
                st.tuples(st.sampled_from([c.id for c in customers]), st.sampled_from(need_ids)),
                unique=True,
                max_size=8,
            )
        )
    ]
    capabilities = [
        Capability(
            id="cap",
            name="Cap",
            kind=CapabilityKind.PRODUCT,
            solves=tuple(draw(st.lists(st.sampled_from(need_ids), unique=True))),
            price_min=5e5,
            price_max=5e6,
        )
    ]
    channels = []
    for i in range(draw(st.integers(0, 4))):
        person = draw(st.none() | st.sampled_from(ids))
        kind = ChannelKind.EXPERT if person else ChannelKind.FORUM
        channels.append(
            Channel(
                id=f"ch{i}",
                name=f"Ch{i}",
                kind=kind,
                audience=draw(st.sampled_from(list(Audience))),
                person_id=person,
            )
        )
    reach = []
    if channels:
        targets = ids + [c.id for c in customers]
        for ch, t in draw(
            st.lists(
                st.tuples(st.sampled_from([c.id for c in channels]), st.sampled_from(targets)),
                unique=True,
                max_size=10,
            )
        ):
            reach.append(Reach(channel_id=ch, target_id=t, strength=draw(STRENGTHS)))
    return Bundle(
        people=people,
        ties=ties,
        customers=customers,
        needs=needs,
        roles=roles,
        customer_needs=customer_needs,
        capabilities=capabilities,
        channels=channels,
        reach=reach,
    )


@st.composite
def playbooks(draw: st.DrawFn) -> Playbook:
    weights = st.sampled_from([0.0, 0.4, 0.6, 1.0, 3.0])
    return PLAYBOOK.model_copy(
        update={
            "priority": Priority(
                score=draw(weights), warmth=draw(weights), max_hops=draw(st.integers(1, 4))
            )
        }
    )


def check_accounts(store: GraphStore, playbook: Playbook, source: str) -> list[AccountScore]:
    """Every invariant of `score_accounts`, checked against the definitions."""
    ranked = score_accounts(store, playbook, source)
    assert [(-a.priority.value, a.customer_id) for a in ranked] == sorted(
        (-a.priority.value, a.customer_id) for a in ranked
    )
    needs = {n.id: n for n in store.needs()}
    cache = NeighbourCache(store.adjacency)
    weights = playbook.priority
    for a in ranked:
        assert a.status in (CustomerStatus.TARGET, CustomerStatus.POTENTIAL)
        assert a.warmth is not None
        for score in (a.score, a.warmth, a.priority):
            assert 0.0 <= score.value <= 1.0
            assert score.value == pytest.approx(weighted(score.criteria).value)
        assert all(needs[n.need_id].can_meet for n in a.needs)
        assert all(u.need_id not in needs or not needs[u.need_id].can_meet for u in a.unmet_needs)
        total = weights.score + weights.warmth
        expected = (
            (weights.score * a.score.value + weights.warmth * a.warmth.value) / total
            if total
            else 0.0
        )
        assert a.priority.value == pytest.approx(expected)
        # The warmth is the best way in, direct or through a chain; the way shown is a
        # key person the salesperson knows directly, whatever a chain's product.
        own = dict(cache.get([source])[source])
        direct = [own[k.id] for k in a.committee if k.id in own]
        brute = [best_path(cache, source, k.id, max_hops=weights.max_hops) for k in a.committee]
        best = max(direct + [p.strength for p in brute if p is not None], default=0.0)
        assert math.isclose(a.warmth.value, best, rel_tol=1e-9)
        if a.key_person is None:
            assert a.warmth.value == 0.0 and a.path is None
        else:
            assert a.path is not None and a.path.nodes[0] == source
            assert a.path.nodes[-1] == a.key_person.id
            assert a.key_person in a.committee
            shown = max(direct) if direct else a.warmth.value
            assert math.isclose(a.path.strength, shown, rel_tol=1e-12)
            assert a.path.hops == 1 if direct else a.path.hops <= weights.max_hops
    return ranked


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(bundles(), playbooks())
def test_properties_on_random_graphs(bundle: Bundle, playbook: Playbook) -> None:
    store = SqliteStore()
    store.load(bundle)
    ranked = check_accounts(store, playbook, "sp")
    expected = {c.id for c in bundle.customers if c.status is not CustomerStatus.EXISTING}
    assert {a.customer_id for a in ranked} == expected


def generated(people: int, seed: int) -> SqliteStore:
    store = SqliteStore()
    with tempfile.TemporaryDirectory() as folder:
        write_bundle(Path(folder), people=people, seed=seed)
        import_bundle(store, Path(folder))
    return store


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(80, 400), st.integers(0, 10_000))
def test_properties_on_generated_bundles(people: int, seed: int) -> None:
    store = generated(people, seed)
    ranked = check_accounts(store, load_playbook(DEMO / "playbook.toml"), "s0")
    assert ranked
