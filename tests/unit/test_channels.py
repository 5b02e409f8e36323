"""Channel ranking (T1): separately for target and potential customers, by reach of
their key persons weighted by the accounts' priority, each reach explained."""

from __future__ import annotations

from datetime import date

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
    IntroStatus,
)
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.accounts import score_accounts
from graph_mtl.services.channels import (
    COMPANY_ONLY,
    ChannelRanking,
    RankedChannel,
    rank_channels,
)
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.intros import request_intro, update_intro
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.unit.test_accounts import (
    DEMO,
    PLAYBOOK,
    bundles,
    generated,
    playbooks,
    potential,
    staff,
    target,
    valid,
    world,
)


def place(ident: str, audience: Audience = Audience.TARGET) -> Channel:
    return Channel(id=ident, name=ident.upper(), kind=ChannelKind.FORUM, audience=audience)


def expert(ident: str, person: str, audience: Audience = Audience.TARGET) -> Channel:
    return Channel(
        id=ident, name=ident.upper(), kind=ChannelKind.EXPERT, audience=audience, person_id=person
    )


def ids(ranked: list[RankedChannel] | None) -> list[str]:
    assert ranked is not None
    return [c.id for c in ranked]


def test_target_and_potential_customers_have_their_own_channels() -> None:
    store = world(
        customers=[target("t"), potential("p")],
        channels=[
            place("ch-t", Audience.TARGET),
            place("ch-p", Audience.POTENTIAL),
            place("ch-b", Audience.BOTH),
        ],
        reach=[(ch, c, 0.5) for ch in ("ch-t", "ch-p", "ch-b") for c in ("t", "p")],
    )
    ranking = rank_channels(store, PLAYBOOK)
    assert sorted(ids(ranking.target)) == ["ch-b", "ch-t"]
    assert sorted(ids(ranking.potential)) == ["ch-b", "ch-p"]
    assert ranking.target is not None and ranking.potential is not None
    for channel in ranking.target:
        assert [r.customer_id for r in channel.customers] == ["t"]
    for channel in ranking.potential:
        assert [r.customer_id for r in channel.customers] == ["p"]
    only = rank_channels(store, PLAYBOOK, audience=Audience.POTENTIAL)
    assert only.target is None and sorted(ids(only.potential)) == ["ch-b", "ch-p"]
    both = rank_channels(store, PLAYBOOK, audience=Audience.BOTH)
    assert both.target is not None and both.potential is not None


def test_reaching_the_decision_maker_of_a_high_priority_account_ranks_first() -> None:
    store = world(
        customers=[target("t-hi"), target("t-lo")],
        people=[staff("t-hi", "hi-cio", "cio"), staff("t-lo", "lo-cio", "cio")],
        customer_needs=[
            valid("t-hi"),
            CustomerNeed(customer_id="t-lo", need_id="erp", approved=True),
        ],
        channels=[place("ch-lo"), place("ch-hi")],
        reach=[("ch-hi", "hi-cio", 0.5), ("ch-lo", "lo-cio", 0.5)],
    )
    ranking = rank_channels(store, PLAYBOOK)
    assert ids(ranking.target) == ["ch-hi", "ch-lo"]
    assert ranking.target is not None
    hi, lo = ranking.target
    assert hi.score == pytest.approx(1.0 * 0.5)
    assert lo.score == pytest.approx(0.3 * 0.5)
    [reached] = hi.customers
    assert [p.id for p in reached.key_persons] == ["hi-cio"]
    assert reached.key_persons[0].via == ["reaches"]
    assert "decision maker" in reached.reason
    assert hi.coverage == pytest.approx(0.5 / 1.3)


def test_reaching_only_the_company_counts_less_than_reaching_a_key_person() -> None:
    store = world(
        customers=[target("t")],
        people=[staff("t", "cio1", "cio"), staff("t", "nobody")],
        customer_needs=[valid("t")],
        channels=[place("ch-company"), place("ch-person"), place("ch-staff")],
        reach=[
            ("ch-company", "t", 0.8),
            ("ch-person", "cio1", 0.5),
            ("ch-staff", "nobody", 1.0),  # someone there who decides nothing
        ],
    )
    ranking = rank_channels(store, PLAYBOOK)
    assert ids(ranking.target) == ["ch-person", "ch-company", "ch-staff"]
    assert ranking.target is not None
    person, company, nothing = ranking.target
    assert person.score == pytest.approx(0.5)
    assert company.score == pytest.approx(COMPANY_ONLY * 0.8)
    [by_company] = company.customers
    assert by_company.company == 0.8 and by_company.key_persons == []
    assert "company only" in by_company.reason
    assert nothing.score == 0.0 and nothing.customers == []


