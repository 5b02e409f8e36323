"""The page in the reader's language (`graph-mtl serve --demo` in Chromium): a browser
asking for Chinese gets every sentence of the page in Chinese (no English words but
names, ids and stored text), the picker switches the tab to English, and the API's
answers follow the tab's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.app_page import keep, opened
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.guide import DEMO
from tests.i18n_check import english_words
from tests.serving import serving

pytestmark = pytest.mark.browser

VIEWS = [
    ("/app", "search"),
    ("/app/customers/c-huaxin", "customer"),
    ("/app/people/huaxin-01", "person"),
]

# Stored text (names, roles, needs, tie contexts) is shown as written, never translated;
# a language picker names each language in its own words; ReDoc is a product.
STORED = {
    w
    for f in DEMO.iterdir()
    if f.suffix in (".csv", ".toml")
    for w in english_words(f.read_text(encoding="utf-8"))
} | {"English", "ReDoc"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(["--demo"], tmp_path_factory.mktemp("demo") / "serve.log") as base:
        yield base


def _text(tab: Any) -> str:
    """What a reader sees and what a screen reader says (labels, placeholders)."""
    seen: str = tab.page.inner_text("body")
    said: list[str] = tab.page.eval_on_selector_all(
        "[aria-label], [placeholder]",
        "els => els.flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('placeholder')])",
    )
    drawn: list[str] = tab.page.evaluate(
        "() => (graphMtl.drawn ? graphMtl.drawn.nodes.map(n => n.label || '') : [])"
    )
    return " ".join([seen, tab.page.title(), *filter(None, said), *drawn])


@pytest.mark.parametrize(("path", "ready"), VIEWS)
def test_in_chinese_the_page_shows_no_english_words(
    browser: Any, demo: str, path: str, ready: str
) -> None:
    with opened(browser, demo, DESKTOP, locale="zh-CN") as tab:
        tab.go(path, ready)
        assert tab.page.get_attribute("html", "lang") == "zh-CN"
        if ready == "customer":
            tab.page.locator("#members li[data-id] button").first.click()
        assert english_words(_text(tab), names=STORED) == []


def test_the_picker_switches_the_tab_to_english_and_the_api_follows(
    browser: Any, demo: str, tmp_path: Path
) -> None:
    with opened(browser, demo, DESKTOP, locale="zh-CN") as tab:
        tab.go("/app/customers/c-huaxin", "customer")
        assert "客户地图" in tab.page.inner_text("h1")
        with tab.page.expect_request("**/customers/c-huaxin/committee**") as asked:
            tab.page.select_option("#lang", "en")
            tab.wait("customer")
        assert asked.value.headers["accept-language"] == "en"
        assert tab.page.get_attribute("html", "lang") == "en"
        assert tab.page.inner_text("h1").startswith("Account map:")
        assert tab.page.input_value("#lang") == "en"
        # The tab keeps its pick from view to view.
        tab.go("/app", "search")
        assert tab.page.inner_text("h1") == "Whom do you want to reach?"


@pytest.mark.parametrize(
    ("lang", "viewport"), [(lang, v) for lang in ("zh-CN", "en") for v in ("desktop", "phone")]
)
def test_screenshots_of_the_account_map(
    browser: Any, demo: str, tmp_path: Path, lang: str, viewport: str
) -> None:
    size = DESKTOP if viewport == "desktop" else PHONE
    with opened(browser, demo, size, locale=lang) as tab:
        tab.go("/app/customers/c-huaxin", "customer")
        # The need picker names the needs, not their ids.
        options = tab.page.locator("#need option").all_inner_texts()
        values = tab.page.locator("#need option").evaluate_all("els => els.map(e => e.value)")
        assert [o for o, v in zip(options, values, strict=True) if v and o == v] == []
        shot = tmp_path / f"app-map-{lang}-{viewport}.png"
        tab.page.screenshot(path=str(shot), full_page=True)
        keep(shot)
