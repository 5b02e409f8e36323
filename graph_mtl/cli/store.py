"""Moving graphs in and between stores: `import`, `copy` and `migrate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_mtl import bootstrap
from graph_mtl.cli._common import (
    StoreOption,
    app,
    open_store,
    out,
)
from graph_mtl.cli._imports import IncludeForgottenOption, print_forgotten
from graph_mtl.i18n import N_, _
from graph_mtl.services import imports
from graph_mtl.services.phrases import shown

_KINDS = (
    N_("people"),
    N_("ties"),
    N_("customers"),
    N_("needs"),
    N_("roles"),
    N_("customer needs"),
    N_("capabilities"),
    N_("channels"),
    N_("reach"),
    N_("opportunities"),
    N_("evidence"),
    N_("employments"),
)
"""The kinds of item a bundle holds, as `Bundle.counts` names them."""


@app.command("import")
def import_(
    folder: Annotated[Path, typer.Argument(help="A folder holding a canonical CSV bundle.")],
    include_forgotten: IncludeForgottenOption = False,
    store: StoreOption = None,
) -> None:
    """Import a CSV bundle, all or nothing; importing it again changes nothing. People
    who asked to be forgotten are skipped (and listed)."""
    with open_store(store) as graph:
        found = imports.import_bundle(graph, folder, include_forgotten=include_forgotten)
    out.print(
        _("imported {what} from {folder}", what=_summary(found.imported), folder=folder),
        markup=False,
    )
    print_forgotten(found.forgotten)


@app.command()
def copy(
    source: Annotated[str, typer.Option("--from", help="The store to read: a path or a URI.")],
    target: Annotated[str, typer.Option("--to", help="The store to write: a path or a URI.")],
) -> None:
    """Copy a whole graph from one store into another (added to what is there)."""
    with open_store(source) as origin:
        bundle = origin.export()
    with open_store(target) as destination:
        destination.load(bundle)
    what = _summary(bundle.counts())
    out.print(
        _("copied {what} from {source} to {target}", what=what, source=source, target=target),
        markup=False,
    )


@app.command()
def migrate(
    legacy: Annotated[
        Path, typer.Argument(help="An earlier JSON store (format graph-mtl/1), e.g. graph.json.")
    ],
    store: StoreOption = None,
) -> None:
    """Copy an earlier JSON store, keys and opt-ins included, into the SQLite store (the
    graph.db beside it by default); the JSON file is left as it was."""
    target = store or str(legacy.with_suffix(".db"))
    with open_store(target) as graph:
        counts = bootstrap.migrate_json(graph, legacy)
    out.print(
        _(
            "migrated {what} from {legacy} into {target}",
            what=_summary(counts),
            legacy=legacy,
            target=target,
        ),
        markup=False,
    )


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {shown(kind)}" for kind, n in counts.items() if n) or _("nothing")
