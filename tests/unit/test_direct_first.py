"""A key person the salesperson knows is reached directly (the article's P3 → LTC),
whatever the product of a longer chain: committee, outreach, reports and the
accounts all show the salesperson's own tie first. The account's warmth is still
its best way in, here the chain.

The graph, as a user wrote it by hand: Sam met Kim Lee (the CFO) yesterday, a tie of
strength 0.4; a three-hop chain Sam ─1.0─ Jo Park ─0.8─ Sam O'Neil, Jr. ─0.625─ Kim
Lee has the higher product, 0.5.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import (
    Customer,
    CustomerNeed,
    CustomerStatus,
    Need,
    Person,
    Power,
    Role,
    Tie,
)
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports.html import render_html
from graph_mtl.reports.markdown import render_markdown
from graph_mtl.services.accounts import score_accounts
from graph_mtl.services.committee import committee
from graph_mtl.services.outreach import outreach_plan
from graph_mtl.services.paths import warm_paths
from graph_mtl.services.report import build_report
from graph_mtl.stores.sqlite_store import SqliteStore

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def store() -> SqliteStore:
    graph = SqliteStore()
    graph.load(
        Bundle(
            people=[
                Person(id="sam", name="Sam", is_salesperson=True),
                Person(id="jo", name="Jo Park"),
                Person(id="oneil", name="Sam O'Neil, Jr."),
                Person(id="kim", name="Kim Lee", customer_id="acme", roles=("cfo",)),
            ],
            ties=[
                Tie(source="sam", target="kim", strength=0.4, last_contact=YESTERDAY),
                Tie(source="sam", target="jo", strength=1.0),
                Tie(source="jo", target="oneil", strength=0.8),
                Tie(source="oneil", target="kim", strength=0.625),
            ],
            customers=[Customer(id="acme", name="Acme", status=CustomerStatus.TARGET)],
            needs=[Need(id="erp", name="ERP", can_meet=True)],
            roles=[Role(id="cfo", name="CFO", cares_about=("erp",), power=Power.DECISION_MAKER)],
            customer_needs=[CustomerNeed(customer_id="acme", need_id="erp")],
        )
    )
    return graph


def test_paths_keep_their_modes(store: SqliteStore) -> None:
    best = warm_paths(store, "sam", "kim")[0]
    assert best.nodes == ["sam", "jo", "oneil", "kim"] and best.strength == pytest.approx(0.5)


def test_the_committee_shows_the_own_tie_and_counts_it(store: SqliteStore) -> None:
    group = committee(store, "acme", "sam")
    (kim,) = group.members
    assert kim.known and kim.path is not None and kim.path.nodes == ["sam", "kim"]
    assert kim.path.steps[0].last_contact == YESTERDAY
    assert group.coverage == 1.0
    assert [(d.id, d.is_member, d.covers) for d in group.door_openers] == [("kim", True, ["kim"])]


def test_outreach_says_reach_out_directly(store: SqliteStore) -> None:
    plan = outreach_plan(store, load_playbook(), "acme", "sam")
    (kim,) = plan.people
    assert kim.direct and kim.ask is None and kim.introduction is None
    assert kim.action == (
        f"You know Kim Lee (last contact {YESTERDAY}): reach out directly, no introduction needed."
    )
    assert "Jo Park" not in kim.action


def test_the_account_shows_the_own_tie_and_is_as_warm_as_the_chain(store: SqliteStore) -> None:
    (account,) = score_accounts(store, load_playbook(), "sam")
    assert account.path is not None and account.path.nodes == ["sam", "kim"]
    assert account.warmth is not None and account.warmth.value == pytest.approx(0.5)
    reason = account.warmth.criteria[0].reason
    assert (
        f"you know Kim Lee (CFO) (last contact {YESTERDAY}), a direct tie of strength 0.400"
        in reason
    )
    assert reason.endswith(
        "a warmer way in: Sam > Jo Park > Sam O'Neil, Jr. > Kim Lee, strength 0.500 over 3 hops"
    )


def test_the_report_shows_the_own_tie_first_and_the_longer_chain_after(
    store: SqliteStore,
) -> None:
    report = build_report(store, load_playbook(), "sam", k=2)
    (member,) = report.customers[0].committees[0].members
    assert member.known and member.chain is not None and member.chain.nodes == ["sam", "kim"]
    assert [p.nodes for p in member.more_chains] == [["sam", "jo", "oneil", "kim"]]
    assert member.door_opener == "kim"
    assert f"you know them (last contact {YESTERDAY})" in render_markdown(report)
    assert f"you know them (last contact {YESTERDAY})" in render_html(report)
