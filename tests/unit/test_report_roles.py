"""The whole committee in batch reports: every group of the demo names the roles its
need's committee holds that nobody at the account is known to hold, and the coverage
by required roles, exactly as `committee` does; the forked workers get the playbook's
committees too; and each of the four formats shows them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph_mtl.domain.playbook import Playbook
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services import report as report_service
from graph_mtl.services.committee import committee
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.report import Report, build_report
from graph_mtl.services.report import parallel as report_parallel
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path("seed/demo")


@pytest.fixture(scope="module")
def demo() -> SqliteStore:
    store = SqliteStore()
    import_bundle(store, DEMO)
    return store


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(DEMO / "playbook.toml")


@pytest.fixture(scope="module")
def report(demo: SqliteStore, playbook: Playbook) -> Report:
    return build_report(demo, playbook, "sp-zhang", status="all")


def test_every_group_has_the_committee_roles_of_its_need(
    demo: SqliteStore, playbook: Playbook, report: Report
) -> None:
    checked = 0
    for section in report.customers:
        for group in section.groups:
            if group.need_id is None:
                # A potential customer's group of any need: no committee is declared for it.
                assert group.missing_roles == [] and group.role_coverage is None
                assert group.required_roles == group.required_covered == 0
                continue
            expected = committee(
                demo,
                section.customer_id,
                "sp-zhang",
                need_id=group.need_id,
                roles=playbook.committees,
            )
            assert group.missing_roles == expected.missing_roles
            assert group.role_coverage == expected.role_coverage
            assert (group.required_roles, group.required_covered) == (
                expected.required_roles,
                expected.required_covered,
            )
            assert group.company_channels == expected.company_channels
            checked += 1
    assert checked >= 15
    missing = [m for s in report.customers for g in s.groups for m in g.missing_roles]
    assert len(missing) == report.totals.missing_roles >= 20
    assert "no known 财务总监 Finance director at 智源科技" in {m.text for m in missing}
    groups = [g for s in report.customers for g in s.groups]
    assert report.totals.required_roles == sum(g.required_roles for g in groups) > 0
    assert report.totals.required_covered == sum(g.required_covered for g in groups)
    assert 0 < report.totals.required_covered < report.totals.required_roles


def test_a_committee_fully_known_has_no_missing_roles(report: Report) -> None:
    huaxin = next(s for s in report.customers if s.customer_id == "c-huaxin")
    erp = next(g for g in huaxin.groups if g.need_id == "n-erp")
    assert erp.missing_roles == [] and erp.company_channels == []
    data = next(g for g in huaxin.groups if g.need_id == "n-data")
    assert [m.role for m in data.missing_roles] == ["r-bu-head"]
    assert data.missing_roles[0].required and data.company_channels


def test_forked_workers_get_the_committees(
    demo: SqliteStore, playbook: Playbook, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_parallel, "_PARALLEL_FROM", 2)
    forked = report_service.build_report(demo, playbook, "sp-zhang", status="all", workers=2)
    assert forked == report
    assert forked.totals.missing_roles == report.totals.missing_roles > 0


def test_csv_has_a_row_per_missing_role(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, ReportFormat.CSV), newline="")))
    vacant = [r for r in rows if r["missing"]]
    expected = [
        (s.customer_id, g.need_id, m.role, "required" if m.required else "optional")
        for s in report.customers
        for g in s.groups
        for m in g.missing_roles
    ]
    assert [(r["customer_id"], r["need_id"], r["role_id"], r["missing"]) for r in vacant] == (
        expected
    )
    assert all(r["member_id"] == "" and r["hops"] == "" for r in vacant)
    zhiyuan = next(r for r in vacant if r["customer_id"] == "c-zhiyuan" and r["role_id"] == "r-cfo")
    assert zhiyuan["role_name"] == "财务总监 Finance director"
    assert zhiyuan["channel_ids"] and zhiyuan["required_roles"] == "2"
    people = [r for r in rows if r["member_id"]]
    assert all(r["missing"] == "" for r in people)
    huaxin = [r for r in people if r["customer_id"] == "c-huaxin" and r["need_id"] == "n-erp"]
    assert {(r["role_coverage"], r["required_roles"], r["required_covered"]) for r in huaxin} == {
        ("0.727273", "4", "3")
    }
    anyone = [r for r in rows if r["need_id"] == ""]
    assert anyone and all(r["role_coverage"] == "" for r in anyone)


def test_json_has_the_missing_roles(report: Report) -> None:
    data = json.loads(render(report, ReportFormat.JSON))
    section = next(s for s in data["customers"] if s["customer_id"] == "c-zhiyuan")
    group = section["groups"][0]
    assert {m["role"] for m in group["missing_roles"]} == {"r-cfo", "r-ciso", "r-it-mgr"}
    assert group["role_coverage"] == pytest.approx(0.6)
    assert (group["required_roles"], group["required_covered"]) == (2, 1)
    assert data["totals"]["missing_roles"] == report.totals.missing_roles


def test_markdown_and_html_name_the_missing_roles(report: Report) -> None:
    md = render(report, ReportFormat.MD)
    page = render(report, ReportFormat.HTML)
    texts = {m.text for s in report.customers for g in s.groups for m in g.missing_roles}
    for text in texts:
        assert text in page
        # Markdown escapes its punctuation (a name like "李杰 (个体电商店主)" has none).
        assert f"**{text}**" in md.replace("\\", "")
    assert "**no known 财务总监 Finance director at 智源科技** (required): ask " in md
    assert "coverage by required roles 73%: 3 of 4 required roles held by someone you reach" in md
    assert "coverage by required roles 73%: 3 of 4 required roles held by someone you reach" in page
    groups_missing = sum(1 for s in report.customers for g in s.groups if g.missing_roles)
    assert page.count('<ul class="missing">') == groups_missing
    assert md.count("- where to look for them: ") == groups_missing
    assert f"**{report.totals.missing_roles}** committee roles nobody is known to hold" in md
    assert "<dt>Missing roles</dt>" in page
    # Whom to ask: the people reached at the account.
    zhiyuan = next(s for s in report.customers if s.customer_id == "c-zhiyuan")
    ask = zhiyuan.groups[0].missing_roles[0].ask
    assert ask and f"ask {', '.join(ask)} who it is" in page
