"""`export`: a whole graph out of a store, as a CSV bundle that `import` reads
back, or as a GraphML or GEXF file for graph tools (yEd, Cytoscape, Gephi)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph_mtl.cli._common import StoreOption, app, open_store, out
from graph_mtl.domain.bundle import Bundle
from graph_mtl.i18n import _, ngettext
from graph_mtl.ingest.export import GraphFormat, write_bundle_folder, write_graph
from graph_mtl.services.phrases import shown

__all__ = ["ExportFormat", "export_cmd"]


class ExportFormat(StrEnum):
    BUNDLE = "bundle"
    GRAPHML = "graphml"
    GEXF = "gexf"


_GRAPH_FORMATS: dict[ExportFormat, GraphFormat] = {
    ExportFormat.GRAPHML: "graphml",
    ExportFormat.GEXF: "gexf",
}


@app.command("export")
def export_cmd(
    destination: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help="bundle: a new or empty folder; graphml, gexf: the file to write.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="bundle (CSV, as `import` reads it), graphml or gexf."),
    ] = ExportFormat.BUNDLE,
    store: StoreOption = None,
) -> None:
    """Export the whole graph; opportunities are not part of any of the formats."""
    with open_store(store) as graph:
        bundle = graph.export()
        written = _write(bundle, destination, fmt)
    skipped = len(bundle.opportunities)
    line = _(
        "exported {what} to {destination} ({format})",
        what=_summary(written),
        destination=destination,
        format=fmt.value,
    )
    if skipped:
        line += ngettext(
            "; skipped {n} opportunities", "; skipped {n} opportunities", skipped, n=skipped
        )
    # soft_wrap: one line however long, for scripts that read it.
    out.print(
        line,
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def _write(bundle: Bundle, destination: Path, fmt: ExportFormat) -> dict[str, int]:
    """Write the bundle; how many items of each kind went out."""
    if fmt is ExportFormat.BUNDLE:
        return write_bundle_folder(bundle, destination)
    write_graph(bundle, destination, _GRAPH_FORMATS[fmt])
    return {kind: n for kind, n in bundle.counts().items() if kind != "opportunities"}


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {shown(kind)}" for kind, n in counts.items() if n) or _("nothing")
