"""An import that brings a forgotten person back (the same id, profile URL or
e-mail, recognised by the erasure's salted hashes) skips them and says so; an
admin may import them anyway, a salesperson's key may not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.domain.playbook import Playbook
from graph_mtl.errors import Forbidden
from graph_mtl.services.access import COMMAND_LINE, Caller, forget
from graph_mtl.services.forgotten import SkippedPerson
from graph_mtl.services.imports import import_bundle
from graph_mtl.services.networks import import_linkedin
from graph_mtl.stores.sqlite_store import SqliteStore
from tests.unit.test_linkedin import HEADER, PREAMBLE

TODAY = date(2026, 12, 2)
JANE = "https://www.linkedin.com/in/jane-doe-1a2b"


def _store(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "graph.db")
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    return store


def _linkedin(folder: Path, rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Connections.csv").write_text(PREAMBLE + HEADER + rows, encoding="utf-8")
    return folder / "Connections.csv"


def _bundle(folder: Path, rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "people.csv").write_text("id,name,email\n" + rows, encoding="utf-8")
    (folder / "ties.csv").write_text(
        "source,target,strength\n"
        + "".join(f"sp-zhang,{line.split(',')[0]},0.5\n" for line in rows.splitlines()),
        encoding="utf-8",
    )
    return folder


def test_a_linkedin_export_imported_again_skips_a_forgotten_connection(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = f"Jane,Doe,{JANE},jane@example.org,Acme,CIO,15 Jan 2023\n"
    rows += "Sam,Oneil,,sam@example.org,Globex,Engineer,01 Dec 2025\n"
    export = _linkedin(tmp_path / "li", rows)
    found = import_linkedin(
        store,
        export,
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    assert found.new_people == 2 and found.forgotten == []
    [jane] = [p for p in store.export().people if p.name == "Jane Doe"]
    forget(store, COMMAND_LINE, jane.id, today=TODAY)
    again = import_linkedin(
        store,
        export,
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )
    assert again.forgotten == [SkippedPerson(id=jane.id, name="Jane Doe", erased_on=TODAY)]
    assert again.connections == 1 and not store.people([jane.id])
    assert not any(p.name == "Jane Doe" for p in store.export().people)


def test_a_forgotten_person_is_recognised_by_e_mail_under_another_id(tmp_path: Path) -> None:
    store = _store(tmp_path)
    import_bundle(store, _bundle(tmp_path / "one", "crm-17,Ingrid Vanterpool,Ingrid@Example.org\n"))
    forget(store, COMMAND_LINE, "crm-17", today=TODAY)
    found = import_bundle(
        store, _bundle(tmp_path / "two", "li-ingrid,I. Vanterpool,ingrid@example.org\nok,Ok,\n")
    )
    assert found.forgotten == [SkippedPerson(id="li-ingrid", name="I. Vanterpool", erased_on=TODAY)]
    assert found.imported["people"] == 1 and found.imported["ties"] == 1
    assert set(store.people(["li-ingrid", "ok"])) == {"ok"}


def test_an_admin_may_import_them_anyway_a_salesperson_may_not(tmp_path: Path) -> None:
    store = _store(tmp_path)
    folder = _bundle(tmp_path / "b", "gone,Gone Person,gone@example.org\n")
    import_bundle(store, folder)
    forget(store, COMMAND_LINE, "gone", today=TODAY)
    salesperson = Caller(salesperson_id="sp-zhang", admin=False)
    with pytest.raises(Forbidden):
        import_bundle(store, folder, caller=salesperson, include_forgotten=True)
    assert import_bundle(store, folder, include_forgotten=True).forgotten == []
    assert store.people(["gone"])
    # Brought back on purpose: a later import does not skip them.
    assert import_bundle(store, folder).forgotten == []
