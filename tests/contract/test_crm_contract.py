"""A CRM export is imported, or refused whole, alike on every store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import Person
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import ImportRejected, InvalidInput
from tests.unit.test_crm_checks import BAD_ROWS, GOOD, HUBSPOT_HEADER, _file, _run

# The line and column each bad row of BAD_ROWS is refused for, one at a time after GOOD.
REASONS = [
    "contacts.csv:3: Last Activity Date: ",
    "contacts.csv:3: Lifecycle Stage: ",
    "contacts.csv:3: Email: ",
    "contacts.csv:3: Phone Number: ",
]


def test_a_refused_export_leaves_the_store_unchanged(store: GraphStore, tmp_path: Path) -> None:
    store.load(Bundle(people=[Person(id="sp-zhang", name="Zhang Wei", is_salesperson=True)]))
    before = store.export().canonical()
    for bad, reason in zip(BAD_ROWS.splitlines(keepends=True), REASONS, strict=True):
        path = _file(tmp_path, HUBSPOT_HEADER + GOOD + bad)
        with pytest.raises(ImportRejected) as rejected:
            _run(store, path, create_customers=True)
        [problem] = [str(p) for p in rejected.value.problems]
        assert problem.startswith(reason), problem
        assert store.export().canonical() == before
    with pytest.raises(InvalidInput):
        _run(store, tmp_path / "missing.csv")
    assert store.export().canonical() == before
    assert _run(store, _file(tmp_path, HUBSPOT_HEADER + GOOD)).contacts == 1
