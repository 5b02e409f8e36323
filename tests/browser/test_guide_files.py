"""The Browser guide, the GraSS style and the guide server, without a browser or a database."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.browser.guide import (
    GUIDE,
    STYLE,
    cypher_blocks,
    load_serve_guide,
    parse_grass,
    runnable_blocks,
)

NODE_LABELS = [
    "Salesperson",
    "Person",
    "TargetCustomer",
    "PotentialCustomer",
    "ExistingCustomer",
    "Role",
    "Need",
    "Capability",
    "Channel",
    "Opportunity",
]


@pytest.fixture(scope="module")
def style() -> dict[str, dict[str, str]]:
    return parse_grass(STYLE.read_text(encoding="utf-8"))


def test_guide_is_a_browser_guide_with_slides() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert '<article class="guide">' in text
    assert text.count("<slide") == text.count("</slide>") >= 7
    titles = re.findall(r"<h3>(.*?)</h3>", text)
    for step in ["P1", "P2", "P3", "warm paths", "opens the most doors", "T1"]:
        assert any(step in title for title in titles), step


def test_every_slide_has_a_runnable_query() -> None:
    slides = re.findall(r"<slide.*?</slide>", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert all(runnable_blocks(slide) for slide in slides)


def test_guide_queries_are_bounded() -> None:
    for block in cypher_blocks():
        for _low, high in re.findall(r"\*(\d*)\.\.(\d*)", block):
            assert high and int(high) <= 4, block
        if "MATCH" in block and not block.startswith(("CALL", "MATCH (n:Need)")):
            assert "LIMIT" in block or "{id: '" in block, block


def test_warm_path_queries_rank_by_product_of_strengths() -> None:
    warm = [b for b in cypher_blocks() if "KNOWS*1..4" in b]
    assert len(warm) >= 3
    for block in warm:
        assert "reduce(s = 1.0, k IN relationships(path) | s * k.strength)" in block
        assert "'sp-zhang'" in block and "'c-huaxin'" in block and "'n-erp'" in block


def test_style_parses_as_the_browser_parses_it(style: dict[str, dict[str, str]]) -> None:
    text = STYLE.read_text(encoding="utf-8")
    assert "/*" not in text and "//" not in text  # the Browser's parser knows no comments
    body_count = text.count("{") - text.count('"{')
    assert len(style) == body_count
    for selector, props in style.items():
        assert re.fullmatch(r"(node|relationship)(\.\w+)?", selector), selector
        assert props, selector


def test_style_colours_every_label_with_its_name(style: dict[str, dict[str, str]]) -> None:
    for label in NODE_LABELS:
        rule = style[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), label
        assert rule["caption"] == ("{kind}" if label == "Opportunity" else "{name}"), label
    colours = [style[f"node.{label}"]["color"] for label in NODE_LABELS]
    assert len(set(colours)) == len(colours)


def test_specific_labels_come_after_general_ones(style: dict[str, dict[str, str]]) -> None:
    # The Browser applies matching rules in order, the last one wins.
    order = list(style)
    assert order.index("node.Person") < order.index("node.Salesperson")
    for status in ["TargetCustomer", "PotentialCustomer", "ExistingCustomer"]:
        assert order.index("node.Customer") < order.index(f"node.{status}")


def test_knows_width_and_strength_caption(style: dict[str, dict[str, str]]) -> None:
    knows = style["relationship.KNOWS"]
    assert knows["caption"] == "{strength}"
    assert int(knows["shaft-width"].removesuffix("px")) >= 3


@pytest.mark.parametrize("name", ["guide.html", "style.grass"])
def test_server_sends_files_with_cors(guide_url: str, name: str) -> None:
    request = urllib.request.Request(
        f"{guide_url}/{name}", headers={"Origin": "http://127.0.0.1:7474"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Content-Type"].endswith("charset=utf-8")
        assert response.read() == (GUIDE if name == "guide.html" else STYLE).read_bytes()


def test_server_answers_the_cors_preflight(guide_url: str) -> None:
    request = urllib.request.Request(f"{guide_url}/guide.html", method="OPTIONS")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_server_prints_the_command_to_type(capsys: pytest.CaptureFixture[str]) -> None:
    serve_guide = load_serve_guide()
    assert serve_guide.main(["--directory", "/nonexistent"]) == 1
    assert "no guide.html" in capsys.readouterr().err
