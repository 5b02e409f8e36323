"""The drafts of the demo's outreach plans can be sent as written: for every account,
every status it could have and every key person, no internal tie note, no id and no
unfilled placeholder leaks in, and each role hears its own line."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from graph_mtl.domain.models import CustomerStatus
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.outreach import OutreachPlan, outreach_plan
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path("seed/demo")
PLAYBOOK = load_playbook(DEMO / "playbook.toml")
BUNDLE = read_bundle(DEMO)
SALESPEOPLE = ("sp-zhang", "sp-li")
_SLIPS = re.compile(
    r"\{|\}|None|  |\(\)|\uff08\uff09|。。|\uff0c。|\uff0c\uff0c|\.\.|\b1 \w+s\b|\bsolve\b"
)
# Unfilled placeholders, empty brackets (also full-width), doubled punctuation, "1 hops".


def _plans(status: CustomerStatus) -> list[OutreachPlan]:
    bundle = replace(
        BUNDLE, customers=[c.model_copy(update={"status": status}) for c in BUNDLE.customers]
    )
    store = SqliteStore()
    store.load(bundle)
    return [
        outreach_plan(store, PLAYBOOK, c.id, sp) for c in bundle.customers for sp in SALESPEOPLE
    ]


@pytest.fixture(scope="module", params=list(CustomerStatus))
def plans(request: pytest.FixtureRequest) -> list[OutreachPlan]:
    return _plans(request.param)


def _ids() -> set[str]:
    b = BUNDLE
    return {
        *(p.id for p in b.people),
        *(c.id for c in b.customers),
        *(n.id for n in b.needs),
        *(c.id for c in b.capabilities),
        *(r.id for r in b.roles),
        *(c.id for c in b.channels),
    }


def test_no_note_id_or_slip_leaks_into_a_draft(plans: list[OutreachPlan]) -> None:
    notes = {t.context for t in BUNDLE.ties if len(t.context) > 3}
    ids = _ids()
    drafts = [d for plan in plans for p in plan.people for d in (p.message, p.introduction) if d]
    assert len(drafts) > 100
    for draft in drafts:
        assert not [n for n in notes if n in draft], draft
        assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", draft)]
        assert not _SLIPS.search(draft), draft
        # The demo's playbook is Chinese: the English halves of bilingual names stay out.
        assert "Cloud ERP suite" not in draft and "Finance director" not in draft, draft


def test_every_demo_role_hears_its_own_line(plans: list[OutreachPlan]) -> None:
    lines = PLAYBOOK.messages.roles
    seen = set()
    for plan in plans:
        for person in plan.people:
            opening = lines[person.role].split("{", 1)[0]
            assert opening in person.message, (person.role, person.message)
            seen.add(person.role)
    assert seen == set(lines)  # every role line of the playbook was rendered


@pytest.mark.slow
def test_each_status_speaks_its_own_way() -> None:
    def opening(status: CustomerStatus) -> str:
        plan = next(p for p in _plans(status) if p.customer == "c-huaxin")
        return plan.people[0].message

    target, potential, existing = (
        opening(s)
        for s in (CustomerStatus.TARGET, CustomerStatus.POTENTIAL, CustomerStatus.EXISTING)
    )
    assert "正在推进" in target
    assert "我们最近观察到" in potential
    assert "感谢华信制造一直以来的合作" in existing


def test_an_introduction_greets_by_name_and_names_whom_to_meet(plans: list[OutreachPlan]) -> None:
    asked = [(plan, p) for plan in plans for p in plan.people if p.introduction]
    assert asked
    for plan, person in asked:
        assert person.ask_name is not None and person.introduction is not None
        assert person.introduction.startswith(person.ask_name), person.introduction
        assert person.name in person.introduction and plan.customer_name in person.introduction
