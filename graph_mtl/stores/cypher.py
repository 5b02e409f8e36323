"""The one loader of Cypher: statements live in `queries/<name>.cypher`, one per file."""

from __future__ import annotations

from functools import cache
from importlib import resources

from graph_mtl.errors import QueryNotFound

__all__ = ["query", "query_names"]


@cache
def query(name: str) -> str:
    """The statement in `queries/<name>.cypher` (its first line names its parameters)."""
    try:
        return resources.files("queries").joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryNotFound(name) from None


def query_names() -> list[str]:
    """Every statement the project ships, by name."""
    return sorted(
        entry.name.removesuffix(".cypher")
        for entry in resources.files("queries").iterdir()
        if entry.name.endswith(".cypher")
    )