def test_a_person_channel_reaches_the_key_persons_its_person_knows() -> None:
    store = world(
        customers=[target("t")],
        people=[staff("t", "cio1", "cio"), staff("t", "cio2", "cio")],
        ties=[("peer", "cio1", 0.7), ("peer", "cio2", 0.3)],
        customer_needs=[valid("t")],
        channels=[expert("ch-pat", "peer")],
        reach=[("ch-pat", "cio1", 0.4), ("ch-pat", "cio2", 0.6)],
    )
    ranking = rank_channels(store, PLAYBOOK)
    assert ranking.target is not None
    [[reached]] = [c.customers for c in ranking.target]
    people = {p.id: p for p in reached.key_persons}
    assert people["cio1"].strength == 0.7 and people["cio1"].via == ["knows", "reaches"]
    assert people["cio2"].strength == 0.6
    assert reached.reach == 0.7 and ranking.target[0].score == pytest.approx(0.7)


def test_needs_we_cannot_meet_make_no_key_persons_to_reach() -> None:
    store = world(
        customers=[target("t")],
        people=[staff("t", "buyer1", "buyer")],
        customer_needs=[valid("t"), valid("t", "hw")],
        channels=[place("ch")],
        reach=[("ch", "buyer1", 1.0)],
    )
    [channel] = rank_channels(store, PLAYBOOK).target or []
    assert channel.customers == []


def test_existing_customers_never_count() -> None:
    store = world(
        customers=[target("t"), Customer(id="old", name="Old", status=CustomerStatus.EXISTING)],
        channels=[place("ch", Audience.BOTH)],
        reach=[("ch", "old", 1.0)],
    )
    ranking = rank_channels(store, PLAYBOOK)
    assert ranking.target is not None and ranking.potential is not None
    assert ranking.target[0].customers == [] and ranking.potential[0].customers == []


def test_with_a_salesperson_accounts_weigh_by_their_full_priority() -> None:
    store = world(
        customers=[target("t")],
        people=[staff("t", "cio1", "cio")],
        ties=[("sp", "cio1", 0.5)],
        customer_needs=[valid("t")],
        channels=[place("ch")],
        reach=[("ch", "cio1", 1.0)],
    )
    plain = rank_channels(store, PLAYBOOK)
    warm = rank_channels(store, PLAYBOOK, "sp")
    assert plain.source is None and "score alone" in plain.basis
    assert warm.source == "sp" and "sp" in warm.basis
    assert plain.target is not None and warm.target is not None
    assert plain.target[0].customers[0].priority == 1.0
    assert warm.target[0].customers[0].priority == pytest.approx(0.6 + 0.4 * 0.5)


def test_demo_channels() -> None:
    store = SqliteStore()
    import_bundle(store, DEMO)
    ranking = rank_channels(store, load_playbook(DEMO / "playbook.toml"), "sp-zhang")
    assert ranking.target is not None and ranking.potential is not None
    target_ids, potential_ids = ids(ranking.target), ids(ranking.potential)
    # ch-peer-ma reaches huaxin-02, but it is a channel to potential customers.
    assert "ch-peer-ma" not in target_ids and "ch-peer-ma" in potential_ids
    assert "ch-baidu" in target_ids and "ch-baidu" not in potential_ids
    assert "ch-csdn" in target_ids and "ch-csdn" in potential_ids
    # The expert reaches 华信's new CIO, whom no warm path reaches.
    qian = next(c for c in ranking.target if c.id == "ch-ex-qian")
    huaxin = next(r for r in qian.customers if r.customer_id == "c-huaxin")
    assert "huaxin-02" in [p.id for p in huaxin.key_persons]
    # Experts reaching decision makers beat search engines reaching companies.
    assert target_ids[0].startswith("ch-ex-")


