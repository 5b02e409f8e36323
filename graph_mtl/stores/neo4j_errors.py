"""Errors of the Neo4j store: the driver's and the server's as graph-mtl's
StoreUnavailable, here and nowhere else, without their text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph_mtl.errors import StoreUnavailable

__all__ = ["HOW_TO_START", "OUT_OF_MEMORY", "too_large", "translated", "unreachable"]

OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

HOW_TO_START = (
    "start it with `make neo4j` (scripts/neo4j/start.sh), or use the embedded store "
    "(unset GRAPH_MTL_STORE, or give --store a file path)"
)


def unreachable(uri: str | None = None) -> StoreUnavailable:
    """The server is down or not there: one line saying how to start it. The hint
    (for API callers too) leaves the address out."""
    hint = f"Neo4j is not reachable: {HOW_TO_START}"
    where = f"Neo4j at {uri} is not reachable: {HOW_TO_START}" if uri else hint
    return StoreUnavailable(where, hint=hint)


@contextmanager
def translated() -> Iterator[None]:
    """Driver and server errors as graph-mtl's StoreUnavailable, without their text."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise unreachable() from exc
    except (DriverError, Neo4jError) as exc:
        raise StoreUnavailable(f"the Neo4j store failed: {type(exc).__name__}") from exc


def too_large(exc: Neo4jError) -> str:
    """Why a load ran out of the server's transaction memory, and what to do about it."""
    return (
        "the bundle is too large for one transaction on this Neo4j server: it ran out of "
        f"transaction memory ({exc.code}; {exc.message}). Give the server a larger heap "
        "(NEO4J_HEAP for scripts/neo4j/start.sh) or a higher transaction memory limit "
        "(db.memory.transaction.total.max, dbms.memory.transaction.total.max), "
        "or import the bundle in smaller parts"
    )
