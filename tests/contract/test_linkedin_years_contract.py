"""A LinkedIn export of each year's shape imports alike on every store, all or
nothing, and importing it again changes nothing (tests/linkedin_years.py)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.domain.playbook import Playbook
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import ImportRejected
from graph_mtl.services.access import COMMAND_LINE
from graph_mtl.services.networks import NetworkImport, import_linkedin
from tests.linkedin_years import YEARS, build

TODAY = date(2026, 12, 2)


def _import(store: GraphStore, path: Path) -> NetworkImport:
    return import_linkedin(
        store,
        path,
        salesperson_id="sp-zhang",
        caller=COMMAND_LINE,
        playbook=Playbook(),
        today=TODAY,
    )


@pytest.mark.parametrize("year", sorted(YEARS))
def test_each_years_export_imports_on_every_store(
    store: GraphStore, tmp_path: Path, year: int
) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    path = build(tmp_path, year)
    found = _import(store, path)
    assert (found.connections, found.new_people, found.hidden) == (4, 4, 1)
    assert (found.messages, found.skipped_messages, found.positions) == (4, 2 + (year == 2026), 2)
    neighbours = dict(store.adjacency(["sp-zhang"])["sp-zhang"])
    assert len(neighbours) == 4 and "li-jane-doe-1a2b" in neighbours
    assert ("li-kim-lee" in neighbours) == YEARS[year].url
    tie = store.ties([("li-jane-doe-1a2b", "sp-zhang")])[("li-jane-doe-1a2b", "sp-zhang")]
    assert tie.context.startswith(f"LinkedIn connection since {year}-01-15")
    jobs = store.employments(person_ids=["sp-zhang"])
    assert {(j.company, j.until) for j in jobs} == {
        ("Our Co", None),
        ("Acme, Inc.", date(2017, 12, 31)),
    }
    before = store.export().canonical()
    again = _import(store, path)
    assert again.new_people == 0 and store.export().canonical() == before


def test_a_bad_row_leaves_every_store_unchanged(store: GraphStore, tmp_path: Path) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="张伟", is_salesperson=True)]))
    archive = build(tmp_path / "export", 2024)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(broken, "w") as out:
        for member in src.infolist():
            data = src.read(member)
            if member.filename == "messages.csv":
                data = data.replace(b"2024/06/01 14:03:22 UTC", b"2024/13/01 14:03:22 UTC")
            out.writestr(member, data)
    before = store.export().canonical()
    with pytest.raises(ImportRejected) as rejected:
        _import(store, broken)
    [problem] = rejected.value.problems
    assert (problem.file, problem.line) == ("messages.csv", 4)
    assert store.export().canonical() == before
