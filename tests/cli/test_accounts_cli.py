"""`graph-mtl accounts` and `graph-mtl channels` end to end, on the demo and on a
generated bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import graph_mtl.cli.accounts  # noqa: F401  (registers the commands until the package lists it)
from graph_mtl.cli import app
from graph_mtl.ingest.playbook import load_playbook
from graph_mtl.services.accounts import score_accounts
from graph_mtl.services.channels import rank_channels
from graph_mtl.services.team_view import TeamView
from graph_mtl.stores.sqlite_store import SqliteStore
from seed.generate import write_bundle

DEMO = Path(__file__).parents[2] / "seed" / "demo"
PLAYBOOK = DEMO / "playbook.toml"
runner = CliRunner()


def _import(folder: Path, store: Path) -> Path:
    result = runner.invoke(app, ["import", str(folder), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _import(DEMO, tmp_path_factory.mktemp("demo") / "graph.db")


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    write_bundle(folder / "bundle", people=600, seed=3)
    return _import(folder / "bundle", folder / "graph.db")


def _run(args: list[str]) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(args: list[str]) -> Any:
    return json.loads(_run([*args, "--json"]))


def test_both_commands_have_help() -> None:
    for command in ("accounts", "channels"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "--store" in result.output and "--playbook" in result.output


def test_accounts_json_is_the_service(demo_store: Path) -> None:
    data = _json(["accounts", "--from", "sp-zhang", "--store", str(demo_store)])
    # As the salesperson sees the graph: teammates who do not share their network are cut out.
    seen = TeamView.of(SqliteStore(demo_store), "sp-zhang")
    expected = score_accounts(seen, load_playbook(None), "sp-zhang")
    assert data == {"accounts": [a.model_dump(mode="json") for a in expected]}
    first = data["accounts"][0]
    assert first["customer_id"] == "c-huaxin"
    assert [u["need_id"] for u in first["unmet_needs"]] == ["n-hardware"]
    assert first["path"]["nodes"] == ["sp-zhang", "tianyu-03", "huaxin-04"]
    assert [c["name"] for c in first["priority"]["criteria"]] == ["validity", "warmth"]


def test_accounts_filters_and_top(demo_store: Path) -> None:
    args = ["accounts", "--from", "sp-zhang", "--store", str(demo_store)]
    data = _json([*args, "--status", "potential", "--top", "3", "--playbook", str(PLAYBOOK)])
    assert len(data["accounts"]) == 3
    assert {a["status"] for a in data["accounts"]} == {"potential"}
    assert {a["score_kind"] for a in data["accounts"]} == {"fit"}


def test_accounts_table(demo_store: Path) -> None:
    text = _run(["accounts", "--from", "sp-zhang", "--top", "5", "--store", str(demo_store)])
    assert "华信制造" in text and "c-huaxin" in text
    assert "validity 1.00" in text and "approved ✓" in text
    assert "✗ n-hardware" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "nobody"], "unknown person 'nobody'"),
        (["--from", "peer-liu"], "not a salesperson"),
        (["--from", "sp-zhang", "--status", "existing"], "channels, not accounts"),
        (["--from", "sp-zhang", "--top", "0"], "top"),
    ],
)
def test_accounts_errors(demo_store: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["accounts", *args, "--store", str(demo_store)])
    assert result.exit_code == 1
    assert message in result.output


def test_a_bad_playbook_is_an_error(demo_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "playbook.toml"
    bad.write_text("[priority]\nscore = -1\n", encoding="utf-8")
    for command in (["accounts", "--from", "sp-zhang"], ["channels"]):
        result = runner.invoke(app, [*command, "--playbook", str(bad), "--store", str(demo_store)])
        assert result.exit_code == 1
        assert "playbook" in result.output


def test_channels_json_is_the_service(demo_store: Path) -> None:
    data = _json(["channels", "--store", str(demo_store)])
    expected = rank_channels(SqliteStore(demo_store), load_playbook(None))
    assert data == expected.model_dump(mode="json")
    assert data["source"] is None
    target = {c["id"] for c in data["target"]}
    potential = {c["id"] for c in data["potential"]}
    assert "ch-peer-ma" in potential and "ch-peer-ma" not in target
    assert "ch-csdn" in potential and "ch-csdn" in target


def test_channels_for_one_audience_with_warmth(demo_store: Path) -> None:
    data = _json(
        ["channels", "--audience", "target", "--from", "sp-zhang", "--store", str(demo_store)]
    )
    assert data["potential"] is None and data["target"]
    assert data["source"] == "sp-zhang"
    assert {c["audience"] for c in data["target"]} <= {"target", "both"}


def test_channels_table(demo_store: Path) -> None:
    text = _run(["channels", "--store", str(demo_store)])
    assert "Channels to target customers" in text
    assert "Channels to potential customers" in text
    assert "ch-ex-qian" in text and "the company only" in text
    only = _run(["channels", "--audience", "potential", "--store", str(demo_store)])
    assert "Channels to target customers" not in only


def test_channels_unknown_salesperson(demo_store: Path) -> None:
    result = runner.invoke(app, ["channels", "--from", "nobody", "--store", str(demo_store)])
    assert result.exit_code == 1 and "unknown person" in result.output


def test_both_commands_on_a_generated_bundle(generated_store: Path) -> None:
    accounts = _json(["accounts", "--from", "s0", "--top", "10", "--store", str(generated_store)])[
        "accounts"
    ]
    assert 0 < len(accounts) <= 10
    priorities = [a["priority"]["value"] for a in accounts]
    assert priorities == sorted(priorities, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in priorities)
    ranking = _json(["channels", "--from", "s0", "--store", str(generated_store)])
    assert ranking["target"] and ranking["potential"]
    _run(["accounts", "--from", "s0", "--store", str(generated_store)])
    _run(["channels", "--store", str(generated_store)])
