"""`graph-mtl neo4j ...`: what only a Neo4j store needs, done from the command line."""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import app, out, refusals, sub_app
from graph_mtl.errors import InvalidInput
from graph_mtl.i18n import _
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.stores.neo4j_bulk import bulk_import

__all__ = ["neo4j_app"]

neo4j_app = sub_app("Neo4j only: a first load of a big bundle.")
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("bulk-import")
def bulk_import_(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="A folder holding a canonical CSV bundle.")
    ],
    home: Annotated[
        Path,
        typer.Option(
            metavar="DIR",
            help="The Neo4j home (conf/ and data/) of a server that is stopped, or not yet started.",
        ),
    ],
    database: Annotated[str, typer.Option(metavar="NAME", help="The database to write.")] = "neo4j",
    admin: Annotated[
        str | None,
        typer.Option(
            metavar="CMD",
            help="The admin command (default: neo4j-admin on PATH, else java with the jars in "
            "--lib).",
        ),
    ] = None,
    lib: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="The Neo4j jars (scripts/neo4j: .neo4j/lib)."),
    ] = None,
) -> None:
    """Write a NEW database from a bundle with `neo4j-admin database import full`, as an
    online import into an empty store would make it; what the database held is replaced.
    Start the server afterwards; the first write makes the constraints and indexes."""
    with refusals():
        _bulk_import(folder, home, database, _admin(admin, lib))


def _bulk_import(folder: Path, home: Path, database: str, command: list[str]) -> None:
    start = time.perf_counter()
    bundle = read_bundle(folder)
    read = time.perf_counter() - start
    os.environ["NEO4J_HOME"] = str(home.resolve())
    os.environ["NEO4J_CONF"] = str((home / "conf").resolve())
    with tempfile.TemporaryDirectory(prefix="graph-mtl-admin-") as tmp:
        bulk_import(bundle, Path(tmp), admin=command, database=database)
    seconds = time.perf_counter() - start
    ties = len(bundle.ties)
    out.print(
        _(
            "bulk-imported {people} people and {ties} ties into {database} at {home} in "
            "{seconds:.1f} s ({read:.1f} s reading the bundle; {rate:,.0f} ties/s)",
            people=len(bundle.people),
            ties=ties,
            database=database,
            home=home,
            seconds=seconds,
            read=read,
            rate=ties / seconds,
        ),
        markup=False,
    )


def _admin(admin: str | None, lib: Path | None) -> list[str]:
    if admin:
        return shlex.split(admin)
    if lib is not None:
        return ["java", "-cp", f"{lib.resolve()}/*", "org.neo4j.cli.AdminTool"]
    found = shutil.which("neo4j-admin")
    if found is None:
        raise InvalidInput("admin", _("neo4j-admin is not on PATH: give --admin or --lib"))
    return [found]
