"""`graph-mtl serve --demo` in a real browser: the page opens without a key as the
demo's first salesperson (or whom ?from= names, or whom you pick), and /docs and
/redoc render from the package's own copies, with no request leaving the machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app_page import api, opened
from tests.browser.chromium import DESKTOP
from tests.serving import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(["--demo"], tmp_path_factory.mktemp("demo") / "serve.log") as base:
        yield base


def test_the_demo_opens_as_its_first_salesperson_and_lets_you_pick(browser: Any, demo: str) -> None:
    with opened(browser, demo, DESKTOP) as tab:
        tab.go("/app", "search")
        assert tab.page.input_value("#as") == "sp-zhang"
        ranked = api(demo, "/accounts", None, top=10, **{"from": "sp-zhang"})["accounts"]
        shown = tab.page.locator("#accounts li").evaluate_all("els => els.map(e => e.dataset.id)")
        assert shown == [a["customer_id"] for a in ranked]

        tab.go("/app/customers/c-huaxin?from=sp-li", "customer")
        assert tab.page.input_value("#as") == "sp-li"
        group = api(demo, "/customers/c-huaxin/committee", None, **{"from": "sp-li"})
        assert group["source"] == "sp-li"
        drawn = tab.drawn()
        assert {n["id"] for n in drawn["nodes"] if n["kind"] == "you"} == {"sp-li"}
        assert {n["id"] for n in drawn["nodes"] if n["kind"] == "member"} == {
            m["id"] for m in group["members"]
        }

        # Nobody of that id: the demo's first salesperson, and no trace of the refusal.
        tab.go("/app?from=nobody", "search")
        assert tab.page.input_value("#as") == "sp-zhang"
        assert tab.page.locator("#view .problem").count() == 0
        assert tab.page.locator("#accounts li").count() == len(ranked)
        tab.go("/app/customers/c-huaxin?from=sp-li", "customer")

        # Picking another salesperson reloads the view from their position.
        tab.page.select_option("#as", "sp-wang")
        tab.wait("customer")
        tab.page.wait_for_url("**from=sp-wang**")
        assert {n["id"] for n in tab.drawn()["nodes"] if n["kind"] == "you"} == {"sp-wang"}
        # ... and the links keep that position.
        link = tab.page.locator("#members li[data-id] button").first
        link.click()
        more = tab.page.locator("#detail a:has-text('All warm paths to them')")
        assert "from=sp-wang" in (more.get_attribute("href") or "")


def test_search_finds_latin_and_chinese_names(browser: Any, demo: str) -> None:
    with opened(browser, demo, DESKTOP) as tab:
        tab.go("/app", "search")
        for text, kind, ident in (("grace", "person", None), ("钱文", "channel", "ch-ex-qian")):
            tab.page.fill("#q", text)
            expected = api(demo, "/search", None, q=text, limit=12)["matches"]
            first = tab.page.locator("#results li").first
            first.wait_for()
            tab.page.locator(f"#results li[data-id='{expected[0]['id']}']").wait_for()
            shown = tab.page.locator("#results li").evaluate_all(
                "els => els.map(e => [e.dataset.kind, e.dataset.id])"
            )
            assert shown == [[m["kind"], m["id"]] for m in expected]
            assert any(m["kind"] == kind for m in expected)
            if ident:
                # A channel that is a person opens that person's warm paths.
                link = tab.page.locator(f"#results li[data-id={ident}] a")
                assert link.get_attribute("href") == "/app/people/ex-qian?from=sp-zhang"


@pytest.mark.parametrize(("path", "rendered"), [("/docs", ".opblock"), ("/redoc", "h1")])
def test_api_docs_render_offline(
    browser: Any, demo: str, path: str, rendered: str, tmp_path: Path
) -> None:
    # ReDoc's footer shows a logo from its CDN: the policy refuses it, nothing is fetched.
    with opened(browser, demo, DESKTOP, may_refuse="cdn.redoc.ly") as tab:
        tab.page.goto(demo + path)
        tab.page.locator(rendered).first.wait_for()
        text = tab.page.inner_text("body")
        assert "graph-mtl" in text
        assert "/customers/{customer_id}/committee" in text or "committee" in text.lower()
        tab.page.screenshot(path=str(tmp_path / f"{path.strip('/')}.png"))
