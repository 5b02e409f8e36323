"""The graphs' words as drawn (`graph-mtl serve --demo` in Chromium): on a 390 px
phone (at three device pixels to the CSS pixel, like an iPhone) and on a desktop, in
Chinese and in English, every account map of the demo and the chains to a person
draw each label at 12 CSS px at least, no label over another label or over a node
(a channel tag, a member), and every person's name shown whole inside the picture.

Read from the drawn positions: the label elements' boxes in the page and the nodes'
boxes as Cytoscape renders them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.app_page import Tab, api, opened
from tests.browser.chromium import DESKTOP, PHONE
from tests.serving import serving

pytestmark = pytest.mark.browser

ME = "sp-zhang"
SMALLEST_PX = 12
MUST_SHOW = {"you", "member", "target", "contact", "opener", "band"}
"""The labels that are never hidden: people's names and the bands' names."""

DRAWN = """() => {
    const graph = document.getElementById("graph");
    const frame = graph.getBoundingClientRect();
    const left = frame.left + graph.clientLeft;
    const top = frame.top + graph.clientTop;
    const inner = [left, top, left + graph.clientWidth, top + graph.clientHeight];
    const labels = [...graph.querySelectorAll(".labels .label")].map((e) => {
        const r = e.getBoundingClientRect();
        return {
            of: e.dataset.of, kind: e.classList[1], text: e.textContent,
            shown: getComputedStyle(e).visibility === "visible",
            px: parseFloat(getComputedStyle(e).fontSize),
            box: [r.left, r.top, r.right, r.bottom],
        };
    });
    const nodes = graphMtl.drawn.cy.nodes().filter((n) => n.data("kind") !== "label").map((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        return { id: n.id(), kind: n.data("kind"), box: [left + b.x1, top + b.y1, left + b.x2, top + b.y2] };
    });
    return { inner, labels, nodes, zoom: graphMtl.drawn.cy.zoom() };
}"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(["--demo"], tmp_path_factory.mktemp("demo") / "serve.log") as base:
        yield base


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _inside(a: list[float], frame: list[float]) -> bool:
    return (
        a[0] >= frame[0] - 0.5
        and a[1] >= frame[1] - 0.5
        and a[2] <= frame[2] + 0.5
        and a[3] <= frame[3] + 0.5
    )


def _check_labels(tab: Tab, where: str, names: dict[str, str]) -> list[str]:
    """What is wrong with the labels drawn (empty when nothing is): `names` are the
    people's ids and names the answer holds, each to be shown whole."""
    drawn: dict[str, Any] = tab.page.evaluate(DRAWN)
    wrong = []
    shown = [label for label in drawn["labels"] if label["shown"]]
    for label in drawn["labels"]:
        if label["shown"] and label["px"] < SMALLEST_PX:
            wrong.append(f"{where}: {label['text']} at {label['px']} px")
        if label["kind"] in MUST_SHOW and not (
            label["shown"] and _inside(label["box"], drawn["inner"])
        ):
            wrong.append(f"{where}: {label['text']} ({label['kind']}) not shown whole")
    for i, label in enumerate(shown):
        for other in shown[i + 1 :]:
            if _overlap(label["box"], other["box"]):
                wrong.append(f"{where}: {label['text']} overlaps {other['text']}")
        for node in drawn["nodes"]:
            if node["id"] != label["of"] and _overlap(label["box"], node["box"]):
                wrong.append(f"{where}: {label['text']} covers the {node['kind']} {node['id']}")
    texts = {label["of"]: label["text"] for label in shown}
    for ident, name in names.items():
        if ident != ME and texts.get(ident) != name:
            wrong.append(f"{where}: {ident} is labelled {texts.get(ident)!r}, not {name!r}")
    return wrong


@pytest.mark.parametrize(
    ("lang", "viewport"), [(lang, v) for lang in ("zh-CN", "en") for v in ("phone", "desktop")]
)
def test_every_account_map_labels_readable_and_apart(
    browser: Any, demo: str, lang: str, viewport: str
) -> None:
    size, scale = (PHONE, 3) if viewport == "phone" else (DESKTOP, 1)
    accounts = api(demo, "/accounts", None, top=100, **{"from": ME})["accounts"]
    assert len(accounts) >= 10
    wrong: list[str] = []
    with opened(browser, demo, size, locale=lang, device_scale_factor=scale) as tab:
        for account in accounts:
            customer = account["customer_id"]
            tab.go(f"/app/customers/{customer}", "customer")
            group = api(demo, f"/customers/{customer}/committee", None, **{"from": ME})
            names = {m["id"]: m["name"] for m in group["members"]}
            names |= {o["id"]: o["name"] for o in group["door_openers"]}
            wrong += _check_labels(tab, customer, names)
            if viewport == "phone":
                # The page does not scroll sideways; the map is as wide as the screen.
                assert tab.page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert wrong == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_chains_to_a_person_labels_readable_and_apart(
    browser: Any, demo: str, viewport: str
) -> None:
    size, scale = (PHONE, 3) if viewport == "phone" else (DESKTOP, 1)
    wrong: list[str] = []
    with opened(browser, demo, size, locale="zh-CN", device_scale_factor=scale) as tab:
        for person in ("huaxin-01", "huaxin-03", "huaxin-07"):
            tab.go(f"/app/people/{person}?k=3", "person")
            paths = api(demo, "/paths", None, to=person, k=3, **{"from": ME})["paths"]
            names = {i: n for p in paths for i, n in zip(p["nodes"], p["names"], strict=True)}
            wrong += _check_labels(tab, person, names)
    assert wrong == []


def test_a_hidden_label_shows_when_its_node_is_tapped(browser: Any, demo: str) -> None:
    # Zoomed out far, the channels' names give way to the people's; a tap shows one.
    with opened(browser, demo, DESKTOP, locale="en") as tab:
        tab.go("/app/customers/c-huaxin", "customer")
        hidden = tab.page.evaluate(
            """async () => {
                const cy = graphMtl.drawn.cy;
                cy.zoom({ level: 0.2, renderedPosition: { x: 0, y: 0 } });
                await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
                const label = [...document.querySelectorAll("#graph .labels .label.channel.crowded")][0];
                if (!label) return null;
                cy.getElementById(label.dataset.of).emit("tap");
                return label.textContent;
            }"""
        )
        assert hidden, "at a fifth of the size some channel's name should give way"
        assert tab.page.inner_text("#graph .labels .tip") == hidden
        # It stays while the page settles (a scroll bar appearing resizes the graph):
        # only the next tap takes it away.
        tab.page.set_viewport_size({**DESKTOP, "width": DESKTOP["width"] - 40})
        tab.page.evaluate("() => new Promise((done) => setTimeout(done, 300))")
        assert tab.page.inner_text("#graph .labels .tip") == hidden
        tab.page.evaluate("() => { graphMtl.drawn.cy.emit('tap'); }")
        assert tab.page.locator("#graph .labels .tip").count() == 0
