"""Read the embedded store's earlier format (graph-mtl/1: one JSON file holding the
whole graph and its access data), so that it can be migrated into SQLite."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from graph_mtl.domain.bundle import Bundle
from graph_mtl.domain.models import ApiKey
from graph_mtl.errors import StoreUnavailable

__all__ = ["LegacyStore", "is_legacy_json", "read_legacy_json"]

_FORMAT = "graph-mtl/1"


@dataclass(slots=True)
class LegacyStore:
    bundle: Bundle
    api_keys: list[ApiKey] = field(default_factory=list)
    team_shared: list[str] = field(default_factory=list)


def is_legacy_json(path: Path) -> bool:
    """Whether `path` is a file in the earlier JSON format (judged by its first bytes)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and _FORMAT.encode() in head


def read_legacy_json(path: Path) -> LegacyStore:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreUnavailable(f"cannot read the store file {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        raise StoreUnavailable(f"{path} is not a graph-mtl store file")
    try:
        bundle = Bundle.from_json(document)
        access = document.get("access") or {}
        keys = [ApiKey.model_validate(item) for item in access.get("api_keys", [])]
        shared = [str(i) for i in access.get("team_shared", [])]
    except (ValidationError, TypeError, AttributeError) as exc:
        raise StoreUnavailable(f"the store file {path} is damaged: {exc}") from exc
    return LegacyStore(bundle, keys, shared)
