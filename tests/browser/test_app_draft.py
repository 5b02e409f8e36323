"""The draft beside "Ask X for an introduction" (`graph-mtl serve --demo` in Chromium):
the outreach plan's introduction request to the chain's first introducer, shown as the
API answers it, copied to the clipboard by its button, or selected where the page has
no clipboard; in the account map's detail and in the chains the map links to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.app_page import api, opened
from tests.browser.chromium import DESKTOP, PHONE
from tests.serving import serving

pytestmark = pytest.mark.browser

ME = "sp-zhang"
MEMBER = "huaxin-01"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(["--demo"], tmp_path_factory.mktemp("demo") / "serve.log") as base:
        yield base


def _planned(demo: str) -> dict[str, Any]:
    plan = api(demo, "/customers/c-huaxin/outreach", None, **{"from": ME})
    person: dict[str, Any] = next(p for p in plan["people"] if p["id"] == MEMBER)
    assert person["introduction"] and person["ask"] == person["path"]["nodes"][1]
    return person


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("zh-CN", PHONE)])
def test_the_draft_beside_the_ask_is_copied(
    browser: Any, demo: str, lang: str, viewport: dict[str, int]
) -> None:
    person = _planned(demo)
    with opened(
        browser, demo, viewport, locale=lang, permissions=["clipboard-read", "clipboard-write"]
    ) as tab:
        page = tab.page
        tab.go("/app/customers/c-huaxin", "customer")
        page.click(f"#members li[data-id={MEMBER}] button")
        act = page.locator("#detail .act")
        assert act.locator("button.ask").count() == 1
        assert act.locator(".draft-text").inner_text() == person["introduction"]
        caption = act.locator(".draft figcaption").inner_text()
        assert person["ask_name"] in caption
        assert ("Draft to" in caption) == (lang == "en")
        act.locator("button.copy").click()
        act.locator(".draft .status").filter(
            has_text="Copied" if lang == "en" else "已复制"
        ).wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == person["introduction"]

        # The chains the map links to carry the same draft beside the same ask.
        page.click("#detail a[href*='/app/people/']")
        tab.wait("person")
        chains = page.locator("#chains > li")
        drafted = chains.filter(has=page.locator(".draft-text"))
        assert drafted.count() == 1
        assert drafted.get_attribute("data-nodes") == " ".join(person["path"]["nodes"])
        assert drafted.locator(".draft-text").inner_text() == person["introduction"]


def test_without_a_clipboard_the_draft_is_selected(browser: Any, demo: str) -> None:
    person = _planned(demo)
    with opened(browser, demo, DESKTOP, locale="en") as tab:
        # As over plain http from another machine: no navigator.clipboard at all.
        tab.page.add_init_script(
            "Object.defineProperty(navigator, 'clipboard', { value: undefined })"
        )
        tab.go("/app/customers/c-huaxin", "customer")
        tab.page.click(f"#members li[data-id={MEMBER}] button")
        tab.page.click("#detail button.copy")
        tab.page.locator("#detail .draft .status").filter(has_text="Selected").wait_for()
        assert tab.page.evaluate("window.getSelection().toString()") == person["introduction"]
