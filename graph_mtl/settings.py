"""Settings from the environment (prefix GRAPH_MTL_) and command-line overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_STORE", "Settings", "get_settings"]

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

    language: str | None = None
    """The language people read (en or zh-CN), over the playbook's `language`; the
    CLI's `--lang` and a request's `Accept-Language` come before it."""

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

    # -- the API's limits (each answers with a problem document, never a 500) ----
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    """A JSON request body's size (413 beyond, before it is read)."""
    max_upload_bytes: int = Field(default=256 << 20, ge=1024)
    """A POST /import upload's size, as sent (413 beyond, before it is read)."""
    max_unpacked_bytes: int = Field(default=256 << 20, ge=1024)
    """An uploaded bundle's size once unpacked (422 beyond; the command line has none)."""
    max_jobs_per_key: int = Field(default=2, ge=1)
    """Report jobs running at once for one caller (429 beyond, with Retry-After)."""
    max_jobs: int = Field(default=8, ge=1)
    """Report jobs running at once on the server (all its workers), for everyone (429 beyond)."""
    server_state: Path | None = None
    """The file the API's worker processes share (report jobs, rate counts); default:
    `<store>.server` beside an embedded store, `.graph-mtl/server.db` for Neo4j."""
    request_seconds: float = Field(default=30.0, gt=0.0)
    """A request's time limit for its searches: past it, they stop (504 problem)."""
    request_threads: int = Field(default=8, ge=1, le=256)
    """Threads each API worker runs requests' work in (the rest wait their turn). One
    process runs Python on one core at a time, so more add no speed, but each thread
    that searches keeps its own arrays as long as the graph (~30 MB at 1M people)."""
    job_seconds: float = Field(default=300.0, gt=0.0)
    """A report job's time limit: past it, the job stops and fails (504 problem)."""
    rate_limit: str = "600/minute"
    """Requests per key (`limits` notation: "10/second", "600/minute"); 429 beyond."""
    header_timeout: float = Field(default=10.0, gt=0.0)
    """Seconds a connection may take to send a request's head (`serve` closes it
    after); idle keep-alive connections close after 5 s."""
    body_timeout: float = Field(default=10.0, gt=0.0)
    """Seconds a request's body may take to arrive, plus one for every
    `body_min_rate` bytes of it received: a body trickled slower is answered 408
    and its connection closed."""
    body_min_rate: int = Field(default=10 << 10, ge=1)
    """The slowest average rate, in bytes a second, a long body may arrive at."""
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
    """Demo mode answers only requests whose Host header names one of these (any port),
    and refuses writes sent from another origin (DNS rebinding, cross-site forms)."""


def get_settings(**overrides: Any) -> Settings:
    """The settings from the environment (GRAPH_MTL_…, and .env), with `overrides`
    from the command line: the one place they are read. Each entry point (a
    command, the app, a worker process) reads them once and hands them down."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
