"""Reading the playbook file: TOML, validated, with errors naming the file and field."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from graph_mtl.domain.playbook import Playbook
from graph_mtl.errors import InvalidInput

__all__ = ["LOCAL_PLAYBOOK", "find_playbook", "load_playbook", "read_playbook"]

LOCAL_PLAYBOOK = Path("playbook.toml")
"""A playbook in the working directory is used when none is named."""


def find_playbook(named: Path | None) -> Path | None:
    """The playbook to use: the one named, else ./playbook.toml, else None (the built-in)."""
    if named is not None:
        return named
    return LOCAL_PLAYBOOK if LOCAL_PLAYBOOK.is_file() else None


def load_playbook(named: Path | None = None) -> Playbook:
    """Read the playbook that `find_playbook` picks, or the built-in one."""
    path = find_playbook(named)
    if path is None:
        text = resources.files("graph_mtl").joinpath("playbook.toml").read_text(encoding="utf-8")
        return read_playbook(text, source="the built-in playbook")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput("playbook", f"cannot read {path}: {exc}") from exc
    return read_playbook(text, source=str(path))


def read_playbook(text: str, *, source: str) -> Playbook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("playbook", f"{source}: not valid TOML: {exc}") from exc
    try:
        return Playbook.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise InvalidInput("playbook", f"{source}: {problems}") from exc
