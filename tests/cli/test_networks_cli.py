"""The commands over imported networks: changes, and paths with inferred or fresh ties."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Customer, CustomerStatus, Person, Tie
from graph_mtl.stores.sqlite_store import SqliteStore

runner = CliRunner()
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _store(tmp_path: Path) -> str:
    db = tmp_path / "graph.db"
    store = SqliteStore(db)
    store.load(
        Bundle(
            people=[
                Person(id="sp-zhang", name="张伟", is_salesperson=True),
                Person(id="kim", name="Kim Lee", customer_id="c-acme"),
                Person(id="bo", name="Bo Chen", customer_id="c-acme"),
            ],
            ties=[
                Tie(source="sp-zhang", target="kim", strength=0.9, last_contact=date(2020, 1, 1))
            ],
            customers=[
                Customer(id="c-acme", name="Acme", status=CustomerStatus.TARGET),
                Customer(id="c-globex", name="Globex", status=CustomerStatus.TARGET),
            ],
        )
    )
    store.close()
    return str(db)


def test_changes_lists_who_left_and_joined(tmp_path: Path) -> None:
    db = _store(tmp_path)
    for company in ("Acme", "Globex"):
        folder = tmp_path / company
        folder.mkdir()
        row = f"Lan,Xu,https://www.linkedin.com/in/lan-xu,,{company},CIO,15 Jan 2023\n"
        (folder / "Connections.csv").write_text(HEADER + row, encoding="utf-8")
        args = ["import-linkedin", str(folder), "--salesperson", "sp-zhang", "--store", db]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    assert "job change: Lan Xu (li-lan-xu) left Acme for Globex" in done.output
    listed = runner.invoke(app, ["changes", "--recent", "30d", "--store", db])
    assert listed.exit_code == 0, listed.output
    assert "left for Globex" in listed.output and "joined from Acme" in listed.output
    missing = runner.invoke(app, ["changes", "--store", db])
    assert missing.exit_code == 1 and "--since" in missing.output


def test_paths_take_inferred_and_recent_ties(tmp_path: Path) -> None:
    db = _store(tmp_path)
    plain = runner.invoke(app, ["paths", "--from", "sp-zhang", "--to", "bo", "--store", db])
    assert "No warm path" in plain.output
    inferred = ["paths", "--from", "sp-zhang", "--to", "bo", "--inferred", "--store", db]
    found = runner.invoke(app, inferred, terminal_width=200)
    assert found.exit_code == 0 and "inferred: both work at Acme" in found.output
    fresh = runner.invoke(app, [*inferred[:6], "--since", "2021-01-01", "--store", db])
    assert "No warm path" in fresh.output  # the tie to Kim is older than that
