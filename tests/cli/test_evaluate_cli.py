"""`graph-mtl evaluate` on the demo bundle: the kind, the parts, recording, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import graph_mtl.cli.evaluate  # noqa: F401  (registers the command until the package lists it)
from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.stores.sqlite_store import SqliteStore

DEMO = Path(__file__).parents[2] / "seed" / "demo"
runner = CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _evaluate(store_path: Path, contact: str, need: str, *extra: str) -> dict[str, Any]:
    args = ["evaluate", "--contact", contact, "--customer", "c-huaxin", "--need", need]
    result = runner.invoke(app, [*args, *extra, "--json", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_help_names_every_option() -> None:
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    for option in ("--contact", "--customer", "--need", "--field", "--from", "--record"):
        assert option in result.output
    assert "--store" in result.output and "--json" in result.output


def test_the_kinds_on_the_demo(store_path: Path) -> None:
    cio = _evaluate(store_path, "huaxin-02", "n-erp", "--from", "sp-zhang")
    assert cio["kind"] == "business_opportunity"
    assert cio["key_person"]["power"] == "decision_maker"
    assert [p["name"] for p in cio["parts"]] == [
        "customer_quality",
        "informant_quality",
        "completeness",
    ]
    assert 0.0 < cio["quality"] <= 1.0
    clerk = _evaluate(store_path, "huaxin-11", "n-erp")
    assert (clerk["kind"], clerk["works_at_customer"]) == ("lead", True)
    expert = _evaluate(store_path, "ex-qian", "n-erp")
    assert (expert["kind"], expert["works_at_customer"]) == ("lead", False)
    # Procurement cares about hardware, but we do not sell hardware (P1).
    buyer = _evaluate(store_path, "huaxin-06", "n-hardware")
    assert (buyer["kind"], buyer["quality"], buyer["parts"]) == ("not_an_opportunity", 0.0, [])


def test_fields_count_towards_completeness(store_path: Path) -> None:
    bare = _evaluate(store_path, "huaxin-11", "n-erp")
    told = _evaluate(
        store_path,
        "huaxin-11",
        "n-erp",
        "--field",
        "timeline=Q3 2026",
        "--field",
        "decision_process=CIO and CEO sign",
    )
    completeness = {p["name"]: p["value"] for p in told["parts"]}["completeness"]
    before = {p["name"]: p["value"] for p in bare["parts"]}["completeness"]
    assert completeness == pytest.approx(before + 2 / 6)
    assert told["details"] == {"timeline": "Q3 2026", "decision_process": "CIO and CEO sign"}


def test_record_then_a_key_role_turns_the_lead_into_a_business_opportunity(
    store_path: Path,
) -> None:
    lead = _evaluate(store_path, "huaxin-11", "n-erp", "--record", "--field", "timeline=Q3")
    assert (lead["kind"], lead["recorded"]) == ("lead", True)
    [stored] = SqliteStore(store_path).opportunities()
    assert (stored.id, stored.kind, stored.details) == (
        lead["opportunity_id"],
        "lead",
        {"timeline": "Q3"},
    )

    graph = SqliteStore(store_path)
    [clerk] = graph.people(["huaxin-11"]).values()
    graph.load(Bundle(people=[clerk.model_copy(update={"roles": ("r-it-mgr",)})]))

    again = _evaluate(store_path, "huaxin-11", "n-erp", "--record")
    assert (again["kind"], again["previous_kind"], again["upgraded"]) == (
        "business_opportunity",
        "lead",
        True,
    )
    [upgraded] = SqliteStore(store_path).opportunities()
    assert (upgraded.id, upgraded.kind) == (stored.id, "business_opportunity")
    assert upgraded.details == {"timeline": "Q3"}


def test_readable_output_shows_every_part(store_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--contact",
            "huaxin-02",
            "--customer",
            "c-huaxin",
            "--need",
            "n-erp",
            "--from",
            "sp-zhang",
            "--record",
            "--store",
            str(store_path),
        ],
    )
    assert result.exit_code == 0, result.output
    for text in (
        "business opportunity",
        "customer quality",
        "informant quality",
        "completeness",
        "approved",
        "tie strength",
        "key persons",
        "Recorded as opp-",
    ):
        assert text in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--field", "budgett=1"], "'budgett' is not one of the playbook's fields"),
        (["--field", "timeline"], "expected key=value"),
        (["--from", "nobody"], "unknown person 'nobody'"),
    ],
)
def test_bad_input_exits_1_with_one_line(store_path: Path, extra: list[str], message: str) -> None:
    args = ["evaluate", "--contact", "huaxin-02", "--customer", "c-huaxin", "--need", "n-erp"]
    result = runner.invoke(app, [*args, *extra, "--store", str(store_path)])
    assert result.exit_code == 1
    assert message in result.output
    assert SqliteStore(store_path).opportunities() == []


def test_an_unknown_contact_is_named(store_path: Path) -> None:
    args = ["evaluate", "--contact", "ghost", "--customer", "c-huaxin", "--need", "n-erp"]
    result = runner.invoke(app, [*args, "--record", "--store", str(store_path)])
    assert result.exit_code == 1
    assert "unknown person 'ghost'" in result.output
