"""graph-mtl's page in a real browser, on both stores: `graph-mtl serve` in a process
of its own over the demo, Debian's headless Chromium driving /app as a salesperson
would: sign in with a key, find a customer by its Chinese name, read its account map,
open a member's chain, ask for an introduction, and see it among the open requests.

What the page drew is read from the page's own data (`window.graphMtl`) and compared
with what the JSON API answers for the same salesperson; a few demo facts are checked
besides. Every request to anywhere but the server is refused and fails the test.
GRAPH_MTL_APP_SCREENSHOTS names a folder to copy the screenshots into.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.services.access import issue_key
from graph_mtl.services.imports import import_bundle
from tests.browser.app_page import Tab, api, keep, opened, store_of
from tests.browser.chromium import DESKTOP, PHONE
from tests.serving import serving

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[2] / "seed" / "demo"
ME = "sp-zhang"
CJK_FONT_PRESENT = """() => {
    const width = (font) => {
        const context = document.createElement("canvas").getContext("2d");
        context.font = font;
        return context.measureText("graph-mtl \u534e\u4fe1\u5236\u9020").width;
    };
    return width('16px "Noto Sans CJK SC", monospace') !== width("16px monospace");
}"""


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The base URL of `graph-mtl serve` over the demo in this store, and sp-zhang's key."""
    folder = tmp_path_factory.mktemp(f"app-{request.param}")
    with store_of(request.param, folder) as (store, target):
        import_bundle(store, DEMO)
        key = issue_key(store, ME, today=date.today()).key
    with serving(["--store", target], folder / "serve.log") as base:
        yield base, key


def _sign_in(tab: Tab, key: str) -> None:
    tab.go("/app", "sign-in")
    tab.page.fill("#key", key)
    tab.page.click("#sign-in button[type=submit]")
    tab.wait("search")
    assert "张伟" in tab.page.inner_text("#who")


def test_find_a_customer_read_its_map_and_ask_for_an_introduction(
    browser: Any, served: tuple[str, str], tmp_path: Path
) -> None:
    base, key = served
    with opened(browser, base, DESKTOP) as tab:
        page = tab.page
        _sign_in(tab, key)
        # The landing page: my accounts, best first, as /accounts ranks them.
        ranked = api(base, "/accounts", key, top=10)["accounts"]
        listed = page.locator("#accounts li").evaluate_all("els => els.map(e => e.dataset.id)")
        assert listed == [a["customer_id"] for a in ranked]

        # Search as you type, by the Chinese name.
        page.fill("#q", "华信制造")
        hit = page.locator("#results li[data-kind=customer][data-id=c-huaxin] a")
        hit.wait_for()
        hit.click()
        tab.wait("customer")
        assert page.url == f"{base}/app/customers/c-huaxin"
        assert page.inner_text("h1") == "Account map: 华信制造"

        group = api(base, "/customers/c-huaxin/committee", key)
        drawn = tab.drawn()
        nodes = {n["id"]: n for n in drawn["nodes"]}
        edges = {(e["source"], e["target"]) for e in drawn["edges"]}
        assert drawn["inCytoscape"] == len(drawn["nodes"]) + len(drawn["edges"])
        # Every member, coloured by how I reach them.
        reach = {
            m["id"]: "known" if m["known"] else "chain" if m["path"] else "gap"
            for m in group["members"]
        }
        assert {i: n["reach"] for i, n in nodes.items() if n["kind"] == "member"} == reach
        assert reach["huaxin-01"] == "chain" and reach["huaxin-02"] == "gap"
        # The door openers, drawn from me to the members they reach.
        openers = [o["id"] for o in group["door_openers"]]
        assert "tianyu-03" in openers
        for opener in group["door_openers"]:
            assert opener["id"] in nodes
            assert (ME, opener["id"]) in edges
            assert {
                (opener["id"], m) for m in opener["reaches"] if m in reach and m != opener["id"]
            } <= edges
        # The channels beside each gap.
        for gap in group["gaps"]:
            for channel in gap["channels"][:2]:
                assert (f"channel:{channel['channel_id']}:{gap['id']}", gap["id"]) in edges
        # The same, as text: coverage above, every member listed by power.
        summary = page.inner_text("#summary")
        assert f"You reach {group['reached']} of {len(group['members'])} members" in summary
        assert "Coverage by required seats" in summary
        assert all(r["text"] in summary for r in group["vacant_seats"])
        listed = page.locator("#members li[data-id]").evaluate_all(
            "els => Object.fromEntries(els.map(e => [e.dataset.id, e.dataset.reach]))"
        )
        assert listed == reach
        shot = tmp_path / "app-account-map-desktop.png"
        page.screenshot(path=str(shot), full_page=True)
        keep(shot)

        # A member's best chain, opened from the keyboard.
        member = next(m for m in group["members"] if m["id"] == "huaxin-01")
        page.focus("#members li[data-id=huaxin-01] button")
        page.keyboard.press("Enter")
        detail = page.locator("#detail")
        assert " → ".join(member["path"]["names"]) in detail.inner_text()
        via = member["path"]["names"][1]
        ask = detail.locator("button.ask")
        assert ask.inner_text() == f"Ask {via} for an introduction"
        ask.click()
        page.wait_for_selector(f"#detail .status:has-text('Asked {via}')")
        page.locator("#intros li[data-to=huaxin-01]").wait_for()
        # Opened again, the chain says it was asked for instead of offering to ask twice.
        page.focus("#members li[data-id=huaxin-01] button")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#detail .status:has-text('You asked {via} on')")
        assert detail.locator("button.ask").count() == 0
        shot = tmp_path / "app-asked-desktop.png"
        page.screenshot(path=str(shot), full_page=True)
        keep(shot)

        requests = api(base, "/intros", key)["intros"]
        asked = [r for r in requests if r["to"] == "huaxin-01"]
        assert len(asked) == 1
        assert asked[0]["via"] == member["path"]["nodes"][1]
        assert asked[0]["status"] == "requested"

        # Tracked from the page: accepted, then met; the next map knows them.
        request = page.locator(f"#intros li[data-id={asked[0]['id']}]")
        request.locator("button[data-move=accepted]").click()
        page.locator(f"#intros li[data-id={asked[0]['id']}][data-status=accepted]").wait_for()
        page.locator(f"#intros li[data-id={asked[0]['id']}] button[data-move=met]").click()
        page.locator(f"#intros li[data-id={asked[0]['id']}]").wait_for(state="detached")
        tab.go("/app/customers/c-huaxin", "customer")
        known = {n["id"]: n["reach"] for n in tab.drawn()["nodes"] if n["kind"] == "member"}
        assert known["huaxin-01"] == "known"
        done = api(base, f"/intros/{asked[0]['id']}", key)
        assert [e["status"] for e in done["history"]][-2:] == ["accepted", "met"]


