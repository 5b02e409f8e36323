"""The whole committee in batch reports: every committee of the demo names the seats
the playbook declares for its need that nobody at the account is known to hold, and the
coverage by required seats, exactly as `committee` does; the forked workers get the
playbook's seats too; and each of the four formats shows them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph_mtl.domain.playbook import Playbook
from graph_mtl.i18n import use
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
        for group in section.committees:
            if group.need_id is None:
                # A potential customer's group of any need: no committee is declared for it.
                assert group.vacant_seats == [] and group.seat_coverage is None
                assert group.required_seats == group.required_seats_covered == 0
                continue
            expected = committee(
                demo,
                section.customer_id,
                "sp-zhang",
                need_id=group.need_id,
                seats=playbook.committees,
            )
            assert group.vacant_seats == expected.vacant_seats
            assert group.seat_coverage == expected.seat_coverage
            assert (group.required_seats, group.required_seats_covered) == (
                expected.required_seats,
                expected.required_seats_covered,
            )
            assert group.company_channels == expected.company_channels
            checked += 1
    assert checked >= 15
    missing = [m for s in report.customers for g in s.committees for m in g.vacant_seats]
    assert len(missing) == report.totals.vacant_seats >= 20
    assert "no known 财务总监 Finance director at 智源科技" in {m.text for m in missing}
    groups = [g for s in report.customers for g in s.committees]
    assert report.totals.required_seats == sum(g.required_seats for g in groups) > 0
    assert report.totals.required_seats_covered == sum(g.required_seats_covered for g in groups)
    assert 0 < report.totals.required_seats_covered < report.totals.required_seats


def test_a_committee_fully_known_has_no_vacant_seats(report: Report) -> None:
    huaxin = next(s for s in report.customers if s.customer_id == "c-huaxin")
    erp = next(g for g in huaxin.committees if g.need_id == "n-erp")
    assert erp.vacant_seats == [] and erp.company_channels == []
    data = next(g for g in huaxin.committees if g.need_id == "n-data")
    assert [m.role for m in data.vacant_seats] == ["r-bu-head"]
    assert data.vacant_seats[0].required and data.company_channels


def test_forked_workers_get_the_committees(
    demo: SqliteStore, playbook: Playbook, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_parallel, "_PARALLEL_FROM", 2)
    forked = report_service.build_report(demo, playbook, "sp-zhang", status="all", workers=2)
    assert forked == report
    assert forked.totals.vacant_seats == report.totals.vacant_seats > 0


def test_csv_has_a_row_per_missing_role(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, ReportFormat.CSV), newline="")))
    vacant = [r for r in rows if r["vacant_seat"]]
    expected = [
        (s.customer_id, g.need_id, m.role, "required" if m.required else "optional")
        for s in report.customers
        for g in s.committees
        for m in g.vacant_seats
    ]
    assert [(r["customer_id"], r["need_id"], r["role_id"], r["vacant_seat"]) for r in vacant] == (
        expected
    )
    assert all(r["member_id"] == "" and r["hops"] == "" for r in vacant)
    zhiyuan = next(r for r in vacant if r["customer_id"] == "c-zhiyuan" and r["role_id"] == "r-cfo")
    assert zhiyuan["role_name"] == "财务总监 Finance director"
    assert zhiyuan["channel_ids"] and zhiyuan["required_seats"] == "2"
    people = [r for r in rows if r["member_id"]]
    assert all(r["vacant_seat"] == "" for r in people)
    huaxin = [r for r in people if r["customer_id"] == "c-huaxin" and r["need_id"] == "n-erp"]
    assert {
        (r["seat_coverage"], r["required_seats"], r["required_seats_covered"]) for r in huaxin
    } == {("0.727273", "4", "3")}
    anyone = [r for r in rows if r["need_id"] == ""]
    assert anyone and all(r["seat_coverage"] == "" for r in anyone)


def test_json_has_the_vacant_seats(report: Report) -> None:
    data = json.loads(render(report, ReportFormat.JSON))
    section = next(s for s in data["customers"] if s["customer_id"] == "c-zhiyuan")
    group = section["committees"][0]
    assert {m["role"] for m in group["vacant_seats"]} == {"r-cfo", "r-ciso", "r-it-mgr"}
    assert group["seat_coverage"] == pytest.approx(0.6)
    assert (group["required_seats"], group["required_seats_covered"]) == (2, 1)
    assert data["totals"]["vacant_seats"] == report.totals.vacant_seats


def test_markdown_and_html_name_the_vacant_seats(report: Report) -> None:
    md = render(report, ReportFormat.MD)
    page = render(report, ReportFormat.HTML)
    texts = {m.text for s in report.customers for g in s.committees for m in g.vacant_seats}
    for text in texts:
        assert text in page
        # Markdown escapes its punctuation (a name like "李杰 (个体电商店主)" has none).
        assert f"**{text}**" in md.replace("\\", "")
    assert "**no known 财务总监 Finance director at 智源科技** (required): ask " in md
    assert "coverage by required seats 73%: 3 of 4 required seats held by someone you reach" in md
    assert "coverage by required seats 73%: 3 of 4 required seats held by someone you reach" in page
    committees_vacant = sum(1 for s in report.customers for g in s.committees if g.vacant_seats)
    assert page.count('<ul class="vacant">') == committees_vacant
    assert md.count("- where to look for them: ") == committees_vacant
    assert f"**{report.totals.vacant_seats}** committee seats nobody is known to hold" in md
    assert "<dt>Vacant seats</dt>" in page
    # Whom to ask: the people reached at the account.
    zhiyuan = next(s for s in report.customers if s.customer_id == "c-zhiyuan")
    ask = zhiyuan.committees[0].vacant_seats[0].ask
    assert ask and f"ask {', '.join(ask)} who it is" in page


def test_forked_workers_build_in_the_callers_language(
    demo: SqliteStore, playbook: Playbook, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_parallel, "_PARALLEL_FROM", 2)
    english = report_service.build_report(demo, playbook, "sp-zhang", status="all", k=3)
    with use("zh_CN"):
        alone = report_service.build_report(demo, playbook, "sp-zhang", status="all", k=3)
        forked = report_service.build_report(
            demo, playbook, "sp-zhang", status="all", k=3, workers=2
        )
    assert forked == alone != english
