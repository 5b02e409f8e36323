"""Who on the team is closest, on the page (`graph-mtl serve --demo` in Chromium): the
view lists, for each key person, the salespeople as `GET /team/closest` ranks them,
whom each asks first and the asker's own chain; it is reached from the account map;
a teammate appears once they share their ties, never before; both languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.app_page import Tab, api, opened
from tests.browser.chromium import DESKTOP, PHONE
from tests.serving import serving

pytestmark = pytest.mark.browser

ME, TEAMMATE = "sp-zhang", "sp-li"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(["--demo"], tmp_path_factory.mktemp("demo") / "serve.log") as base:
        yield base


def _listed(tab: Tab) -> dict[str, list[str]]:
    found: dict[str, list[str]] = tab.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#closest section')].map(
            (s) => [s.dataset.id, [...s.querySelectorAll('.teammates > li')].map((li) => li.dataset.id)]))"""
    )
    return found


def _expected(answer: dict[str, Any]) -> dict[str, list[str]]:
    return {p["id"]: [c["id"] for c in p["teammates"]] for p in answer["people"]}


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("zh-CN", PHONE)])
def test_the_team_view_shows_the_ranked_chains(
    browser: Any, demo: str, lang: str, viewport: dict[str, int]
) -> None:
    with opened(browser, demo, viewport, locale=lang) as tab:
        page = tab.page
        tab.go(f"/app/customers/c-huaxin?from={ME}", "customer")
        page.click("#team-link")
        tab.wait("team")
        answer = api(demo, "/team/closest", None, to="c-huaxin", **{"from": ME})
        assert _listed(tab) == _expected(answer)
        heading = page.locator("h1").inner_text()
        assert answer["target_name"] in heading
        assert ("closest" in heading) == (lang == "en")
        reached = next(p for p in answer["people"] if p["teammates"])
        section = page.locator(f"#closest section[data-id={reached['id']}]")
        first = reached["teammates"][0]
        item = section.locator(".teammates > li").first
        assert first["ask_name"] in item.inner_text()
        assert " → ".join(first["path"]["names"]) in item.inner_text()
        own = section.locator(".own").inner_text()
        assert " → ".join(reached["own"]["names"]) in own
        assert page.evaluate("graphMtl.data.people.length") == len(answer["people"])


def test_a_teammate_appears_once_they_share(browser: Any, demo: str) -> None:
    with opened(browser, demo, DESKTOP, locale="en") as tab:
        tab.go(f"/app/team/huaxin-01?from={ME}", "team")
        assert _listed(tab) == {"huaxin-01": [ME]}
        shared = httpx.put(f"{demo}/team/members/{TEAMMATE}", json={"shared": True}, timeout=30)
        assert shared.status_code == 200, shared.text
        try:
            tab.go(f"/app/team/huaxin-01?from={ME}", "team")
            answer = api(demo, "/team/closest", None, to="huaxin-01", **{"from": ME})
            assert TEAMMATE in _listed(tab)["huaxin-01"]
            assert _listed(tab) == _expected(answer)
            mine = tab.page.locator(f".teammates > li[data-id={ME}]").inner_text()
            assert "(you)" in mine
        finally:
            httpx.put(f"{demo}/team/members/{TEAMMATE}", json={"shared": False}, timeout=30)
