"""The cyclic garbage collector made rarer while a report is made.

A report at a million people holds millions of small objects (the accounts'
people, the searches' paths, the committees' answers) and makes as many more;
with the collector's usual thresholds every few hundred new objects start a
collection, and the older generations are walked again and again: half of the
report's CPU time went there. Its objects hold few reference cycles, so
collecting a hundred times less often frees the same memory a little later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["fewer_collections"]

_THRESHOLDS = (100_000, 50, 100)
"""New objects before a young collection, and how many of each before an older one."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Inside, the collector runs with `_THRESHOLDS` (or as set, if already higher);
    its thresholds are put back after."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(b, t) for b, t in zip(before, _THRESHOLDS, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)
