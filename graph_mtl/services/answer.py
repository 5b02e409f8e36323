"""`Answer`: the base of every service's answer model. Immutable; its JSON is what
the command's `--json` prints and the API returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Answer"]


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)
