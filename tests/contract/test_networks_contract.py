"""A LinkedIn export imports the same way into every store."""

from __future__ import annotations

from pathlib import Path

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import NetworkImport, import_linkedin
from tests.unit.test_linkedin import TODAY, _export


def test_a_linkedin_export_imports_alike_on_every_store(store: GraphStore, tmp_path: Path) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    export = _export(tmp_path / "export")

    def imported() -> NetworkImport:
        return import_linkedin(
            store,
            export,
            salesperson_id="sp-zhang",
            caller=COMMAND_LINE,
            playbook=Playbook(),
            today=TODAY,
        )

    found = imported()
    assert found.connections == 3
    neighbours = dict(store.adjacency(["sp-zhang"])["sp-zhang"])
    assert set(neighbours) == {"li-jane-doe-1a2b", "li-陈国栋", "mail-sam@example.org"}
    tie = store.ties([("li-jane-doe-1a2b", "sp-zhang")])[("li-jane-doe-1a2b", "sp-zhang")]
    assert tie.context.startswith("LinkedIn connection since 2023-01-15; 3 messages")
    before = store.export().canonical()
    assert imported().new_people == 0
    assert store.export().canonical() == before
