"""Outreach plans (T2) on the hand-built graph of test_committee, plus properties on
generated bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_mtl.domain.address import split_name
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerNeed, CustomerStatus, Need
from graph_mtl.domain.playbook import Messages, Playbook, Priority
from graph_mtl.domain.scoring import meetable
from graph_mtl.errors import InvalidInput, NotFound
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.outreach import (
    TEMPLATE_FIELDS,
    OutreachPlan,
    PersonPlan,
    Strategy,
    check_messages,
    outreach_plan,
)
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle
from tests.unit.test_committee import _person, _tie, hand_built

PLAYBOOK = Playbook(
    messages=Messages(
        insights={"merger": "two charts of accounts cost more than one migration at {customer}"}
    )
)


def _store(*extra: Customer, needs: list[CustomerNeed] | None = None) -> SqliteStore:
    bundle = hand_built()
    bundle.customers += list(extra)
    bundle.customer_needs += needs or []
    store = SqliteStore()
    store.load(bundle)
    return store


@pytest.fixture
def store() -> SqliteStore:
    return _store()


def _plan_for(plan: OutreachPlan, ident: str) -> PersonPlan:
    return next(p for p in plan.people if p.id == ident)


def test_a_target_customer_is_shown_that_we_are_able(store: SqliteStore) -> None:
    plan = outreach_plan(store, PLAYBOOK, "acme", "sp")
    assert plan.strategy is Strategy.SHOW_ABILITY
    m1 = _plan_for(plan, "m1")
    assert m1.strategy is Strategy.SHOW_ABILITY
    assert m1.capabilities == ["suite"] and m1.advantages == ["fast rollout", "local team"]
    assert m1.message == (
        "Dear M1, I am Sam. I understand Acme is working on ERP. What counts is the "
        "difference ERP makes for Acme. With ERP suite, we bring fast rollout and local team. "
        "Could we find 20 minutes next week?"
    )
    assert [n.id for n in plan.needs] == ["erp"]
    assert plan.needs[0].capabilities == ["suite"]


def test_needs_we_cannot_meet_are_not_opportunities(store: SqliteStore) -> None:
    plan = outreach_plan(store, PLAYBOOK, "acme", "sp")
    assert [(n.need_id, n.name) for n in plan.not_opportunities] == [("hw", "Hardware")]
    assert "P1" in plan.not_opportunities[0].reason
    # m7 cares only about hardware: a key person of the committee, not of the plan.
    assert "m7" not in {p.id for p in plan.people}
    assert {p.id for p in plan.people} == {"m1", "m2", "m3", "m6"}
    assert all(p.needs == ["erp"] for p in plan.people)


def test_the_first_introducer_gets_an_introduction_request(store: SqliteStore) -> None:
    plan = outreach_plan(store, PLAYBOOK, "acme", "sp")
    m1 = _plan_for(plan, "m1")
    assert m1.path is not None and m1.path.nodes == ["sp", "f1", "m1"]
    assert (m1.ask, m1.ask_name, m1.direct) == ("f1", "F1", False)
    assert m1.action == "Ask F1 to introduce you to M1."
    # A message to a person: the tie's own note ("tennis club") stays internal.
    assert m1.introduction == (
        "Hi F1, could you introduce me to M1, CIO at Acme? I would like to talk to them "
        "about ERP: What counts is the difference ERP makes for Acme. Thank you! Sam"
    )


def test_a_longer_path_names_who_passes_you_on(store: SqliteStore) -> None:
    _hire(store, "m8", "acme", "it", tie=("m3", 0.9))
    plan = outreach_plan(store, PLAYBOOK, "acme", "sp")
    m8 = _plan_for(plan, "m8")
    assert m8.path is not None and m8.path.nodes == ["sp", "f2", "m3", "m8"]
    assert m8.ask == "f2" and m8.action == "Ask F2 to introduce you to M8 (through M3)."
    assert m8.introduction == (
        "Hi F2, I would like to meet M8, IT manager at Acme, about ERP. You know M3, "
        "who could put me in touch: would you ask them for me? Thank you! Sam"
    )


def test_a_known_key_person_needs_no_introduction(store: SqliteStore) -> None:
    plan = outreach_plan(store, PLAYBOOK, "beta", "sp")
    b1 = _plan_for(plan, "b1")
    assert b1.direct and b1.ask is None and b1.introduction is None
    assert "You know B1 (university classmates): reach out directly" in b1.action
    assert "no introduction" in b1.action
    assert any("you already know B1" in note for note in plan.notes)
    b2 = _plan_for(plan, "b2")
    assert not b2.direct and b2.ask == "b1" and b2.introduction is not None
    assert [d.id for d in plan.door_openers] == ["b1"]


def test_gaps_get_the_channels_to_use_instead(store: SqliteStore) -> None:
    plan = outreach_plan(store, PLAYBOOK, "acme", "sp")
    m6 = _plan_for(plan, "m6")
    assert m6.path is None and m6.ask is None and m6.introduction is None
    assert [c.channel_id for c in m6.channels] == ["peer", "forum"]
    assert m6.action == "No warm path within 4 hops: go through Peer P1, CIO forum instead."
    assert all(not p.channels for p in plan.people if p.path is not None)
    assert plan.coverage == 0.75


def test_a_potential_customer_gets_an_insight_from_its_situation() -> None:
    store = _store(
        Customer(
            id="gamma",
            name="Gamma",
            status=CustomerStatus.POTENTIAL,
            industry="logistics",
            situation=("rapid_growth", "merger"),
        )
    )
    _hire(store, "g1", "gamma", "cio")
    plan = outreach_plan(store, PLAYBOOK, "gamma", "sp")
    assert plan.strategy is Strategy.UNEXPECTED_INSIGHT
    g1 = _plan_for(plan, "g1")
    insight = "two charts of accounts cost more than one migration at Gamma"
    assert g1.insight == insight  # the first tag the playbook has an insight for
    assert g1.message.startswith(f"Dear G1, I am Sam. One thing we keep seeing: {insight}.")
    assert g1.capabilities == [] and g1.advantages == []
    # Nothing recorded yet: key persons of every need we can meet.
    assert [n.id for n in plan.needs] == ["crm", "erp"]
    assert any("no need is recorded" in note for note in plan.notes)


def test_a_potential_customer_without_a_known_situation_gets_the_default_insight() -> None:
    store = _store(
        Customer(id="delta", name="Delta", status=CustomerStatus.POTENTIAL, industry="retail")
    )
    _hire(store, "d1", "delta", "it")
    plan = outreach_plan(store, PLAYBOOK, "delta", "sp")
    d1 = _plan_for(plan, "d1")
    assert d1.insight == "what peers in retail changed in the last year, and what it saved them"
    assert d1.insight in d1.message


def test_an_old_customer_is_said_to_be_one_and_still_planned() -> None:
    store = _store(
        Customer(id="old", name="Oldco", status=CustomerStatus.EXISTING),
        needs=[CustomerNeed(customer_id="old", need_id="erp")],
    )
    _hire(store, "o2", "old", "cio", tie=("f1", 0.5))
    plan = outreach_plan(store, PLAYBOOK, "old", "sp")
    assert plan.status is CustomerStatus.EXISTING
    assert any("old customer" in note for note in plan.notes)
    assert plan.strategy is Strategy.SHOW_ABILITY  # it carries a recorded need
    assert _plan_for(plan, "o2").ask == "f1"


def test_only_needs_we_cannot_meet_leave_nobody_to_reach() -> None:
    store = _store(
        Customer(id="hwco", name="HW Co", status=CustomerStatus.TARGET),
        needs=[CustomerNeed(customer_id="hwco", need_id="hw")],
    )
    _hire(store, "h1", "hwco", "cio")
    plan = outreach_plan(store, PLAYBOOK, "hwco", "sp")
    assert plan.people == [] and plan.needs == [] and plan.coverage == 0.0
    assert [n.need_id for n in plan.not_opportunities] == ["hw"]
    assert plan.strategy is Strategy.UNEXPECTED_INSIGHT
    assert any(note.startswith("no key persons") for note in plan.notes)


def test_the_hop_limit_defaults_to_the_playbook(store: SqliteStore) -> None:
    tight = Playbook(priority=Priority(max_hops=1))
    plan = outreach_plan(store, tight, "acme", "sp")
    assert plan.max_hops == 1 and plan.coverage == 0.0
    assert outreach_plan(store, tight, "acme", "sp", max_hops=2).coverage == 0.75


@pytest.mark.parametrize(
    ("messages", "template", "placeholder"),
    [
        (Messages(target="Show {customer} our {nope}"), "messages.target", "{nope}"),
        (Messages(potential="{insight} {budget}"), "messages.potential", "{budget}"),
        (
            Messages(introduction="Hi {introducer}, ask {next}"),
            "messages.introduction",
            "{next}",
        ),
        (Messages(insights={"merger": "{contact}"}), "messages.insights.merger", "{contact}"),
        (Messages(default_insight="{need}"), "messages.default_insight", "{need}"),
    ],
)
def test_a_bad_placeholder_names_the_template(
    store: SqliteStore, messages: Messages, template: str, placeholder: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        outreach_plan(store, Playbook(messages=messages), "acme", "sp")
    assert caught.value.field == "playbook"
    assert template in str(caught.value) and placeholder in str(caught.value)
    assert "unknown placeholder" in str(caught.value)


@pytest.mark.parametrize("template", ["{}", "{0}", "{customer.name}", "{customer:d}", "{oops"])
def test_a_malformed_template_is_invalid_input(template: str) -> None:
    with pytest.raises(InvalidInput, match=r"messages\.target"):
        check_messages(Messages(target=template))


def test_the_built_in_and_demo_playbooks_are_valid() -> None:
    check_messages(load_playbook(None).messages)
    check_messages(load_playbook(Path("seed/demo/playbook.toml")).messages)
    assert set(TEMPLATE_FIELDS) == {
        "target",
        "potential",
        "existing",
        "roles",
        "default_role",
        "insights",
        "default_insight",
        "introduction",
        "introduction_chain",
        "forms",
    }


@pytest.mark.parametrize(
    ("customer", "source", "kind"), [("nope", "sp", "customer"), ("acme", "nobody", "person")]
)
def test_unknown_ids_are_not_found(
    store: SqliteStore, customer: str, source: str, kind: str
) -> None:
    with pytest.raises(NotFound) as caught:
        outreach_plan(store, PLAYBOOK, customer, source)
    assert caught.value.kind == kind


def _hire(
    store: SqliteStore,
    ident: str,
    customer: str,
    role: str,
    *,
    tie: tuple[str, float] | None = None,
) -> None:
    ties = [] if tie is None else [_tie(tie[0], ident, tie[1])]
    store.load(Bundle(people=[_person(ident, customer, role)], ties=ties))


# -- properties on generated bundles -------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    folder = tmp_path_factory.mktemp("bundle")
    write_bundle(folder, people=500, seed=5)
    store = SqliteStore()
    import_bundle(store, folder)
    return store


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_properties_on_generated_bundles(generated: SqliteStore, data: st.DataObject) -> None:
    store = generated
    customer = data.draw(st.sampled_from(store.customers()))
    source = next(p.id for p in store.export().people if p.is_salesperson)
    plan = outreach_plan(store, load_playbook(None), customer.id, source, max_hops=3)
    needs: dict[str, Need] = {n.id: n for n in store.needs()}
    assert all(meetable(needs[n.id]) for n in plan.needs)
    assert all(not meetable(needs.get(n.need_id)) for n in plan.not_opportunities)
    wanted = {n.id for n in plan.needs}
    recorded = {cn.need_id for cn in store.customer_needs(customer_id=customer.id)}
    expected = (
        Strategy.SHOW_ABILITY
        if customer.status is not CustomerStatus.POTENTIAL and recorded & wanted
        else Strategy.UNEXPECTED_INSIGHT
    )
    assert plan.strategy is expected
    staff = {p.id for p in store.employees(customer.id)}
    for person in plan.people:
        assert person.id in staff and set(person.needs) <= wanted
        assert person.strategy is plan.strategy
        path = person.path
        assert person.direct == (path is not None and path.hops == 1)
        assert person.ask == (path.nodes[1] if path is not None and path.hops >= 2 else None)
        assert (person.introduction is not None) == (person.ask is not None)
        if person.introduction is not None:
            assert person.ask_name is not None
            # greeted as the playbook's form has it: 林总 or 志远, never the name reversed
            assert any(part and part in person.introduction for part in split_name(person.ask_name))
            assert person.name in person.introduction
        assert (path is None) or not person.channels
        if plan.strategy is Strategy.UNEXPECTED_INSIGHT:
            assert person.insight and person.insight in person.message
