"""Import a CSV bundle into a store: all of it, or nothing."""

from __future__ import annotations

from pathlib import Path

from graph_mtl.domain.ports import GraphEditor
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.access import COMMAND_LINE, Caller, write

__all__ = ["import_bundle"]


def import_bundle(
    store: GraphEditor, folder: Path, *, caller: Caller = COMMAND_LINE
) -> dict[str, int]:
    """Read the bundle in `folder` and upsert it into `store`; how many items of each kind.

    References may point at items the store already holds. A bundle with any
    problem raises `ImportRejected` before the store is touched, and the
    store's own `load` is all or nothing, so a failed import changes nothing.
    The caller's write rules (graph_mtl/services/access.py) hold as for any
    other write: a bundle with one row they may not write is refused whole.
    """
    bundle = read_bundle(folder, known=store.existing)
    write(store, caller, bundle)
    return bundle.counts()
