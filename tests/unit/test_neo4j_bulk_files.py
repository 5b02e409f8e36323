"""The admin tool's files: those written from a bundle read from files (people and
ties as columns) are byte for byte those written row by row from the same items
as models, and a bad bundle is refused before any file is written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_mtl.cli import app
from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.columns import PersonColumns, TieColumns
from graph_mtl.domain.models import Person, Tie
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.ingest.export import write_bundle_folder
from graph_mtl.stores.neo4j_bulk import write_admin_files
from tests.samples import make_sample_bundle


def _odd_bundle() -> Bundle:
    """Cells the CSV writers must agree on: quotes, line breaks, long floats, a
    repeated role, a tie given from its larger end."""
    sample = make_sample_bundle()
    people = [
        *sample.people,
        Person(id="z9", name='Zed "Z"\r\nTwo', customer_id="acme", roles=("it", "it", "cio")),
        Person(id="sp2", name="李 小龍", is_salesperson=True, title='T,"x"'),
    ]
    ties = [
        *sample.ties,
        Tie(source="z9", target="a1", strength=0.1 + 0.2, context='said "hi"\nthen, left'),
        Tie(source="sp2", target="z9", strength=1e-05),
    ]
    return dataclasses.replace(sample, people=people, ties=ties)


def _plain_bundle() -> Bundle:
    """No customer, role or last contact anywhere: those columns are left out."""
    return Bundle(
        people=[Person(id="b", name="B", is_salesperson=True), Person(id="a", name="A")],
        ties=[Tie(source="b", target="a", strength=0.5)],
    )


def _names(arguments: list[str]) -> list[str]:
    return sorted(a.split("=")[0] + "=" + Path(a.split("=", 1)[1]).name for a in arguments)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("make", [make_sample_bundle, _odd_bundle, _plain_bundle])
def test_files_from_columns_are_the_files_written_row_by_row(make: object, tmp_path: Path) -> None:
    assert callable(make)
    write_bundle_folder(make(), tmp_path / "bundle")
    read = read_bundle(tmp_path / "bundle")
    assert isinstance(read.people, PersonColumns) and isinstance(read.ties, TieColumns)
    as_models = dataclasses.replace(read, people=list(read.people), ties=list(read.ties))
    (tmp_path / "columns").mkdir()
    (tmp_path / "rows").mkdir()
    from_columns = write_admin_files(read, tmp_path / "columns")
    from_rows = write_admin_files(as_models, tmp_path / "rows")
    assert _names(from_columns) == _names(from_rows)
    assert _files(tmp_path / "columns") == _files(tmp_path / "rows")
    assert "knows.csv" in _files(tmp_path / "rows")


def test_a_bad_bundle_is_refused_by_file_line_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "bundle"
    write_bundle_folder(make_sample_bundle(), folder)
    ties = (folder / "ties.csv").read_text(encoding="utf-8").splitlines()
    ties[2] = ties[2].replace(ties[2].split(",")[2], "1.5", 1)
    (folder / "ties.csv").write_text("\n".join(ties) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    result = CliRunner().invoke(
        app,
        ["neo4j", "bulk-import", str(folder), "--home", str(home), "--admin", "false"],
        env={"GRAPH_MTL_LANGUAGE": "en"},
    )
    assert result.exit_code == 1, result.output
    assert "ties.csv:3:" in result.output and "strength" in result.output
    assert list(home.iterdir()) == []
