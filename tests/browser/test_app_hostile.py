"""Names are text on graph-mtl's page: a customer, people and a tie's context that
look like markup or script are shown as written, in the lists and in the graph, and
nothing of them runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerNeed, Person, Tie
from graph_mtl.services.access import issue_key
from graph_mtl.services.imports import import_bundle
from tests.browser.app_page import opened, store_of
from tests.browser.chromium import DESKTOP
from tests.serving import serving

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[2] / "seed" / "demo"
COMPANY = '<script>window.ran = "company"</script>Acme'
BOSS = "<img src=x onerror=\"window.ran = 'boss'\">"
LINK = '"><svg onload="window.ran = \'link\'">'
CONTEXT = "<b>met</b> at </li><li>a fake hop"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    with store_of("embedded", folder) as (store, target):
        import_bundle(store, DEMO)
        store.load(
            Bundle(
                customers=[Customer(id="c-hostile", name=COMPANY, status="target")],
                customer_needs=[CustomerNeed(customer_id="c-hostile", need_id="n-erp")],
                people=[
                    Person(id="h-boss", name=BOSS, customer_id="c-hostile", roles=("r-ceo",)),
                    Person(id="h-link", name=LINK, customer_id="c-hostile", roles=("r-cio",)),
                ],
                ties=[
                    Tie(source="sp-zhang", target="h-link", strength=0.7, context=CONTEXT),
                    Tie(source="h-link", target="h-boss", strength=0.8, context=CONTEXT),
                ],
            )
        )
        key = issue_key(store, "sp-zhang", today=date.today()).key
    with serving(["--store", target], folder / "serve.log") as base:
        yield base, key


def test_hostile_names_are_shown_as_written_and_never_run(
    browser: Any, served: tuple[str, str]
) -> None:
    base, key = served
    with opened(browser, base, DESKTOP) as tab:
        page = tab.page
        tab.go("/app", "sign-in")
        page.fill("#key", key)
        page.click("#sign-in button[type=submit]")
        tab.wait("search")
        page.fill("#q", "Acme")
        page.locator("#results li[data-id=c-hostile] a").click()
        tab.wait("customer")
        assert COMPANY in page.inner_text("h1")
        members = page.inner_text("#members")
        assert BOSS in members and LINK in members
        labels = {n["id"]: n["label"] for n in tab.drawn()["nodes"]}
        assert labels["h-boss"] == BOSS and labels["h-link"] == LINK
        page.click("#members li[data-id=h-boss] button")
        assert CONTEXT in page.inner_text("#detail")

        tab.go("/app/people/h-boss", "person")
        assert CONTEXT in page.inner_text("#chains")
        assert page.locator("#chains > li").count() == 1
        # Nothing of the names became an element, and nothing ran.
        assert page.locator("main img, main svg, main b, main script").count() == 0
        assert page.evaluate("window.ran === undefined")
