"""Contact evaluation (T3): the kind from the article's definitions, the quality part by
part, recording, and a lead turning into a business opportunity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Capability,
    CapabilityKind,
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    OpportunityKind,
    Person,
    Power,
    Role,
    Tie,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.services.evaluation import ContactEvaluation, evaluate_contact, opportunity_id
from graph_mtl.services.pipeline import pipeline
from graph_mtl.stores.sqlite_store import SqliteStore

TODAY = date(2026, 5, 4)
PLAYBOOK = Playbook()
BO, LEAD, NONE = (
    OpportunityKind.BUSINESS_OPPORTUNITY,
    OpportunityKind.LEAD,
    OpportunityKind.NOT_AN_OPPORTUNITY,
)


def _bundle() -> Bundle:
    """Acme (target) needs an ERP, approved with budget in our band; hardware we do not
    sell. Cai is its CIO, Ito its IT manager, Clo a clerk with no role, Oz a CIO elsewhere."""
    return Bundle(
        people=[
            Person(id="sp", name="Sam", is_salesperson=True),
            Person(id="cai", name="Cai", customer_id="acme", roles=("cio",)),
            Person(id="ito", name="Ito", customer_id="acme", roles=("it",)),
            Person(id="clo", name="Clo", customer_id="acme"),
            Person(id="oz", name="Oz", customer_id="other", roles=("cio",)),
            Person(id="free", name="Fay"),
        ],
        ties=[
            Tie(source="sp", target="cai", strength=0.5),
            Tie(source="sp", target="clo", strength=0.8),
            Tie(source="clo", target="ito", strength=0.5),
        ],
        customers=[
            Customer(id="acme", name="Acme", status=CustomerStatus.TARGET, industry="retail"),
            Customer(
                id="other",
                name="Other",
                status=CustomerStatus.POTENTIAL,
                industry="retail",
                situation=("legacy_erp",),
            ),
        ],
        needs=[
            Need(id="erp", name="ERP", can_meet=True),
            Need(id="crm", name="CRM", can_meet=True),
            Need(id="hw", name="Hardware", can_meet=False),
        ],
        roles=[
            Role(id="cio", name="CIO", cares_about=("erp", "hw"), power=Power.DECISION_MAKER),
            Role(id="it", name="IT manager", cares_about=("erp",), power=Power.INFLUENCER),
        ],
        customer_needs=[
            CustomerNeed(
                customer_id="acme",
                need_id="erp",
                approved=True,
                budget_this_year=True,
                budget=500_000.0,
                kpi_related=True,
            ),
            CustomerNeed(customer_id="acme", need_id="hw", approved=True, budget=90_000.0),
        ],
        capabilities=[
            Capability(
                id="suite",
                name="ERP suite",
                kind=CapabilityKind.PRODUCT,
                solves=("erp",),
                price_min=100_000.0,
                price_max=1_000_000.0,
            )
        ],
    )


@pytest.fixture
def store() -> SqliteStore:
    graph = SqliteStore()
    graph.load(_bundle())
    return graph


def _part(result: ContactEvaluation, name: str) -> float:
    return next(p.value for p in result.parts if p.name == name)


def test_a_key_person_raises_a_business_opportunity(store: SqliteStore) -> None:
    result = evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY)
    assert result.kind is BO
    assert result.key_person is not None and result.key_person.power is Power.DECISION_MAKER
    assert "Cai is a key person for ERP at Acme" in result.reasons[0]


def test_anyone_else_passes_on_a_lead(store: SqliteStore) -> None:
    clerk = evaluate_contact(store, PLAYBOOK, "clo", "acme", "erp", today=TODAY)
    assert (clerk.kind, clerk.works_at_customer, clerk.key_person) == (LEAD, True, None)
    assert "works at Acme but holds no role" in clerk.reasons[0]
    assert "Cai (CIO)" in clerk.reasons[1]  # whom to reach to turn it into one
    # A CIO, but of another company: no key person here.
    outsider = evaluate_contact(store, PLAYBOOK, "oz", "acme", "erp", today=TODAY)
    assert (outsider.kind, outsider.works_at_customer) == (LEAD, False)
    assert "does not work at Acme" in outsider.reasons[0]
    assert outsider.parts[1].criteria[0].score == PLAYBOOK.evaluation.no_role


def test_a_need_we_cannot_meet_is_never_an_opportunity(store: SqliteStore) -> None:
    for contact in ("cai", "ito", "clo", "oz", "free"):
        result = evaluate_contact(
            store, PLAYBOOK, contact, "acme", "hw", today=TODAY, salesperson="sp"
        )
        assert (result.kind, result.quality, result.parts) == (NONE, 0.0, [])
        assert "outside our capability boundary" in result.reasons[0]


def test_quality_is_the_weighted_blend_of_its_three_parts(store: SqliteStore) -> None:
    result = evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY, salesperson="sp")
    # customer: every validity criterion holds -> 1; informant: power 1.0 and tie 0.5
    # -> 0.75; completeness: need, budget (on record) and key persons of 6 -> 0.5.
    assert [p.name for p in result.parts] == [
        "customer_quality",
        "informant_quality",
        "completeness",
    ]
    assert _part(result, "customer_quality") == pytest.approx(1.0)
    assert _part(result, "informant_quality") == pytest.approx(0.75)
    assert _part(result, "completeness") == pytest.approx(0.5)
    assert result.quality == pytest.approx(0.4 * 1.0 + 0.3 * 0.75 + 0.3 * 0.5)
    assert result.path is not None and result.path.nodes == ["sp", "cai"]


def test_informant_quality_without_a_salesperson_is_the_power_alone(
    store: SqliteStore,
) -> None:
    result = evaluate_contact(store, PLAYBOOK, "ito", "acme", "erp", today=TODAY)
    informant = result.parts[1]
    assert [c.name for c in informant.criteria] == ["power"]
    assert informant.value == pytest.approx(PLAYBOOK.evaluation.power[Power.INFLUENCER])
    unreachable = evaluate_contact(
        store, PLAYBOOK, "free", "acme", "erp", today=TODAY, salesperson="sp"
    )
    tie = unreachable.parts[1].criteria[1]
    assert (tie.name, tie.score) == ("tie_strength", 0.0)
    assert "no warm path" in tie.reason


def test_completeness_counts_given_and_recorded_facts(store: SqliteStore) -> None:
    result = evaluate_contact(
        store,
        PLAYBOOK,
        "clo",
        "acme",
        "erp",
        today=TODAY,
        fields={"timeline": "Q3", "competitors": "  ", "decision_process": "board"},
    )
    known = {c.name: c.score for c in result.parts[2].criteria}
    assert known == {
        "need": 1.0,
        "budget": 1.0,
        "timeline": 1.0,
        "decision_process": 1.0,
        "key_persons": 1.0,
        "competitors": 0.0,  # blank counts as unknown
    }
    assert _part(result, "completeness") == pytest.approx(5 / 6)
    # CRM at Acme: nothing on record, no role cares about it.
    bare = evaluate_contact(store, PLAYBOOK, "clo", "acme", "crm", today=TODAY)
    assert _part(bare, "completeness") == pytest.approx(1 / 6)
    assert bare.reasons[1] == "no key person for CRM at Acme is known yet"


def test_customer_quality_is_validity_for_a_target_need_else_fit(store: SqliteStore) -> None:
    target = evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY)
    assert [c.name for c in target.parts[0].criteria] == [
        "approved",
        "budget_this_year",
        "budget_in_band",
        "kpi_related",
    ]
    no_record = evaluate_contact(store, PLAYBOOK, "cai", "acme", "crm", today=TODAY)
    potential = evaluate_contact(store, PLAYBOOK, "oz", "other", "erp", today=TODAY)
    fit = ["industry", "revenue", "headcount", "situation"]
    assert [c.name for c in no_record.parts[0].criteria] == fit
    assert [c.name for c in potential.parts[0].criteria] == fit
    assert potential.kind is BO  # Oz is a key person at his own company


def test_a_recorded_lead_becomes_a_business_opportunity(store: SqliteStore) -> None:
    lead = evaluate_contact(
        store, PLAYBOOK, "clo", "acme", "erp", today=TODAY, record=True, fields={"timeline": "Q3"}
    )
    assert (lead.kind, lead.previous_kind, lead.recorded) == (LEAD, None, True)
    [stored] = store.opportunities()
    assert stored.id == lead.opportunity_id == opportunity_id("clo", "acme", "erp")
    assert (stored.kind, stored.contact_id, stored.recorded_on) == (LEAD, "clo", TODAY)
    assert stored.details == {"timeline": "Q3"}

    # Clo takes on the IT manager's role: now a key person for the ERP.
    store.load(Bundle(people=[Person(id="clo", name="Clo", customer_id="acme", roles=("it",))]))
    later = date(2026, 6, 1)
    again = evaluate_contact(store, PLAYBOOK, "clo", "acme", "erp", today=later)
    assert (again.kind, again.previous_kind, again.upgraded) == (BO, LEAD, True)
    assert again.reasons[-1] == "was a lead (recorded 2026-05-04), now a business opportunity"
    assert again.details == {"timeline": "Q3"}  # what was recorded stays known
    assert store.opportunities()[0].kind is LEAD  # not recorded yet

    evaluate_contact(store, PLAYBOOK, "clo", "acme", "erp", today=later, record=True)
    [upgraded] = store.opportunities()
    assert (upgraded.id, upgraded.kind, upgraded.recorded_on) == (stored.id, BO, later)
    assert upgraded.quality > stored.quality
    assert upgraded.previous_kind is LEAD

    # The pipeline shows it upgraded, and keeps saying so after an evaluation that
    # changes nothing.
    evaluate_contact(store, PLAYBOOK, "clo", "acme", "erp", today=later, record=True)
    evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY, record=True)
    shown = pipeline(store)
    assert [(e.contact, e.kind, e.upgraded) for e in shown.opportunities] == [
        ("clo", BO, True),
        ("cai", BO, False),
    ]
    assert (shown.business_opportunities, shown.leads, shown.upgraded) == (2, 0, 1)
    assert [e.contact for e in pipeline(store, kind=LEAD).opportunities] == []
    assert [e.contact for e in pipeline(store, customer="acme").opportunities] == ["clo", "cai"]
    assert pipeline(store, source="sp").opportunities == []  # recorded without a salesperson


def test_another_contact_is_a_record_of_its_own(store: SqliteStore) -> None:
    evaluate_contact(store, PLAYBOOK, "clo", "acme", "erp", today=TODAY, record=True)
    result = evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY, record=True)
    assert (result.kind, result.previous_kind, result.upgraded) == (BO, None, False)
    assert sorted(o.kind for o in store.opportunities()) == sorted([LEAD, BO])


def test_an_empty_value_forgets_a_recorded_fact(store: SqliteStore) -> None:
    evaluate_contact(
        store, PLAYBOOK, "clo", "acme", "erp", today=TODAY, record=True, fields={"timeline": "Q3"}
    )
    result = evaluate_contact(
        store, PLAYBOOK, "clo", "acme", "erp", today=TODAY, record=True, fields={"timeline": ""}
    )
    assert result.details == {}
    assert store.opportunities()[0].details == {}


def test_a_recorded_opportunity_survives_the_store_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    graph = SqliteStore(path)
    graph.load(_bundle())
    evaluate_contact(
        graph,
        PLAYBOOK,
        "cai",
        "acme",
        "erp",
        today=TODAY,
        salesperson="sp",
        record=True,
        fields={"competitors": "SAP, Oracle"},
    )
    assert SqliteStore(path).opportunities() == graph.opportunities()
    [stored] = SqliteStore(path).opportunities()
    assert (stored.kind, stored.details) == (BO, {"competitors": "SAP, Oracle"})


def test_evaluating_without_record_writes_nothing(store: SqliteStore) -> None:
    evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY)
    assert store.opportunities() == []


def test_bad_requests_are_named(store: SqliteStore) -> None:
    with pytest.raises(InvalidInput, match="'budgett' is not one of the playbook's fields"):
        evaluate_contact(
            store, PLAYBOOK, "cai", "acme", "erp", today=TODAY, fields={"budgett": "1"}
        )
    with pytest.raises(NotFound, match="unknown person 'ghost'"):
        evaluate_contact(store, PLAYBOOK, "ghost", "acme", "erp", today=TODAY)
    with pytest.raises(NotFound, match="unknown customer 'nowhere'"):
        evaluate_contact(store, PLAYBOOK, "cai", "nowhere", "erp", today=TODAY)
    with pytest.raises(NotFound, match="unknown need 'nothing'"):
        evaluate_contact(store, PLAYBOOK, "cai", "acme", "nothing", today=TODAY)
    with pytest.raises(NotFound, match="unknown person 'nobody'"):
        evaluate_contact(store, PLAYBOOK, "cai", "acme", "erp", today=TODAY, salesperson="nobody")
    with pytest.raises(InvalidInput, match="is the contact"):
        evaluate_contact(store, PLAYBOOK, "sp", "acme", "erp", today=TODAY, salesperson="sp")


def test_opportunity_ids_do_not_collide_when_ids_hold_separators() -> None:
    assert opportunity_id("a-b", "c", "d") != opportunity_id("a", "b-c", "d")
    assert opportunity_id("a", "b", "c") == opportunity_id("a", "b", "c")
    assert len(opportunity_id("x" * 200, "y" * 200, "z" * 200)) <= 200


# -- properties on random small graphs ------------------------------------

POWERS = st.sampled_from(list(Power))


@st.composite
def graphs(draw: st.DrawFn) -> Bundle:
    needs = [Need(id=f"n{i}", name=f"N{i}", can_meet=draw(st.booleans())) for i in range(3)]
    need_ids = [n.id for n in needs]
    roles = [
        Role(
            id=f"r{i}",
            name=f"R{i}",
            cares_about=tuple(draw(st.lists(st.sampled_from(need_ids), unique=True))),
            power=draw(POWERS),
        )
        for i in range(3)
    ]
    statuses = st.sampled_from(list(CustomerStatus))
    customers = [
        Customer(id=f"c{i}", name=f"C{i}", status=draw(statuses), industry="retail")
        for i in range(2)
    ]
    people = [Person(id="sp", name="Sam", is_salesperson=True)] + [
        Person(
            id=f"p{i}",
            name=f"P{i}",
            customer_id=draw(st.sampled_from([None, "c0", "c1"])),
            roles=tuple(draw(st.lists(st.sampled_from([r.id for r in roles]), unique=True))),
        )
        for i in range(5)
    ]
    ids = [p.id for p in people]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    ties = [
        Tie(source=a, target=b, strength=draw(st.floats(0.05, 1.0)))
        for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
    ]
    customer_needs = [
        CustomerNeed(
            customer_id=c,
            need_id=n,
            approved=draw(st.booleans()),
            budget=draw(st.none() | st.floats(0, 2e6)),
        )
        for c, n in draw(
            st.lists(st.sampled_from([(c.id, n) for c in customers for n in need_ids]), unique=True)
        )
    ]
    return Bundle(
        people=people,
        ties=ties,
        customers=customers,
        needs=needs,
        roles=roles,
        customer_needs=customer_needs,
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    graphs(),
    st.sampled_from([f"p{i}" for i in range(5)]),
    st.sampled_from(["c0", "c1"]),
    st.sampled_from(["n0", "n1", "n2"]),
    st.booleans(),
    st.dictionaries(st.sampled_from(PLAYBOOK.evaluation.fields), st.text(max_size=3)),
)
def test_kind_and_quality_follow_the_definitions(
    bundle: Bundle,
    contact: str,
    customer: str,
    need: str,
    with_salesperson: bool,
    fields: dict[str, str],
) -> None:
    graph = SqliteStore()
    graph.load(bundle)
    result = evaluate_contact(
        graph,
        PLAYBOOK,
        contact,
        customer,
        need,
        today=TODAY,
        fields=fields,
        salesperson="sp" if with_salesperson else None,
        record=True,
    )
    person = next(p for p in bundle.people if p.id == contact)
    cares = {n for r in bundle.roles if r.id in person.roles for n in r.cares_about}
    can_meet = next(n.can_meet for n in bundle.needs if n.id == need)
    if not can_meet:
        expected = NONE
    elif person.customer_id == customer and need in cares:
        expected = BO
    else:
        expected = LEAD
    assert result.kind is expected
    assert result.works_at_customer == (person.customer_id == customer)
    assert 0.0 <= result.quality <= 1.0
    assert all(0.0 <= p.value <= 1.0 for p in result.parts)
    if expected is NONE:
        assert result.quality == 0.0
    else:
        completeness = result.parts[2]
        known = sum(c.score for c in completeness.criteria)
        assert completeness.value == pytest.approx(known / len(PLAYBOOK.evaluation.fields))
    [stored] = graph.opportunities()
    assert (stored.kind, stored.quality) == (result.kind, result.quality)
