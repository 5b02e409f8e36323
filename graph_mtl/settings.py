"""Settings from the environment (prefix GRAPH_MTL_) and command-line overrides."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_STORE", "Settings"]

DEFAULT_STORE = ".graph-mtl/graph.db"
"""The embedded store's file, under the working directory, when nothing else is said
(an earlier `.graph-mtl/graph.json` beside it is migrated into it on first open)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GRAPH_MTL_", env_file=".env", extra="ignore")

    store: str = DEFAULT_STORE
    """A file path (the embedded store) or a bolt:// / neo4j:// URI (Neo4j)."""

    busy_timeout: float = Field(default=30.0, gt=0.0)
    """How long a write to the embedded store waits for another writer to finish, in
    seconds, before it is refused as unavailable (the API's 503)."""

    playbook: Path | None = None
    """The playbook file; without one, ./playbook.toml or the built-in playbook."""

    neo4j_database: str | None = None
    neo4j_retry_seconds: float = Field(default=5.0, ge=0.0)
    """How long the driver retries a failed transaction before the store reports itself
    unavailable (the API's 503 comes after this)."""
    neo4j_username: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USERNAME", "GRAPH_MTL_NEO4J_USERNAME")
    )
    neo4j_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("NEO4J_PASSWORD", "GRAPH_MTL_NEO4J_PASSWORD"),
    )
