"""`graph-mtl report` on the demo bundle and on a generated one: every format, the
options, the errors, and silence on standard error when it is not a terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph_mtl.cli.report  # noqa: F401  (registers the command)
from graph_mtl.cli import app
from graph_mtl.reports.csv_format import COLUMNS
from graph_mtl.services.report import Report
from seed.generate import write_bundle

DEMO = Path(__file__).parents[2] / "seed" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "graph.db"
    result = runner.invoke(app, ["import", str(DEMO), "--store", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _report(store_path: Path, out: Path | str, *args: str) -> str:
    result = runner.invoke(
        app, ["report", "--from", "sp-zhang", "--out", str(out), "--store", str(store_path), *args]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when standard error is not a terminal
    return result.stdout


def test_help() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--from", "--out", "--format", "--customers", "--status", "--need", "--k"):
        assert option in result.output


@pytest.mark.parametrize("suffix", ["html", "csv", "json", "md"])
def test_every_format_from_the_suffix(store_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report.{suffix}"
    said = _report(store_path, out)
    assert f"Wrote {out} ({suffix})" in " ".join(said.split())
    text = out.read_text(encoding="utf-8")
    assert "华信制造" in text
    if suffix == "json":
        report = Report.model_validate(json.loads(text))
        assert report.options.status == "target" and report.source == "sp-zhang"
        assert all(c.status == "target" for c in report.customers)
    elif suffix == "csv":
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
        assert tuple(rows[0]) == COLUMNS and len(rows) > 10
        assert out.read_bytes().count(b"\r\n") == len(rows)
    elif suffix == "html":
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text
    else:
        assert text.startswith("# Referral chains for 张伟")


def test_the_same_report_twice(store_path: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    _report(store_path, first, "--status", "all")
    _report(store_path, second, "--status", "all", "--workers", "2")
    assert first.read_bytes() == second.read_bytes()


def test_named_customers_need_and_options_to_stdout(store_path: Path) -> None:
    text = _report(
        store_path,
        "-",
        "--format",
        "json",
        "--customers",
        "c-huaxin,c-boyuan",
        "--customers",
        "c-northwind",
        "--need",
        "n-erp",
        "--mode",
        "shortest",
        "--max-hops",
        "3",
        "--k",
        "2",
        "--top",
        "3",
    )
    report = Report.model_validate(json.loads(text))
    assert report.options.customers == ["c-huaxin", "c-boyuan", "c-northwind"]
    assert {c.customer_id for c in report.customers} == {"c-huaxin", "c-boyuan", "c-northwind"}
    assert all([g.need_id for g in c.committees] == ["n-erp"] for c in report.customers)
    assert report.options.mode == "shortest" and report.options.max_hops == 3
    assert len(report.introducers) <= 3
    chains = [m.chain for c in report.customers for g in c.committees for m in g.members if m.chain]
    assert chains and all(chain.hops <= 3 for chain in chains)


def test_limit_and_potential(store_path: Path) -> None:
    text = _report(store_path, "-", "--format", "csv", "--status", "potential", "--limit", "2")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len({r["customer_id"] for r in rows}) == 2
    assert {r["status"] for r in rows} == {"potential"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "r.txt"], "--format"),
        (["--out", "r.csv", "--customers", "c-huaxin", "--status", "all"], "not both"),
        (["--out", "r.csv", "--customers", "c-nobody"], "unknown customer 'c-nobody'"),
        (["--out", "r.csv", "--need", "n-hardware"], "capability boundary"),
        (["--out", "r.csv", "--k", "0"], "k: must be"),
        (["--out", "/nonexistent-folder/r.csv"], "cannot write"),
    ],
)
def test_errors_exit_1_with_one_line(store_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", "--from", "sp-zhang", "--store", str(store_path), *args])
    assert result.exit_code == 1
    assert message in result.stderr.replace("\n", " ")
    assert "Traceback" not in result.output


def test_unknown_salesperson(store_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", "--from", "nobody", "--out", str(tmp_path / "r.md"), "--store", str(store_path)],
    )
    assert result.exit_code == 1 and "unknown person 'nobody'" in result.stderr
    assert not (tmp_path / "r.md").exists()


@pytest.mark.slow
def test_every_format_on_a_generated_bundle(tmp_path: Path) -> None:
    write_bundle(tmp_path / "bundle", people=4000, seed=2)
    store = tmp_path / "graph.db"
    assert (
        runner.invoke(app, ["import", str(tmp_path / "bundle"), "--store", str(store)]).exit_code
        == 0
    )
    for suffix in ("html", "csv", "json", "md"):
        out = tmp_path / f"report.{suffix}"
        result = runner.invoke(
            app,
            ["report", "--from", "s0", "--status", "all", "--out", str(out), "--store", str(store)],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    report = Report.model_validate_json((tmp_path / "report.json").read_text(encoding="utf-8"))
    rows = (tmp_path / "report.csv").read_bytes().count(b"\r\n") - 1
    assert rows == report.totals.key_persons + report.totals.vacant_seats
    assert report.totals.key_persons > 0
