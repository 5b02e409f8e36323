"""The HTML report in a real browser: Debian's headless Chromium renders the demo's
report from a file, on a desktop and on a phone-sized screen, and the test asserts on
the rendered page and keeps screenshots.

Needs Debian's `chromium` (apt) and the `playwright` Python package (dev extras), which
drives the system Chromium (`playwright install` is never needed); without either the
test fails, saying what to install. No Neo4j. GRAPH_MTL_CHROMIUM names another Chromium
binary; GRAPH_MTL_REPORT_SCREENSHOTS names a folder to copy the screenshots into.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.reports import ReportFormat, render
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.report import Report, build_report
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.browser.chromium import DESKTOP, PHONE

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[2] / "seed" / "demo"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def report() -> Report:
    store = SqliteStore()
    import_bundle(store, DEMO)
    return build_report(store, load_playbook(DEMO / "playbook.toml"), "sp-zhang", status="all", k=2)


@pytest.fixture(scope="module")
def page_file(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render(report, ReportFormat.HTML), encoding="utf-8")
    return path


def _open(browser: Any, page_file: Path, viewport: dict[str, int]) -> tuple[Any, Any, list[str]]:
    """A fresh page showing the report; every request it makes is recorded, and
    anything but the file itself is refused."""
    context = browser.new_context(viewport=viewport, java_script_enabled=True)
    requests: list[str] = []
    url = page_file.as_uri()

    def route(r: Any) -> None:
        requests.append(r.request.url)
        if r.request.url == url:
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda req: requests.append(req.url))
    page.goto(url, wait_until="load")
    return context, page, requests


def _keep(shot: Path) -> None:
    folder = os.environ.get("GRAPH_MTL_REPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


def test_desktop_shows_summary_contents_and_chains(
    browser: Any, page_file: Path, report: Report, tmp_path: Path
) -> None:
    context, page, requests = _open(browser, page_file, DESKTOP)
    try:
        assert page.title() == "Referral chains for 张伟"
        summary = page.locator("#summary")
        assert summary.is_visible()
        stats = summary.locator(".stats").inner_text()
        assert "Customers" in stats and str(report.totals.customers) in stats
        assert f"{report.totals.key_persons}" in stats
        # The introducer in the most chains leads the list.
        top = report.introducers[0]
        assert top.name in summary.locator("ol.rank li").first.inner_text()
        toc = page.locator("#contents li")
        assert toc.count() == report.totals.customers
        assert "华信制造" in toc.first.inner_text()

        # The first account's first chain, drawn as a row: people and tie strengths between.
        first = report.customers[0]
        member = next(
            m for g in first.committees for m in g.members if m.chain and m.chain.hops > 1
        )
        assert member.chain is not None
        item = page.locator("#a1 li.member").filter(has_text=member.name).first
        chain = item.locator("ol.chain").first
        nodes = chain.locator("li.node").all_inner_texts()
        ties = chain.locator("li.tie").all_inner_texts()
        assert nodes == member.chain.names
        assert ties == [f"{s.strength:.2f}" for s in member.chain.steps]
        tops = [box["y"] for box in (n.bounding_box() for n in chain.locator("li").all()) if box]
        assert max(tops) - min(tops) < 12  # one row on a wide screen
        # The reasons fold away and open on a click.
        why = item.locator("details").first
        assert not why.locator("ol.why").is_visible()
        why.locator("summary").click()
        assert why.locator("ol.why").is_visible()
        assert member.chain.steps[0].reasons[0] in why.inner_text()

        # A gap: no chain, and the channels that reach them instead.
        gap = page.locator("li.member.gap").filter(has_text="林志远").first
        assert "No warm chain within 4 ties" in gap.inner_text()
        assert "专家 钱文" in gap.inner_text()

        # The table of contents jumps to an account.
        page.locator("#contents a").nth(1).click()
        assert page.evaluate("location.hash") == "#a2"
        assert page.locator("#a2").is_visible()

        shot = tmp_path / "report-desktop.png"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot))
        full = tmp_path / "report-desktop-full.png"
        page.screenshot(path=str(full), full_page=True)
        assert shot.stat().st_size > 10_000
        _keep(shot)
        _keep(full)
        assert set(requests) == {page_file.as_uri()}, f"requests beyond the file: {requests}"
    finally:
        context.close()


def test_phone_has_no_horizontal_overflow(browser: Any, page_file: Path, tmp_path: Path) -> None:
    context, page, requests = _open(browser, page_file, PHONE)
    try:
        width = page.evaluate("document.documentElement.clientWidth")
        assert width == PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        widest = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('body *')]
                .map(e => e.getBoundingClientRect().right))"""
        )
        assert widest <= width + 0.5, f"something reaches {widest}px on a {width}px screen"
        # Open every fold: the hop reasons must wrap too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Long chains wrap onto several rows instead of running off the screen.
        rows = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('ol.chain')].map(c =>
                new Set([...c.children].map(li => Math.round(li.getBoundingClientRect().top))).size))"""
        )
        assert rows > 1
        # Readable: body text at least 14px, nothing squeezed to nothing.
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 14
        shot = tmp_path / "report-phone.png"
        page.screenshot(path=str(shot))
        page.locator("#a1").scroll_into_view_if_needed()
        chains = tmp_path / "report-phone-chains.png"
        page.screenshot(path=str(chains))
        _keep(shot)
        _keep(chains)
        assert set(requests) == {page_file.as_uri()}, f"requests beyond the file: {requests}"
    finally:
        context.close()


def test_hostile_names_render_as_text(browser: Any, tmp_path: Path) -> None:
    from tests.unit.test_reports import PLAYBOOK, _hostile

    path = tmp_path / "hostile.html"
    path.write_text(render(build_report(_hostile(), PLAYBOOK, "sp"), ReportFormat.HTML), "utf-8")
    context, page, requests = _open(browser, path, DESKTOP)
    try:
        assert page.evaluate("document.scripts.length") == 0
        assert page.locator("text=<script>alert(1)</script>").count() >= 1
        assert page.locator("i").count() == 0  # the customer's "<i>" is text, not markup
        assert "A&B <i>Co</i>" in page.locator("#a2 h2").inner_text()
        assert set(requests) == {path.as_uri()}
    finally:
        context.close()
