"""The one place where graph-mtl is wired, and the only one that knows the store
adapters: settings in, an open store out; and what reads Chinese script into the
domain's names (`wire`, which opening a store does)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from graph_mtl.domain.names import Transliteration, use_transliteration
from graph_mtl.domain.ports import GraphStore
from graph_mtl.errors import InvalidInput, StoreUnavailable
from graph_mtl.settings import Settings, get_settings

__all__ = [
    "NEO4J_SCHEMES",
    "StoreKind",
    "is_neo4j_uri",
    "migrate_json",
    "open_scratch_store",
    "open_store",
    "store_kind",
    "wire",
]

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")

StoreKind = Literal["embedded", "neo4j"]


def wire() -> None:
    """Hand the domain's names OpenCC's and pypinyin's tables (loaded on first use);
    every entry point (the CLI, the API, a store opened here) calls it, and so may
    a program that builds a store itself."""
    use_transliteration(_chinese_text())


@cache
def _chinese_text() -> Transliteration:
    from graph_mtl.text import ChineseText

    return ChineseText()


def is_neo4j_uri(store: str) -> bool:
    return store.startswith(NEO4J_SCHEMES)


def open_store(settings: Settings | None = None, *, store: str | None = None) -> GraphStore:
    """Open the store named by `store` (or the settings): a Neo4j URI or a file path.

    A file path names the embedded store's SQLite file; an earlier JSON store
    (`graph.json`) is migrated into the `.db` beside it on first open.
    """
    wire()
    settings = settings or get_settings()
    target = store or settings.store
    if is_neo4j_uri(target):
        return _open_neo4j(target, settings)
    from graph_mtl.stores.sqlite_store import SqliteStore

    return SqliteStore(Path(target), busy_timeout=settings.busy_timeout)


def open_scratch_store() -> GraphStore:
    """An embedded store in a temporary folder, removed when it is closed (the demo's)."""
    from graph_mtl.stores.sqlite_store import SqliteStore

    wire()
    return SqliteStore()


def migrate_json(store: GraphStore, legacy: Path) -> dict[str, int]:
    """Copy an earlier JSON store (keys and opt-ins too) into `store`, which must be
    an embedded one; how many items of each kind."""
    from graph_mtl.stores.sqlite_store import SqliteStore

    if not isinstance(store, SqliteStore):
        raise InvalidInput("store", "migrate writes an embedded store (a file path)")
    return store.migrate_from(legacy)


def store_kind(store: GraphStore) -> StoreKind:
    from graph_mtl.stores.neo4j_store import Neo4jStore

    return "neo4j" if isinstance(store, Neo4jStore) else "embedded"


def _open_neo4j(uri: str, settings: Settings) -> GraphStore:
    import neo4j

    from graph_mtl.stores.neo4j_store import Neo4jStore, unreachable

    driver = neo4j.GraphDatabase.driver(
        uri,
        auth=(settings.neo4j_username, settings.neo4j_password.get_secret_value()),
        max_transaction_retry_time=settings.neo4j_retry_seconds,
    )
    # One round trip now, without the driver's retries: a server that is not there
    # is said at once, in one line, rather than after the first query's retries.
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.AuthError as exc:
        driver.close()
        raise StoreUnavailable(
            f"Neo4j at {uri} refused user {settings.neo4j_username!r}: "
            "set NEO4J_USERNAME and NEO4J_PASSWORD",
            hint="Neo4j refused the server's credentials",
        ) from exc
    except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError) as exc:
        driver.close()
        raise unreachable(uri) from exc
    return Neo4jStore(driver, database=settings.neo4j_database, owns_driver=True)
