"""`paths`: warm-introduction paths from a salesperson to a person."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_mtl.cli._common import (
    FromOption,
    JsonOption,
    MaxHopsOption,
    ModeOption,
    StoreOption,
    Ties,
    app,
    grouped,
    out,
    print_json,
    session,
)
from graph_mtl.domain.pathfinding import DEFAULT_MAX_HOPS, Mode
from graph_mtl.i18n import _
from graph_mtl.services.paths import WarmPath, warm_paths
from graph_mtl.services.phrases import hops
from graph_mtl.services.search import resolve

__all__ = ["path_table"]


@app.command()
@grouped
def paths(
    source: FromOption,
    target: Annotated[
        str, typer.Option("--to", help="The person to reach: an id or a whole name.")
    ],
    mode: ModeOption = Mode.STRONGEST,
    max_hops: MaxHopsOption = DEFAULT_MAX_HOPS,
    k: Annotated[int, typer.Option("--k", help="How many loopless paths, best first.")] = 1,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            help="A person, or a customer's whole staff, to avoid: an id or a whole name.",
        ),
    ] = None,
    *,
    ties: Ties,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    """Warm-introduction paths from a salesperson to a person, each hop explained."""
    with session(store, source=source, ties=ties) as s:
        target = resolve(s.view, target, "person", field="to")
        found = warm_paths(
            s.view, s.salesperson, target, mode=mode, max_hops=max_hops, k=k, exclude=exclude or ()
        )
    if as_json:
        print_json({"paths": [p.model_dump(mode="json") for p in found]})
        return
    if not found:
        out.print(
            _(
                "No warm path from {source} to {target} within {hops}.",
                source=s.salesperson,
                target=target,
                hops=hops(max_hops),
            ),
            markup=False,
        )
    for rank, path in enumerate(found, 1):
        out.print(path_table(path, title=_("Path {rank}", rank=rank)))


def path_table(path: WarmPath, *, title: str) -> Table:
    table = Table(
        title=f"{title}: {' > '.join(path.names)}",
        caption=_(
            "strength {strength:.3f} over {hops}", strength=path.strength, hops=hops(path.hops)
        ),
        title_justify="left",
    )
    table.add_column(_("hop"), justify="right")
    table.add_column(_("introduction"))
    table.add_column(_("strength"), justify="right")
    table.add_column(_("why"))
    names = dict(zip(path.nodes, path.names, strict=True))
    for hop, step in enumerate(path.steps, 1):
        table.add_row(
            str(hop),
            f"{names[step.source]} → {step.target_name}",
            f"{step.strength:.2f}",
            "; ".join(step.reasons),
        )
    return table
