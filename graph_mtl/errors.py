"""The exceptions graph-mtl raises, one tree under one root.

    GraphMtlError
    ├── NotFound            an id that the store does not hold
    ├── InvalidInput        a value that breaks a rule (names the field)
    │   └── ImportRejected  a bundle with bad rows; carries every problem found
    └── StoreUnavailable    the store cannot be reached or written

The CLI turns them into a one-line message and a non-zero exit; the API into
problem documents. "No path" is an empty answer, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "GraphMtlError",
    "ImportProblem",
    "ImportRejected",
    "InvalidInput",
    "NotFound",
    "StoreUnavailable",
]


class GraphMtlError(Exception):
    """Root of every error graph-mtl raises on purpose."""


class NotFound(GraphMtlError):
    """An id the store does not hold."""

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"unknown {kind} {ident!r}")
        self.kind = kind
        self.ident = ident


class InvalidInput(GraphMtlError):
    """A value that breaks a rule; `field` names where it came from."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One bad row (or file) of a bundle, printed as `file:line: reason`."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class ImportRejected(InvalidInput):
    """A bundle with at least one bad row; nothing of it was written."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line, p.reason)))
        count = len(self.problems)
        super().__init__("bundle", f"rejected with {count} problem{'s' * (count != 1)}")


class StoreUnavailable(GraphMtlError):
    """The store cannot be reached, read or written right now."""