def test_warm_paths_to_a_person_with_controls(
    browser: Any, served: tuple[str, str], tmp_path: Path
) -> None:
    base, key = served
    with opened(browser, base, DESKTOP) as tab:
        _sign_in(tab, key)
        for query, params in (
            ("?k=3", {"k": 3}),
            ("?k=2&exclude=tianyu-03", {"k": 2, "exclude": ["tianyu-03"]}),
            ("?k=2&max_hops=2&mode=shortest", {"k": 2, "max_hops": 2, "mode": "shortest"}),
        ):
            tab.go(f"/app/people/huaxin-01{query}", "person")
            paths = api(base, "/paths", key, to="huaxin-01", **params)["paths"]
            drawn = tab.drawn()
            assert {n["id"] for n in drawn["nodes"]} == {i for p in paths for i in p["nodes"]}
            steps = {(s["source"], s["target"]) for p in paths for s in p["steps"]}
            assert {(e["source"], e["target"]) for e in drawn["edges"]} == steps
            chains = tab.page.locator("#chains > li").evaluate_all(
                "els => els.map(e => e.dataset.nodes)"
            )
            assert chains == [" ".join(p["nodes"]) for p in paths]
            if "exclude" in params:
                assert "tianyu-03" not in {n["id"] for n in drawn["nodes"]}
        # Each hop's reasons, as `paths` explains them.
        first = paths[0]["steps"][0]["reasons"][0]
        assert first in tab.page.inner_text("#chains")
        shot = tmp_path / "app-paths-desktop.png"
        tab.page.screenshot(path=str(shot), full_page=True)
        keep(shot)


def test_readable_on_a_phone(browser: Any, served: tuple[str, str], tmp_path: Path) -> None:
    base, key = served
    with opened(browser, base, PHONE) as tab:
        _sign_in(tab, key)
        for path, ready in (
            ("/app/customers/c-huaxin", "customer"),
            ("/app/people/huaxin-01?k=3", "person"),
        ):
            tab.go(path, ready)
            page = tab.page
            width = page.evaluate("document.documentElement.clientWidth")
            assert width == PHONE["width"]
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            graph = page.locator("#graph").bounding_box()
            assert graph is not None and graph["width"] <= width and graph["height"] >= 300
            assert tab.drawn()["nodes"]
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 14
            # The page's CJK font is on the machine: text set in it measures unlike the
            # monospace fallback it would otherwise get.
            assert page.evaluate(CJK_FONT_PRESENT)
            shot = tmp_path / f"app-{ready}-phone.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)


def test_a_wrong_key_is_refused_and_asked_again(browser: Any, served: tuple[str, str]) -> None:
    base, _ = served
    with opened(browser, base, DESKTOP) as tab:
        tab.go("/app", "sign-in")
        tab.page.fill("#key", "gmtl_not-a-key")
        tab.page.click("#sign-in button[type=submit]")
        tab.page.wait_for_selector("#sign-in .problem")
        assert "unknown or revoked" in tab.page.inner_text("#sign-in")
        assert tab.page.evaluate("sessionStorage.getItem('graph-mtl.key')") is None
