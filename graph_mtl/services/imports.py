"""Import a CSV bundle into a store: all of it, or nothing."""

from __future__ import annotations

from pathlib import Path

from graph_mtl.domain.ports import GraphStore
from graph_mtl.ingest.csv_bundle import read_bundle

__all__ = ["import_bundle"]


def import_bundle(store: GraphStore, folder: Path) -> dict[str, int]:
    """Read the bundle in `folder` and upsert it into `store`; how many items of each kind.

    References may point at items the store already holds. A bundle with any
    problem raises `ImportRejected` before the store is touched, and the
    store's own `load` is all or nothing, so a failed import changes nothing.
    """
    bundle = read_bundle(folder, known=store.existing)
    store.load(bundle)
    return bundle.counts()
