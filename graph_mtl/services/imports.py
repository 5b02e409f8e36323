"""Import a CSV bundle into a store: all of it, or nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import Field

from graph_mtl.domain.ports import GraphEditor
from graph_mtl.ingest.csv_bundle import read_bundle
from graph_mtl.services.access import COMMAND_LINE, Caller, write
from graph_mtl.services.answer import Answer
from graph_mtl.services.forgotten import SkippedPerson, check_override, without_forgotten

__all__ = ["BundleImport", "import_bundle"]


class BundleImport(Answer):
    imported: dict[str, int]
    """How many items of each kind were written."""
    forgotten: list[SkippedPerson] = Field(default_factory=list)
    """People the bundle held who asked to be forgotten: skipped, with everything
    naming them."""


def import_bundle(
    store: GraphEditor,
    folder: Path,
    *,
    caller: Caller = COMMAND_LINE,
    include_forgotten: bool = False,
) -> BundleImport:
    """Read the bundle in `folder` and upsert it into `store`; how many items of each kind.

    References may point at items the store already holds. A bundle with any
    problem raises `ImportRejected` before the store is touched, and the
    store's own `load` is all or nothing, so a failed import changes nothing.
    The caller's write rules (graph_mtl/services/access.py) hold as for any
    other write: a bundle with one row they may not write is refused whole.
    People the store was asked to forget are skipped and listed
    (graph_mtl/services/forgotten.py), unless an admin says `include_forgotten`.
    """
    check_override(caller, include_forgotten)
    with _no_cycle_collection():
        bundle = read_bundle(folder, known=store.existing)
        bundle, skipped = without_forgotten(store, bundle, include_forgotten=include_forgotten)
        write(store, caller, bundle)
    return BundleImport(imported=bundle.counts(), forgotten=skipped)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector held off for the block. A large bundle makes
    millions of containers (rows, lists of roles, tuples read back from SQLite),
    none in a cycle, and each full collection the block would trigger walks every
    one of them again: at a million people, about a tenth of the import's time
    for nothing found. Whatever cycles the block leaves are collected after it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
