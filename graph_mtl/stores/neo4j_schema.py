"""The Neo4j schema made by several stores at once (two API workers, a command
beside the server), each on first use of a fresh database.

Two processes running the same `CREATE ... IF NOT EXISTS` at once can collide:
one commits, the other fails on a schema conflict (IF NOT EXISTS was checked
before the other's commit) or on a deadlock (on Neo4j 5.26, each holds a label
lock the other wants). Both are the other's success, not a fault: the statement
runs again, after a short pause with jitter, and finds the rule there. The
stored forms' rewrites (neo4j_forms.py) that two stores make of the same nodes
deadlock the same way and are as safe to run again. Any other error surfaces
at once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from neo4j.exceptions import Neo4jError, TransientError

from graph_mtl.errors import StoreUnavailable
from graph_mtl.stores.neo4j_errors import OUT_OF_MEMORY

__all__ = ["SCHEMA_CONFLICTS", "tolerant"]

SCHEMA_CONFLICTS = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
        "Neo.ClientError.Schema.IndexWithNameAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists",
    }
)
"""The server's codes for "another transaction made this rule first"."""

_TRIES = 8
_PAUSE = 0.05
"""The first pause, in seconds; it doubles at each try (about 6 s in all at most)."""

Run = Callable[..., Any]


def tolerant(
    run: Run, *, sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None
) -> Run:
    """`run` (a statement by name), again while another store runs it at the same moment."""
    pick = rng or random.Random()

    def again(name: str, **parameters: Any) -> Any:
        for tries in range(_TRIES):
            try:
                return run(name, **parameters)
            except StoreUnavailable as exc:
                if tries == _TRIES - 1 or not _concurrent(exc.__cause__):
                    raise
            # jitter: stores that collided do not run the next statement in step again
            sleep(_PAUSE * 2**tries * pick.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    return again


def _concurrent(cause: BaseException | None) -> bool:
    """Whether the failure is another transaction's doing, so that a new try may pass."""
    if isinstance(cause, TransientError):
        return cause.code != OUT_OF_MEMORY
    return isinstance(cause, Neo4jError) and cause.code in SCHEMA_CONFLICTS