# -- properties ----------------------------------------------------------------------


def check_ranking(
    store: GraphStore, playbook: Playbook, source: str | None, ranking: ChannelRanking
) -> None:
    """Every invariant of a ranking, recomputed from the definitions."""
    accounts = {a.customer_id: a for a in score_accounts(store, playbook, source)}
    channels = {c.id: c for c in store.channels()}
    reach = {(r.channel_id, r.target_id): r.strength for r in store.reach()}
    for status, ranked in (
        (CustomerStatus.TARGET, ranking.target),
        (CustomerStatus.POTENTIAL, ranking.potential),
    ):
        assert ranked is not None
        allowed = {Audience.BOTH, Audience(status.value)}
        assert {c.id for c in ranked} == {i for i, c in channels.items() if c.audience in allowed}
        assert [(-c.score, c.id) for c in ranked] == sorted((-c.score, c.id) for c in ranked)
        group = [a for a in accounts.values() if a.status is status]
        total = sum(a.priority.value for a in group)
        for channel in ranked:
            assert channel.audience in allowed
            assert channel.score == pytest.approx(sum(r.contribution for r in channel.customers))
            assert 0.0 <= channel.coverage <= 1.0
            if total:
                assert channel.coverage == pytest.approx(channel.score / total)
            knows = (
                dict(store.adjacency([channel.person_id]).get(channel.person_id, ()))
                if channel.person_id
                else {}
            )
            expected = {}
            for account in group:
                people = {
                    kp.id: max(reach.get((channel.id, kp.id), 0.0), knows.get(kp.id, 0.0))
                    for kp in account.committee
                }
                company = reach.get((channel.id, account.customer_id))
                best = max([*people.values(), COMPANY_ONLY * (company or 0.0)])
                if company is not None or any(people.values()):
                    expected[account.customer_id] = (best, {k for k, v in people.items() if v})
            assert {r.customer_id for r in channel.customers} == set(expected)
            for r in channel.customers:
                account = accounts[r.customer_id]
                assert account.status is status
                assert r.priority == account.priority.value
                assert 0.0 <= r.reach <= 1.0
                assert r.reach == pytest.approx(expected[r.customer_id][0])
                assert {p.id for p in r.key_persons} == expected[r.customer_id][1]
                assert r.contribution == pytest.approx(r.priority * r.reach)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(bundles(), playbooks(), st.booleans())
def test_properties_on_random_graphs(bundle: Bundle, playbook: Playbook, warm: bool) -> None:
    store = SqliteStore()
    store.load(bundle)
    source = "sp" if warm else None
    check_ranking(store, playbook, source, rank_channels(store, playbook, source))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(80, 400), st.integers(0, 10_000), st.booleans())
def test_properties_on_generated_bundles(people: int, seed: int, warm: bool) -> None:
    store = generated(people, seed)
    playbook = load_playbook(DEMO / "playbook.toml")
    source = "s0" if warm else None
    check_ranking(store, playbook, source, rank_channels(store, playbook, source))


def test_a_person_channel_shows_how_its_person_answered_introduction_requests() -> None:
    store = SqliteStore()
    import_bundle(store, DEMO)
    playbook = load_playbook(DEMO / "playbook.toml")
    today = date(2026, 12, 1)

    def ask(target: str, via: str, status: str) -> None:
        made = request_intro(
            store, COMMAND_LINE, source="sp-zhang", target=target, via=via, today=today
        )
        for step in {"accepted": ["accepted"], "met": ["accepted", "met"]}.get(status, [status]):
            update_intro(
                store,
                COMMAND_LINE,
                made.id,
                status=IntroStatus(step),
                today=today,
                rules=playbook.evidence,
            )

    ask("huaxin-01", "tianyu-03", "met")
    ask("huaxin-05", "tianyu-03", "declined")
    ask("huaxin-07", "tianyu-03", "withdrawn")  # says nothing about the connector
    ranking = rank_channels(store, playbook, "sp-zhang")
    ranked = [c for c in (ranking.target or []) + (ranking.potential or [])]
    records = {c.id: c.record for c in ranked}
    assert records["ch-tianyu-03"] == "introduced 1 of 2 asked"
    assert {r for i, r in records.items() if i != "ch-tianyu-03"} == {None}
